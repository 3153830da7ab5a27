/* PREP Casilla · its outbox: the platform's (core/movil/almacen.js and cola.js, ADR 0011)
 * pointed at the PREP Casilla API. Loaded by the page and by the service worker.
 *
 * IndexedDB "ople-prep-casilla": config (token, dispositivo, casillas, avisos) and fotos (one
 * queued photo: its exact bytes as a Blob, its metadata, estado). The server is idempotent on
 * (acta, SHA-256 of the bytes): a photo resent after a lost answer gets the first receipt.
 */
(function (global) {
  "use strict";

  const OpleDB = OpleAlmacen.crear({
    nombre: "ople-prep-casilla",
    tienda: "fotos",
    indices: ["estado", "clave_acta"],
  });

  function peticion(foto) {
    const datos = new FormData();
    const extension = foto.tipo === "image/png" ? "png" : "jpg";
    datos.append("imagen", foto.blob, `${foto.clave_acta}.${extension}`);
    datos.append("clave_acta", foto.clave_acta);
    datos.append("sha256", foto.sha256);
    datos.append("capturado_en", foto.capturado_en);
    return { body: datos };
  }

  function recibido(foto, respuesta) {
    if (respuesta.sha256 && respuesta.sha256 !== foto.sha256) {
      // The server always recomputes the hash; a different one would be a serious fault.
      return {
        codigo: "hash_distinto",
        motivo: "El servidor registró un código de integridad distinto al de esta foto.",
      };
    }
    foto.sha256_servidor = respuesta.sha256;
    foto.version = respuesta.version;
    foto.recibido_en = respuesta.recibido_en;
    return null;
  }

  global.OpleDB = OpleDB;
  global.OpleCola = OpleColaEnvio.crear({
    almacen: OpleDB,
    url: "/prep/api/v1/actas",
    lock: "ople-casilla-envio",
    canal: "ople-casilla",
    etiqueta: "ople-envio",
    arriendoMs: 90 * 1000,
    tiempoMaxMs: 120 * 1000,
    peticion,
    recibido,
  });
})(self);
