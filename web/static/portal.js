// The lesson editors' live preview and word counts: an enhancement only. Without
// JavaScript the same preview comes with each page, and every button posts the form.
(function () {
  "use strict";
  var form = document.getElementById("lesson-form");
  if (!form) { return; }
  var text = document.getElementById("markdown");  // the text editor; absent on the form
  var preview = document.getElementById("preview");
  var status = document.getElementById("preview-status");
  var token = form.querySelector("[name=csrf_token]").value;
  var timer = null;
  var asked = 0;

  function show(data) {
    preview.innerHTML = data.html || "";  // the server's HTML, escaped by its templates
    if (data.problems) {
      status.textContent = "The lesson needs changes before it can be shown.";
      return;
    }
    status.textContent = "Reading grade " + data.reading_grade.toFixed(1) + "." +
      (data.warnings.length ? " " + data.warnings.join(" ") : "");
  }

  function body() {
    if (text) {
      return { type: "application/json", data: JSON.stringify({ markdown: text.value }) };
    }
    var fields = new URLSearchParams();
    // The boxes only: a picture file chosen is uploaded when a button posts the form.
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") { fields.append(name, value); }
    });
    return { type: "application/x-www-form-urlencoded", data: fields.toString() };
  }

  function refresh() {
    var mine = ++asked;
    var sent = body();
    fetch(form.dataset.preview || "/educator/preview", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": sent.type, "X-CSRFToken": token },
      body: sent.data
    }).then(function (r) {
      if (r.redirected || r.status === 401) { status.textContent = "Your session ended. Please log in again."; return null; }
      return r.json();
    }).then(function (data) {
      if (data && mine === asked) { show(data); }
    }).catch(function () { status.textContent = "The preview is not available right now."; });
  }

  // A step's word count as the educator types; the server counts again on saving.
  function count(box) {
    var hint = document.getElementById(box.dataset.words);
    var words = box.value.split(/\s+/).filter(function (w) { return w; }).length;
    hint.textContent = hint.textContent.replace(/^\d+ words?/, words + (words === 1 ? " word" : " words"));
  }

  form.addEventListener("input", function (event) {
    if (event.target.dataset && event.target.dataset.words) { count(event.target); }
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  if (text) { refresh(); }
})();
