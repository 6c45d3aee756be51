// Pre-select the browser's own time zone on sign-up; the select stays as the
// fallback when this script does not run.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone) return;
  document.querySelectorAll("select[data-detect-timezone]").forEach(function (select) {
    if (select.dataset.userChose) return;
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === zone; });
    if (option) select.value = zone;
  });
})();
