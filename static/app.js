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
  // "Copy" buttons: data-copy names the element whose text (or value) goes to the clipboard.
  var copyStatus = document.querySelector("[data-copy-status]");
  function tellCopy(message) {
    if (copyStatus) {
      copyStatus.textContent = message;
    }
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) {
      return;  // no clipboard (an old browser, or not HTTPS): the text stays there to select
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = "value" in source && source.tagName !== "A" ? source.value : source.textContent;
      navigator.clipboard.writeText(text.trim()).then(
        function () { tellCopy(copyStatus && copyStatus.getAttribute("data-copied")); },
        function () { tellCopy(copyStatus && copyStatus.getAttribute("data-copy-failed")); }
      );
    });
  });
  // "Print / save as PDF" buttons.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
