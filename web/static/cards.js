// Draws one assistant message: plain text, quick replies, or a lesson card.
// Shared by the chat page and the educator portal's preview, so the preview
// is exactly what customers see. Text goes in with textContent only.
(function () {
  "use strict";
  var counter = 0;

  function paragraphs(into, text) {
    String(text || "").split("\n").forEach(function (line) {
      if (!line.trim()) { return; }
      var p = document.createElement("p");
      p.textContent = line;
      into.appendChild(p);
    });
  }

  function cardHeading(card) {
    if (card.kind === "step") { return "Step " + card.number + " of " + card.of; }
    if (card.kind === "question") { return "Question " + card.number + " of " + card.of; }
    if (card.kind === "score") { return "Your score"; }
    if (card.kind === "feedback") { return "Answer"; }
    return "Lesson";
  }

  // message: {text, buttons, card}; options: {onChoose(button, group), onReadAloud(message), inert}
  function render(message, options) {
    options = options || {};
    var box = document.createElement(message.card ? "article" : "div");
    box.className = "msg bot" + (message.card ? " card card-" + message.card.kind : "");
    var id = "m" + (++counter) + "-" + Math.floor(Math.random() * 1e6);
    var text = document.createElement("div");
    text.className = "text";
    text.id = id;
    if (message.card) {
      if (message.card.lesson) {
        var name = document.createElement("p");
        name.className = "lesson-name";
        name.textContent = message.card.lesson;
        box.appendChild(name);
      }
      var heading = document.createElement("h2");
      heading.className = "progress";
      heading.textContent = cardHeading(message.card);
      box.appendChild(heading);
      box.setAttribute("aria-labelledby", id);
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
    paragraphs(text, body);
    box.appendChild(text);
    var buttons = message.buttons || [];
    if (buttons.length) {
      var group = document.createElement("div");
      group.className = "choices";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Choices");
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
    if (options.onReadAloud) {
      var read = document.createElement("button");
      read.type = "button";
      read.className = "read-aloud";
      read.textContent = "Read aloud";
      read.setAttribute("aria-describedby", id);
      read.addEventListener("click", function () { options.onReadAloud(message, read); });
      box.appendChild(read);
    }
    return box;
  }

  // After one choice, the group's buttons stop working (no double payments from a shaky tap).
  function settle(group, chosen) {
    Array.prototype.forEach.call(group.querySelectorAll("button"), function (btn) {
      btn.setAttribute("aria-disabled", "true");
      if (btn.textContent === chosen) { btn.setAttribute("aria-current", "true"); }
    });
  }

  window.BankCards = { render: render, settle: settle };
})();
