// Boots Faultline. scripts/post-build.mjs fills in APPS with the hashed file names and inlines
// this (with register.js) in <head> in place of trunk's loader, allowed by its hash in the CSP.
// It runs while the head is parsed, so the right module starts downloading at once.
//
// Two modules: "start" is the start page alone (no engine, no modes), small so a first visit is
// quick; "full" is the whole app. The start page ("", "#" or "#/") boots "start"; any other
// route boots "full". Leaving the start page downloads and compiles "full" first, then asks the
// start page to unmount (event "faultline-stop") and starts "full" in its place.
const APPS = __APPS__;

const onStartPage = () => /^#?\/*(\?.*)?$/.test(location.hash);

function started(bindings, wasm) {
    window.wasmBindings = bindings;
    dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
}

// The app starts once <body> exists.
const parsed = new Promise((done) => {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', done, { once: true });
    else done();
});

// The full app's own stylesheet, loaded before it renders (the start page does without it).
function styles(app) {
    if (!app.css || document.querySelector(`link[href="${app.css}"]`)?.sheet) return Promise.resolve();
    document.querySelector(`link[href="${app.css}"]`)?.remove(); // a failed earlier attempt
    return new Promise((done, fail) => {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = app.css;
        link.onload = done;
        link.onerror = () => fail(new Error(`${app.css} did not load`));
        document.head.append(link);
    });
}

async function boot(app) {
    const wasm = fetch(app.wasm);
    const css = styles(app);
    const bindings = await import(app.js);
    await parsed;
    await css;
    started(bindings, await bindings.default({ module_or_path: wasm }));
    // Its first render is in by now (same task, no frame between): the shell goes.
    if (app === APPS.full) {
        unshell();
        warmUps();
    }
}

// Runs `work` once the page is idle, so it does not compete with the page's own start.
function whenIdle(work) {
    if ('requestIdleCallback' in window) requestIdleCallback(work, { timeout: 2000 });
    else setTimeout(work, 500);
}

// What the full app will need soon, prepared while the learner reads: the engine's code and the
// puzzle pages' fonts.
function warmUps() {
    warmUp();
    warmFonts();
}

// The warm-up worker (src/logic/warm.rs): it runs the engine in its own instance of the full
// module, so the code the first puzzle needs is compiled and optimised off this thread. Started
// once the page is idle, so it does not compete with the page's own start; it ends itself once it
// has reported (window.faultlineWarm: how many puzzles it ran, or why it could not). Nothing
// depends on it: without workers, or should it fail, puzzles open as before, only slower.
function warmUp() {
    if (!('Worker' in window) || window.faultlineWarm) return;
    window.faultlineWarm = { started: true };
    const run = () => {
        try {
            const worker = new Worker(APPS.warm);
            const done = (report) => {
                window.faultlineWarm = report;
                worker.terminate();
            };
            worker.onmessage = ({ data }) => done(data);
            worker.onerror = (event) => done({ error: event.message || 'the worker did not start' });
            worker.postMessage({ wasm: new URL(APPS.full.wasm, location.href).href, rounds: 4 });
        } catch (error) {
            window.faultlineWarm = { error: error.message };
        }
    };
    whenIdle(run);
}

// The fonts the puzzle pages use, set up in idle moments (assets/pwa/fonts.js says why). Like the
// worker, nothing depends on it.
function warmFonts() {
    const run = () => import(APPS.fonts).then((fonts) => fonts.warmFonts(), (error) => {
        window.faultlineFonts = { error: error.message };
    });
    whenIdle(run);
}

// A line at the bottom of the screen while the full app downloads (only if that takes a while),
// or why it could not.
function status(text, role) {
    let line = document.getElementById('load-status');
    if (!text) {
        line?.remove();
        return;
    }
    if (!line) {
        line = document.createElement('div');
        line.id = 'load-status';
        document.body.append(line);
    }
    line.setAttribute('role', role);
    line.textContent = text;
}

