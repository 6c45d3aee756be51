// Today: feedback where the thumb is. Every part of Today works without this file:
// the forms post and Today comes back with the kind message at the top.
//
// After a win is logged with htmx the server marks where it was logged with
// data-logged (the tapped Quick wins chip, or the place beside Log win), so
// "Logged ✓" shows right there; #ack, a live region, says it in words. This
// file lets the mark go again after a moment, plays a small calm celebration
// (none when motion is reduced), brings the new win into view if it is off
// screen, and after a typed win puts the cursor in the fresh "Today I…".
(function () {
  "use strict";

  var SHOWN_FOR_MS = 2600;
  var motion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;

  function reducedMotion() {
    return Boolean(motion && motion.matches);
  }

  function celebrate(element) {
    if (reducedMotion()) return;
    var burst = document.createElement("span");
    burst.className = "celebration";
    burst.setAttribute("aria-hidden", "true");
    for (var i = 0; i < 6; i += 1) burst.appendChild(document.createElement("span"));
    element.appendChild(burst);
  }

  function confirmFor(element) {
    if (element.dataset.loggedShown) return;
    element.dataset.loggedShown = "true";
    celebrate(element);
    window.setTimeout(function () {
      element.removeAttribute("data-logged");
      var burst = element.querySelector(".celebration");
      if (burst) burst.remove();
    }, SHOWN_FOR_MS);
  }

  function offScreen(element) {
    var box = element.getBoundingClientRect();
    var height = window.innerHeight || document.documentElement.clientHeight;
    return box.top < 0 || box.bottom > height;
  }

  document.addEventListener("win-logged", function (event) {
    var detail = event.detail || {};
    document.querySelectorAll("[data-logged]").forEach(confirmFor);
    if (!detail.quick) {
      // The server sends the form back empty; only the focus is set here. Clearing
      // it here too would wipe words typed in the moment between swap and settle.
      var field = document.querySelector("form[data-log-form] [name=text]");
      if (field) field.focus({ preventScroll: true });
    }
    var win = detail.win ? document.getElementById(detail.win) : null;
    if (win && offScreen(win)) {
      win.scrollIntoView({ block: "nearest", behavior: reducedMotion() ? "auto" : "smooth" });
    }
  });
})();
