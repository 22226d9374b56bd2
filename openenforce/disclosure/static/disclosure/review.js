// Masking review: add the text selected in the original to the "further text" box.
(function () {
  var button = document.getElementById("add-selection");
  var original = document.getElementById("original-text");
  var box = document.getElementById("strings");
  if (!button || !original || !box || !window.getSelection) return;
  button.hidden = false;
  // Keep the selection when the button is pressed with the mouse.
  button.addEventListener("mousedown", function (event) { event.preventDefault(); });
  button.addEventListener("click", function () {
    var selection = window.getSelection();
    var text = selection ? String(selection).trim() : "";
    if (!text || !original.contains(selection.anchorNode)) return;
    box.value = box.value ? box.value.replace(/\s+$/, "") + "\n" + text : text;
    box.focus();
  });
})();
