// Wins logged without a connection, on the pages that take them (loaded by static/js/offline.js on
// Today, the offline page and the log-out page, or when someone logs out). When the network is down a
// win logged with the Today form, a Quick win or the offline page's form waits on this device
// (static/js/waiting-wins.js), shown as "Waiting to be saved", and is sent when the connection returns:
// on the `online` event, on the next page load, and by Background Sync where the browser has it.
// Hooks: form[data-log-form], form[data-quick-win] (data-win-text, data-win-category),
// form[data-offline-log], #today-win-list or [data-waiting-list], #ack, [data-waiting-warning].
(function () {
  "use strict";

  var W = window.WaitingWins;
  var page = window.SmallWinsOffline;
  if (!W || !page) return;

  var config = page.config;
  var who = page.who;
  var template = document.getElementById("waiting-win-template");
  var say = template ? template.dataset : {};
  var FORMS = "form[data-log-form], form[data-quick-win], form[data-offline-log]";
  // The words of wins logged on this page, to show while they wait; never stored.
  var words = {};

  function announce(text) {
    var region = document.getElementById("ack");
    if (!region || !text) return;
    var line = document.createElement("p");
    line.className = "ack";
    line.textContent = text;
    region.replaceChildren(line);
  }

  function waitingList() {
    return document.getElementById("today-win-list") || document.querySelector("[data-waiting-list]");
  }

  function showWaiting(key) {
    var list = waitingList();
    if (!list || !template || list.querySelector('[data-waiting-key="' + CSS.escape(key) + '"]')) return;
    var item = template.content.firstElementChild.cloneNode(true);
    item.dataset.waitingKey = key;
    item.querySelector(".win-text").textContent = words[key] || say.unseen;
    list.insertBefore(item, list.firstChild);
  }

  function unshow(keys) {
    keys.forEach(function (key) {
      var item = document.querySelector('[data-waiting-key="' + CSS.escape(key) + '"]');
      if (item) item.remove();
      delete words[key];
    });
  }

  function showAllWaiting(owner) {
    if (!owner || !waitingList()) return Promise.resolve();
    return W.mine(owner).then(function (records) {
      records.sort(function (a, b) { return a.loggedAt - b.loggedAt; });
      records.forEach(function (record) { showWaiting(record.key); });
    });
  }

  // The person's own "today" (their time zone, not necessarily the browser's), as YYYY-MM-DD.
  function todayIn(zone) {
    try {
      var parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone || undefined, year: "numeric", month: "2-digit", day: "2-digit" })
        .formatToParts(new Date());
      var part = function (type) { return parts.find(function (p) { return p.type === type; }).value; };
      return part("year") + "-" + part("month") + "-" + part("day");
    } catch (e) {
      return "";
    }
  }

  function captured(form, me) {
    if (form.matches("[data-quick-win]")) {
      return { fields: { text: form.dataset.winText, category: form.dataset.winCategory, occurred_on: todayIn(me.timeZone) }, photo: null };
    }
    var fields = {}, photo = null;
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || name === "idempotency_key") return;
      if (typeof value === "string") fields[name] = value;
      else if (value && value.size) photo = value;
    });
    // A day left as the page drew it means "today", which may have moved on since the page loaded.
    var day = form.querySelector("[name=occurred_on]");
    var today = todayIn(me.timeZone);
    if (today && (!day || !day.value || day.value === day.defaultValue)) fields.occurred_on = today;
    return { fields: fields, photo: photo };
  }

  function whose() {
    return who ? Promise.resolve(who) : W.device();
  }

  async function keepWin(form) {
    var me = await whose();
    if (!me || !me.owner) return;
    var win = captured(form, me);
    var text = (win.fields.text || "").trim();
    var field = form.querySelector("[name=text]");
    if (!text) {
      announce(say.emptyText);
      if (field) field.focus();
      return;
    }
    var keyInput = form.querySelector("[name=idempotency_key]");
    var key = (keyInput && keyInput.value) || crypto.randomUUID();
    await W.keep(await W.seal(me, key, win.fields, win.photo));
    words[key] = text;
    showWaiting(key);
    // As the server would: an empty form with a fresh key for the next win.
    if (!form.matches("[data-quick-win]")) form.reset();
    if (keyInput) keyInput.value = crypto.randomUUID();
    if (field) field.focus();
    announce(say.kept);
    askForSync();
    if (navigator.onLine) trySend();
  }

  // Capturing, so htmx never sends a form this keeps.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches(FORMS)) return;
    if (navigator.onLine && !form.matches("[data-offline-log]")) return;
    event.preventDefault();
    event.stopPropagation();
    keepWin(form);
  }, true);

  // Online as far as the browser knows, but the win never got an answer: keep it. If it did
  // arrive after all, sending it again with the same key saves nothing twice.
  function keepUnanswered(event) {
    var form = event.detail && event.detail.elt;
    if (form && form.matches && form.matches(FORMS)) keepWin(form);
  }
  document.addEventListener("htmx:sendError", keepUnanswered);
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 502 || status === 503 || status === 504) keepUnanswered(event);
  });

  var sending = null;
  function trySend() {
    if (!sending) {
      sending = W.sendAll().then(afterSend, function () {}).then(function () { sending = null; });
    }
    return sending;
  }

  function refreshTodaysWins() {
    if (!document.getElementById("today-wins") || !window.htmx) return;
    window.htmx.ajax("GET", "/", { target: "#today-wins", select: "#today-wins", swap: "outerHTML" });
  }

  function afterSend(summary) {
    if (!summary) return;
    unshow(summary.saved.concat(summary.letGo));
    if (summary.saved.length) {
      var count = summary.saved.length;
      announce(summary.messages[0] || (count === 1 ? say.savedOne : say.savedMany.replace("{count}", count)));
      refreshTodaysWins();
    }
    var form = document.querySelector("form[data-log-form]");
    var field = form && form.querySelector("[name=text]");
    summary.needsALook.forEach(function (win) {
      // Its words go back into the form, where the kind message beside the field can be seen.
      if (!field || field.value.trim()) return;
      field.value = win.text || "";
      W.forget(win.key);
      unshow([win.key]);
      announce(say.needsALook);
    });
    if (summary.stopped === "logged-out" && who) {
      W.mine(who.owner).then(function (records) { if (records.length) announce(say.logInAgain); });
    }
    updateWarning();
  }

  // Log out: this person's waiting wins are deleted with it, after a warning if there are some.
  function updateWarning() {
    var warning = document.querySelector("[data-waiting-warning]");
    if (!warning || !who) return Promise.resolve(0);
    return W.mine(who.owner).then(function (records) {
      var count = records.length;
      warning.hidden = count === 0;
      warning.querySelector("p").textContent = count === 1 ? warning.dataset.one : warning.dataset.many.replace("{count}", count);
      return count;
    });
  }

  // Logging out deletes this person's waiting wins, after a warning if there are some.
  function logOut(form) {
    var warning = document.querySelector("[data-waiting-warning]");
    return W.mine(who.owner).then(function (records) {
      if (records.length && !(warning && !warning.hidden)) {
        // Say what would be lost first: here, or on the log-out page.
        if (warning) return updateWarning();
        window.location.assign(config.logoutUrl);
        return;
      }
      return W.forgetOwner(who.owner).then(function () { return W.forgetDevice(who.owner); }).then(function () {
        form.submit();
      });
    });
  }

  function askForSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register(W.SYNC_TAG);
    }).catch(function () {});
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "waiting-wins-sent") afterSend(event.data.summary);
    });
  }

  // The offline page is the same for everyone: it learns whose device this is from the last visit.
  if (document.querySelector("[data-offline-log]")) {
    W.device().then(function (current) {
      if (!current) return;
      document.querySelector("[data-offline-log-section]").hidden = false;
      if (current.crisisUrl) {
        document.querySelectorAll("[data-crisis-link]").forEach(function (link) { link.href = current.crisisUrl; });
      }
      return showAllWaiting(current.owner);
    });
  }

  var ready = who ? W.rememberDevice(who).then(function () { return showAllWaiting(who.owner); }) : Promise.resolve();
  ready.then(updateWarning).then(function () { if (navigator.onLine) trySend(); });
  window.addEventListener("online", trySend);
  // A redrawn list of today's wins keeps showing the ones still waiting.
  document.addEventListener("htmx:afterSettle", function () {
    if (who) showAllWaiting(who.owner);
  });

  window.OfflineLog = { logOut: logOut };
})();
