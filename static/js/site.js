/* Small progressive enhancements; every feature works without JavaScript. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function initMenu() {
    var toggle = document.querySelector(".menu-toggle");
    var nav = document.getElementById("site-nav");
    if (!toggle || !nav) return;
    toggle.hidden = false;
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    }
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  /* Third-party embeds stay inert until the visitor asks for them. */
  function initConsentEmbeds() {
    document.querySelectorAll("[data-consent-embed]").forEach(function (figure) {
      var button = figure.querySelector("[data-consent-embed-load]");
      var template = figure.querySelector("[data-consent-embed-template]");
      if (!button || !template) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var placeholder = figure.querySelector(".block-embed__placeholder");
        figure.appendChild(template.content.cloneNode(true));
        if (placeholder) placeholder.remove();
        var frame = figure.querySelector("iframe");
        if (frame) frame.focus();
      });
    });
  }

  /* Search suggestions: page titles offered in the input's <datalist> while typing. */
  function initSearchSuggestions() {
    document.querySelectorAll("input[data-suggest-url][list]").forEach(function (input) {
      var list = document.getElementById(input.getAttribute("list"));
      var timer = null;
      var last = "";
      if (!list || !window.fetch) return;
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var query = input.value.trim();
          if (query.length < 2 || query === last) return;
          last = query;
          var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
          fetch(url, { headers: { Accept: "application/json" }, credentials: "omit" })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) {
              if (!data || data.query !== input.value.trim()) return;
              list.replaceChildren.apply(list, data.suggestions.map(function (item) {
                var option = document.createElement("option");
                option.value = item.title;
                return option;
              }));
            })
            .catch(function () {});
        }, 200);
      });
    });
  }

  function init() {
    initMenu();
    initConsentEmbeds();
    initSearchSuggestions();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
