// IDK Portal: small progressive enhancements on top of htmx. Every feature works without this file.
(function () {
  "use strict";

  // After htmx swaps a region, tell screen-reader users and keep focus somewhere sensible.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    var status = document.querySelector("[data-announce]");
    var live = document.getElementById("live-region");
    if (live && status) {
      live.textContent = "";
      window.setTimeout(function () { live.textContent = status.textContent.trim(); }, 50);
    }
    if (!document.activeElement || document.activeElement === document.body) {
      var focusTarget = document.getElementById("table-caption") || document.getElementById("results") || target;
      if (focusTarget && focusTarget.focus) { focusTarget.focus({ preventScroll: false }); }
    }
  });

  // Print buttons are hidden until this script can make them work.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });

  // Move focus to the error summary after a failed submit, so keyboard users land on it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
