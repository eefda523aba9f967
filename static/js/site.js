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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { initMenu(); initConsentEmbeds(); });
  } else {
    initMenu();
    initConsentEmbeds();
  }
})();
