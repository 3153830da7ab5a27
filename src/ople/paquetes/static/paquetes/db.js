/* Escáner de paquetes · IndexedDB storage, shared by the page and the service worker.
 *
 * Stores:
 *   config   {clave, valor}   token, persona, proceso, dispositivo
 *   eventos  {id, ...}        one queued custody event: its fields, optional photo blob, estado
 *
 * Every change of a queued event goes through `actualizar(id, cambio)`: a read-modify-write in
 * one readwrite transaction, which IndexedDB serialises (a compare-and-set). The same design as
 * PREP Casilla's outbox (ADR 0011), for events instead of photos.
 */
(function (global) {
  "use strict";

  const NOMBRE = "ople-paquetes";
  const VERSION = 1;
  let abierta = null;

  function promesa(req) {
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  function fin(tx) {
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error("transacción abortada"));
    });
  }

  function abrir() {
    if (abierta) return abierta;
    abierta = new Promise((resolve, reject) => {
      const req = indexedDB.open(NOMBRE, VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains("config")) db.createObjectStore("config", { keyPath: "clave" });
        if (!db.objectStoreNames.contains("eventos")) {
          const s = db.createObjectStore("eventos", { keyPath: "id", autoIncrement: true });
          s.createIndex("estado", "estado");
        }
      };
      req.onsuccess = () => {
        const db = req.result;
        db.onversionchange = () => {
          db.close();
          abierta = null;
        };
        resolve(db);
      };
      req.onerror = () => {
        abierta = null;
        reject(req.error);
      };
    });
    return abierta;
  }

  async function leerConfig(clave) {
    const db = await abrir();
    const fila = await promesa(db.transaction("config").objectStore("config").get(clave));
    return fila ? fila.valor : undefined;
  }

  async function guardarConfig(valores) {
    const db = await abrir();
    const tx = db.transaction("config", "readwrite");
    const store = tx.objectStore("config");
    for (const [clave, valor] of Object.entries(valores)) {
      if (valor === undefined) store.delete(clave);
      else store.put({ clave, valor });
    }
    return fin(tx);
  }

  async function agregar(evento) {
    const db = await abrir();
    const tx = db.transaction("eventos", "readwrite");
    const id = await promesa(tx.objectStore("eventos").add(evento));
    await fin(tx);
    return id;
  }

  async function listar() {
    const db = await abrir();
    return promesa(db.transaction("eventos").objectStore("eventos").getAll());
  }

  /* cambio(evento) returns the new record, or null to leave it untouched. */
  async function actualizar(id, cambio) {
    const db = await abrir();
    const tx = db.transaction("eventos", "readwrite");
    const store = tx.objectStore("eventos");
    const actual = await promesa(store.get(id));
    let nuevo = null;
    if (actual) {
      nuevo = cambio(actual);
      if (nuevo) store.put(nuevo);
    }
    await fin(tx);
    return nuevo;
  }

  global.PaquetesDB = { abrir, leerConfig, guardarConfig, agregar, listar, actualizar };
})(self);
