/* ople · the outbox of a phone app that works without signal (ADR 0011). Runs in the page and
 * in the service worker (Background Sync). Platform: it knows no system; each app says where
 * its records go and how one becomes a request.
 *
 * States: pendiente → enviando → recibido | rechazado (and back to pendiente to retry).
 *
 * Exactly once. The server must be idempotent on a key the record carries from the moment it
 * was stored on the phone (the SHA-256 of a photo's bytes, say, or an `id_cliente` from
 * `nuevaClave()`), answering a repeat with the first receipt. Then resending after a lost
 * answer or a dead sender is safe, and the outbox only has to keep two senders from working
 * at once: a sender works only while holding the Web Lock
 * `lock` (one holder across the page, other tabs and the service worker; the lock dies with its
 * holder). A record found in "enviando" by the lock holder was left by a sender that died
 * (reload, phone off): it is sent again. Without Web Locks a record is claimed with a lease
 * ("enviando_hasta") by a compare-and-set in IndexedDB.
 *
 * Errors: 2xx with a `recibo` → recibido. 401, 408, 429, 5xx and network failures → retry with
 * exponential backoff and jitter (2 s … 5 min, ×[0.5, 1)), `Retry-After` respected. Any other
 * 4xx is final → rechazado with the server's reason ({"error": {"codigo", "mensaje"}}).
 */
