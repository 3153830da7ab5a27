/* ople · a phone app's storage in IndexedDB, shared by its page and its service worker.
 * Platform: it knows no system; each app names its database and its outbox's store.
 *
 * Stores:
 *   config    {clave, valor}   the app's settings (token, device, what it may record …)
 *   <tienda>  {id, ...}        the outbox: one queued record (its data, an optional Blob, estado)
 *
 * Every change of a queued record goes through `actualizar(id, cambio)`, a read-modify-write in
 * a single readwrite transaction: IndexedDB serialises overlapping readwrite transactions, so
 * the check inside `cambio` and the write are atomic (a compare-and-set).
 */
(function (global) {
  "use strict";

  const VERSION = 1;

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

  /* nombre: the database ("ople-<app>"); tienda: the outbox's store ("fotos", "eventos");
   * indices: the fields the store is indexed by. A phone keeps its database across releases:
   * never rename these for an app already in the field. */
  function crear({ nombre, tienda, indices }) {
    let abierta = null;

    function abrir() {
      if (abierta) return abierta;
      abierta = new Promise((resolve, reject) => {
        const req = indexedDB.open(nombre, VERSION);
        req.onupgradeneeded = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains("config")) {
            db.createObjectStore("config", { keyPath: "clave" });
          }
          if (!db.objectStoreNames.contains(tienda)) {
            const s = db.createObjectStore(tienda, { keyPath: "id", autoIncrement: true });
            for (const campo of indices || []) s.createIndex(campo, campo);
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

    /* valores: {clave: valor}; a value `undefined` deletes its key. */
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

    async function agregar(registro) {
      const db = await abrir();
      const tx = db.transaction(tienda, "readwrite");
      const id = await promesa(tx.objectStore(tienda).add(registro));
      await fin(tx);
      return id;
    }

    async function obtener(id) {
      const db = await abrir();
      return promesa(db.transaction(tienda).objectStore(tienda).get(id));
    }

    async function listar() {
      const db = await abrir();
      return promesa(db.transaction(tienda).objectStore(tienda).getAll());
    }

    /* cambio(registro) returns the new record, or null to leave it untouched. Resolves to the
     * record written, or null when nothing changed. */
    async function actualizar(id, cambio) {
      const db = await abrir();
      const tx = db.transaction(tienda, "readwrite");
      const store = tx.objectStore(tienda);
      const actual = await promesa(store.get(id));
      let nuevo = null;
      if (actual) {
        nuevo = cambio(actual);
        if (nuevo) store.put(nuevo);
      }
      await fin(tx);
      return nuevo;
    }

    return { abrir, leerConfig, guardarConfig, agregar, obtener, listar, actualizar };
  }

  global.OpleAlmacen = { crear };
})(self);
