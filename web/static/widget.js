// The chat widget: one script tag on any bank page,
//   <script src="https://assistant.example/widget.js" defer></script>
// adds a large "Talk to your bank" button that opens the chat in a frame.
// The chat keeps its own log-in on the assistant's origin; the bank page
// never sees the customer's PIN or session.
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = new URL(script ? script.src : "/", window.location.href).origin;
  var frame = null;

  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.textContent = "Talk to your bank";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "bank-widget-frame");
  var style = launcher.style;  // inline so the bank's own styles are not needed
  style.position = "fixed"; style.right = "1rem"; style.bottom = "1rem"; style.zIndex = "2147483000";
  style.font = "bold 22px Verdana, Arial, sans-serif"; style.minHeight = "56px"; style.padding = "0 1.2rem";
  style.background = "#0a3d73"; style.color = "#fff"; style.border = "3px solid #fff";
  style.borderRadius = "28px"; style.cursor = "pointer"; style.boxShadow = "0 2px 8px rgba(0,0,0,.4)";

  launcher.addEventListener("click", function () {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.id = "bank-widget-frame";
      frame.title = "Chat with your bank";
      frame.src = origin + "/chat?embed=1";
      frame.allow = "microphone; autoplay";
      var f = frame.style;
      f.position = "fixed"; f.right = "1rem"; f.bottom = "5.5rem"; f.zIndex = "2147483000";
      f.width = "min(30rem, calc(100vw - 2rem))"; f.height = "min(44rem, calc(100vh - 7rem))";
      f.border = "3px solid #0a3d73"; f.borderRadius = "12px"; f.background = "#fff";
      document.body.appendChild(frame);
    }
    var open = frame.hidden || launcher.getAttribute("aria-expanded") === "false";
    frame.hidden = !open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    launcher.textContent = open ? "Close the chat" : "Talk to your bank";
    if (open) { frame.focus(); }
  });
  document.body.appendChild(launcher);
})();
