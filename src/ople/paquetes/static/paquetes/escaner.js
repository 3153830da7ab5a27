/* Escáner de paquetes · the screens: enrol, scan the label, record the event, see the receipts.
 *
 * Every event is first written to the phone (IndexedDB, with a fresh id_cliente), then sent by the
 * outbox (envio.js, on the platform's core/movil/); with no signal it waits and goes out when the
 * signal is back, exactly once.
 */
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const app = { token: null, proceso: null, paquete: null, foto: null };
  const { aviso, dato } = OplePagina;
  const enviar = OplePagina.emisor({
    cola: PaquetesCola,
    activo: () => !!app.token,
    despues: async () => {
      await pintarEnvios();
      const no = await PaquetesDB.leerConfig("no_autorizado");
      if (no) aviso(`${no} Sus registros siguen guardados en el teléfono; enrole de nuevo.`);
    },
  });
  const ESTADOS = {
    pendiente: "Pendiente de envío",
    enviando: "Enviando…",
    recibido: "Recibido por el consejo",
    rechazado: "Rechazado",
  };
  const PANTALLAS = ["cargando", "enrolar", "escanear", "evento", "envios"];

  function mostrar(nombre) {
    for (const p of PANTALLAS) $(`pantalla-${p}`).hidden = p !== nombre;
    $("pestanas").hidden = nombre === "enrolar" || nombre === "cargando";
    if (nombre !== "escanear") PaquetesLector.detener();
    document.body.dataset.pantalla = nombre;
  }

  // ---------------------------------------------------------------- enrol

  async function cargarConfig() {
    app.token = (await PaquetesDB.leerConfig("token")) || null;
    app.proceso = (await PaquetesDB.leerConfig("proceso")) || null;
    const persona = (await PaquetesDB.leerConfig("persona")) || "";
    $("dispositivo-persona").textContent = persona ? `A nombre de ${persona}` : "";
    const mecanismos = (await PaquetesDB.leerConfig("mecanismos")) || [];
    const sel = $("mecanismo");
    sel.textContent = "";
    for (const m of mecanismos) {
      const o = document.createElement("option");
      o.value = String(m.id);
      o.textContent = m.nombre;
      sel.append(o);
    }
  }

  const enrolar = OplePagina.enrolamiento({
    url: "/paquetes/api/v1/enrolar",
    cola: PaquetesCola,
    enviar,
    alEnrolar: async (r) => {
      await PaquetesDB.guardarConfig({
        token: r.token,
        proceso: r.proceso,
        persona: r.persona,
        mecanismos: r.mecanismos || [],
        no_autorizado: undefined,
      });
      await cargarConfig();
      mostrar("escanear");
    },
  });

  // ---------------------------------------------------------------- scan

  function elegir(texto) {
    const r = PaquetesLector.leer(texto, app.proceso);
    if (r.error) {
      $("clave-error").textContent = r.error;
      mostrar("escanear");
      return;
    }
    $("clave-error").textContent = "";
    app.paquete = r;
    $("paquete-clave").textContent = r.impresa;
    $("paquete-detalle").textContent = "";
    limpiarFormulario();
    mostrar("evento");
    describir(r.texto);
  }

  async function describir(texto) {
    // Online, show what the label names (casilla, consejo); offline the check digits sufficed.
    try {
      const resp = await fetch(`/paquetes/api/v1/etiqueta?texto=${encodeURIComponent(texto)}`, {
        headers: { Authorization: `Bearer ${app.token}` },
        credentials: "omit",
        cache: "no-store",
      });
      const r = await resp.json();
      if (resp.ok && r.paquete) {
        const p = r.paquete;
        $("paquete-detalle").textContent = `${p.eleccion} · casilla ${p.casilla} · ${p.consejo} · ${p.mecanismo}`;
      } else if (r.error && resp.status === 422) {
        $("evento-error").textContent = r.error.mensaje;
      }
    } catch (e) {
      $("paquete-detalle").textContent = "Sin señal: se enviará al recuperarla.";
    }
  }

  async function abrirCamara() {
    $("clave-error").textContent = "";
    $("video").hidden = false;
    try {
      await PaquetesLector.escanear($("video"), (texto) => {
        $("video").hidden = true;
        elegir(texto);
      });
    } catch (e) {
      $("video").hidden = true;
      $("clave-error").textContent = "No se pudo abrir la cámara: escriba la clave impresa.";
    }
  }

  // ---------------------------------------------------------------- event

  function limpiarFormulario() {
    for (const f of document.querySelectorAll("fieldset[data-campo]")) {
      delete f.dataset.valor;
      for (const b of f.querySelectorAll("button")) b.setAttribute("aria-pressed", "false");
    }
    for (const id of ["justificacion", "observaciones", "organo"]) $(id).value = "";
    app.foto = null;
    $("foto").value = "";
    $("foto-nota").textContent = "";
    $("evento-error").textContent = "";
    pintarTipo();
  }

  function pintarTipo() {
    const tipo = $("tipo").value;
    for (const d of document.querySelectorAll("[data-para]")) {
      d.hidden = !d.dataset.para.split(" ").includes(tipo);
    }
  }

  function tocar(ev) {
    const b = ev.target.closest("button[data-valor]");
    if (!b) return;
    const f = b.closest("fieldset");
    f.dataset.valor = b.dataset.valor;
    for (const x of f.querySelectorAll("button")) x.setAttribute("aria-pressed", String(x === b));
  }

  function valorDe(campo) {
    const f = document.querySelector(`fieldset[data-campo='${campo}']`);
    if (!f || f.closest("[data-para]").hidden || f.dataset.valor === undefined) return null;
    return f.dataset.valor === "true";
  }

  function visible(id) {
    const el = $(id);
    const cont = el.closest("[data-para]");
    return !cont || !cont.hidden;
  }

  async function registrar(ev) {
    ev.preventDefault();
    if (!app.paquete) return mostrar("escanear");
    const tipo = $("tipo").value;
    const datos = {
      id_cliente: OpleColaEnvio.nuevaClave(),
      etiqueta: app.paquete.texto,
      tipo,
      ocurrido_en: new Date().toISOString(),
      observaciones: $("observaciones").value,
    };
    for (const c of ["cinta_integra", "firmas_integras", "muestras_alteracion", "acta_por_fuera", "acta_en_paquete"]) {
      const v = valorDe(c);
      if (v !== null) datos[c] = v;
    }
    if (tipo === "RECEPCION_CONSEJO") {
      const faltan = ["cinta_integra", "firmas_integras", "muestras_alteracion", "acta_por_fuera"].filter(
        (c) => datos[c] === undefined
      );
      if (faltan.length) {
        $("evento-error").textContent = "Toque Sí o No en cada renglón del estado del paquete.";
        return;
      }
    }
    for (const c of ["entregado_por", "cargo_entrega", "recibido_por", "justificacion", "organo"]) {
      if (visible(c) && $(c).value) datos[c] = $(c).value;
    }
    if (visible("mecanismo") && $("mecanismo").value) datos.mecanismo_id = Number($("mecanismo").value);
    const registro = {
      datos,
      clave: app.paquete.impresa,
      tipo_texto: $("tipo").selectedOptions[0].textContent,
      estado: "pendiente",
      intentos: 0,
      creado: datos.ocurrido_en,
    };
    if (app.foto) {
      registro.foto = app.foto;
      registro.foto_nombre = app.foto.name || "paquete.jpg";
    }
    await PaquetesDB.agregar(registro);
    app.paquete = null;
    await pintarEnvios();
    mostrar("envios");
    PaquetesCola.registrarSync();
    enviar();
  }

  // ---------------------------------------------------------------- receipts

  function hora(iso) {
    if (!iso) return "";
    return new Date(iso).toLocaleString("es-MX", { dateStyle: "short", timeStyle: "medium" });
  }

  async function pintarEnvios() {
    const todos = (await PaquetesDB.listar()).sort((a, b) => b.id - a.id);
    const ul = $("lista-envios");
    ul.textContent = "";
    $("sin-envios").hidden = todos.length > 0;
    let porEnviar = 0;
    for (const e of todos) {
      if (e.estado === "pendiente" || e.estado === "enviando") porEnviar += 1;
      const li = document.createElement("li");
      li.className = "envio";
      li.dataset.clave = e.clave;
      li.dataset.tipo = e.datos.tipo;
      li.dataset.estado = e.estado;
      li.dataset.idCliente = e.datos.id_cliente;
      if (e.recibo) li.dataset.recibo = e.recibo;
      const titulo = document.createElement("p");
      titulo.className = "titulo";
      titulo.textContent = `${e.tipo_texto} · ${e.clave}`;
      const estado = document.createElement("p");
      estado.className = `estado ${e.estado}`;
      estado.textContent = ESTADOS[e.estado] || e.estado;
      const dl = document.createElement("dl");
      dato(dl, "Registrado", hora(e.creado));
      if (e.estado === "recibido") dato(dl, "Recibo", e.recibo, "recibo");
      if (e.estado === "rechazado") dato(dl, "Motivo", e.motivo || "", "motivo");
      if (e.estado === "pendiente" && e.ultimo_error) dato(dl, "Último intento", e.ultimo_error, "nota");
      li.append(titulo, estado, dl);
      ul.append(li);
    }
    $("contador").textContent = porEnviar ? String(porEnviar) : "";
    document.body.dataset.porEnviar = String(porEnviar);
  }

  // ---------------------------------------------------------------- start

  async function iniciar() {
    OplePagina.vigilar({
      cola: PaquetesCola,
      enviar,
      alCambiar: pintarEnvios,
      textos: { si: "Con señal", no: "Sin señal" },
    });
    $("form-enrolar").addEventListener("submit", enrolar);
    $("boton-camara").addEventListener("click", abrirCamara);
    $("form-clave").addEventListener("submit", (e) => {
      e.preventDefault();
      elegir($("clave").value);
    });
    $("tipo").addEventListener("change", pintarTipo);
    $("form-evento").addEventListener("click", tocar);
    $("form-evento").addEventListener("submit", registrar);
    $("otra").addEventListener("click", () => mostrar("escanear"));
    $("foto").addEventListener("change", () => {
      const f = $("foto").files[0];
      app.foto = f && (f.type === "image/jpeg" || f.type === "image/png") ? f : null;
      $("foto-nota").textContent = app.foto ? `Foto lista (${Math.round(app.foto.size / 1024)} KB).` : "";
    });
    $("reenrolar").addEventListener("click", () => mostrar("enrolar"));
    $("tab-escanear").addEventListener("click", () => mostrar("escanear"));
    $("tab-envios").addEventListener("click", () => {
      pintarEnvios();
      mostrar("envios");
    });
    await cargarConfig();
    await pintarEnvios();
    mostrar(app.token ? "escanear" : "enrolar");
    if (app.token) enviar();
    document.body.dataset.listo = "1";
  }

  iniciar();
})();
