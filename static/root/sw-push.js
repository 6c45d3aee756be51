// Push reminders in the service worker (issue 17): shows the daily reminder and opens Today when it
// is tapped. The site's worker (/sw.js, the offline app) imports this file with importScripts("/sw-push.js");
// where no worker is registered yet, static/js/push.js registers this file as the worker on its own.
// tests/test_push_worker.py checks that /sw.js keeps the import.
//
// A message carries a title, a gentle line, a path on this site and a tag (journal/reminders_push.py):
// never anything a person wrote, since a notification can show on a locked screen.
"use strict";

self.addEventListener("push", function (event) {
  var message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  event.waitUntil(
    self.registration.showNotification(message.title || "Small Wins", {
      body: message.body || "",
      tag: message.tag || "small-wins",
      data: { url: message.url || "/" },
    })
  );
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  // Only ever a page of this site.
  if (url.origin !== self.location.origin) url = new URL("/", self.location.origin);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (new URL(windows[i].url).pathname === url.pathname && "focus" in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(url.href);
    })
  );
});
