/* Escáner de paquetes · the outbox. Runs in the page and in the service worker (Background Sync).
 *
 * States: pendiente → enviando → recibido | rechazado (and back to pendiente to retry).
 * Exactly once: each event carries an `id_cliente` made when it was recorded on the phone; the
 * server answers a repeat of it with the first receipt, so resending after a lost answer or a
 * dead sender is safe. Only the holder of the Web Lock "ople-paquetes-envio" sends (page, other
 * tabs or the service worker); without Web Locks an event is claimed with a lease.
 * 2xx → recibido. 401, 408, 429, 5xx and network failures → retry with exponential backoff and
 * jitter (2 s … 5 min, ×[0.5, 1)). Any other 4xx is final → rechazado with the server's reason.
 * (PREP Casilla's outbox, ADR 0011, applied to custody events.)
 */
(function (global) {
  "use strict";

  const URL_EVENTOS = "/paquetes/api/v1/eventos";
  const LOCK = "ople-paquetes-envio";
  const BASE_MS = 2000;
  const MAX_MS = 5 * 60 * 1000;
  const LEASE_MS = 60 * 1000;
  const TIEMPO_MAX_MS = 60 * 1000;
  const canal = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("ople-paquetes") : null;

  function avisar(tipo, datos) {
    if (canal) canal.postMessage(Object.assign({ tipo }, datos || {}));
  }

  function espera(intentos, azar) {
    const r = azar === undefined ? Math.random() : azar;
    const tope = Math.min(MAX_MS, BASE_MS * Math.pow(2, Math.max(0, intentos - 1)));
    return Math.round(tope * (0.5 + 0.5 * r));
  }

  function esFinal(status) {
    return status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429;
  }

  async function reclamar(id, ahora, conLock) {
    return PaquetesDB.actualizar(id, (e) => {
      const libre =
        e.estado === "pendiente" ||
        (e.estado === "enviando" && (conLock || (e.enviando_hasta || 0) < ahora));
      if (!libre) return null;
      if (e.estado === "pendiente" && (e.proximo_intento || 0) > ahora) return null;
      e.estado = "enviando";
      e.enviando_hasta = ahora + LEASE_MS;
      e.intentos = (e.intentos || 0) + 1;
      return e;
    });
  }

  async function volverAPendiente(id, motivo, retrasoMs) {
    const ahora = Date.now();
    return PaquetesDB.actualizar(id, (e) => {
      if (e.estado !== "enviando") return null;
      e.estado = "pendiente";
      e.ultimo_error = motivo;
      e.proximo_intento = ahora + (retrasoMs === undefined ? espera(e.intentos) : retrasoMs);
      delete e.enviando_hasta;
      return e;
    });
  }

  async function enviarUno(ev, token) {
    let cuerpo;
    const headers = { Authorization: `Bearer ${token}` };
    if (ev.foto) {
      cuerpo = new FormData();
      cuerpo.append("datos", JSON.stringify(ev.datos));
      cuerpo.append("foto", ev.foto, ev.foto_nombre || "paquete.jpg");
    } else {
      cuerpo = JSON.stringify(ev.datos);
      headers["Content-Type"] = "application/json";
    }
    const control = typeof AbortController !== "undefined" ? new AbortController() : null;
    const reloj = control ? setTimeout(() => control.abort(), TIEMPO_MAX_MS) : null;
    let resp;
    try {
      resp = await fetch(URL_EVENTOS, {
        method: "POST",
        body: cuerpo,
        headers,
        signal: control ? control.signal : undefined,
        cache: "no-store",
        credentials: "omit",
      });
    } catch (e) {
      return volverAPendiente(ev.id, "Sin conexión con el servidor; se reintentará.");
    } finally {
      if (reloj) clearTimeout(reloj);
    }
    let r = null;
    try {
      r = await resp.json();
    } catch (e) {
      r = null;
    }
    if (resp.ok && r && r.recibo) {
      return PaquetesDB.actualizar(ev.id, (e) => {
        e.estado = "recibido";
        e.recibo = r.recibo;
        e.evento = r.evento;
        e.duplicado = !!r.duplicado;
        e.registrado_en = r.registrado_en;
        delete e.enviando_hasta;
        delete e.ultimo_error;
        delete e.foto; // the server has it; free the phone's storage
        return e;
      });
    }
    const mensaje = (r && r.error && r.error.mensaje) || `El servidor respondió ${resp.status}.`;
    const codigo = (r && r.error && r.error.codigo) || `http_${resp.status}`;
    if (resp.status === 401) {
      await PaquetesDB.guardarConfig({ no_autorizado: mensaje });
      avisar("no_autorizado", { mensaje });
      return volverAPendiente(ev.id, mensaje, espera(Math.max(ev.intentos || 1, 5)));
    }
    if (esFinal(resp.status)) {
      return PaquetesDB.actualizar(ev.id, (e) => {
        e.estado = "rechazado";
        e.codigo = codigo;
        e.motivo = mensaje;
        delete e.enviando_hasta;
        return e;
      });
    }
    let retraso;
    const reintentar = Number(resp.headers.get("Retry-After"));
    if (reintentar > 0) retraso = Math.min(MAX_MS, reintentar * 1000);
    return volverAPendiente(ev.id, `${mensaje} Se reintentará.`, retraso);
  }

  function enLinea() {
    return typeof navigator === "undefined" || navigator.onLine !== false;
  }

  async function vaciar(conLock) {
    const token = await PaquetesDB.leerConfig("token");
    if (!token) return { enviados: 0 };
    let enviados = 0;
    for (;;) {
      const ahora = Date.now();
      const due = (await PaquetesDB.listar())
        .filter(
          (e) =>
            (e.estado === "pendiente" && (e.proximo_intento || 0) <= ahora) ||
            (e.estado === "enviando" && (conLock || (e.enviando_hasta || 0) < ahora))
        )
        .sort((a, b) => a.id - b.id);
      if (!due.length) break;
      let alguno = false;
      for (const c of due) {
        const ev = await reclamar(c.id, Date.now(), conLock);
        if (!ev) continue;
        alguno = true;
        avisar("cambio", { id: ev.id });
        const r = await enviarUno(ev, token);
        avisar("cambio", { id: ev.id });
        if (r && r.estado === "recibido") enviados += 1;
        if (r && r.estado === "pendiente" && !enLinea()) return { enviados };
      }
      if (!alguno) break;
    }
    return { enviados };
  }

  let enCurso = null;

  function enviarPendientes() {
    if (enCurso) return enCurso;
    const correr = async () => {
      if (typeof navigator !== "undefined" && navigator.locks && navigator.locks.request) {
        return navigator.locks.request(LOCK, { ifAvailable: true }, async (lock) => {
          if (!lock) return { enviados: 0, ocupado: true };
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

  async function proximoVencimiento() {
    let minimo = null;
    for (const e of await PaquetesDB.listar()) {
      if (e.estado === "pendiente" || e.estado === "enviando") {
        const t = e.estado === "pendiente" ? e.proximo_intento || 0 : e.enviando_hasta || 0;
        if (minimo === null || t < minimo) minimo = t;
      }
    }
    return minimo;
  }

  async function adelantarReintentos() {
    const ahora = Date.now();
    for (const e of await PaquetesDB.listar()) {
      if (e.estado === "pendiente" && (e.proximo_intento || 0) > ahora) {
        await PaquetesDB.actualizar(e.id, (g) => {
          if (g.estado !== "pendiente") return null;
          g.proximo_intento = ahora;
          return g;
        });
      }
    }
  }

  global.PaquetesCola = { enviarPendientes, proximoVencimiento, adelantarReintentos, espera, esFinal };
})(self);
