/* PREP Casilla · quality check of a photo before it is accepted (nothing leaves the phone).
 *
 * Measures, on a grayscale copy whose long side is 512 px:
 *   - luminancia: mean gray level (0–255); below MIN_LUMINANCIA the photo is too dark;
 *   - nitidez: variance of the 4-neighbour Laplacian; below MIN_NITIDEZ it is too blurred.
 * plus the size and the orientation of the full image. ople.prep.actas_sinteticas.nitidez is
 * the same measure in Python (its tests check the thresholds against synthetic actas).
 */
(function (global) {
  "use strict";

  const LADO = 512;
  const LIMITES = {
    MIN_ANCHO: 1000,
    MIN_ALTO: 1300,
    MIN_LUMINANCIA: 70,
    MIN_NITIDEZ: 400,
  };

  function medir(gris, ancho, alto) {
    let suma = 0;
    for (let i = 0; i < gris.length; i++) suma += gris[i];
    const luminancia = suma / gris.length;
    let n = 0;
    let media = 0;
    let m2 = 0;
    for (let y = 1; y < alto - 1; y++) {
      for (let x = 1; x < ancho - 1; x++) {
        const i = y * ancho + x;
        const lap = gris[i - 1] + gris[i + 1] + gris[i - ancho] + gris[i + ancho] - 4 * gris[i];
        n += 1;
        const d = lap - media;
        media += d / n;
        m2 += d * (lap - media);
      }
    }
    return { luminancia, nitidez: n ? m2 / n : 0 };
  }

  async function decodificar(blob) {
    try {
      return await createImageBitmap(blob, { imageOrientation: "from-image" });
    } catch (e) {
      return null;
    }
  }

  /* → {aceptada, motivos: [texto], ancho, alto, luminancia, nitidez} */
  async function revisar(blob) {
    const motivos = [];
    const mapa = await decodificar(blob);
    if (!mapa) {
      return {
        aceptada: false,
        motivos: ["El archivo no es una fotografía que se pueda abrir. Tome la foto de nuevo."],
      };
    }
    const ancho = mapa.width;
    const alto = mapa.height;
    const escala = Math.min(1, LADO / Math.max(ancho, alto));
    const w = Math.max(1, Math.round(ancho * escala));
    const h = Math.max(1, Math.round(alto * escala));
    const lienzo =
      typeof OffscreenCanvas !== "undefined"
        ? new OffscreenCanvas(w, h)
        : Object.assign(document.createElement("canvas"), { width: w, height: h });
    const ctx = lienzo.getContext("2d", { willReadFrequently: true });
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "medium";
    ctx.drawImage(mapa, 0, 0, w, h);
    if (mapa.close) mapa.close();
    const rgba = ctx.getImageData(0, 0, w, h).data;
    const gris = new Float32Array(w * h);
    for (let i = 0, j = 0; j < gris.length; i += 4, j++) {
      gris[j] = 0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2];
    }
    const { luminancia, nitidez } = medir(gris, w, h);
    if (ancho < LIMITES.MIN_ANCHO || alto < LIMITES.MIN_ALTO) {
      if (ancho > alto && alto >= LIMITES.MIN_ANCHO) {
        // handled below as orientation
      } else {
        motivos.push(
          `La foto es muy pequeña (${ancho} × ${alto} píxeles; se necesitan al menos ` +
            `${LIMITES.MIN_ANCHO} × ${LIMITES.MIN_ALTO}). Use la cámara del teléfono, sin recortar.`
        );
      }
    }
    if (ancho > alto) {
      motivos.push("La foto está horizontal. Tome el acta completa con el teléfono en vertical.");
    }
    if (luminancia < LIMITES.MIN_LUMINANCIA) {
      motivos.push("La foto está muy oscura. Busque más luz o encienda la luz del teléfono.");
    }
    if (nitidez < LIMITES.MIN_NITIDEZ) {
      motivos.push(
        "La foto está borrosa. Apoye los codos, espere a que la cámara enfoque y tome otra."
      );
    }
    return {
      aceptada: motivos.length === 0,
      motivos,
      ancho,
      alto,
      luminancia: Math.round(luminancia * 10) / 10,
      nitidez: Math.round(nitidez * 10) / 10,
    };
  }

  async function sha256(blob) {
    const bytes = await blob.arrayBuffer();
    const digest = await crypto.subtle.digest("SHA-256", bytes);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /* The CLAVE_ACTA in the acta's QR code, when the browser can read QR codes (Android
   * Chrome); null otherwise, and the CAE chooses the acta by hand. */
  async function leerQR(blob) {
    if (typeof BarcodeDetector === "undefined") return { disponible: false, clave: null };
    try {
      const formatos = await BarcodeDetector.getSupportedFormats();
      if (!formatos.includes("qr_code")) return { disponible: false, clave: null };
      const detector = new BarcodeDetector({ formats: ["qr_code"] });
      const mapa = await createImageBitmap(blob);
      const codigos = await detector.detect(mapa);
      if (mapa.close) mapa.close();
      const textos = codigos.map((c) => (c.rawValue || "").replace(/\s+/g, "").toUpperCase());
      const clave = textos.find((t) => /^\d{6}[A-Z]\d{4}[0-9A-Z]{1,8}$/.test(t)) || null;
      return { disponible: true, clave };
    } catch (e) {
      return { disponible: false, clave: null };
    }
  }

  global.OpleCalidad = { revisar, sha256, leerQR, LIMITES };
})(self);
