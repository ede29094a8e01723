// The tips form's proof of work: the ALTCHA widget (static/vendor/altcha) solves a challenge
// this server signed, in a worker loaded from this site. Without JavaScript the form is sent
// as it is and the server checks the hidden field and the fill time instead.
(function () {
  "use strict";
  var form = document.getElementById("tips-form");
  if (!form || !window.$altcha) return;
  var workerUrl = form.getAttribute("data-worker");
  window.$altcha.algorithms.set("PBKDF2/SHA-256", function () {
    return new Worker(workerUrl);
  });
  var slot = document.getElementById("tips-altcha");
  var widget = document.createElement("altcha-widget");
  widget.setAttribute("challenge", form.getAttribute("data-challenge"));
  widget.setAttribute("name", "altcha");
  widget.setAttribute("language", document.documentElement.lang || "sv");
  widget.setAttribute("auto", "onsubmit");
  widget.setAttribute("hidefooter", "");
  widget.setAttribute("hidelogo", "");
  slot.appendChild(widget);
  slot.classList.remove("d-none");
})();
