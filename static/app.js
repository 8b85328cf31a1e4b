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
  // On a step page, each answer is saved as it is given (the step still saves on submit).
  if (stepForm && stepForm.dataset.autosave && window.fetch && window.FormData) {
    var status = stepForm.querySelector(".autosave-status");
    var token = stepForm.querySelector("input[name=csrf_token]");
    stepForm.addEventListener("change", function (event) {
      var input = event.target;
      if (input.type !== "radio" || !input.checked) {
        return;
      }
      var body = new FormData();
      body.append("question", input.name);
      body.append("option", input.value);
      window.fetch(stepForm.dataset.autosave, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "" }
      }).then(function (response) {
        if (status) {
          status.textContent = response.ok ? status.dataset.saved : status.dataset.failed;
        }
      }).catch(function () {
        if (status) {
          status.textContent = status.dataset.failed;
        }
      });
    });
  }
  // "Copy" buttons: data-copy names the element whose text (or value) goes to the clipboard;
  // the button's own data-copied, or an element with data-copy-status, says it worked.
  var copyStatus = document.querySelector("[data-copy-status]");
  function tellCopy(message) {
    if (copyStatus && message) {
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
        function () {
          if (button.dataset.copied) {
            button.textContent = button.dataset.copied;
          }
          tellCopy(copyStatus && copyStatus.getAttribute("data-copied"));
        },
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
