// Registers the service worker and offers a reload when a new build has been installed.
// scripts/post-build.mjs appends this to assets/pwa/boot.js in the loader file.
let reloadAccepted = false;
let banner = null;

// The new build is either waiting (this page asks it to take over, then reloads when it has) or
// already in charge (another page accepted it first: a plain reload gets it).
async function reloadToNewBuild(button) {
    button.disabled = true;
    const waiting = await navigator.serviceWorker.getRegistration().then((r) => r?.waiting, () => null);
    if (!waiting) {
        location.reload();
        return;
    }
    reloadAccepted = true;
    waiting.postMessage('skip-waiting');
    // Should the new build fail to take over, reload anyway rather than leave a dead button.
    setTimeout(() => location.reload(), 4000);
}

function offerReload() {
    if (!banner) {
        banner = document.createElement('div');
        banner.id = 'update-banner';
        banner.setAttribute('role', 'status');
        const text = document.createElement('span');
        text.textContent = 'A new version of Faultline is available.';
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = 'Reload';
        button.addEventListener('click', () => reloadToNewBuild(button));
        banner.append(text, button);
    }
    if (!banner.isConnected) document.body.append(banner);
}

// An app mounting empties <body> (the full app replacing the start page does): put the banner back.
addEventListener('TrunkApplicationStarted', () => {
    if (banner) offerReload();
});

// Once the app runs (boot.js fires TrunkApplicationStarted): installing precaches the whole
// build, which must not compete with the first visit's own downloads.
if ('serviceWorker' in navigator) addEventListener('TrunkApplicationStarted', () => {
    // A first visit's page gets its first worker; any later change is a new build taking over.
    let controlled = Boolean(navigator.serviceWorker.controller);
    navigator.serviceWorker.addEventListener('controllerchange', () => {
        if (reloadAccepted) location.reload();
        // Another page accepted a new build: this one still runs the earlier one.
        else if (controlled) offerReload();
        controlled = true;
    });
    navigator.serviceWorker
        .register(new URL('sw.js', document.baseURI).href)
        .then((registration) => {
            // This page is up, so the one it replaced is gone: earlier builds may be dropped.
            navigator.serviceWorker.controller?.postMessage('tidy');
            const watch = (worker) => {
                worker.addEventListener('statechange', () => {
                    if (worker.state === 'installed' && navigator.serviceWorker.controller) offerReload();
                });
            };
            if (registration.waiting && navigator.serviceWorker.controller) offerReload();
            if (registration.installing) watch(registration.installing);
            registration.addEventListener('updatefound', () => watch(registration.installing));
        })
        .catch((error) => console.warn('Offline mode is unavailable:', error.message));
}, { once: true });
