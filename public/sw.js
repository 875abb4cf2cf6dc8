// Stackscope's service worker: the app opens offline once it has been visited.
// On install it caches every file the build lists in precache.json (written by
// vite.config.ts), so the first visit is enough. Built assets have content hashes in their
// names, so they are served cache-first; the page and the example topologies can change, so
// they come from the network first and fall back to the cache when offline.
const CACHE = 'stackscope-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

async function precache() {
  const response = await fetch('precache.json', { cache: 'no-store' });
  const { files } = await response.json();
  const cache = await caches.open(CACHE);
  // The page itself is asked for as the folder ('./') by a navigation: cache it under both names.
  await cache.addAll([...new Set(['./', 'index.html', ...files])]);
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});

// ignoreVary: the server answers with Vary: Origin, and the page's module scripts carry an
// Origin header that the install-time requests did not, so a Vary-aware match would miss.
async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, { ignoreSearch: request.mode === 'navigate', ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}
