// The map of a round's proposals (Leaflet), and the pin on the proposal form.
// Without this script the page shows the list and the form's coordinate fields; nothing is lost.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  function text(tag, className, value) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    el.textContent = value;
    return el;
  }

  function popup(point) {
    var box = document.createElement("div");
    var link = text("a", "", point.title);
    link.href = point.url;
    box.appendChild(link);
    box.appendChild(text("p", "map-popup-status", point.status));
    return box;
  }

  function makeMap(box) {
    var tiles = box.getAttribute("data-map-tiles") || "";
    var map = L.map(box, {
      scrollWheelZoom: false,
      attributionControl: Boolean(tiles),
      zoomControl: false
    });
    L.control.zoom({
      zoomInTitle: box.getAttribute("data-zoom-in") || "+",
      zoomOutTitle: box.getAttribute("data-zoom-out") || "-"
    }).addTo(map);
    if (tiles) {
      map.attributionControl.setPrefix(false);
      L.tileLayer(tiles, {
        attribution: box.getAttribute("data-map-attribution") || "",
        minZoom: 6,
        maxZoom: 19
      }).addTo(map);
    } else {
      box.classList.add("map-plain");
    }
    map.setView([53.2194, 6.5665], 12);
    return map;
  }

  function drawAreas(map, areas, labelled) {
    var layer = L.featureGroup();
    areas.forEach(function (area) {
      var marker = L.circleMarker([area.lat, area.lon], {
        radius: area.level === "buurt" ? 5 : 3,
        color: "#5b6b7a",
        weight: 1,
        fillColor: "#ffffff",
        fillOpacity: 1,
        interactive: false
      });
      if (labelled && area.level === "buurt") {
        marker.bindTooltip(area.name, { permanent: true, direction: "right", className: "map-label" });
      }
      layer.addLayer(marker);
    });
    return layer.addTo(map);
  }

  function drawProposals(map, proposals) {
    var layer = L.featureGroup();
    proposals.forEach(function (point) {
      var marker = L.circleMarker([point.lat, point.lon], {
        radius: 9,
        color: "#ffffff",
        weight: 2,
        fillColor: point.pinned ? "#00508c" : "#2f7d32",
        fillOpacity: 0.9
      });
      marker.bindPopup(popup(point));
      marker.bindTooltip(point.title);
      layer.addLayer(marker);
    });
    return layer.addTo(map);
  }

  function fit(map, layers) {
    var bounds = null;
    layers.forEach(function (layer) {
      var b = layer.getBounds();
      if (b.isValid()) { bounds = bounds ? bounds.extend(b) : b; }
    });
    if (!bounds) { return; }
    if (bounds.getNorthEast().equals(bounds.getSouthWest())) {
      map.setView(bounds.getCenter(), 15, { animate: false });
    } else {
      map.fitBounds(bounds, { padding: [32, 32], maxZoom: 15, animate: false });
    }
  }

  function load(box, then) {
    fetch(box.getAttribute("data-map-source"), { credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (data) { if (data) { then(data); } })
      .catch(function () { /* the list on the page still shows every proposal */ });
  }

  // The round's map: every proposal, on its pin or its area's centre.
  function roundMap(box) {
    var section = box.closest("[data-map-section]");
    if (section) { section.hidden = false; }
    var map = makeMap(box);
    load(box, function (data) {
      var plain = !box.getAttribute("data-map-tiles");
      var areas = drawAreas(map, data.areas, plain);
      var proposals = drawProposals(map, data.proposals);
      fit(map, [proposals, areas]);
      map.on("resize", function () { fit(map, [proposals, areas]); });
      box.setAttribute("data-map-ready", String(data.proposals.length));
    });
  }

  // The proposal form: a click places the pin and fills the latitude and longitude fields.
  function pinMap(box) {
    var form = box.closest("form");
    var lat = form.querySelector("input[name=lat]");
    var lon = form.querySelector("input[name=lon]");
    var clear = form.querySelector("[data-map-clear]");
    var section = box.closest("[data-map-section]");
    if (section) { section.hidden = false; }
    var map = makeMap(box);
    var pin = null;
    function place(where) {
      if (pin) { pin.setLatLng(where); } else {
        pin = L.circleMarker(where, {
          radius: 9, color: "#ffffff", weight: 2, fillColor: "#00508c", fillOpacity: 0.9
        }).addTo(map);
      }
      if (clear) { clear.hidden = false; }
    }
    map.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(6);
      lon.value = event.latlng.lng.toFixed(6);
      place(event.latlng);
    });
    if (clear) {
      clear.addEventListener("click", function () {
        lat.value = "";
        lon.value = "";
        if (pin) { map.removeLayer(pin); pin = null; }
        clear.hidden = true;
      });
    }
    load(box, function (data) {
      var plain = !box.getAttribute("data-map-tiles");
      var areas = drawAreas(map, data.areas, plain);
      var y = parseFloat(lat.value), x = parseFloat(lon.value);
      if (isFinite(y) && isFinite(x)) {
        place(L.latLng(y, x));
        map.setView([y, x], 15, { animate: false });
      } else {
        fit(map, [areas]);
      }
      box.setAttribute("data-map-ready", "0");
    });
  }

  document.querySelectorAll("[data-map-source]").forEach(function (box) {
    if (box.hasAttribute("data-map-pick")) { pinMap(box); } else { roundMap(box); }
  });
})();
