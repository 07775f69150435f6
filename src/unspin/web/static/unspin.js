// Small enhancements for the analyst page; everything works without this file.
(function () {
  "use strict";
  var form = document.querySelector("form.check");
  var input = document.getElementById("input");
  if (form && input) {
    // Ctrl/Cmd+Enter submits from the text box.
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }
    });
    form.addEventListener("submit", function () {
      var button = document.getElementById("submit");
      if (button) { button.setAttribute("aria-busy", "true"); button.textContent = "Checking…"; }
    });
  }
  // After a check, move keyboard focus to the report (or the error) so screen readers announce it.
  var target = document.getElementById("error") || document.getElementById("result");
  if (target) {
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    // preventScroll: the form stays in view above the summary (it fits a 1366x768 screen).
    target.focus({ preventScroll: true });
  }
})();
