// Small progressive enhancements; every page works without this script.
(function () {
  "use strict";
  // Move focus to an error summary so that screen readers announce it (GOV.UK pattern).
  var summary = document.querySelector("[data-autofocus]");
  if (summary) {
    summary.focus();
  }
  // On a step page, switching language first saves the answers chosen on this page.
  var stepForm = document.querySelector("form[data-step-form]");
  if (stepForm) {
    document.querySelectorAll(".language-switch a[hreflang]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        [["action", "language"], ["language", link.getAttribute("hreflang")]].forEach(function (pair) {
          var input = document.createElement("input");
          input.type = "hidden";
          input.name = pair[0];
          input.value = pair[1];
          stepForm.appendChild(input);
        });
        stepForm.submit();
      });
    });
  }
  // "Print / save as PDF" buttons.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
