// IDK Portal: small progressive enhancements on top of htmx. Every feature works without this file.
(function () {
  "use strict";

  // After htmx swaps a region, tell screen-reader users and keep focus somewhere sensible.
  // The announcement comes from the swapped region only: a page can hold several (the meeting pack records one
  // per decision), and an older one must not be read out again.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (target && !target.isConnected && target.id) { target = document.getElementById(target.id) || target; }
    var status = target && target.matches && (target.matches("[data-announce]") ? target : target.querySelector("[data-announce]"));
    var live = document.getElementById("live-region");
    if (live && status) {
      live.textContent = "";
      window.setTimeout(function () { live.textContent = status.textContent.trim(); }, 50);
    }
    if (!document.activeElement || document.activeElement === document.body) {
      // A swapped form's error summary or success message first, then the results table.
      var inTarget = target && target.querySelector && target.querySelector("#error-summary, [data-announce][tabindex]");
      var focusTarget = inTarget || document.getElementById("table-caption") || document.getElementById("results") || target;
      if (focusTarget && focusTarget.focus) { focusTarget.focus({ preventScroll: false }); }
    }
  });

  // Back and forward restore htmx's snapshot of the page, which keeps the HTML but not what the user ticked or
  // typed: set the filter forms from the restored URL so the fields match the results shown.
  document.addEventListener("htmx:historyRestore", function () {
    var params = new URLSearchParams(window.location.search);
    document.querySelectorAll("form[method=get][hx-push-url=true]").forEach(function (form) {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!field.name || field.type === "submit" || field.type === "button") { return; }
        var values = params.getAll(field.name);
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = values.indexOf(field.value) !== -1;
        } else if (field.tagName === "SELECT") {
          Array.prototype.forEach.call(field.options, function (option) {
            option.selected = values.indexOf(option.value) !== -1;
          });
          if (!values.length && !field.multiple && field.options.length) { field.selectedIndex = 0; }
        } else {
          field.value = values.length ? values[0] : "";
        }
      });
    });
  });

  // A table wider than its container scrolls inside it (.table-container). When it does and holds nothing
  // focusable, the container itself takes keyboard focus, as a region named by the table's caption, so keyboard
  // users can scroll it too (WCAG 2.1.1). Containers that fit get no extra tab stop.
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])";
  function updateScrollableTables() {
    document.querySelectorAll(".table-container").forEach(function (container) {
      var managed = container.hasAttribute("data-scroll-focus");
      if (container.hasAttribute("tabindex") && !managed) { return; }
      var overflows = container.scrollWidth > container.clientWidth + 1 || container.scrollHeight > container.clientHeight + 1;
      if (overflows && !container.querySelector(FOCUSABLE)) {
        var caption = container.querySelector("caption");
        container.setAttribute("data-scroll-focus", "");
        container.setAttribute("tabindex", "0");
        container.setAttribute("role", "region");
        if (caption) { container.setAttribute("aria-label", caption.textContent.trim()); }
      } else if (managed) {
        ["data-scroll-focus", "tabindex", "role", "aria-label"].forEach(function (name) { container.removeAttribute(name); });
      }
    });
  }
  var resizeTimer;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(updateScrollableTables, 150);
  });
  document.addEventListener("DOMContentLoaded", updateScrollableTables);
  document.addEventListener("htmx:afterSettle", updateScrollableTables);
  document.addEventListener("toggle", updateScrollableTables, true);  // tables inside <details>

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
