// Faultline service worker. scripts/post-build.mjs fills in the build's id and every file of the
// build with its size and SHA-256, so each deploy gets a worker and a cache of its own.
//
// Deploys: installing downloads the whole build past the browser's HTTP cache and checks every
// byte against the list; anything else (a host still half-way through a deploy, an old copy kept
// by a cache on the way) fails the install, and the current build stays in use. Pages still
// running an earlier build keep its files: its cache stays until the last such page is closed or
// reloaded, and every file name but index.html's is derived from the content, so an old page
// asking for its own files gets them.
const BUILD = '__BUILD__';
const PRECACHE = __PRECACHE__;
const CACHE = `faultline-${BUILD}`;
// Which earlier builds' caches are kept, and for which pages (survives the worker being stopped).
const KEPT = 'faultline:kept';
const scoped = (path) => new URL(path, self.registration.scope).href;
const INDEX = scoped('./');
const KEPT_KEY = scoped('faultline-kept-caches');

async function sha256(bytes) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

// One file of this build, fresh from the server, checked; a Response ready to store.
async function download(file) {
    const response = await fetch(new Request(scoped(file.path), { cache: 'reload' }));
    if (!response.ok) throw new Error(`${file.path}: the server answered ${response.status}`);
    const bytes = await response.arrayBuffer();
    if (bytes.byteLength !== file.size || (await sha256(bytes)) !== file.sha256) {
        throw new Error(`${file.path} is not this build's (the host may still be deploying)`);
    }
    // Only the type: the body is stored decoded, whatever encoding the host used.
    const type = response.headers.get('content-type');
    return [scoped(file.path), new Response(bytes, { headers: type ? { 'content-type': type } : {} })];
}

self.addEventListener('install', (event) => {
    event.waitUntil(
        (async () => {
            // All downloaded and checked before anything is stored: a failed install stores nothing.
            const files = await Promise.all(PRECACHE.map(download));
            const cache = await caches.open(CACHE);
            await Promise.all(files.map(([url, response]) => cache.put(url, response)));
        })(),
    );
});

async function keptState() {
    const stored = await (await caches.open(KEPT)).match(KEPT_KEY);
    return stored ? stored.json() : { caches: [], clients: [] };
}

async function saveKept(state) {
    await (await caches.open(KEPT)).put(KEPT_KEY, new Response(JSON.stringify(state)));
}

const openPages = async () => (await self.clients.matchAll({ type: 'window', includeUncontrolled: true })).map((c) => c.id);

// Set once no earlier build is kept, so fetches skip the check (until the next activation).
let nothingKept = false;

// Drops the earlier builds' caches once none of the pages that were open at the update is left.
async function dropUnused() {
    const state = await keptState();
    if (!state.caches.length) {
        nothingKept = true;
        return;
    }
    const open = new Set(await openPages());
    const clients = state.clients.filter((id) => open.has(id));
    if (clients.length) {
        if (clients.length !== state.clients.length) await saveKept({ ...state, clients });
        return;
    }
    await Promise.all(state.caches.map((name) => caches.delete(name)));
    await saveKept({ caches: [], clients: [] });
    nothingKept = true;
}

// One check at a time; a request for one while a check runs gets one more after it.
let tidying = null;
let again = false;
function tidy() {
    if (nothingKept) return Promise.resolve();
    if (tidying) {
        again = true;
        return tidying;
    }
    tidying = (async () => {
        do {
            again = false;
            await dropUnused();
        } while (again && !nothingKept);
    })().finally(() => {
        tidying = null;
    });
    return tidying;
}

self.addEventListener('activate', (event) => {
    event.waitUntil(
        (async () => {
            // Every page open now runs an earlier build (a page reloading after "Reload" included:
            // it comes back as a new page).
            const state = await keptState();
            const earlier = (await caches.keys()).filter((n) => n.startsWith('faultline-') && n !== CACHE);
            await saveKept({
                caches: [...new Set([...state.caches, ...earlier])],
                clients: [...new Set([...state.clients, ...(await openPages())])],
            });
            nothingKept = false;
            await self.clients.claim();
            await tidy();
        })(),
    );
});

self.addEventListener('message', (event) => {
    // The page asks for this when the learner accepts "new version available — reload".
    if (event.data === 'skip-waiting') self.skipWaiting();
    // A page started: the one it replaced (after a reload) no longer needs an earlier build.
    if (event.data === 'tidy') event.waitUntil(tidy());
});

async function answer(request) {
    const cache = await caches.open(CACHE);
    // Every route is the same single page: navigations get this build's index.
    if (request.mode === 'navigate') return (await cache.match(INDEX)) ?? fetch(request);
    // This build's file, else an earlier build's (asked for by a page still running it).
    return (await cache.match(request)) ?? (await caches.match(request)) ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
    const request = event.request;
    if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
    event.respondWith(answer(request));
    event.waitUntil(tidy());
});
