/* Escáner de paquetes · reading the label: the camera, the QR, the check digits.
 *
 * The QR is read with the browser's BarcodeDetector where it exists (Android Chrome), else with
 * jsQR (vendor/jsQR.js, Apache-2.0, shipped with the app: no CDN) on frames of the video drawn
 * to a canvas. The key's check digits (ISO/IEC 7064 MOD 97-10 over the process and the key,
 * ople/paquetes/clave.py) are checked here too, so a typo is caught without signal; the server
 * checks again.
 */
(function (global) {
  "use strict";

  const PREFIJO = "OPLE-PAQ";
  const FORMA = /^\d{6}[A-Z]\d{4}[124]$/;

  function normalizar(t) {
    return (t || "").toUpperCase().replace(/[^0-9A-Z]/g, "");
  }

  function numero(t) {
    let s = "";
    for (const c of t) s += String(parseInt(c, 36));
    return BigInt(s);
  }

  /* {clave, impresa} of a scanned QR or a typed key, or {error} in Spanish. */
  function leer(texto, proceso) {
    texto = (texto || "").trim();
    if (!texto) return { error: "Escanee la etiqueta o escriba la clave del paquete." };
    if (texto.includes(":") || texto.includes("/")) {
      const partes = texto.split(":");
      if (partes.length !== 3 || partes[0] !== PREFIJO) {
        return { error: "Este código QR no es la etiqueta de un paquete electoral." };
      }
      if (partes[1] !== proceso) {
        return { error: `La etiqueta es de un paquete del proceso ${partes[1]}, no del proceso ${proceso}.` };
      }
      texto = partes[2];
    }
    const s = normalizar(texto);
    if (s.length !== 14 || !FORMA.test(s.slice(0, 12))) {
      return { error: "La clave tiene 14 caracteres: casilla (11), elección (1) y dos dígitos verificadores." };
    }
    const clave = s.slice(0, 12);
    const dv = s.slice(12);
    if (!/^\d\d$/.test(dv) || numero(normalizar(proceso) + clave + dv) % 97n !== 1n) {
      return { error: "Los dígitos verificadores no corresponden: revise la clave. No se registró nada." };
    }
    return { clave, impresa: `${clave.slice(0, 11)}-${clave.slice(11)}-${dv}`, texto: s };
  }

  let flujo = null;
  let reloj = null;

  function detener() {
    if (reloj) clearTimeout(reloj);
    reloj = null;
    if (flujo) flujo.getTracks().forEach((t) => t.stop());
    flujo = null;
  }

  async function detectorNativo() {
    if (!("BarcodeDetector" in global)) return null;
    try {
      const formatos = await global.BarcodeDetector.getSupportedFormats();
      if (!formatos.includes("qr_code")) return null;
      return new global.BarcodeDetector({ formats: ["qr_code"] });
    } catch (e) {
      return null;
    }
  }

  /* Start the camera in `video` and call alLeer(texto) once with the first QR read. */
  async function escanear(video, alLeer) {
    detener();
    flujo = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "environment", width: { ideal: 1280 } },
      audio: false,
    });
    video.srcObject = flujo;
    video.setAttribute("playsinline", "");
    await video.play();
    const detector = await detectorNativo();
    const lienzo = document.createElement("canvas");
    const ctx = lienzo.getContext("2d", { willReadFrequently: true });
    const paso = async () => {
      if (!flujo) return;
      let texto = null;
      try {
        if (video.videoWidth) {
          if (detector) {
            const r = await detector.detect(video);
            if (r.length) texto = r[0].rawValue;
          } else if (global.jsQR) {
            const escala = Math.min(1, 800 / video.videoWidth);
            lienzo.width = Math.round(video.videoWidth * escala);
            lienzo.height = Math.round(video.videoHeight * escala);
            ctx.drawImage(video, 0, 0, lienzo.width, lienzo.height);
            const img = ctx.getImageData(0, 0, lienzo.width, lienzo.height);
            const r = global.jsQR(img.data, img.width, img.height, { inversionAttempts: "attemptBoth" });
            if (r && r.data) texto = r.data;
          }
        }
      } catch (e) {
        texto = null;
      }
      if (texto) {
        detener();
        alLeer(texto);
        return;
      }
      reloj = setTimeout(paso, 150);
    };
    paso();
  }

  global.PaquetesLector = { leer, escanear, detener };
})(self);
