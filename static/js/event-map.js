/* Event maps: nothing is requested from OpenStreetMap until the visitor clicks the button. */
(function () {
  "use strict";

  function initMap(box) {
    var button = box.querySelector("[data-event-map-load]");
    var lat = parseFloat(box.getAttribute("data-lat"));
    var lon = parseFloat(box.getAttribute("data-lon"));
    if (!button || isNaN(lat) || isNaN(lon)) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var delta = 0.004;
      var bbox = [lon - delta, lat - delta / 2, lon + delta, lat + delta / 2]
        .map(function (n) { return n.toFixed(6); }).join(",");
      var frame = document.createElement("iframe");
      frame.src = "https://www.openstreetmap.org/export/embed.html?bbox=" + bbox +
        "&layer=mapnik&marker=" + lat.toFixed(6) + "," + lon.toFixed(6);
      frame.title = box.getAttribute("data-title") || "OpenStreetMap";
      frame.width = "100%";
      frame.height = "360";
      frame.loading = "lazy";
      frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      button.replaceWith(frame);
      frame.focus();
    });
  }

  function init() {
    document.querySelectorAll("[data-event-map]").forEach(initMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
