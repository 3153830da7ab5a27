// Capture page: one key per literal, Enter moves on, the last Enter submits; zoom and rotate
// the acta image; prefetch the next acta's image. No third-party code, no network but ours.
(function () {
  "use strict";
  var raiz = document.getElementById("captura");
  if (!raiz) return;
  var forma = document.getElementById("forma-captura");
  var campos = Array.prototype.slice.call(forma.querySelectorAll("input.campo"));
  var iniciada = document.getElementById("iniciada_en");
  var LITERALES = { i: "ILEGIBLE", s: "SIN DATO" };

  function marcar(input) {
    input.classList.toggle("literal", input.value === "ILEGIBLE" || input.value === "SIN DATO");
  }
  function enfocar(i) {
    var c = campos[i];
    if (c) { c.focus(); c.select(); }
  }
  campos.forEach(function (input, i) {
    marcar(input);
    input.addEventListener("keydown", function (ev) {
      if (!iniciada.value) iniciada.value = new Date().toISOString();
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var k = ev.key;
      if (k === "Enter") {
        ev.preventDefault();
        if (input.value.trim() === "") { input.setAttribute("aria-invalid", "true"); return; }
        input.removeAttribute("aria-invalid");
        if (i + 1 < campos.length) { enfocar(i + 1); return; }
        var vacio = campos.findIndex(function (c) { return c.value.trim() === ""; });
        if (vacio >= 0) { enfocar(vacio); return; }
        forma.requestSubmit ? forma.requestSubmit() : forma.submit();
        return;
      }
      if (k === "ArrowUp") { ev.preventDefault(); enfocar(i - 1); return; }
      if (k === "ArrowDown") { ev.preventDefault(); enfocar(i + 1); return; }
      if (k === "+" || k === "-" || k === "*" || k === "/") { ev.preventDefault(); visor(k); return; }
      var lit = LITERALES[k.toLowerCase()];
      if (lit && k.length === 1) { ev.preventDefault(); input.value = lit; marcar(input); return; }
      if (/^[0-9]$/.test(k)) {
        if (LITERALES.i === input.value || LITERALES.s === input.value) input.value = "";
        return; // the digit is typed normally
      }
      if ((k === "Backspace" || k === "Delete") && (input.value === "ILEGIBLE" || input.value === "SIN DATO")) {
        ev.preventDefault(); input.value = ""; marcar(input); return;
      }
      if (k.length === 1) ev.preventDefault(); // any other printable key is not a value
    });
    input.addEventListener("input", function () { marcar(input); });
  });
  var enviado = false;
  forma.addEventListener("submit", function (ev) {
    if (enviado) { ev.preventDefault(); return; }
    enviado = true;
  });

  // Image: zoom (+ −), rotate (*), reset (/).
  var img = document.getElementById("imagen");
  var lienzo = document.getElementById("lienzo");
  var etiqueta = document.getElementById("zoom");
  var escala = 1, giro = 0;
  function ajustar() {
    if (!img || !img.naturalWidth) return;
    escala = Math.min(4, Math.max(0.1, lienzo.clientWidth / img.naturalWidth));
  }
  function pintar() {
    if (!img) return;
    var w = img.naturalWidth * escala, h = img.naturalHeight * escala;
    var girado = giro % 180 !== 0;
    img.style.width = w + "px";
    img.style.height = h + "px";
    var dx = 0, dy = 0;
    if (giro === 90) dx = h; else if (giro === 180) { dx = w; dy = h; } else if (giro === 270) dy = w;
    img.style.transform = "translate(" + dx + "px," + dy + "px) rotate(" + giro + "deg)";
    img.style.marginRight = (girado ? h - w : 0) + "px";
    img.style.marginBottom = (girado ? w - h : 0) + "px";
    etiqueta.textContent = Math.round(escala * 100) + " %" + (giro ? " · " + giro + "°" : "");
  }
  function visor(accion) {
    if (accion === "+" || accion === "acercar") escala = Math.min(6, escala * 1.25);
    else if (accion === "-" || accion === "alejar") escala = Math.max(0.1, escala / 1.25);
    else if (accion === "*" || accion === "girar") giro = (giro + 90) % 360;
    else { giro = 0; ajustar(); }
    pintar();
  }
  raiz.querySelectorAll("[data-accion]").forEach(function (b) {
    b.addEventListener("click", function () { visor(b.getAttribute("data-accion")); });
  });
  if (img) {
    if (img.complete) { ajustar(); pintar(); }
    img.addEventListener("load", function () { ajustar(); pintar(); });
  }

  // Warm the browser cache with the image the queue will probably hand out next.
  var siguiente = raiz.getAttribute("data-precarga");
  if (siguiente) {
    window.addEventListener("load", function () { var p = new Image(); p.src = siguiente; });
  }
})();
