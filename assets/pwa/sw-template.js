// Faultline service worker. scripts/post-build.mjs fills in the cache name (derived from the build's
// content hash) and the precache list (every file trunk emitted), so each deploy gets a fresh cache
// and an old one is never served after the user accepts the update.
const CACHE = '__CACHE_NAME__';
const PRECACHE = __PRECACHE_LIST__;
const INDEX = new URL('./', self.registration.scope).href;

self.addEventListener('install', (event) => {
    event.waitUntil(
        caches.open(CACHE).then((cache) =>
            cache.addAll(PRECACHE.map((path) => new URL(path, self.registration.scope).href)),
        ),
    );
});

self.addEventListener('activate', (event) => {
    event.waitUntil(
        caches
            .keys()
            .then((names) => Promise.all(names.filter((n) => n.startsWith('faultline-') && n !== CACHE).map((n) => caches.delete(n))))
            .then(() => self.clients.claim()),
    );
});

// The page asks for this when the learner accepts "new version available — reload".
self.addEventListener('message', (event) => {
    if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
    const request = event.request;
    if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
    event.respondWith(
        caches.open(CACHE).then(async (cache) => {
            // Every route is the same single page: navigations get the cached index.
            const key = request.mode === 'navigate' ? INDEX : request;
            const hit = await cache.match(key, { ignoreSearch: request.mode === 'navigate' });
            return hit ?? fetch(request);
        }),
    );
});
