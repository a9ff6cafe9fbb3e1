// The chat page: log in, send messages, show replies and quick-reply buttons.
// Replies are inserted with textContent only, never as HTML.
(function () {
  "use strict";
  var token = sessionStorage.getItem("bankToken");
  var log = document.getElementById("log");

  function show(section) {
    document.getElementById("login").hidden = section !== "login";
    document.getElementById("chat").hidden = section !== "chat";
    (section === "chat" ? document.getElementById("message") : document.getElementById("customer-id")).focus();
  }

  function add(text, who) {
    var p = document.createElement("p");
    p.className = "msg " + who;
    p.textContent = text;
    log.appendChild(p);
    p.scrollIntoView({ block: "end" });
    return p;
  }

  function addButtons(buttons) {
    var box = document.createElement("div");
    buttons.forEach(function (b) {
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "choice";
      btn.textContent = b.title;
      btn.addEventListener("click", function () { send(b.payload, b.title); });
      box.appendChild(btn);
    });
    log.appendChild(box);
  }

  function post(path, body) {
    var headers = { "Content-Type": "application/json" };
    if (token) { headers.Authorization = "Bearer " + token; }
    return fetch(path, { method: "POST", headers: headers, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (data) { return { status: r.status, data: data }; }); });
  }

  function send(message, shown) {
    add(shown || message, "me");
    post("/api/chat", { message: message }).then(function (res) {
      if (res.status === 401) { token = null; sessionStorage.removeItem("bankToken"); show("login"); return; }
      if (res.data.error) { add(res.data.error, "bot"); return; }
      res.data.responses.forEach(function (r) {
        if (r.text) { add(r.text, "bot"); }
        if (r.buttons && r.buttons.length) { addButtons(r.buttons); }
        if (r.step_up) { askPin(r.step_up.request_id); }
      });
    }).catch(function () { add("I could not reach the bank. Please check your connection and try again.", "bot"); });
  }

  // Risky payments: the PIN goes to /api/step-up, never into the chat.
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
    post("/api/step-up", { request_id: stepUp.dataset.requestId, pin: pin.value }).then(function (res) {
      pin.value = "";
      if (res.status !== 200) { document.getElementById("step-up-error").textContent = res.data.error; return; }
      stepUp.hidden = true;
      add(res.data.text, "bot");
      document.getElementById("message").focus();
    });
  });
  document.getElementById("step-up-cancel").addEventListener("click", function () {
    stepUp.hidden = true;
    document.getElementById("message").focus();
  });

  document.getElementById("login-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var error = document.getElementById("login-error");
    error.textContent = "";
    post("/api/login", {
      customer_id: document.getElementById("customer-id").value.trim(),
      pin: document.getElementById("pin").value
    }).then(function (res) {
      document.getElementById("pin").value = "";
      if (!res.data.token) { error.textContent = res.data.error || "Log-in failed."; return; }
      token = res.data.token;
      sessionStorage.setItem("bankToken", token);
      show("chat");
      send("hello");
    });
  });

  document.getElementById("chat-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var input = document.getElementById("message");
    var text = input.value.trim();
    if (text) { input.value = ""; send(text); }
  });

  document.getElementById("logout").addEventListener("click", function () {
    post("/api/logout", {});
    token = null;
    sessionStorage.removeItem("bankToken");
    log.textContent = "";
    show("login");
  });

  show(token ? "chat" : "login");
})();
