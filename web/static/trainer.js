// The trainer's label page: Save waits for a choice, and says what was chosen. An
// enhancement only: without JavaScript the radio buttons are required, and the server
// refuses a label with no choice.
(function () {
  "use strict";
  var form = document.getElementById("label-form");
  if (!form) { return; }
  var save = document.getElementById("save-label");
  var chosen = document.getElementById("chosen");

  function update() {
    var picked = form.querySelector("input[name=intent]:checked");
    save.disabled = !picked;
    chosen.textContent = picked
      ? "You chose: " + picked.parentElement.textContent.replace(/\s+/g, " ").trim() + "."
      : "Nothing chosen yet: choose what the customer wanted, then Save.";
  }

  form.addEventListener("change", update);
  window.addEventListener("pageshow", update);  // a form the browser filled in again on Back
  update();
})();
