// The lesson editors' live preview, word counts and Listen buttons: an enhancement
// only. Without JavaScript the same preview comes with each page, every button posts
// the form, and the Listen buttons stay hidden (nothing would play their sound).
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

  // -- Listen: a step as customers hear it, with what is typed now -------------
  function value(name) {
    var box = form.querySelector('[name="' + name + '"]');
    return box ? box.value : "";
  }

  function failed(r) {
    if (r.redirected || r.status === 401) { return "Your session ended. Please log in again."; }
    return r.json().then(function (data) { return data.error; }, function () { return ""; });
  }

  function listen(number, button, audio, said) {
    var name = "step-" + number;
    var step = {
      number: Number(number),
      of: form.querySelectorAll("fieldset.step").length,
      title: value(name + "-title"),
      text: value(name + "-text"),
      // What a picture shows is said only when the step has a picture, as in the chat.
      picture: value(name + "-picture") ? value(name + "-picture-alt") : ""
    };
    said.textContent = "Getting step " + number + " ready to play...";
    button.setAttribute("aria-busy", "true");
    fetch(form.dataset.listen, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "audio/ogg, audio/wav",
        "X-CSRFToken": token
      },
      body: JSON.stringify(step)
    }).then(function (r) {
      if (r.ok && !r.redirected) { return r.blob(); }
      return Promise.resolve(failed(r)).then(function (error) { throw { said: error }; });
    }).then(function (sound) {
      if (audio.src) { URL.revokeObjectURL(audio.src); }
      audio.src = URL.createObjectURL(sound);
      audio.hidden = false;
      said.textContent = "Playing step " + number + ".";
      return audio.play().catch(function () {
        said.textContent = "Step " + number + " is ready: use the player's play button.";
      });
    }).catch(function (error) {  // the server's sentence; a lost connection has none
      said.textContent = (error && error.said) || "Step " + number + " cannot be played right now.";
    }).then(function () { button.removeAttribute("aria-busy"); });
  }

  if (form.dataset.listen) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-listen-step]"), function (box) {
      var number = box.dataset.listenStep;
      var audio = box.querySelector("audio");
      var said = box.querySelector(".listen-status");
      var button = box.querySelector("button");
      audio.addEventListener("ended", function () { said.textContent = ""; });
      button.addEventListener("click", function () { listen(number, button, audio, said); });
      box.hidden = false;
    });
  }
})();