// The start page's first screen, pre-rendered into index.html (src/shell/start_shell.rs), and a
// deep link's loading line. The start module hydrates the screen; any other page takes both away
// before it renders.
const unshell = () => {
    document.getElementById('prerendered')?.remove();
    document.querySelector('.shell-deep')?.remove();
};

let swapping = false;

async function swapToFull() {
    if (onStartPage()) status(null);
    if (onStartPage() || swapping) return;
    swapping = true;
    const slow = setTimeout(() => status('Loading…', 'status'), 400);
    try {
        const css = styles(APPS.full);
        const bindings = await import(APPS.full.js);
        const response = await fetch(APPS.full.wasm);
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        const module = await WebAssembly.compile(await response.arrayBuffer());
        await css;
        removeEventListener('hashchange', swapToFull);
        clearTimeout(slow);
        status(null);
        dispatchEvent(new Event('faultline-stop'));
        unshell();
        started(bindings, await bindings.default({ module_or_path: module }));
        warmUps();
        // The new page starts at its top. The link that was followed went with the start page:
        // continue from its twin in the header, or else from the new page's heading.
        scrollTo(0, 0);
        const twin = document.querySelector('.site-header nav a[aria-current="page"]');
        const heading = document.querySelector('#main h2');
        if (twin) twin.focus();
        else if (heading) {
            heading.tabIndex = -1;
            heading.focus();
        }
    } catch (error) {
        clearTimeout(slow);
        swapping = false;
        status(`This page could not be loaded (${error.message}). Check the connection, then try again.`, 'alert');
    }
}

// The start page's progress writer (src/progress/writer.rs), downloaded only when the start page
// asks (event "faultline-progress-flush": a finished puzzle, or a returning visitor's stored
// progress). Once it runs it answers later requests itself. Should it not download, the start
// page is told (window.faultlineProgressFailed) and says the result waits; the next request
// tries again.
let writer = null;

function loadWriter() {
    if (writer) return;
    writer = (async () => {
        const wasm = fetch(APPS.progress.wasm).then((response) => {
            if (!response.ok) throw new Error(`the server answered ${response.status}`);
            return response;
        });
        const bindings = await import(APPS.progress.js);
        delete window.faultlineProgressFailed;
        await bindings.default({ module_or_path: wasm });
    })().catch((error) => {
        writer = null;
        window.faultlineProgressFailed = error.message;
        dispatchEvent(new Event('faultline-progress-published'));
    });
}

const failed = (error) => parsed.then(() =>
    status(`Faultline could not start (${error.message}). Check the connection, then reload the page.`, 'alert'));

// The pre-rendered tour offer: hidden before the first paint for a visitor who has answered it
// (the live banner reads the same key), and its Skip works before the module runs.
const TOUR_SEEN = 'faultline.tour.seen';
function skipShellTour(event) {
    const shellSkip = event.type === 'click'
        ? event.target.closest?.('#prerendered .tour-welcome button')
        : event.key === 'Escape' && document.querySelector('#prerendered .tour-welcome');
    if (!shellSkip) return;
    try { localStorage.setItem(TOUR_SEEN, '1'); } catch { /* it may be offered again */ }
    document.documentElement.dataset.tourSeen = '';
}

if (onStartPage()) {
    try {
        if (localStorage.getItem(TOUR_SEEN) !== null) document.documentElement.dataset.tourSeen = '';
    } catch { /* storage off: the offer shows, as the live banner would show it */ }
    document.addEventListener('click', skipShellTour);
    document.addEventListener('keydown', skipShellTour);
    addEventListener('faultline-progress-flush', loadWriter);
    addEventListener('faultline-stop', () => {
        removeEventListener('faultline-progress-flush', loadWriter);
        window.faultlineProgressStopped = true; // a writer still downloading must not start
    }, { once: true });
    boot(APPS.start).then(() => {
        addEventListener('hashchange', swapToFull);
        swapToFull(); // the hash may have changed while the start page was loading
    }, failed);
} else {
    // A deep link: the pre-rendered shell shows its loading line, not the start page's puzzle.
    document.documentElement.dataset.deepLink = '';
    boot(APPS.full).catch(failed);
}
