/* Escáner de paquetes · its outbox: the platform's (core/movil/almacen.js and cola.js, ADR
 * 0011) pointed at the package API. Loaded by the page and by the service worker.
 *
 * IndexedDB "ople-paquetes": config (token, persona, proceso, mecanismos) and eventos (one
 * queued custody event: its fields, an optional photo Blob, estado). Exactly once: each event
 * carries the `id_cliente` made when it was recorded on the phone (OpleColaEnvio.nuevaClave);
 * the server answers a repeat of it with the first receipt (ADR 0037).
 */
(function (global) {
  "use strict";

  const PaquetesDB = OpleAlmacen.crear({
    nombre: "ople-paquetes",
    tienda: "eventos",
    indices: ["estado"],
  });

  function peticion(ev) {
    if (ev.foto) {
      const cuerpo = new FormData();
      cuerpo.append("datos", JSON.stringify(ev.datos));
      cuerpo.append("foto", ev.foto, ev.foto_nombre || "paquete.jpg");
      return { body: cuerpo };
    }
    return { body: JSON.stringify(ev.datos), headers: { "Content-Type": "application/json" } };
  }

  function recibido(ev, respuesta) {
    ev.evento = respuesta.evento;
    ev.registrado_en = respuesta.registrado_en;
    delete ev.foto; // the server has it; free the phone's storage
    return null;
  }

  global.PaquetesDB = PaquetesDB;
  global.PaquetesCola = OpleColaEnvio.crear({
    almacen: PaquetesDB,
    url: "/paquetes/api/v1/eventos",
    lock: "ople-paquetes-envio",
    canal: "ople-paquetes",
    etiqueta: "ople-paquetes-envio",
    arriendoMs: 60 * 1000,
    tiempoMaxMs: 60 * 1000,
    peticion,
    recibido,
  });
})(self);
