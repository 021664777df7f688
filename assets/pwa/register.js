// Registers the service worker and offers a reload when a new build has been installed.
// scripts/post-build.mjs appends this to assets/pwa/boot.js in the loader file.
let reloadAccepted = false;

function offerReload(worker) {
    if (document.getElementById('update-banner')) return;
    const banner = document.createElement('div');
    banner.id = 'update-banner';
    banner.setAttribute('role', 'status');
    const text = document.createElement('span');
    text.textContent = 'A new version of Faultline is available.';
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Reload';
    button.addEventListener('click', () => {
        button.disabled = true;
        reloadAccepted = true;
        worker.postMessage('skip-waiting');
    });
    banner.append(text, button);
    document.body.append(banner);
}

// Once the app runs (boot.js fires TrunkApplicationStarted): installing precaches the whole
// build, which must not compete with the first visit's own downloads.
if ('serviceWorker' in navigator) addEventListener('TrunkApplicationStarted', () => {
    navigator.serviceWorker.addEventListener('controllerchange', () => {
        // Only an accepted update reloads; the very first install just takes control.
        if (reloadAccepted) location.reload();
    });
    navigator.serviceWorker
        .register(new URL('sw.js', document.baseURI).href)
        .then((registration) => {
            const watch = (worker) => {
                worker.addEventListener('statechange', () => {
                    if (worker.state === 'installed' && navigator.serviceWorker.controller) offerReload(worker);
                });
            };
            if (registration.waiting && navigator.serviceWorker.controller) offerReload(registration.waiting);
            if (registration.installing) watch(registration.installing);
            registration.addEventListener('updatefound', () => watch(registration.installing));
        })
        .catch((error) => console.warn('Offline mode is unavailable:', error.message));
}, { once: true });
