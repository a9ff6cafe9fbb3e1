// The chat page: messages, quick replies, lesson cards, read aloud and push-to-talk.
// Replies are inserted with textContent only (cards.js), never as HTML.
(function () {
  "use strict";
  var embed = window.location.search.indexOf("embed=1") >= 0;
  var loginUrl = "/login" + (embed ? "?embed=1" : "");
  var token = sessionStorage.getItem("bankToken");
  if (!token) { window.location.replace(loginUrl); return; }

  var log = document.getElementById("log");
  var status = document.getElementById("status");
  var input = document.getElementById("message");
  var history = JSON.parse(sessionStorage.getItem("bankLog") || "[]");
  var playing = null;

  // -- requests ------------------------------------------------------------
  function request(path, body, contentType, acceptAudio) {
    var headers = { Authorization: "Bearer " + token };
    if (acceptAudio) { headers.Accept = "application/json, " + acceptAudio; }
    headers["Content-Type"] = contentType || "application/json";
    return fetch(path, {
      method: "POST", headers: headers,
      body: contentType ? body : JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (r.status === 401) { loggedOut(data.error); }
        return { status: r.status, data: data };
      });
    });
  }

  function loggedOut(reason) {
    sessionStorage.removeItem("bankToken");
    sessionStorage.removeItem("bankLog");
    sessionStorage.setItem("bankNotice", reason || "Please log in again.");
    window.location.replace(loginUrl);
  }

  // -- the conversation on screen -------------------------------------------
  // Each entry: {who, text, buttons, card, prompt, settled, turn}. Only the newest
  // turn is live: its buttons and one "Read aloud"; older buttons are settled, so
  // the Tab order stays as long as the live controls, however long the talk.
  var header = document.querySelector(".bar");
  var composer = document.querySelector(".composer");

  // The bar's height as --bar-height, kept in step as it wraps or the window changes:
  // senior.css makes it the page's scroll-padding-top, so the browser never scrolls
  // a focused control under the bar (WCAG 2.4.11).
  function measureBar() {
    document.documentElement.style.setProperty("--bar-height", header.offsetHeight + "px");
  }
  measureBar();
  if (window.ResizeObserver) { new ResizeObserver(measureBar).observe(header); }

  function save() { sessionStorage.setItem("bankLog", JSON.stringify(history.slice(-200))); }

  function lastTurn() { return history.length ? history[history.length - 1].turn || 0 : 0; }

  function draw(entry, index) {
    var node;
    if (entry.who === "me") {
      node = document.createElement("div");
      node.className = "msg me";
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = "You";
      var p = document.createElement("p");
      p.textContent = entry.text;
      node.appendChild(who);
      node.appendChild(p);
    } else {
      node = window.BankCards.render(entry, {
        onChoose: function (button, group) {
          window.BankCards.settle(group, button.title);
          history[index].settled = true;
          save();
          send(button.payload, button.title);
        }
      });
      if (entry.settled) {
        var group = node.querySelector(".choices");
        if (group) { window.BankCards.settle(group, null); }
      }
    }
    node.dataset.turn = String(entry.turn || 0);
    log.appendChild(node);
    return node;
  }

  function liven() {
    var turn = String(lastTurn());
    Array.prototype.forEach.call(log.querySelectorAll(".read-aloud"), function (b) { b.remove(); });
    Array.prototype.forEach.call(log.querySelectorAll(".msg.bot"), function (node) {
      var group = node.querySelector(".choices");
      if (group && node.dataset.turn !== turn) { window.BankCards.settle(group, null); }
    });
    var bots = log.querySelectorAll(".msg.bot[data-turn='" + turn + "']");
    if (!bots.length) { return; }
    var newest = bots[bots.length - 1];
    var said = history.filter(function (e) { return e.who === "bot" && String(e.turn || 0) === turn; });
    newest.insertBefore(window.BankCards.readAloudButton(newest.dataset.textId, function (read) {
      readAloud(said, read);
    }), newest.firstChild);
  }

  // A message that asks for a yes to something done in the customer's name (a
  // payment's read-back): it has to be seen whole before it is answered.
  function asksForYes(entry) {
    return (entry.buttons || []).some(function (b) { return b.payload === "/affirm"; });
  }

  // The newest answer comes into view from the top of its first message, just under
  // the bar, however many messages it has. A message asking for a yes is shown whole
  // even if that hides the start of an earlier message of the same answer: nobody is
  // asked to confirm what they cannot see. Right after log-in the message box and
  // "Press to talk" come into view as well.
  function show(nodes, entries, opening) {
    if (!nodes.length) { return; }
    var bar = header.offsetHeight, gap = 8, height = window.innerHeight;
    function top(node) { return node.getBoundingClientRect().top + window.scrollY; }
    function bottom(node) { return node.getBoundingClientRect().bottom + window.scrollY; }
    var y = top(nodes[0]) - bar - gap;
    entries.forEach(function (entry, i) {
      if (asksForYes(entry)) {
        y = Math.max(y, Math.min(bottom(nodes[i]) + gap - height, top(nodes[i]) - bar - gap));
      }
    });
    if (opening) { y = Math.max(y, bottom(composer) - height); }
    window.scrollTo(0, Math.max(0, y));
  }

  function add(entry) {
    history.push(entry);
    var node = draw(entry, history.length - 1);
    save();
    return node;
  }

  function addReplies(responses, opening) {
    var turn = lastTurn() + 1;
    var nodes = [], entries = [];
    responses.forEach(function (r) {
      var entry = { who: "bot", text: r.text, buttons: r.buttons || [], card: r.card || null,
                    prompt: r.prompt || "", turn: turn };
      entries.push(entry);
      nodes.push(add(entry));
      if (r.step_up) { askPin(r.step_up.request_id); }
    });
    liven();
    show(nodes, entries, opening);
  }

  function say(text) { addReplies([{ text: text }]); }

  function busy(on, text) {
    status.textContent = on ? text : "";
    input.disabled = on;
    document.querySelector("#chat-form button").disabled = on;
  }

  // shown: what the log says the customer sent; null sends without showing (the greeting).
  function send(message, shown) {
    if (shown !== null) { add({ who: "me", text: shown || message, turn: lastTurn() }); }
    busy(true, "The assistant is answering...");
    request("/api/chat", { message: message }).then(function (res) {
      busy(false);
      if (res.status === 401) { return; }
      if (res.data.error) { say(res.data.error); return; }
      addReplies(res.data.responses, shown === null);
      input.focus({ preventScroll: true });
    }).catch(function () {
      busy(false);
      say("I could not reach the bank. Please check your connection and try again.");
    });
  }

  // -- sound: Opus in Ogg where the browser plays it, WAV otherwise ------------
  var OPUS = 'audio/ogg; codecs="opus"';
  var accept = new Audio().canPlayType(OPUS) ? "audio/ogg; codecs=opus, audio/wav" : "audio/wav";

  function play(base64, button, mime) {
    if (!base64) { return; }
    if (playing) { playing.pause(); }
    playing = new Audio("data:" + (mime || "audio/wav").split(";")[0] + ";base64," + base64);
    playing.play().catch(function () { status.textContent = "Your browser did not play the sound."; });
    if (button) {
      button.setAttribute("aria-busy", "true");
      playing.addEventListener("ended", function () { button.removeAttribute("aria-busy"); });
    }
  }

  function readAloud(messages, button) {
    status.textContent = "Getting the sound ready...";
    var last = messages[messages.length - 1] || {};
    var text = messages.map(function (m) {
      return (m.text || "") + (m.prompt ? "\n" + m.prompt : "");
    }).join("\n");
    var titles = (last.buttons || []).map(function (b) { return { title: b.title }; });
    var pictures = messages.filter(function (m) { return m.card && m.card.picture && m.card.picture.alt; })
      .map(function (m) { return m.card.picture.alt; });
    request("/api/speak", { text: text, buttons: titles, pictures: pictures }, null, accept).then(function (res) {
      status.textContent = res.data.error || "";
      play(res.data.audio, button, res.data.mime);
    });
  }

  // -- push to talk: press once to talk, press again to send ----------------
  var talk = document.getElementById("talk");
  var talkLabel = document.getElementById("talk-label");
  var recorder = null;
  var stopTimer = null;

  function talking(on) {
    talk.setAttribute("aria-pressed", on ? "true" : "false");
    talkLabel.textContent = on ? "Listening... Press again to send" : "Press to talk";
  }

  function sendRecording(blob) {
    busy(true, "Listening to what you said...");
    request("/api/voice", blob, (blob.type || "audio/webm").split(";")[0]).then(function (res) {
      busy(false);
      if (res.status === 401) { return; }
      if (res.data.transcript) {
        add({ who: "me", text: "You said: " + res.data.transcript, turn: lastTurn() });
      }
      if (res.status !== 200) {
        say(res.data.error || "Sorry, something went wrong. Please try again.");
      } else {
        addReplies(res.data.responses);
      }
      play(res.data.audio, null);
    }).catch(function () {
      busy(false);
      say("I could not reach the bank. Please check your connection and try again.");
    });
  }

  talk.addEventListener("click", function () {
    if (recorder) { recorder.stop(); return; }
    if (!navigator.mediaDevices || !window.MediaRecorder) {
      status.textContent = "This browser cannot record. Please type your message instead.";
      return;
    }
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      var chunks = [];
      recorder = new MediaRecorder(stream);
      recorder.addEventListener("dataavailable", function (e) { if (e.data.size) { chunks.push(e.data); } });
      recorder.addEventListener("stop", function () {
        clearTimeout(stopTimer);
        stream.getTracks().forEach(function (t) { t.stop(); });
        var type = recorder.mimeType;
        recorder = null;
        talking(false);
        sendRecording(new Blob(chunks, { type: type }));
      });
      recorder.start();
      talking(true);
      stopTimer = setTimeout(function () { if (recorder) { recorder.stop(); } }, 20000);
    }).catch(function () {
      status.textContent = "I cannot use the microphone. Please allow it, or type your message.";
    });
  });

  // -- risky payments: the PIN goes to /api/step-up, never into the chat ----
  var stepUp = document.getElementById("step-up");
  function askPin(requestId) {
    stepUp.dataset.requestId = requestId;
    document.getElementById("step-up-error").textContent = "";
    stepUp.hidden = false;
    document.getElementById("step-up-pin").focus();
  }
  stepUp.addEventListener("submit", function (e) {
    e.preventDefault();
    var pin = document.getElementById("step-up-pin");
    request("/api/step-up", { request_id: stepUp.dataset.requestId, pin: pin.value }).then(function (res) {
      pin.value = "";
      if (res.status !== 200) { document.getElementById("step-up-error").textContent = res.data.error; return; }
      stepUp.hidden = true;
      say(res.data.text);
      input.focus({ preventScroll: true });
    });
  });
  document.getElementById("step-up-cancel").addEventListener("click", function () {
    stepUp.hidden = true;
    input.focus();
  });

  // -- typing, text size, log-out ---------------------------------------------
  document.getElementById("chat-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (text) { input.value = ""; send(text); }
  });

  var lastKeepAlive = Date.now();
  input.addEventListener("input", function () {  // a slow typist is never logged out
    if (Date.now() - lastKeepAlive > 60000) {
      lastKeepAlive = Date.now();
      request("/api/keep-alive", {});
    }
  });

  var sizeButton = document.getElementById("text-size");
  function applySize(bigger) {
    document.documentElement.classList.toggle("bigger", bigger);
    sizeButton.setAttribute("aria-pressed", bigger ? "true" : "false");
    localStorage.setItem("bankBiggerText", bigger ? "1" : "");
  }
  applySize(localStorage.getItem("bankBiggerText") === "1");
  sizeButton.addEventListener("click", function () {
    applySize(sizeButton.getAttribute("aria-pressed") !== "true");
  });

  document.getElementById("logout").addEventListener("click", function () {
    request("/api/logout", {}).finally(function () {
      sessionStorage.removeItem("bankToken");
      sessionStorage.removeItem("bankLog");
      sessionStorage.setItem("bankNotice", "You are logged out. Goodbye.");
      window.location.replace(loginUrl);
    });
  });

  history.forEach(draw);
  liven();
  if (!history.length) { send("hello", null); } else { input.focus({ preventScroll: true }); }
})();
