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

  global.OplePagina = { aviso, dato, emisor, vigilar };
})(self);
