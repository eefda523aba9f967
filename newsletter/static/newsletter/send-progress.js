// Progress of a newsletter send, updated without reloading the page.
// Progressive enhancement: without this script the page refreshes itself (noscript meta).
(function () {
  "use strict";
  var root = document.querySelector("[data-send-progress]");
  if (!root || root.dataset.finished === "1" || !window.fetch) {
    return;
  }
  var url = root.dataset.statusUrl;
  var interval = 2000;

  function set(name, value) {
    var element = root.querySelector('[data-field="' + name + '"]');
    if (element) {
      element.textContent = value;
    }
  }

  function update(data) {
    set("status_label", data.status_label);
    set("status_note", data.status_note ? data.status_note : "");
    set("percent", data.percent);
    set("rate", data.rate.toFixed(1));
    set("time_left", data.seconds_left === null ? "—" : data.seconds_left + " s");
    ["sent", "pending", "failed", "in_doubt", "skipped"].forEach(function (name) {
      set(name, data[name]);
    });
    var bar = root.querySelector('[data-field="progress"]');
    if (bar) {
      bar.max = Math.max(data.total, 1);
      bar.value = data.total - data.pending;
      bar.textContent = data.percent + "%";
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        update(data);
        if (data.finished || data.status === "paused") {
          // The final report and the buttons come with the page itself.
          window.location.reload();
          return;
        }
        window.setTimeout(poll, interval);
      })
      .catch(function () {
        window.setTimeout(poll, interval * 5);
      });
  }

  window.setTimeout(poll, interval);
})();
