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
  function request(path, body, contentType) {
    var headers = { Authorization: "Bearer " + token };
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
  function save() { sessionStorage.setItem("bankLog", JSON.stringify(history.slice(-200))); }

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
          send(button.payload, button.title);
        },
        onReadAloud: readAloud
      });
      if (entry.settled) {
        var group = node.querySelector(".choices");
        if (group) { window.BankCards.settle(group, null); }
      }
    }
    log.appendChild(node);
    node.scrollIntoView({ block: "end" });
  }

  function add(entry) {
    history.push(entry);
    draw(entry, history.length - 1);
    save();
  }

  function addReplies(responses) {
    responses.forEach(function (r) {
      add({ who: "bot", text: r.text, buttons: r.buttons || [], card: r.card || null });
      if (r.step_up) { askPin(r.step_up.request_id); }
    });
  }

  function busy(on, text) {
    status.textContent = on ? text : "";
    input.disabled = on;
    document.querySelector("#chat-form button").disabled = on;
  }

  function send(message, shown) {
    add({ who: "me", text: shown || message });
    busy(true, "The assistant is answering...");
    request("/api/chat", { message: message }).then(function (res) {
      busy(false);
      if (res.status === 401) { return; }
      if (res.data.error) { add({ who: "bot", text: res.data.error }); return; }
      addReplies(res.data.responses);
      input.focus();
    }).catch(function () {
      busy(false);
      add({ who: "bot", text: "I could not reach the bank. Please check your connection and try again." });
    });
  }

  // -- sound ----------------------------------------------------------------
  function play(base64, button) {
    if (!base64) { return; }
    if (playing) { playing.pause(); }
    playing = new Audio("data:audio/wav;base64," + base64);
    playing.play().catch(function () { status.textContent = "Your browser did not play the sound."; });
    if (button) {
      button.setAttribute("aria-busy", "true");
      playing.addEventListener("ended", function () { button.removeAttribute("aria-busy"); });
    }
  }

  function readAloud(message, button) {
    status.textContent = "Getting the sound ready...";
    var titles = (message.buttons || []).map(function (b) { return { title: b.title }; });
    request("/api/speak", { text: message.text || "", buttons: titles }).then(function (res) {
      status.textContent = res.data.error || "";
      play(res.data.audio, button);
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
      if (res.data.transcript) { add({ who: "me", text: "You said: " + res.data.transcript }); }
      if (res.status !== 200) {
        add({ who: "bot", text: res.data.error || "Sorry, something went wrong. Please try again." });
      } else {
        addReplies(res.data.responses);
      }
      play(res.data.audio, null);
    }).catch(function () {
      busy(false);
      add({ who: "bot", text: "I could not reach the bank. Please check your connection and try again." });
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
      add({ who: "bot", text: res.data.text });
      input.focus();
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
  if (!history.length) { send("hello", "Hello"); } else { input.focus(); }
})();
