// Forms people type in while an answer is on its way (Today's "Today I…", the
// safety plan). Loaded by those pages only; they work without it.
(function () {
  "use strict";
  var lastTyped = 0;
  var sentAt = new WeakMap();
  var TYPED = "textarea, input:not([type]), input[type=text], input[type=search], input[type=tel], " +
    "input[type=email], input[type=url], input[type=number], input[type=date], input[type=time]";

  document.addEventListener("input", function () { lastTyped = Date.now(); }, true);

  // An autosave sends only what was typed: htmx would add the submit button
  // focused last ("Add another person"), and the answer would grow rows nobody asked for.
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt;
    var trigger = event.detail.triggeringEvent;
    if (!form || form.tagName !== "FORM" || (trigger && trigger.type === "submit")) return;
    form.querySelectorAll("button[name]").forEach(function (button) {
      if (!form.querySelector("input[name='" + button.name + "'], textarea[name='" + button.name + "']")) {
        event.detail.formData.delete(button.name);
      }
    });
  });

  // When the answer is drawn over the form itself, words typed while it travels
  // would be drawn over too: the fields wait, read-only, until it lands.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    var target = event.detail.target;
    if (event.detail.xhr) sentAt.set(event.detail.xhr, Date.now());
    if (!form || form.tagName !== "FORM" || !target || !target.contains(form)) return;
    form.querySelectorAll(TYPED).forEach(function (field) {
      if (field.readOnly) return;
      field.readOnly = true;
      field.dataset.waiting = "true";
    });
    form.setAttribute("aria-busy", "true");
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form || form.tagName !== "FORM") return;
    form.querySelectorAll("[data-waiting]").forEach(function (field) {
      field.readOnly = false;
      delete field.dataset.waiting;
    });
    form.removeAttribute("aria-busy");
  });

  // An answer that arrives after the person typed again never moves their
  // cursor: it drops autofocus from what it brings, so no keystroke lands elsewhere.
  document.addEventListener("htmx:afterSwap", function (event) {
    var sent = event.detail.xhr && sentAt.get(event.detail.xhr);
    if (!sent || lastTyped <= sent) return;
    document.querySelectorAll("[autofocus]").forEach(function (field) {
      if (field !== document.activeElement) field.removeAttribute("autofocus");
    });
  });
})();
