// Customer log-in: the token is kept for this browser tab only (sessionStorage).
(function () {
  "use strict";
  var form = document.getElementById("login-form");
  var error = document.getElementById("login-error");
  var embed = window.location.search.indexOf("embed=1") >= 0;
  var notice = sessionStorage.getItem("bankNotice");
  if (notice) { error.textContent = notice; sessionStorage.removeItem("bankNotice"); }
  document.getElementById("customer-id").focus();

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    error.textContent = "";
    var id = document.getElementById("customer-id").value.trim();
    var pin = document.getElementById("pin");
    if (!id || !pin.value) { error.textContent = "Please type your customer number and your PIN."; return; }
    var button = form.querySelector("button");
    button.disabled = true;
    fetch("/api/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ customer_id: id, pin: pin.value })
    }).then(function (r) { return r.json(); }).then(function (data) {
      pin.value = "";
      button.disabled = false;
      if (!data.token) { error.textContent = data.error || "That did not work. Please try again."; return; }
      sessionStorage.setItem("bankToken", data.token);
      sessionStorage.removeItem("bankLog");
      window.location.assign("/chat" + (embed ? "?embed=1" : ""));
    }).catch(function () {
      button.disabled = false;
      error.textContent = "I could not reach the bank. Please check your connection and try again.";
    });
  });
})();
