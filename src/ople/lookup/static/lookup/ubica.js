// Ubica: optional enhancements on top of working no-JS forms and map links.
(function () {
  "use strict";
  function ir(lon, lat) {
    window.location.href = "/ubica/?lat=" + lat.toFixed(6) + "&lon=" + lon.toFixed(6);
  }
  document.addEventListener("DOMContentLoaded", function () {
    // 1. Tapping the map: turn the tapped SVG point back into longitude/latitude so the
    //    exact polygons on the server answer (the drawn ones are simplified).
    var svg = document.querySelector("svg.mapa-secciones");
    if (svg && svg.getScreenCTM) {
      var lonMin = parseFloat(svg.dataset.lonMin), latMax = parseFloat(svg.dataset.latMax);
      var coslat = parseFloat(svg.dataset.coslat), escala = parseFloat(svg.dataset.escala);
      svg.addEventListener("click", function (ev) {
        // Keyboard activation (detail 0) and modified clicks keep the plain link behaviour.
        if (ev.detail === 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
        var ctm = svg.getScreenCTM();
        if (!ctm) return;
        var p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(ctm.inverse());
        ev.preventDefault();
        ir(lonMin + p.x / (coslat * escala), latMax - p.y / escala);
      });
    }
    // 2. The phone's location, through the JSON API.
    var caja = document.getElementById("ubicacion");
    var boton = document.getElementById("usar-ubicacion");
    var estado = document.getElementById("estado-ubicacion");
    if (caja && boton && "geolocation" in navigator) {
      caja.hidden = false;
      boton.addEventListener("click", function () {
        estado.textContent = "Obteniendo su ubicación…";
        navigator.geolocation.getCurrentPosition(function (pos) {
          var lat = pos.coords.latitude, lon = pos.coords.longitude;
          fetch("/api/ubica?lat=" + lat.toFixed(6) + "&lon=" + lon.toFixed(6))
            .then(function (r) { return r.json().then(function (d) { return [r.ok, d]; }); })
            .then(function (res) {
              if (res[0] && res[1].url) { window.location.href = res[1].url; }
              else { estado.textContent = (res[1].error && res[1].error.mensaje) || "No se pudo ubicar su sección."; }
            })
            .catch(function () { estado.textContent = "No se pudo consultar el servicio. Intente de nuevo."; });
        }, function () {
          estado.textContent = "No se obtuvo su ubicación (permiso denegado o sin señal). Use la búsqueda por sección o por lugar.";
        }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
      });
    }
  });
})();
