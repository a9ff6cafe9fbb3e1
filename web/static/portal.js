// The lesson editor's live preview: the Markdown as the chat will show it.
(function () {
  "use strict";
  var form = document.getElementById("lesson-form");
  var text = document.getElementById("markdown");
  var preview = document.getElementById("preview");
  var status = document.getElementById("preview-status");
  var token = form.querySelector("[name=csrf_token]").value;
  var timer = null;
  var asked = 0;

  function show(data) {
    preview.textContent = "";
    if (data.problems) {
      status.textContent = "The lesson needs changes before it can be shown.";
      var list = document.createElement("ul");
      list.className = "problems";
      data.problems.forEach(function (p) {
        var li = document.createElement("li");
        li.textContent = p;
        list.appendChild(li);
      });
      preview.appendChild(list);
      return;
    }
    status.textContent = "Reading grade " + data.reading_grade.toFixed(1) + "." +
      (data.warnings.length ? " " + data.warnings.join(" ") : "");
    data.messages.forEach(function (m) {
      preview.appendChild(window.BankCards.render(m, { inert: true }));
    });
  }

  function refresh() {
    var mine = ++asked;
    fetch(form.dataset.preview || "/educator/preview", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ markdown: text.value })
    }).then(function (r) {
      if (r.redirected || r.status === 401) { status.textContent = "Your session ended. Please log in again."; return null; }
      return r.json();
    }).then(function (data) {
      if (data && mine === asked) { show(data); }
    }).catch(function () { status.textContent = "The preview is not available right now."; });
  }

  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  refresh();
})();
