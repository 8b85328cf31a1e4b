// Small progressive enhancements; every page works without this script.
(function () {
  "use strict";
  // Move focus to an error summary so that screen readers announce it (GOV.UK pattern).
  var summary = document.querySelector("[data-autofocus]");
  if (summary) {
    summary.focus();
  }
  // "Print / save as PDF" buttons.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
