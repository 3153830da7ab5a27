/* PREP Casilla · the outbox. Runs in the page and in the service worker (Background Sync).
 *
 * Photo states: pendiente → enviando → recibido | rechazado (and back to pendiente to retry).
 *
 * Never twice at the same time: a sender works only while holding the Web Lock
 * "ople-casilla-envio" (one holder across the page, other tabs and the service worker; the lock
 * dies with its holder). A photo found in "enviando" by the lock holder was left by a sender
 * that died (reload, phone off): it is sent again, which is safe because the server answers a
 * repeat of the same bytes with the same receipt. Without Web Locks a photo is claimed with a
 * lease ("enviando_hasta") by a compare-and-set in IndexedDB.
 *
 * Errors: 2xx → recibido. 401, 408, 429, 5xx and network failures → retry with exponential
 * backoff and jitter. Any other 4xx is final → rechazado with the server's reason.
 */
(function (global) {
  "use strict";

  const URL_ACTAS = "/prep/api/v1/actas";
  const LOCK = "ople-casilla-envio";
  const BASE_MS = 2000;
  const MAX_MS = 5 * 60 * 1000;
  const LEASE_MS = 90 * 1000;
  const TIEMPO_MAX_ENVIO_MS = 120 * 1000;
  const canal = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("ople-casilla") : null;

  function avisar(tipo, datos) {
    if (canal) canal.postMessage(Object.assign({ tipo }, datos || {}));
  }

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

  async function reclamar(id, ahora, conLock) {
    return OpleDB.actualizarFoto(id, (f) => {
      const libre =
        f.estado === "pendiente" ||
        (f.estado === "enviando" && (conLock || (f.enviando_hasta || 0) < ahora));
      if (!libre) return null;
      if (f.estado === "pendiente" && (f.proximo_intento || 0) > ahora) return null;
      f.estado = "enviando";
      f.enviando_hasta = ahora + LEASE_MS;
      f.intentos = (f.intentos || 0) + 1;
      f.ultimo_intento = new Date(ahora).toISOString();
      return f;
    });
  }

  async function volverAPendiente(id, motivo, retrasoMs) {
    const ahora = Date.now();
    return OpleDB.actualizarFoto(id, (f) => {
      if (f.estado !== "enviando") return null;
      f.estado = "pendiente";
      f.ultimo_error = motivo;
      f.proximo_intento = ahora + (retrasoMs === undefined ? espera(f.intentos) : retrasoMs);
      delete f.enviando_hasta;
      return f;
    });
  }

  async function enviarUna(foto, token) {
    const datos = new FormData();
    const extension = foto.tipo === "image/png" ? "png" : "jpg";
    datos.append("imagen", foto.blob, `${foto.clave_acta}.${extension}`);
    datos.append("clave_acta", foto.clave_acta);
    datos.append("sha256", foto.sha256);
    datos.append("capturado_en", foto.capturado_en);
    const control = typeof AbortController !== "undefined" ? new AbortController() : null;
    const reloj = control ? setTimeout(() => control.abort(), TIEMPO_MAX_ENVIO_MS) : null;
    let resp;
    try {
      resp = await fetch(URL_ACTAS, {
        method: "POST",
        body: datos,
        headers: { Authorization: `Bearer ${token}` },
        signal: control ? control.signal : undefined,
        cache: "no-store",
        credentials: "omit",
      });
    } catch (e) {
      return volverAPendiente(foto.id, "Sin conexión con el servidor; se reintentará.");
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
      if (cuerpo.sha256 && cuerpo.sha256 !== foto.sha256) {
        // The server always recomputes the hash; a different one would be a serious fault.
        return OpleDB.actualizarFoto(foto.id, (f) => {
          f.estado = "rechazado";
          f.codigo = "hash_distinto";
          f.motivo = "El servidor registró un código de integridad distinto al de esta foto.";
          return f;
        });
      }
      const r = await OpleDB.actualizarFoto(foto.id, (f) => {
        f.estado = "recibido";
        f.recibo = cuerpo.recibo;
        f.sha256_servidor = cuerpo.sha256;
        f.version = cuerpo.version;
        f.recibido_en = cuerpo.recibido_en;
        f.duplicado = !!cuerpo.duplicado;
        delete f.enviando_hasta;
        delete f.ultimo_error;
        return f;
      });
      return r;
    }
    const mensaje =
      (cuerpo && cuerpo.error && cuerpo.error.mensaje) || `El servidor respondió ${resp.status}.`;
    const codigo = (cuerpo && cuerpo.error && cuerpo.error.codigo) || `http_${resp.status}`;
    if (resp.status === 401) {
      await OpleDB.guardarConfig({ no_autorizado: mensaje });
      avisar("no_autorizado", { mensaje });
      return volverAPendiente(foto.id, mensaje, espera(Math.max(foto.intentos || 1, 5)));
    }
    if (esFinal(resp.status)) {
      return OpleDB.actualizarFoto(foto.id, (f) => {
        f.estado = "rechazado";
        f.codigo = codigo;
        f.motivo = mensaje;
        delete f.enviando_hasta;
        return f;
      });
    }
    let retraso;
    const reintentar = Number(resp.headers.get("Retry-After"));
    if (reintentar > 0) retraso = Math.min(MAX_MS, reintentar * 1000);
    return volverAPendiente(foto.id, `${mensaje} Se reintentará.`, retraso);
  }

  async function vaciar(conLock) {
    const token = await OpleDB.leerConfig("token");
    if (!token) return { enviadas: 0 };
    let enviadas = 0;
    for (;;) {
      const ahora = Date.now();
      const fotos = (await OpleDB.listarFotos())
        .filter(
          (f) =>
            (f.estado === "pendiente" && (f.proximo_intento || 0) <= ahora) ||
            (f.estado === "enviando" && (conLock || (f.enviando_hasta || 0) < ahora))
        )
        .sort((a, b) => a.id - b.id);
      if (!fotos.length) break;
      let alguna = false;
      for (const candidata of fotos) {
        const foto = await reclamar(candidata.id, Date.now(), conLock);
        if (!foto) continue;
        alguna = true;
        avisar("cambio", { id: foto.id });
        const r = await enviarUna(foto, token);
        avisar("cambio", { id: foto.id });
        if (r && r.estado === "recibido") enviadas += 1;
        if (r && r.estado === "pendiente" && !navigatorEnLinea()) return { enviadas };
      }
      if (!alguna) break;
    }
    return { enviadas };
  }

  function navigatorEnLinea() {
    return typeof navigator === "undefined" || navigator.onLine !== false;
  }

  let enCurso = null;

  /* Send every photo that is due. Safe to call at any time from anywhere: concurrent calls in
   * one context share the run; across contexts the Web Lock lets only one run. */
  function enviarPendientes() {
    if (enCurso) return enCurso;
    const correr = async () => {
      if (typeof navigator !== "undefined" && navigator.locks && navigator.locks.request) {
        return navigator.locks.request(LOCK, { ifAvailable: true }, async (lock) => {
          if (!lock) return { enviadas: 0, ocupado: true };
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

  /* When the next pending photo is due (ms since epoch), or null. */
  async function proximoVencimiento() {
    const fotos = await OpleDB.listarFotos();
    let minimo = null;
    for (const f of fotos) {
      if (f.estado === "pendiente" || f.estado === "enviando") {
        const t = f.estado === "pendiente" ? f.proximo_intento || 0 : f.enviando_hasta || 0;
        if (minimo === null || t < minimo) minimo = t;
      }
    }
    return minimo;
  }

  /* Connectivity is back: retry everything now instead of waiting for the backoff. */
  async function adelantarReintentos() {
    const fotos = await OpleDB.listarFotos();
    const ahora = Date.now();
    for (const f of fotos) {
      if (f.estado === "pendiente" && (f.proximo_intento || 0) > ahora) {
        await OpleDB.actualizarFoto(f.id, (g) => {
          if (g.estado !== "pendiente") return null;
          g.proximo_intento = ahora;
          return g;
        });
      }
    }
  }

  global.OpleCola = {
    enviarPendientes,
    proximoVencimiento,
    adelantarReintentos,
    espera,
    esFinal,
  };
})(self);
