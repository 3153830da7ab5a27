/* ople · the page side of a phone app that works without signal: the connection badge, the
 * notice, a definition row, and the sender that drains the outbox (cola.js) whenever it may.
 * Platform: it knows no system. The page's <body> carries data-sw (the service worker's URL)
 * and data-alcance (its scope); it has #conexion and #aviso (core/movil/pagina.html).
 */
(function (global) {
  "use strict";

  const $ = (id) => document.getElementById(id);

  function aviso(texto) {
    const el = $("aviso");
    el.textContent = texto || "";
    el.hidden = !texto;
  }

  function pintarConexion(textos) {
    const si = navigator.onLine !== false;
    const el = $("conexion");
    el.textContent = si ? textos.si : textos.no;
    el.className = "conexion " + (si ? "si" : "no");
  }

  /* A <dt>termino</dt><dd class=clase>valor</dd> pair appended to `dl`. */
  function dato(dl, termino, valor, clase) {
    const dt = document.createElement("dt");
    dt.textContent = termino;
    const dd = document.createElement("dd");
    dd.textContent = valor;
    if (clase) dd.className = clase;
    dl.append(dt, dd);
  }

  /* The page's sender: `enviar()` drains the outbox while `activo()` (the phone is enrolled),
   * then runs `despues()` (repaint the list, show a refused token) and sets a timer for the
   * next record that falls due (within 0.25 … 30 s). */
  function emisor({ cola, activo, despues }) {
    let reloj = null;

    async function programar() {
      if (reloj) clearTimeout(reloj);
      const t = await cola.proximoVencimiento();
      if (t === null) return;
      reloj = setTimeout(enviar, Math.max(250, Math.min(30000, t - Date.now())));
    }

    async function enviar() {
      if (!activo()) return;
      try {
        await cola.enviarPendientes();
      } finally {
        if (despues) await despues();
        programar();
      }
    }

    return enviar;
  }

  /* The enrolment form (core/movil/_enrolar.html): POST {codigo, nombre} as JSON to `url`; on
   * 2xx with a token, `alEnrolar(respuesta)` stores what the app keeps and shows its screen;
   * then records held back (by a refused token, say) are retried at once. Otherwise the
   * server's reason, in Spanish. Enrolment needs the signal; nothing is queued. */
  function enrolamiento({ url, cola, enviar, alEnrolar }) {
    return async function enrolar(evento) {
      evento.preventDefault();
      const codigo = $("codigo").value.trim();
      const nombre = $("nombre").value.trim();
      const error = $("enrolar-error");
      error.textContent = "";
      if (!codigo || !nombre) {
        error.textContent = "Escriba el código y el nombre.";
        return;
      }
      if (navigator.onLine === false) {
        error.textContent = "Necesita conexión a internet para enrolar el teléfono.";
        return;
      }
      const boton = $("boton-enrolar");
      boton.disabled = true;
      boton.textContent = "Enrolando…";
      try {
        const resp = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ codigo, nombre }),
          cache: "no-store",
          credentials: "omit",
        });
        const cuerpo = await resp.json().catch(() => null);
        if (resp.ok && cuerpo && cuerpo.token) {
          aviso("");
          await alEnrolar(cuerpo);
          if (navigator.storage && navigator.storage.persist) navigator.storage.persist();
          $("codigo").value = "";
          // new credentials: what waits after a 401 is retried now, not after the backoff
          await cola.adelantarReintentos();
          enviar();
        } else {
          error.textContent =
            (cuerpo && cuerpo.error && cuerpo.error.mensaje) ||
            `No se pudo enrolar (respuesta ${resp.status}).`;
        }
      } catch (e) {
        error.textContent = "No hay conexión con el servidor. Intente de nuevo.";
      } finally {
        boton.disabled = false;
        boton.textContent = "Enrolar";
      }
    };
  }

  /* Wake the sender when the signal comes back (retries brought forward), when the page is
   * shown again; repaint on any change another tab or the service worker makes (`alCambiar`);
   * register the service worker. textos: {si, no}, the connection badge's words. */
  function vigilar({ cola, enviar, alCambiar, alVolver, textos }) {
    pintarConexion(textos);
    window.addEventListener("online", async () => {
      pintarConexion(textos);
      await cola.adelantarReintentos();
      enviar();
      if (alVolver) alVolver();
    });
    window.addEventListener("offline", () => pintarConexion(textos));
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") enviar();
    });
    if (typeof BroadcastChannel !== "undefined" && alCambiar) {
      new BroadcastChannel(cola.canal).onmessage = () => alCambiar();
    }
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker
        .register(document.body.dataset.sw, { scope: document.body.dataset.alcance })
        .catch(() => null);
    }
  }

  global.OplePagina = { aviso, dato, emisor, enrolamiento, vigilar };
})(self);
