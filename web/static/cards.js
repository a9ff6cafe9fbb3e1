// Draws one assistant message: plain text, quick replies, or a lesson card.
// Shared by the chat page and the educator portal's preview, so the preview
// is exactly what customers see. Text goes in with textContent only.
(function () {
  "use strict";
  var counter = 0;

  // skip: lines not to print, such as quiz choices that are shown as buttons.
  function paragraphs(into, text, skip) {
    String(text || "").split("\n").forEach(function (line) {
      if (!line.trim() || (skip && skip.indexOf(line.trim()) >= 0)) { return; }
      var p = document.createElement("p");
      p.textContent = line;
      into.appendChild(p);
    });
  }

  function cardHeading(card) {
    // A practice call's messages say so at the top of every card, whatever their kind.
    if (card.kind === "rehearsal_score") { return "Practice call: your score"; }
    if (card.kind === "rehearsal_feedback") { return "Practice call: your answer"; }
    if (String(card.kind).indexOf("rehearsal") === 0) { return "Practice call"; }
    if (card.kind === "step") { return "Step " + card.number + " of " + card.of; }
    if (card.kind === "question") { return "Question " + card.number + " of " + card.of; }
    if (card.kind === "score") { return "Your score"; }
    if (card.kind === "feedback") { return "Answer"; }
    return "Lesson";
  }

  var SPEAKER = "M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z";

  // A small speaker icon in the message's corner: it does not look like an answer.
  function readAloudButton(id, onClick) {
    var read = document.createElement("button");
    read.type = "button";
    read.className = "read-aloud";
    read.setAttribute("aria-label", "Read aloud");
    read.setAttribute("aria-describedby", id);
    read.title = "Read aloud";
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "26");
    svg.setAttribute("height", "26");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", SPEAKER);
    svg.appendChild(path);
    read.appendChild(svg);
    read.addEventListener("click", function () { onClick(read); });
    return read;
  }

  // message: {text, buttons, card, prompt}; options: {onChoose(button, group), inert}
  function render(message, options) {
    options = options || {};
    var box = document.createElement(message.card ? "article" : "div");
    box.className = "msg bot" + (message.card ? " card card-" + message.card.kind : "");
    var id = "m" + (++counter) + "-" + Math.floor(Math.random() * 1e6);
    var text = document.createElement("div");
    text.className = "text";
    text.id = id;
    if (message.card) {
      if (message.card.lesson || message.card.rehearsal) {
        var name = document.createElement("p");
        name.className = "lesson-name";
        name.textContent = message.card.lesson || message.card.rehearsal;
        box.appendChild(name);
      }
      var heading = document.createElement("h2");
      heading.className = "progress";
      heading.textContent = cardHeading(message.card);
      box.appendChild(heading);
      box.setAttribute("aria-labelledby", id);
      var picture = message.card.picture;
      if (picture && picture.url) {
        // Large, as wide as the card; the words say what it shows to those who cannot see it.
        var img = document.createElement("img");
        img.className = "lesson-picture";
        img.src = picture.url;
        img.alt = picture.alt || "";
        if (picture.width && picture.height) {
          img.width = picture.width;
          img.height = picture.height;
        }
        box.appendChild(img);
      }
    } else {
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = "Bank assistant";
      box.appendChild(who);
    }
    var body = String(message.text || "");
    if (message.card && body.indexOf(cardHeading(message.card) + ": ") === 0) {
      body = body.slice(cardHeading(message.card).length + 2);  // the heading says it already
    }
    var buttons = message.buttons || [];
    var asButtons = message.card && message.card.kind === "question"
      ? buttons.map(function (b) { return b.title; }) : null;
    paragraphs(text, body, asButtons);
    box.appendChild(text);
    box.dataset.textId = id;
    if (message.prompt) {
      var prompt = document.createElement("p");
      prompt.className = "prompt";
      prompt.textContent = message.prompt;
      box.appendChild(prompt);
    }
    if (buttons.length) {
      var group = document.createElement("div");
      group.className = "choices";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", message.prompt || "Choices");
      buttons.forEach(function (b, index) {
        var btn = document.createElement("button");
        btn.type = "button";
        btn.className = index === 0 && message.card && message.card.kind === "step" ? "primary" : "";
        btn.textContent = b.title;
        if (options.inert) {
          btn.disabled = true;
        } else {
          btn.addEventListener("click", function () {
            if (btn.getAttribute("aria-disabled") === "true") { return; }
            options.onChoose(b, group);
          });
        }
        group.appendChild(btn);
      });
      box.appendChild(group);
    }
    return box;
  }

  // After one choice, or once a newer answer came, the group's buttons stop working
  // (no double payments from a shaky tap) and leave the Tab order.
  function settle(group, chosen) {
    Array.prototype.forEach.call(group.querySelectorAll("button"), function (btn) {
      btn.setAttribute("aria-disabled", "true");
      btn.disabled = true;
      if (chosen !== null && btn.textContent === chosen) { btn.setAttribute("aria-current", "true"); }
    });
  }

  window.BankCards = { render: render, settle: settle, readAloudButton: readAloudButton };
})();
