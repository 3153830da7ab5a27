/* PREP Casilla · the page: enrolment, choosing the acta, the photo and its check, the list of
 * sends. The outbox is envio.js (on the platform's core/movil/), the photo checks calidad.js. */
(function () {
  "use strict";

  const URL_ENROLAMIENTO = "/prep/api/v1/enrolamiento";
  const URL_DISPOSITIVO = "/prep/api/v1/dispositivo";
  const TIPOS_CASILLA = {
    B: "Básica",
    C: "Contigua",
    E: "Extraordinaria",
    S: "Especial",
    M: "Mesa de escrutinio",
    A: "Voto anticipado",
    P: "Prisión preventiva",
  };
  const ESTADOS = {
    pendiente: "Pendiente",
    enviando: "Enviando…",
    recibido: "Recibido",
    rechazado: "Rechazado",
  };

  const $ = (id) => document.getElementById(id);
  const app = {
    token: null,
    dispositivo: null,
    casillas: [],
    foto: null, // {blob, sha256, revision, capturado_en, qr}
    urls: [],
  };
  const { aviso, dato } = OplePagina;
  const enviar = OplePagina.emisor({
    cola: OpleCola,
    activo: () => !!app.token,
    despues: async () => {
      await pintarEnvios();
      await cargarAvisoToken();
    },
  });

  // ---------------------------------------------------------------- screens and notices

  function mostrar(nombre) {
    for (const p of ["cargando", "enrolar", "foto", "envios"]) {
      $(`pantalla-${p}`).hidden = p !== nombre;
    }
    $("pestanas").hidden = nombre === "enrolar" || nombre === "cargando";
    for (const b of document.querySelectorAll("#pestanas button")) {
      b.setAttribute("aria-current", b.dataset.pantalla === nombre ? "page" : "false");
    }
    document.body.dataset.pantalla = nombre;
    window.scrollTo(0, 0);
  }

  // ---------------------------------------------------------------- casillas and actas

  function nombreCasilla(c) {
    const tipo = TIPOS_CASILLA[c.tipo] || c.tipo;
    const numero = parseInt(c.clave.slice(7, 9), 10);
    const ext = parseInt(c.clave.slice(9, 11), 10);
    const seccion = String(c.seccion).padStart(4, "0");
    return `Sección ${seccion} · ${tipo} ${numero}${ext ? ` ext. ${ext}` : ""}`;
  }

  function buscarActa(clave) {
    for (const c of app.casillas) {
      for (const a of c.actas || []) {
        if (a.clave_acta === clave) return { casilla: c, acta: a };
      }
    }
    return null;
  }

  function pintarSelectores(claveActa) {
    const selC = $("casilla");
    const anterior = selC.value;
    selC.textContent = "";
    for (const c of app.casillas) {
      const o = document.createElement("option");
      o.value = c.clave;
      o.textContent = nombreCasilla(c);
      selC.append(o);
    }
    const elegida = claveActa && buscarActa(claveActa);
    if (elegida) selC.value = elegida.casilla.clave;
    else if (anterior && app.casillas.some((c) => c.clave === anterior)) selC.value = anterior;
    pintarActas(elegida ? elegida.acta.clave_acta : null);
  }

  function pintarActas(claveActa) {
    const selA = $("acta");
    const casilla = app.casillas.find((c) => c.clave === $("casilla").value);
    selA.textContent = "";
    const actas = (casilla && casilla.actas) || [];
    const nombres = actas.map((a) => a.eleccion);
    for (const a of actas) {
      const o = document.createElement("option");
      o.value = a.clave_acta;
      const repetida = nombres.filter((n) => n === a.eleccion).length > 1;
      o.textContent = repetida ? `${a.eleccion} (acta ${a.tipo_acta})` : a.eleccion;
      selA.append(o);
    }
    if (claveActa) selA.value = claveActa;
  }

  function pintarDispositivo() {
    $("dispositivo-nombre").textContent = app.dispositivo
      ? `${app.dispositivo.nombre} (dispositivo ${app.dispositivo.id})`
      : "";
    const ul = $("dispositivo-casillas");
    ul.textContent = "";
    for (const c of app.casillas) {
      const li = document.createElement("li");
      li.textContent = `${nombreCasilla(c)} — ${c.domicilio || c.clave}`;
      ul.append(li);
    }
  }

  async function cargarConfig() {
    app.token = (await OpleDB.leerConfig("token")) || null;
    app.dispositivo = (await OpleDB.leerConfig("dispositivo")) || null;
    app.casillas = (await OpleDB.leerConfig("casillas")) || [];
    const noAutorizado = await OpleDB.leerConfig("no_autorizado");
    aviso(
      noAutorizado
        ? `${noAutorizado} Sus fotos siguen guardadas en el teléfono; pida un código nuevo y enrole de nuevo.`
        : ""
    );
  }

  async function actualizarListado() {
    if (!app.token || !navigator.onLine) return;
    try {
      const resp = await fetch(URL_DISPOSITIVO, {
        headers: { Authorization: `Bearer ${app.token}` },
        cache: "no-store",
        credentials: "omit",
      });
      const cuerpo = await resp.json().catch(() => null);
      if (resp.ok && cuerpo) {
        await OpleDB.guardarConfig({
          dispositivo: cuerpo.dispositivo,
          casillas: cuerpo.casillas,
          no_autorizado: undefined,
        });
      } else if (resp.status === 401) {
        const mensaje = (cuerpo && cuerpo.error && cuerpo.error.mensaje) || "Token no válido.";
        await OpleDB.guardarConfig({ no_autorizado: mensaje });
      }
      await cargarConfig();
      pintarSelectores($("acta").value);
      pintarDispositivo();
    } catch (e) {
      // no signal: keep the list stored on the phone
    }
  }

  // ---------------------------------------------------------------- enrolment

  const enrolar = OplePagina.enrolamiento({
    url: URL_ENROLAMIENTO,
    cola: OpleCola,
    enviar,
    alEnrolar: async (cuerpo) => {
      await OpleDB.guardarConfig({
        token: cuerpo.token,
        dispositivo: cuerpo.dispositivo,
        casillas: cuerpo.casillas,
        enrolado_en: new Date().toISOString(),
        no_autorizado: undefined,
      });
      await cargarConfig();
      pintarSelectores();
      pintarDispositivo();
      mostrar("foto");
    },
  });

  // ---------------------------------------------------------------- photo

  function limpiarFoto() {
    if (app.foto && app.foto.url) URL.revokeObjectURL(app.foto.url);
    app.foto = null;
    $("archivo").value = "";
    $("revision").hidden = true;
    $("resultado").textContent = "";
    $("vista").removeAttribute("src");
    $("qr-nota").textContent = "";
    $("boton-camara").textContent = "Tomar foto del acta";
    $("boton-camara").className = "boton principal";
  }

  async function fotoElegida() {
    const elegido = $("archivo").files && $("archivo").files[0];
    if (!elegido) return;
    const capturado_en = new Date().toISOString();
    limpiarFoto();
    const resultado = $("resultado");
    $("revision").hidden = false;
    $("enviar").hidden = true;
    resultado.className = "resultado";
    resultado.textContent = "Revisando la foto…";
    // Without the camera's Exif/XMP (GPS position, phone model…): the check, the hash, the
    // queue, the server and the public site only ever see the cleaned photo (metadatos.js).
    // After the screen is reset: nothing of the previous photo shows while it runs.
    const archivo = await OpleMetadatos.sinMetadatos(elegido);
    const revision = await OpleCalidad.revisar(archivo);
    document.body.dataset.nitidez = revision.nitidez === undefined ? "" : revision.nitidez;
    document.body.dataset.luminancia =
      revision.luminancia === undefined ? "" : revision.luminancia;
    const url = URL.createObjectURL(archivo);
    $("vista").src = url;
    $("boton-camara").textContent = "Tomar otra foto";
    $("boton-camara").className = "boton secundario";
    if (!revision.aceptada) {
      app.foto = { url };
      resultado.className = "resultado malo";
      resultado.textContent = "";
      const titulo = document.createElement("strong");
      titulo.textContent = "Foto no aceptada:";
      const ul = document.createElement("ul");
      for (const m of revision.motivos) {
        const li = document.createElement("li");
        li.textContent = m;
        ul.append(li);
      }
      resultado.append(titulo, ul);
      resultado.scrollIntoView({ block: "center" });
      return;
    }
    const sha256 = await OpleCalidad.sha256(archivo);
    app.foto = { blob: archivo, sha256, revision, capturado_en, url };
    resultado.className = "resultado bueno";
    resultado.textContent =
      "Foto aceptada: tamaño, luz y enfoque correctos. Revise que sea el acta elegida.";
    $("enviar").hidden = false;
    $("enviar").scrollIntoView({ block: "center" });
    const qr = await OpleCalidad.leerQR(archivo);
    if (!qr.disponible) {
      $("qr-nota").textContent =
        "Este teléfono no lee el código QR: confirme a mano la casilla y la elección.";
    } else if (qr.clave && buscarActa(qr.clave)) {
      pintarSelectores(qr.clave);
      $("qr-nota").textContent = `Acta identificada por su código QR: ${qr.clave}.`;
    } else if (qr.clave) {
      $("qr-nota").textContent =
        `El código QR del acta (${qr.clave}) no es de sus casillas. Revise que sea el acta correcta.`;
    } else {
      $("qr-nota").textContent = "No se encontró el código QR en la foto: elija el acta a mano.";
    }
  }

  async function encolar() {
    if (!app.foto || !app.foto.blob) return;
    const claveActa = $("acta").value;
    const ubicada = buscarActa(claveActa);
    if (!ubicada) {
      $("resultado").textContent = "Elija la casilla y la elección del acta.";
      return;
    }
    $("enviar").disabled = true;
    try {
      const existentes = await OpleDB.listar();
      const repetida = existentes.find(
        (f) =>
          f.clave_acta === claveActa && f.sha256 === app.foto.sha256 && f.estado !== "rechazado"
      );
      if (!repetida) {
        await OpleDB.agregar({
          clave_acta: claveActa,
          casilla: ubicada.casilla.clave,
          casilla_nombre: nombreCasilla(ubicada.casilla),
          eleccion: ubicada.acta.eleccion,
          sha256: app.foto.sha256,
          capturado_en: app.foto.capturado_en,
          blob: app.foto.blob,
          tipo: app.foto.blob.type || "image/jpeg",
          tamano: app.foto.blob.size,
          calidad: {
            ancho: app.foto.revision.ancho,
            alto: app.foto.revision.alto,
            nitidez: app.foto.revision.nitidez,
            luminancia: app.foto.revision.luminancia,
          },
          estado: "pendiente",
          intentos: 0,
          proximo_intento: 0,
          creado_en: new Date().toISOString(),
        });
      }
      limpiarFoto();
      mostrar("envios");
      await pintarEnvios();
      OpleCola.registrarSync();
      enviar();
    } finally {
      $("enviar").disabled = false;
    }
  }

  // ---------------------------------------------------------------- list of sends

  function hora(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    return d.toLocaleString("es-MX", {
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      day: "2-digit",
      month: "short",
    });
  }

  async function pintarEnvios() {
    const fotos = (await OpleDB.listar()).sort((a, b) => b.id - a.id);
    for (const u of app.urls) URL.revokeObjectURL(u);
    app.urls = [];
    const ul = $("lista-envios");
    ul.textContent = "";
    $("sin-envios").hidden = fotos.length > 0;
    let porEnviar = 0;
    for (const f of fotos) {
      if (f.estado === "pendiente" || f.estado === "enviando") porEnviar += 1;
      const li = document.createElement("li");
      li.className = `envio estado-${f.estado}`;
      li.dataset.id = f.id;
      li.dataset.clave = f.clave_acta;
      li.dataset.estado = f.estado;
      li.dataset.sha256 = f.sha256;
      li.dataset.intentos = String(f.intentos || 0);
      if (f.recibo) li.dataset.recibo = f.recibo;
      const miniatura = document.createElement("img");
      const u = URL.createObjectURL(f.blob);
      app.urls.push(u);
      miniatura.src = u;
      miniatura.alt = "";
      miniatura.className = "miniatura";
      const cuerpo = document.createElement("div");
      cuerpo.className = "cuerpo";
      const titulo = document.createElement("p");
      titulo.className = "titulo";
      titulo.textContent = `${f.eleccion} · ${f.casilla_nombre || f.casilla}`;
      const estado = document.createElement("p");
      estado.className = `estado ${f.estado}`;
      estado.textContent = ESTADOS[f.estado] || f.estado;
      const dl = document.createElement("dl");
      dato(dl, "Acta", f.clave_acta);
      dato(dl, "Foto", hora(f.capturado_en));
      if (f.estado === "recibido") {
        dato(dl, "Recibido", hora(f.recibido_en));
        dato(dl, "Recibo", f.recibo, "recibo");
        if (f.version > 1) dato(dl, "Versión", String(f.version));
      }
      dato(dl, "SHA-256", f.sha256, "hash");
      if (f.estado === "rechazado") dato(dl, "Motivo", f.motivo || "", "motivo");
      if (f.estado === "pendiente" && f.ultimo_error) {
        dato(dl, "Último intento", `${f.ultimo_error} (${f.intentos} intento(s))`, "nota");
      }
      cuerpo.append(titulo, estado, dl);
      if (f.estado === "rechazado") {
        const otra = document.createElement("button");
        otra.type = "button";
        otra.className = "secundario";
        otra.textContent = "Tomar otra foto de esta acta";
        otra.addEventListener("click", () => {
          pintarSelectores(f.clave_acta);
          mostrar("foto");
        });
        cuerpo.append(otra);
      }
      li.append(miniatura, cuerpo);
      ul.append(li);
    }
    $("contador").textContent = porEnviar ? String(porEnviar) : "";
    document.body.dataset.porEnviar = String(porEnviar);
  }

  // ---------------------------------------------------------------- sending

  async function cargarAvisoToken() {
    const noAutorizado = await OpleDB.leerConfig("no_autorizado");
    if (noAutorizado) {
      aviso(
        `${noAutorizado} Sus fotos siguen guardadas en el teléfono; pida un código nuevo y enrole de nuevo.`
      );
    }
  }

  // ---------------------------------------------------------------- start

  async function iniciar() {
    OplePagina.vigilar({
      cola: OpleCola,
      enviar,
      alCambiar: pintarEnvios,
      alVolver: actualizarListado,
      textos: { si: "En línea", no: "Sin conexión" },
    });
    $("form-enrolar").addEventListener("submit", enrolar);
    $("casilla").addEventListener("change", () => pintarActas());
    $("archivo").addEventListener("change", fotoElegida);
    $("enviar").addEventListener("click", encolar);
    $("actualizar").addEventListener("click", actualizarListado);
    $("reenrolar").addEventListener("click", () => mostrar("enrolar"));
    for (const b of document.querySelectorAll("#pestanas button")) {
      b.addEventListener("click", () => {
        mostrar(b.dataset.pantalla);
        if (b.dataset.pantalla === "envios") pintarEnvios();
      });
    }
    await cargarConfig();
    await pintarEnvios();
    if (!app.token) {
      mostrar("enrolar");
    } else {
      pintarSelectores();
      pintarDispositivo();
      mostrar("foto");
      actualizarListado();
      enviar();
    }
    document.body.dataset.listo = "1";
  }

  iniciar();
})();