(function (global) {
  "use strict";

  const BASE_MS = 2000;
  const MAX_MS = 5 * 60 * 1000;
  const creadas = [];

  /* Delay before attempt number `intentos` (1, 2, …): 2 s, 4 s, 8 s … capped at 5 min, each
   * multiplied by a random factor in [0.5, 1) so that phones do not retry in step. */
  function espera(intentos, azar) {
    const r = azar === undefined ? Math.random() : azar;
    const tope = Math.min(MAX_MS, BASE_MS * Math.pow(2, Math.max(0, intentos - 1)));
    return Math.round(tope * (0.5 + 0.5 * r));
  }

  function esFinal(status) {
    return status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429;
  }

  /* A fresh idempotency key (128 random bits, hex), made when a record is stored. */
  function nuevaClave() {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  }

  function enLinea() {
    return typeof navigator === "undefined" || navigator.onLine !== false;
  }

  /* opciones:
   *   almacen      the app's OpleAlmacen (config "token" holds the device's bearer token)
   *   url          where each record is POSTed
   *   lock         the Web Lock's name; canal: the BroadcastChannel told of every change
   *   etiqueta     the Background Sync tag the service worker answers
   *   arriendoMs   the lease of a claimed record; tiempoMaxMs: the longest one request may take
   *   peticion(r)  → {body, headers}: the request of record r (Authorization is added)
   *   recibido(r, respuesta)  on a receipt: copies what the app keeps into r; may return
   *                {codigo, motivo} to refuse the receipt instead (r becomes rechazado)
   */
  function crear(opciones) {
    const { almacen, url, lock, etiqueta, peticion, recibido } = opciones;
    const arriendoMs = opciones.arriendoMs || 60 * 1000;
    const tiempoMaxMs = opciones.tiempoMaxMs || 60 * 1000;
    const canal =
      typeof BroadcastChannel !== "undefined" ? new BroadcastChannel(opciones.canal) : null;

    function avisar(tipo, datos) {
      if (canal) canal.postMessage(Object.assign({ tipo }, datos || {}));
    }

    async function reclamar(id, ahora, conLock) {
      return almacen.actualizar(id, (r) => {
        const libre =
          r.estado === "pendiente" ||
          (r.estado === "enviando" && (conLock || (r.enviando_hasta || 0) < ahora));
        if (!libre) return null;
        if (r.estado === "pendiente" && (r.proximo_intento || 0) > ahora) return null;
        r.estado = "enviando";
        r.enviando_hasta = ahora + arriendoMs;
        r.intentos = (r.intentos || 0) + 1;
        r.ultimo_intento = new Date(ahora).toISOString();
        return r;
      });
    }

    async function volverAPendiente(id, motivo, retrasoMs) {
      const ahora = Date.now();
      return almacen.actualizar(id, (r) => {
        if (r.estado !== "enviando") return null;
        r.estado = "pendiente";
        r.ultimo_error = motivo;
        r.proximo_intento = ahora + (retrasoMs === undefined ? espera(r.intentos) : retrasoMs);
        delete r.enviando_hasta;
        return r;
      });
    }

    function rechazar(id, codigo, motivo) {
      return almacen.actualizar(id, (r) => {
        r.estado = "rechazado";
        r.codigo = codigo;
        r.motivo = motivo;
        delete r.enviando_hasta;
        return r;
      });
    }

    async function enviarUno(registro, token) {
      const p = peticion(registro);
      const headers = Object.assign({ Authorization: `Bearer ${token}` }, p.headers || {});
      const control = typeof AbortController !== "undefined" ? new AbortController() : null;
      const reloj = control ? setTimeout(() => control.abort(), tiempoMaxMs) : null;
      let resp;
      try {
        resp = await fetch(url, {
          method: "POST",
          body: p.body,
          headers,
          signal: control ? control.signal : undefined,
          cache: "no-store",
          credentials: "omit",
        });
      } catch (e) {
        return volverAPendiente(registro.id, "Sin conexión con el servidor; se reintentará.");
      } finally {
        if (reloj) clearTimeout(reloj);
      }
      let cuerpo = null;
      try {
        cuerpo = await resp.json();
      } catch (e) {
        cuerpo = null;
      }
      if (resp.ok && cuerpo && cuerpo.recibo) {
        let problema = null;
        const r = await almacen.actualizar(registro.id, (x) => {
          problema = recibido ? recibido(x, cuerpo) : null;
          if (problema) return null;
          x.estado = "recibido";
          x.recibo = cuerpo.recibo;
          x.duplicado = !!cuerpo.duplicado;
          delete x.enviando_hasta;
          delete x.ultimo_error;
          return x;
        });
        return problema ? rechazar(registro.id, problema.codigo, problema.motivo) : r;
      }
      const mensaje =
        (cuerpo && cuerpo.error && cuerpo.error.mensaje) || `El servidor respondió ${resp.status}.`;
      const codigo = (cuerpo && cuerpo.error && cuerpo.error.codigo) || `http_${resp.status}`;
      if (resp.status === 401) {
        await almacen.guardarConfig({ no_autorizado: mensaje });
        avisar("no_autorizado", { mensaje });
        return volverAPendiente(registro.id, mensaje, espera(Math.max(registro.intentos || 1, 5)));
      }
      if (esFinal(resp.status)) return rechazar(registro.id, codigo, mensaje);
      let retraso;
      const reintentar = Number(resp.headers.get("Retry-After"));
      if (reintentar > 0) retraso = Math.min(MAX_MS, reintentar * 1000);
      return volverAPendiente(registro.id, `${mensaje} Se reintentará.`, retraso);
    }

    async function vaciar(conLock) {
      const token = await almacen.leerConfig("token");
      if (!token) return { enviados: 0 };
      let enviados = 0;
      for (;;) {
        const ahora = Date.now();
        const vencidos = (await almacen.listar())
          .filter(
            (r) =>
              (r.estado === "pendiente" && (r.proximo_intento || 0) <= ahora) ||
              (r.estado === "enviando" && (conLock || (r.enviando_hasta || 0) < ahora))
          )
          .sort((a, b) => a.id - b.id);
        if (!vencidos.length) break;
        let alguno = false;
        for (const candidato of vencidos) {
          const registro = await reclamar(candidato.id, Date.now(), conLock);
          if (!registro) continue;
          alguno = true;
          avisar("cambio", { id: registro.id });
          const r = await enviarUno(registro, token);
          avisar("cambio", { id: registro.id });
          if (r && r.estado === "recibido") enviados += 1;
          if (r && r.estado === "pendiente" && !enLinea()) return { enviados };
        }
        if (!alguno) break;
      }
      return { enviados };
    }

    let enCurso = null;

    /* Send every record that is due. Safe to call at any time from anywhere: concurrent calls
     * in one context share the run; across contexts the Web Lock lets only one run. */
    function enviarPendientes() {
      if (enCurso) return enCurso;
      const correr = async () => {
        if (typeof navigator !== "undefined" && navigator.locks && navigator.locks.request) {
          return navigator.locks.request(lock, { ifAvailable: true }, async (l) => {
            if (!l) return { enviados: 0, ocupado: true };
            return vaciar(true);
          });
        }
        return vaciar(false);
      };
      enCurso = correr().finally(() => {
        enCurso = null;
      });
      return enCurso;
    }

    /* When the next pending record is due (ms since epoch), or null. */
    async function proximoVencimiento() {
      let minimo = null;
      for (const r of await almacen.listar()) {
        if (r.estado === "pendiente" || r.estado === "enviando") {
          const t = r.estado === "pendiente" ? r.proximo_intento || 0 : r.enviando_hasta || 0;
          if (minimo === null || t < minimo) minimo = t;
        }
      }
      return minimo;
    }

    /* Connectivity (or a new token) is back: retry everything now, not after the backoff. */
    async function adelantarReintentos() {
      const ahora = Date.now();
      for (const r of await almacen.listar()) {
        if (r.estado === "pendiente" && (r.proximo_intento || 0) > ahora) {
          await almacen.actualizar(r.id, (g) => {
            if (g.estado !== "pendiente") return null;
            g.proximo_intento = ahora;
            return g;
          });
        }
      }
    }

    /* From the page: ask the service worker to send on Background Sync (where it exists). */
    function registrarSync() {
      if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
      navigator.serviceWorker.ready
        .then((reg) => (reg.sync ? reg.sync.register(etiqueta) : null))
        .catch(() => null);
    }

    const cola = {
      canal: opciones.canal,
      etiqueta,
      enviarPendientes,
      proximoVencimiento,
      adelantarReintentos,
      registrarSync,
      espera,
      esFinal,
    };
    creadas.push(cola);
    return cola;
  }

  /* The outbox answering the Background Sync tag `etiqueta` in this context, or null. */
  function de(etiqueta) {
    return creadas.find((c) => c.etiqueta === etiqueta) || null;
  }

  global.OpleColaEnvio = { crear, de, espera, esFinal, nuevaClave };
})(self);
