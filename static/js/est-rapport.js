// EST reporting form: keeps what was typed, and queues a report while the phone has no
// connection (tunnels, basements), sending it when the connection returns. Each report
// carries a sending key made here, so the server saves a report sent twice only once.
// Without this script the form is a plain POST and works the same.
(function () {
  "use strict";

  var DRAFT = "est-rapport-utkast";
  var QUEUE = "est-rapport-ko";
  var form = document.getElementById("est-rapport");
  if (!form) {
    return;
  }
  var notice = document.getElementById("est-notice");
  // A shared phone: what one account typed or queued is never sent under another's name.
  var reporter = form.dataset.reporter;
  var keyField = form.elements.namedItem("client_key");
  var flushing = false;

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // Outside a secure context randomUUID is missing: build a version 4 UUID by hand.
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join("-");
  }

  function read(name, fallback) {
    try {
      var value = window.localStorage.getItem(name);
      return value ? JSON.parse(value) : fallback;
    } catch (error) {
      return fallback;
    }
  }

  function write(name, value) {
    try {
      window.localStorage.setItem(name, JSON.stringify(value));
    } catch (error) {
      // A full or disabled storage leaves the plain form, which still works online.
    }
  }

  function say(text, kind) {
    if (!notice) {
      return;
    }
    notice.textContent = text;
    notice.className = "alert alert-" + (kind || "info");
  }

  function fields() {
    var values = { _reporter: reporter };
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") {
        values[name] = value;
      }
    });
    return values;
  }

  function fill(values) {
    Object.keys(values).forEach(function (name) {
      var field = name.charAt(0) === "_" ? null : form.elements.namedItem(name);
      if (field && name !== "csrfmiddlewaretoken") {
        field.value = values[name];
      }
    });
  }

  function csrfToken() {
    var field = form.elements.namedItem("csrfmiddlewaretoken");
    return field ? field.value : "";
  }

  // Resolves to "received", "refused" (the server found errors) or rejects when the
  // report did not reach the server (no connection, a timeout, a server error).
  function send(values) {
    var body = new URLSearchParams();
    Object.keys(values).forEach(function (name) {
      if (name.charAt(0) !== "_") {
        body.append(name, values[name]);
      }
    });
    // The token of the page now: a report queued before a new login still gets through.
    body.append("csrfmiddlewaretoken", csrfToken());
    return window.fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      if (response.ok) {
        return response.json().then(function (answer) {
          return { outcome: "received", url: answer.url };
        });
      }
      if (response.status === 400) {
        return { outcome: "refused" };
      }
      throw new Error("not received: " + response.status);
    });
  }

  function dequeue(key) {
    write(QUEUE, read(QUEUE, []).filter(function (item) {
      return item.client_key !== key;
    }));
  }

  function mine() {
    return read(QUEUE, []).filter(function (item) {
      return item._reporter === reporter;
    });
  }

  function flush() {
    var queue = mine();
    if (flushing || !queue.length || navigator.onLine === false) {
      return Promise.resolve();
    }
    flushing = true;
    var item = queue[0];
    return send(item).then(function (result) {
      dequeue(item.client_key);
      if (result.outcome === "received") {
        say(form.dataset.sent, "success");
      } else {
        // Put it back in the form so the reporter sees what the server refuses.
        fill(item);
        write(DRAFT, item);
        form.submit();
      }
      flushing = false;
      return flush();
    }, function () {
      flushing = false;
    });
  }

  if (keyField && !keyField.value) {
    keyField.value = newKey();
  }
  var draft = read(DRAFT, null);
  if (draft && draft._reporter === reporter && !form.querySelector(".is-invalid")) {
    fill(draft);
  }
  if (keyField && read(QUEUE, []).some(function (item) {
    return item.client_key === keyField.value;
  })) {
    // This draft is already queued: a new report needs its own key.
    keyField.value = newKey();
  }

  var districtField = form.elements.namedItem("omrade");
  var placeField = form.elements.namedItem("plats");

  function onlyPlacesOfTheDistrict() {
    if (!districtField || !placeField || placeField.tagName !== "SELECT") {
      return;
    }
    var chosen = districtField.value;
    Array.prototype.forEach.call(placeField.options, function (option) {
      var elsewhere = Boolean(chosen && option.dataset.omrade && option.dataset.omrade !== chosen);
      option.hidden = elsewhere;
      option.disabled = elsewhere;
    });
    if (placeField.selectedIndex > -1 && placeField.options[placeField.selectedIndex].disabled) {
      placeField.value = "";
    }
  }
  if (districtField) {
    districtField.addEventListener("change", onlyPlacesOfTheDistrict);
  }
  onlyPlacesOfTheDistrict();

  function keep() {
    write(DRAFT, fields());
  }
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);

  // The next report starts from the page's defaults with a key of its own.
  function startAfresh() {
    form.reset();
    keyField.value = newKey();
    onlyPlacesOfTheDistrict();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var values = fields();
    var queue = read(QUEUE, []);
    queue.push(values);
    // Queued before sending: a report is never only in flight.
    write(QUEUE, queue);
    window.localStorage.removeItem(DRAFT);
    if (navigator.onLine === false) {
      say(form.dataset.queued, "warning");
      startAfresh();
      return;
    }
    say(form.dataset.sending, "info");
    send(values).then(function (result) {
      dequeue(values.client_key);
      if (result.outcome === "received") {
        window.location.assign(result.url);
      } else {
        HTMLFormElement.prototype.submit.call(form);
      }
    }, function () {
      say(form.dataset.queued, "warning");
      startAfresh();
    });
  });

  window.addEventListener("online", flush);
  flush();
})();
