// "Remind me on this device" on the Account page (issue 17): asks the browser for a Push API
// subscription and posts it to the server with the page's own form (CSRF token included).
//
// Without JavaScript the button stays hidden and the page says why; the list of devices and their
// Remove buttons are plain forms. The notifications themselves are shown by the service worker
// (/sw-push.js: imported by /sw.js, or on its own where no worker is registered yet). Only this browser's push service is contacted, by the browser.
(function () {
  "use strict";

  // The VAPID public key (base64url) as the bytes PushManager.subscribe() takes.
  function keyBytes(base64url) {
    var base64 = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function sameBytes(buffer, bytes) {
    if (!buffer) return false;
    var view = new Uint8Array(buffer);
    if (view.length !== bytes.length) return false;
    for (var i = 0; i < view.length; i++) if (view[i] !== bytes[i]) return false;
    return true;
  }

  // The site's service worker (/sw.js, which imports /sw-push.js). Where no page has registered one
  // yet, the push handlers alone; the site's worker takes over the registration when it comes.
  async function workerRegistration(url) {
    var existing = await navigator.serviceWorker.getRegistration("/");
    if (!existing) await navigator.serviceWorker.register(url, { scope: "/" });
    return navigator.serviceWorker.ready;
  }

  function setUp(form) {
    var button = form.querySelector("[data-push-subscribe]");
    var say = function (state) {
      form.querySelectorAll("[data-push-say]").forEach(function (line) {
        line.hidden = line.getAttribute("data-push-say") !== state;
      });
    };
    var noScript = form.querySelector("[data-push-nojs]");
    if (noScript) noScript.hidden = true;
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      say("unsupported");
      return;
    }
    if (Notification.permission === "denied") say("denied");
    button.hidden = false;

    button.addEventListener("click", async function () {
      button.disabled = true;
      say("working");
      try {
        if ((await Notification.requestPermission()) !== "granted") {
          say("denied");
          return;
        }
        var key = keyBytes(form.getAttribute("data-vapid-key"));
        var registration = await workerRegistration(form.getAttribute("data-worker"));
        var subscription = await registration.pushManager.getSubscription();
        // One made for another key (the server's keys changed) can't receive our messages.
        if (subscription && !sameBytes(subscription.options.applicationServerKey, key)) {
          await subscription.unsubscribe();
          subscription = null;
        }
        if (!subscription) {
          subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
        }
        var details = subscription.toJSON();
        form.elements.endpoint.value = details.endpoint;
        form.elements.p256dh.value = details.keys.p256dh;
        form.elements.auth.value = details.keys.auth;
        form.submit();
      } catch (error) {
        say("error");
      } finally {
        button.disabled = false;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-push-form]").forEach(setUp);
  });
})();
