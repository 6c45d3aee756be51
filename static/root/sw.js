// The service worker of Small Wins (issue 17), registered by static/js/offline.js as /sw.js?v=VERSION.
//
// It keeps the app shell, the crisis pages of every country and the offline page, so the crisis
// numbers work with no connection at all. What it keeps comes from /offline/assets.json
// (offline/shell.py): other files under /static/ may join them, and nothing else ever does. Pages
// and answers with anyone's journal in them are never stored: a page that can't load is answered
// with the offline page. Wins logged offline wait in IndexedDB, sealed (static/js/waiting-wins.js).
"use strict";

// The push reminders' handlers (issue 17; tests/test_push_worker.py keeps this import).
importScripts("/sw-push.js");
importScripts("/static/js/waiting-wins.js");

var PREFIX = "small-wins-";
var CACHE = PREFIX + (new URL(self.location.href).searchParams.get("v") || "dev");
var PLAN = "/offline/assets.json";
var OFFLINE = "/offline/";
var planned = null;

// Kept copies are fetched without cookies: the same files anyone gets.
function plainRequest(url) {
  return new Request(url, { credentials: "omit", cache: "no-store" });
}

self.addEventListener("install", function (event) {
  event.waitUntil((async function () {
    var response = await fetch(plainRequest(PLAN));
    if (!response.ok) throw new Error("The list of files to keep did not arrive.");
    var plan = await response.json();
    var cache = await caches.open(CACHE);
    // A file with a hash in its name never changes: take it from the version before, if it has it.
    var hashed = Object.values(plan.aliases);
    var fresh = [];
    await Promise.all(plan.shell.map(async function (url) {
      var old = hashed.indexOf(url) !== -1 && (await caches.match(url, { ignoreVary: true }));
      if (old) await cache.put(url, old);
      else fresh.push(url);
    }));
    await cache.addAll(fresh.concat(plan.pages).map(plainRequest));
    await cache.put(PLAN, new Response(JSON.stringify(plan), { headers: { "Content-Type": "application/json" } }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", function (event) {
  event.waitUntil((async function () {
    var names = await caches.keys();
    await Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
    // The page's request starts while the worker wakes up, rather than after.
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    await self.clients.claim();
  })());
});

// Looking up never opens (and so never creates) a cache: a worker that a newer one has replaced
// may still be answering, and must not bring its deleted cache back.
function kept(url) {
  return caches.match(url, { cacheName: CACHE, ignoreVary: true });
}

async function keep(request, response) {
  if (await caches.has(CACHE)) await (await caches.open(CACHE)).put(request, response);
}

function plan() {
  if (!planned) {
    planned = kept(PLAN).then(function (response) {
      return response ? response.json() : { shell: [], pages: [], aliases: {} };
    });
  }
  return planned;
}

async function offlinePage() {
  return (await kept(OFFLINE)) || Response.error();
}

async function navigate(event) {
  var request = event.request;
  var path = new URL(request.url).pathname;
  if ((await plan()).pages.indexOf(path) !== -1) {
    // Crisis pages and the offline page: at once from the cache, refreshed for next time (without
    // cookies: the preloaded answer is left unused).
    event.waitUntil(Promise.resolve(event.preloadResponse).catch(function () {}));
    var copy = await kept(path);
    var update = fetch(plainRequest(path)).then(async function (response) {
      if (response.ok) await keep(path, response.clone());
      return response;
    });
    if (copy) {
      event.waitUntil(update.catch(function () {}));
      return copy;
    }
    return update.catch(offlinePage);
  }
  try {
    return (await event.preloadResponse) || (await fetch(request));
  } catch (e) {
    return offlinePage();
  }
}

async function fromShell(event, url) {
  var copy = await kept((await plan()).aliases[url.pathname] || url.pathname);
  if (copy) return copy;
  var response = await fetch(event.request);
  // Only ever files under /static/: never anyone's journal.
  if (response.ok && response.type === "basic") event.waitUntil(keep(event.request, response.clone()));
  return response;
}

self.addEventListener("fetch", function (event) {
  var url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (event.request.method !== "GET") return;
  if (event.request.mode === "navigate") {
    event.respondWith(navigate(event));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(fromShell(event, url));
  }
  // Everything else (forms sent, htmx, photos, answers) goes to the network untouched and is never kept.
});

async function sendWaiting() {
  var summary = await self.WaitingWins.sendAll();
  if (summary.saved.length || summary.letGo.length || summary.needsALook.length || summary.stopped === "logged-out") {
    var windows = await self.clients.matchAll({ type: "window" });
    windows.forEach(function (client) { client.postMessage({ type: "waiting-wins-sent", summary: summary }); });
  }
  // Background Sync tries again later when this throws.
  if (summary.stopped === "offline") throw new Error("Still offline.");
}

self.addEventListener("sync", function (event) {
  if (event.tag === self.WaitingWins.SYNC_TAG) event.waitUntil(sendWaiting());
});

// A page was opened (static/js/offline.js): remember whose device this is, and send what waits.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "visit" && data !== self.WaitingWins.SYNC_TAG) return;
  event.waitUntil((async function () {
    if (data.who) await self.WaitingWins.rememberDevice(data.who);
    await sendWaiting().catch(function () {});
  })());
});
