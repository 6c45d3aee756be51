// Wins logged without a connection, waiting on this device until they can be sent (issue 17).
// Shared by the pages (static/js/offline.js) and the service worker (static/root/sw.js).
//
// A waiting win is sealed for its owner before it is stored: ECDH on P-256 with a fresh key pair
// against the owner's public key, HKDF-SHA-256, AES-GCM bound to the owner and the win's
// idempotency key. Only the server can open it (offline/keys.py), so nobody else using this
// browser can read it, and it can only ever be saved into its owner's account.
(function (scope) {
  "use strict";

  var DB_NAME = "small-wins";
  var WAITING = "waiting";
  var DEVICE = "device";
  var INFO = "small-wins waiting win v1";
  var SEND_URL = "/offline/wins/";
  var ME_URL = "/offline/me/";
  var encoder = new TextEncoder();
  var opened = null;

  function open() {
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          var db = request.result;
          db.createObjectStore(WAITING, { keyPath: "key" }).createIndex("owner", "owner");
          db.createObjectStore(DEVICE, { keyPath: "id" });
        };
        request.onsuccess = function () {
          var db = request.result;
          // A newer worker or page may need the database: step aside rather than block it.
          db.onversionchange = function () { db.close(); opened = null; };
          resolve(db);
        };
        request.onerror = function () { opened = null; reject(request.error); };
      });
    }
    return opened;
  }

  function run(name, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode);
        var request = work(tx.objectStore(name));
        tx.oncomplete = function () { resolve(request ? request.result : undefined); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function all() { return run(WAITING, "readonly", function (s) { return s.getAll(); }); }
  function mine(owner) { return run(WAITING, "readonly", function (s) { return s.index("owner").getAll(owner); }); }
  function keep(record) { return run(WAITING, "readwrite", function (s) { return s.put(record); }); }
  function forget(key) { return run(WAITING, "readwrite", function (s) { return s.delete(key); }); }
  function forgetOwner(owner) {
    return mine(owner).then(function (records) {
      return Promise.all(records.map(function (record) { return forget(record.key); }));
    });
  }
  // Whoever last used the app here: the offline page seals wins for them.
  function device() { return run(DEVICE, "readonly", function (s) { return s.get("current"); }); }
  function rememberDevice(who) {
    var record = Object.assign({ id: "current" }, who);
    return device().then(function (current) {
      if (JSON.stringify(current) === JSON.stringify(record)) return;
      return run(DEVICE, "readwrite", function (s) { return s.put(record); });
    });
  }
  function forgetDevice(owner) {
    return device().then(function (current) {
      if (current && current.owner === owner) return run(DEVICE, "readwrite", function (s) { return s.delete("current"); });
    });
  }

  function b64(buffer) {
    var bytes = new Uint8Array(buffer), text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function unb64(text) {
    var raw = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  // who: {owner, publicKey}; fields: the Today form's fields as strings; photo: a File or null.
  async function seal(who, key, fields, photo) {
    var curve = { name: "ECDH", namedCurve: "P-256" };
    var recipient = await crypto.subtle.importKey("raw", unb64(who.publicKey), curve, false, []);
    var pair = await crypto.subtle.generateKey(curve, false, ["deriveBits"]);
    var ephemeral = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
    var shared = await crypto.subtle.deriveBits({ name: "ECDH", public: recipient }, pair.privateKey, 256);
    var base = await crypto.subtle.importKey("raw", shared, "HKDF", false, ["deriveKey"]);
    var aes = await crypto.subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: ephemeral, info: encoder.encode(INFO) },
      base, { name: "AES-GCM", length: 256 }, false, ["encrypt"]
    );
    async function part(bytes, name) {
      var iv = crypto.getRandomValues(new Uint8Array(12));
      var bound = encoder.encode(who.owner + ":" + key + ":" + name);
      var data = await crypto.subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: bound }, aes, bytes);
      return { iv: b64(iv), data: data };
    }
    var inside = { fields: fields, photo: photo ? { name: photo.name, type: photo.type } : null };
    var words = await part(encoder.encode(JSON.stringify(inside)), "fields");
    var record = {
      key: key, owner: who.owner, loggedAt: Date.now(),
      ephemeral: b64(ephemeral), iv: words.iv, sealed: b64(words.data),
    };
    if (photo) {
      var picture = await part(await photo.arrayBuffer(), "photo");
      record.photoIv = picture.iv;
      record.photo = picture.data;
    }
    return record;
  }

  // Who is logged in on this browser now: {owner, csrf}, or why not.
  async function whoIsHere() {
    var response;
    try {
      response = await fetch(ME_URL, { credentials: "same-origin", cache: "no-store" });
    } catch (e) {
      return { outcome: "offline" };
    }
    if (response.status === 401) return { outcome: "logged-out" };
    if (!response.ok) return { outcome: "later" };
    return response.json();
  }

  // One waiting win to the server. The server saves it once per idempotency key, however often it arrives.
  async function send(record, me) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", me.csrf);
    ["owner", "key", "ephemeral", "iv", "sealed"].forEach(function (name) { body.append(name, record[name]); });
    if (record.photo) {
      body.append("photo_iv", record.photoIv);
      body.append("photo", new Blob([record.photo]), "sealed");
    }
    var response;
    try {
      response = await fetch(SEND_URL, {
        method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": me.csrf },
      });
    } catch (e) {
      return { outcome: "offline" };
    }
    var answer = await response.json().catch(function () { return {}; });
    if (response.ok) {
      await forget(record.key);
      return { outcome: "saved", message: answer.message || "" };
    }
    if (response.status === 400) {
      await forget(record.key); // it can never be opened; keeping it would only try forever
      return { outcome: "let-go" };
    }
    if (response.status === 422) return { outcome: "needs-a-look", message: answer.message, text: answer.text };
    if (response.status === 401) return { outcome: "logged-out" };
    return { outcome: answer.reason || "later" };
  }

  // Every waiting win of whoever is logged in now, oldest first; other people's stay for them.
  async function sendAllNow() {
    var summary = { saved: [], letGo: [], needsALook: [], messages: [], stopped: "" };
    var waiting = await all();
    if (!waiting.length) return summary;
    var me = await whoIsHere();
    if (!me.owner) {
      summary.stopped = me.outcome;
      return summary;
    }
    var theirs = waiting.filter(function (r) { return r.owner === me.owner; });
    theirs.sort(function (a, b) { return a.loggedAt - b.loggedAt; });
    for (var i = 0; i < theirs.length; i++) {
      var result = await send(theirs[i], me);
      if (result.outcome === "saved") {
        summary.saved.push(theirs[i].key);
        if (result.message) summary.messages.push(result.message);
      } else if (result.outcome === "let-go") {
        summary.letGo.push(theirs[i].key);
      } else if (result.outcome === "needs-a-look") {
        summary.needsALook.push({ key: theirs[i].key, message: result.message, text: result.text });
      } else {
        summary.stopped = result.outcome;
        break;
      }
    }
    return summary;
  }

  // A page and the worker may both try at once: one at a time where the browser can say so
  // (the server would save each win once anyway).
  function sendAll() {
    if (scope.navigator && navigator.locks) return navigator.locks.request("small-wins-waiting-wins", sendAllNow);
    return sendAllNow();
  }

  scope.WaitingWins = {
    SYNC_TAG: "send-waiting-wins",
    seal: seal, keep: keep, all: all, mine: mine, forget: forget, forgetOwner: forgetOwner,
    device: device, rememberDevice: rememberDevice, forgetDevice: forgetDevice,
    whoIsHere: whoIsHere, send: send, sendAll: sendAll,
  };
})(self);
