/* Small behaviours of the staff pages, in one static file: the content security policy
   (script-src 'self', docs/deployment.md) runs no inline scripts or on…= handlers.
   - <select data-autosubmit> submits its form when changed (language, agency pickers);
   - <button data-remove-row> removes its table row (Cancel on a row not yet saved).
   Listeners sit on the document, so rows htmx swaps in later work too. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
      field.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-remove-row]");
    var row = button && button.closest("tr");
    if (row) { row.remove(); }
  });
})();
