// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
})();

// Allies: copy buttons. <button data-copy-target="ID" data-copy-status="ID" hidden>
// appears only where the clipboard can be used; the text stays selectable without it.
(function () {
  "use strict";

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function setUpCopyButtons(root) {
    if (!navigator.clipboard || !root.querySelectorAll) return;
    root.querySelectorAll("[data-copy-target]").forEach(function (button) {
      if (button.dataset.copyReady) return;
      button.dataset.copyReady = "true";
      button.hidden = false;
      button.addEventListener("click", function () {
        var target = document.getElementById(button.dataset.copyTarget);
        var status = document.getElementById(button.dataset.copyStatus || "");
        if (!target) return;
        var say = function (words) { if (status) status.textContent = words; };
        navigator.clipboard.writeText(target.textContent.trim()).then(
          function () { say("Copied. Paste it into a message."); },
          function () { selectText(target); say("Selected. Copy it with your keyboard or menu."); }
        );
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setUpCopyButtons(document); });
  document.addEventListener("htmx:load", function (event) { setUpCopyButtons(event.target); });
})();

// Week and timeline: a Print button (<button data-print hidden>) that appears
// only with JavaScript; without it the page tells people how to print.
(function () {
  "use strict";

  function setUpPrintButtons(root) {
    if (typeof window.print !== "function" || !root.querySelectorAll) return;
    root.querySelectorAll("[data-print]").forEach(function (button) {
      if (button.dataset.printReady) return;
      button.dataset.printReady = "true";
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setUpPrintButtons(document); });
  document.addEventListener("htmx:load", function (event) { setUpPrintButtons(event.target); });
})();

// HTMX answers a form it cannot accept with 422 and the kind message to show;
// htmx 2 leaves 4xx answers unswapped unless told otherwise.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();

// Journal: while a win is on its way its buttons rest, so a double-click sends
// one request (what follows a logged win is static/js/today.js).
// If the session ended meanwhile, the whole page goes to the log-in form
// instead of drawing it inside the list.
(function () {
  "use strict";

  function submitButtons(element) {
    if (!element || element.tagName !== "FORM") return [];
    return element.querySelectorAll("button:not([type]), button[type=submit]");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    // Only a submitted form that changes something: a filter form stays usable
    // while it searches, and an autosave never blocks the Save button.
    var config = event.detail.requestConfig;
    if (!config || config.verb === "get") return;
    if (!config.triggeringEvent || config.triggeringEvent.type !== "submit") return;
    submitButtons(event.detail.elt).forEach(function (button) {
      button.disabled = true;
      button.dataset.busy = "true";
    });
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    submitButtons(event.detail.elt).forEach(function (button) {
      if (!button.dataset.busy) return;
      button.disabled = false;
      delete button.dataset.busy;
    });
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || !xhr.responseURL) return;
    if (new URL(xhr.responseURL).pathname.indexOf("/accounts/login/") === 0) {
      event.detail.shouldSwap = false;
      window.location.reload();
    }
  });
})();

// Gratitude: the "Grateful for…" chip starts "Today I…" with its words and the
// Gratitude category, in place. Without JavaScript the link reloads Today the same way.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var chip = event.target.closest ? event.target.closest("a[data-prompt]") : null;
    if (!chip) return;
    var form = document.querySelector("form[data-log-form]");
    var field = form ? form.querySelector("[name=text]") : null;
    if (!field) return;
    event.preventDefault();
    if (!field.value.trim()) field.value = chip.dataset.prompt;
    var category = form.querySelector("[name=category]");
    if (category && chip.dataset.promptCategory) category.value = chip.dataset.promptCategory;
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
  });
})();

// Goals: ticking a day means "On the days I tick"; choosing "Every day" clears the ticks.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var input = event.target;
    var form = input.closest ? input.closest("form[data-goal-form]") : null;
    if (!form) return;
    if (input.name === "weekdays" && input.checked) {
      var chosen = form.querySelector("input[name=how_often][value=chosen]");
      if (chosen) chosen.checked = true;
    }
    if (input.name === "how_often" && input.value === "daily" && input.checked) {
      form.querySelectorAll("input[name=weekdays]").forEach(function (box) { box.checked = false; });
    }
  });
})();
