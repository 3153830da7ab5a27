/* PREP Casilla · IndexedDB storage, shared by the page and the service worker.
 *
 * Stores:
 *   config  {clave, valor}         token, dispositivo, casillas, avisos
 *   fotos   {id, ...}              one queued photo: blob + metadata + estado
 *
 * Every change of a photo goes through `actualizarFoto(id, cambio)`, a read-modify-write in a
 * single readwrite transaction: IndexedDB serialises overlapping readwrite transactions, so the
 * check inside `cambio` and the write are atomic (a compare-and-set).
 */
(function (global) {
  "use strict";

  const NOMBRE = "ople-prep-casilla";
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
        if (!db.objectStoreNames.contains("config")) {
          db.createObjectStore("config", { keyPath: "clave" });
        }
        if (!db.objectStoreNames.contains("fotos")) {
          const fotos = db.createObjectStore("fotos", { keyPath: "id", autoIncrement: true });
          fotos.createIndex("estado", "estado");
          fotos.createIndex("clave_acta", "clave_acta");
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

  async function agregarFoto(foto) {
    const db = await abrir();
    const tx = db.transaction("fotos", "readwrite");
    const id = await promesa(tx.objectStore("fotos").add(foto));
    await fin(tx);
    return id;
  }

  async function obtenerFoto(id) {
    const db = await abrir();
    return promesa(db.transaction("fotos").objectStore("fotos").get(id));
  }

  async function listarFotos() {
    const db = await abrir();
    return promesa(db.transaction("fotos").objectStore("fotos").getAll());
  }

  /* cambio(foto) returns the new record, or null to leave it untouched. Resolves to the
   * record written, or null when nothing changed. */
  async function actualizarFoto(id, cambio) {
    const db = await abrir();
    const tx = db.transaction("fotos", "readwrite");
    const store = tx.objectStore("fotos");
    const actual = await promesa(store.get(id));
    let nuevo = null;
    if (actual) {
      nuevo = cambio(actual);
      if (nuevo) store.put(nuevo);
    }
    await fin(tx);
    return nuevo;
  }

  global.OpleDB = {
    abrir,
    leerConfig,
    guardarConfig,
    agregarFoto,
    obtenerFoto,
    listarFotos,
    actualizarFoto,
  };
})(self);
