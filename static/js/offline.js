// Offline and installable (issue 17), on every page: registers the service worker
// (static/root/sw.js), tells it whose device this is and to send any wins waiting here, and loads the
// rest (static/js/waiting-wins.js, static/js/offline-log.js) only where it is needed: on Today, the
// offline page and the log-out page, or when someone logs out. Without JavaScript none of this happens.
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !window.indexedDB || !window.crypto || !crypto.subtle) return;
  var config = script.dataset;
  var who = config.owner
    ? { owner: config.owner, publicKey: config.publicKey, timeZone: config.timeZone, crisisUrl: config.crisisUrl }
    : null;
  var hasWorker = "serviceWorker" in navigator;
  var loading = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var urls = config.scripts.split(" ");
        urls.forEach(function (url, i) {
          var tag = document.createElement("script");
          tag.src = url;
          tag.async = false; // run in this order
          if (i === urls.length - 1) {
            tag.onload = function () { resolve(window.OfflineLog); };
            tag.onerror = reject;
          }
          document.head.appendChild(tag);
        });
      });
    }
    return loading;
  }

  // The worker remembers whose device this is (for the offline page) and sends what waits here.
  function tellWorker() {
    if (!hasWorker) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "visit", who: who });
    }).catch(function () {});
  }

  window.SmallWinsOffline = { config: config, who: who, load: load };
  if (hasWorker && config.worker) {
    navigator.serviceWorker.register(config.worker, { scope: "/", updateViaCache: "none" }).catch(function () {});
  }
  // Pages that take wins send them themselves, and show it.
  if (document.querySelector("form[data-log-form], form[data-quick-win], form[data-offline-log], [data-waiting-warning]")) {
    load();
  } else {
    tellWorker();
    window.addEventListener("online", tellWorker);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!who || !form.getAttribute || form.getAttribute("action") !== config.logoutUrl) return;
    event.preventDefault();
    event.stopPropagation();
    load().then(function (offline) { offline.logOut(form); }, function () { form.submit(); });
  }, true);
})();
