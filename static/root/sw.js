// The site's service worker, at the root so that it covers every page. For now it only carries the
// push reminders (/sw-push.js); the offline app shell joins it here (issue 17), keeping that import.
"use strict";

importScripts("/sw-push.js");
