/* The field app's service worker: the app's pages and files are kept for use without a
   network. Pages: network first, the kept copy when offline. Static files: the kept copy
   first. Nothing else (the API, uploads, documents) is touched: the queue in IndexedDB
   holds what waits to be sent. */
const CACHE = "oe-field-__VERSION__"; // changes with the app's files: a new worker, a fresh copy
const SHELL = __SHELL__;
const STATIC = "__STATIC__";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});
self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope).pathname;
  // The signed versions (party data, read at the office) are never kept on the phone.
  const page =
    url.pathname.startsWith(scope) && !/\/(api|signatures)\//.test(url.pathname);
  const asset = url.pathname.startsWith(STATIC) || url.pathname.startsWith("/portal/certificates/");
  if (!page && !asset) return;
  if (asset) {
    event.respondWith(caches.match(request, { ignoreVary: true }).then((hit) => hit || fetch(request).then((r) => keep(request, r))));
    return;
  }
  event.respondWith(fetch(request).then((r) => keep(request, r)).catch(() => caches.match(request, { ignoreVary: true })));
});
function keep(request, response) {
  if (response.ok && !response.redirected) {
    const copy = response.clone();
    caches.open(CACHE).then((c) => c.put(request, copy));
  }
  return response;
}
