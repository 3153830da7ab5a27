"""Thin views: the consejo's reception desk, bodega and prints; the scanner app's shell; the public
progress page. Every write goes through `services`; every read through `selectors`.

The desk works without JavaScript (a USB or Bluetooth label reader types the QR's text into the
key field like a keyboard); several tables post to it at once, and the package's row lock in
`registrar_evento` keeps two tables from receiving one package.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ople.catalog.models import Demarcacion
from ople.core import roles as core_roles
from ople.core.errors import OpleError
from ople.core.movil import AppMovil, Icono
from ople.documentos import pdf
from ople.documentos.services.emision import emitir
from ople.paquetes import clave as claves
from ople.paquetes import impresos, roles, selectors, services, sitio
from ople.paquetes.models import Dispositivo, Evento, Mecanismo, Paquete

ROLES_OFICINA = (roles.RECEPCION, roles.BODEGA, roles.SUPERVISION, core_roles.ADMINISTRACION)
T = Evento.Tipo
TIPOS_MESA = [(t.value, t.label) for t in T if t not in (T.APERTURA_BODEGA, T.CIERRE_BODEGA)]


def _oficina(request: HttpRequest) -> None:
    core_roles.require_role(request.user, *ROLES_OFICINA)


def _consejo(consejo_id: int) -> Demarcacion:
    consejo = selectors.consejos().filter(pk=consejo_id).first()
    if consejo is None:
        raise Http404("Ese consejo no tiene paquetes.")
    return consejo


def _pdf(datos: bytes, nombre: str) -> HttpResponse:
    resp = HttpResponse(datos, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="{nombre}"'
    return resp


def _booleano(valor: str | None) -> bool | None:
    return {"si": True, "no": False}.get(valor or "")


# --- the office ---------------------------------------------------------------------------------


@login_required
@require_GET
def oficina(request: HttpRequest) -> HttpResponse:
    _oficina(request)
    ahora = timezone.now()
    avances = [selectors.avance(c, ahora=ahora) for c in selectors.consejos()]
    return render(
        request,
        "paquetes/oficina.html",
        {"avances": avances, "supervision": core_roles.has_role(request.user, roles.SUPERVISION)},
    )


def datos_del_formulario(post: Any) -> services.DatosEvento:
    presentes = [p.strip() for p in post.get("presentes", "").splitlines() if p.strip()]
    return services.DatosEvento(
        entregado_por=post.get("entregado_por", ""),
        cargo_entrega=post.get("cargo_entrega", "")
        if post.get("cargo_entrega") in Evento.Cargo.values
        else "",
        recibido_por=post.get("recibido_por", ""),
        cargo_recibe=post.get("cargo_recibe", "")
        if post.get("cargo_recibe") in Evento.Cargo.values
        else "",
        cinta_integra=_booleano(post.get("cinta_integra")),
        firmas_integras=_booleano(post.get("firmas_integras")),
        muestras_alteracion=_booleano(post.get("muestras_alteracion")),
        acta_por_fuera=_booleano(post.get("acta_por_fuera")),
        acta_en_paquete=_booleano(post.get("acta_en_paquete")),
        presentes=tuple(presentes),
        motivo=post.get("motivo", ""),
        justificacion=post.get("justificacion", ""),
        organo=post.get("organo", ""),
        observaciones=post.get("observaciones", ""),
    )


@login_required
@require_http_methods(["GET", "POST"])
def tablero(request: HttpRequest, consejo_id: int) -> HttpResponse:
    """The reception desk of one consejo: record an event, see every expected package."""
    _oficina(request)
    consejo = _consejo(consejo_id)
    error = ""
    resultado = None
    valores: dict[str, Any] = {"tipo": T.RECEPCION_CONSEJO, "mesa": request.session.get("mesa", "")}
    if request.method == "POST":
        valores = request.POST.dict()
        request.session["mesa"] = request.POST.get("mesa", "")[:40]
        try:
            paquete = services.paquete_de_etiqueta(
                request.POST.get("etiqueta", ""), proceso=consejo.eleccion.proceso.clave
            )
            resultado = services.registrar_evento(
                usuario=request.user,
                tipo=request.POST.get("tipo", ""),
                id_cliente=request.POST.get("id_cliente", "") or uuid.uuid4().hex,
                paquete=paquete,
                consejo=consejo,
                datos=datos_del_formulario(request.POST),
                mesa=request.POST.get("mesa", ""),
            )
        except OpleError as exc:
            error = exc.mensaje
        except PermissionDenied as exc:
            error = str(exc) or "Su rol no permite registrar este evento."
        else:
            valores = {"tipo": valores.get("tipo"), "mesa": valores.get("mesa", "")}
    ahora = timezone.now()
    filas = selectors.tablero(consejo, ahora=ahora)
    conteo = selectors.avance(consejo, ahora=ahora)
    return render(
        request,
        "paquetes/tablero.html",
        {
            "consejo": consejo,
            "filas": filas,
            "avance": conteo,
            "error": error,
            "resultado": resultado,
            "valores": valores,
            "id_cliente": uuid.uuid4().hex,
            "tipos": TIPOS_MESA,
            "cargos": Evento.Cargo.choices,
            "situaciones": selectors.ETIQUETAS_SITUACION,
        },
        status=422 if error else 200,
    )


@login_required
@require_GET
def lista(request: HttpRequest, consejo_id: int) -> HttpResponse:
    """The live list of the consejo's packages (expected, received, in the bodega), refreshed
    every 20 s: the presidency's screen while the tables receive."""
    _oficina(request)
    consejo = _consejo(consejo_id)
    ahora = timezone.now()
    return render(
        request,
        "paquetes/lista.html",
        {
            "consejo": consejo,
            "filas": selectors.tablero(consejo, ahora=ahora),
            "avance": selectors.avance(consejo, ahora=ahora),
            "situaciones": selectors.ETIQUETAS_SITUACION,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def bodega(request: HttpRequest, consejo_id: int) -> HttpResponse:
    _oficina(request)
    consejo = _consejo(consejo_id)
    error = ""
    if request.method == "POST":
        tipo = T.APERTURA_BODEGA if request.POST.get("accion") == "abrir" else T.CIERRE_BODEGA
        try:
            services.registrar_evento(
                usuario=request.user,
                tipo=tipo,
                id_cliente=request.POST.get("id_cliente", "") or uuid.uuid4().hex,
                consejo=consejo,
                datos=datos_del_formulario(request.POST),
            )
        except OpleError as exc:
            error = exc.mensaje
        except PermissionDenied as exc:
            error = str(exc) or "Su rol no permite abrir ni cerrar la bodega."
        else:
            messages.success(
                request,
                "Bodega abierta." if tipo == T.APERTURA_BODEGA else "Bodega cerrada.",
            )
            return redirect("paquetes:bodega", consejo_id=consejo.pk)
    return render(
        request,
        "paquetes/bodega.html",
        {
            "consejo": consejo,
            "eventos": selectors.bitacora_bodega(consejo),
            "abierta": services.bodega_abierta(consejo),
            "error": error,
            "valores": request.POST if error else {},
            "id_cliente": uuid.uuid4().hex,
        },
        status=422 if error else 200,
    )


@login_required
@require_GET
def etiquetas_pdf(request: HttpRequest, consejo_id: int) -> HttpResponse:
    _oficina(request)
    consejo = _consejo(consejo_id)
    proceso = consejo.eleccion.proceso.clave
    etiquetas = [
        impresos.Etiqueta(
            qr=claves.texto_qr(proceso, p.clave),
            impresa=claves.impresa(proceso, p.clave),
            casilla=f"Casilla {p.casilla.clave} · sección {p.casilla.seccion.numero}",
            eleccion=p.eleccion.nombre,
            consejo=consejo.nombre,
            mecanismo=str(p.mecanismo) if p.mecanismo else "Entrega directa",
        )
        for p in selectors.paquetes_de_consejo(consejo)
        .select_related("casilla__seccion", "eleccion", "mecanismo")
        .order_by("clave")
    ]
    datos = impresos.hoja_de_etiquetas(
        etiquetas,
        titulo=f"Etiquetas de paquetes · {consejo.nombre}",
        fecha=_fecha_fija(consejo),
    )
    return _pdf(datos, f"etiquetas-{consejo.pk}.pdf")


def _fecha_fija(consejo: Demarcacion) -> Any:
    from datetime import datetime, time

    return datetime.combine(
        consejo.eleccion.proceso.fecha_jornada, time(0), tzinfo=timezone.get_current_timezone()
    )


def _hora(momento: Any) -> str:
    return timezone.localtime(momento).strftime("%d/%m/%Y %H:%M:%S %z")


def _si_no(valor: bool | None) -> str:
    return {True: "sí", False: "no", None: "—"}[valor]


def lineas_evento(e: Evento) -> list[str]:
    lineas = [f"{_hora(e.ocurrido_en)} · {e.get_tipo_display()} (evento {e.pk})"]
    if e.corrige_id:
        lineas.append(f"    Corrige el evento {e.corrige_id}: {e.motivo_correccion}")
    if e.entregado_por:
        lineas.append(f"    Entregó: {e.entregado_por} ({e.get_cargo_entrega_display()})")
    if e.recibido_por:
        lineas.append(f"    Recibió: {e.recibido_por}")
    if e.tipo == T.RECEPCION_CONSEJO:
        lineas.append(
            f"    Cinta o sello íntegro: {_si_no(e.cinta_integra)} · firmas íntegras: "
            f"{_si_no(e.firmas_integras)} · muestras de alteración: "
            f"{_si_no(e.muestras_alteracion)} · acta por fuera: {_si_no(e.acta_por_fuera)}"
        )
    if e.acta_en_paquete is not None:
        lineas.append(f"    Acta dentro del paquete: {_si_no(e.acta_en_paquete)}")
    if e.mecanismo_id:
        programado = (
            ""
            if e.programado is None
            else (" (programado)" if e.programado else " (NO programado)")
        )
        lineas.append(f"    Mecanismo: {e.mecanismo}{programado}")
    if e.presentes:
        lineas.append("    Presentes: " + "; ".join(e.presentes))
    for etiqueta, valor in (
        ("Motivo", e.motivo),
        ("Justificación de la demora", e.justificacion),
        ("Órgano o sede", e.organo),
        ("Observaciones", e.observaciones),
        ("Recibo", e.recibo_folio),
        ("Foto (SHA-256)", e.foto_sha256),
    ):
        if valor:
            lineas.append(f"    {etiqueta}: {valor}")
    lineas.append(
        f"    Registró: {e.usuario.get_username()}"
        + (f" · {e.mesa}" if e.mesa else "")
        + (f" · teléfono {e.dispositivo_id}" if e.dispositivo_id else "")
        + f" · {_hora(e.registrado_en)}"
    )
    return lineas


def _paquete(clave: str) -> Paquete:
    return get_object_or_404(
        Paquete.objects.select_related("casilla", "consejo", "eleccion__proceso", "mecanismo"),
        clave=clave,
    )


@login_required
@require_GET
def paquete(request: HttpRequest, clave: str) -> HttpResponse:
    _oficina(request)
    p = _paquete(clave)
    eventos = selectors.historial(p)
    estado = selectors.estado_paquetes(eleccion=p.eleccion_id, casillas=[p.casilla_id])[
        p.casilla_id
    ]
    return render(
        request,
        "paquetes/paquete.html",
        {
            "paquete": p,
            "impresa": claves.impresa(p.eleccion.proceso.clave, p.clave),
            "eventos": [(e, lineas_evento(e)) for e in eventos],
            "estado": estado,
            "supervision": core_roles.has_role(
                request.user, roles.SUPERVISION, core_roles.ADMINISTRACION
            ),
        },
    )


def _documento_pdf(request: HttpRequest, doc: pdf.Documento, nombre: str) -> HttpResponse:
    # Issued through the platform: its canonical content kept, its QR answered (ADR 0056).
    # Reserved: receipts, histories and the bodega's log name who delivered, received and was
    # present; the page confirms the document without its text.
    return _pdf(emitir(doc, sistema="paquetes", actor=request.user, reservado=True), nombre)


@login_required
@require_GET
def historial_pdf(request: HttpRequest, clave: str) -> HttpResponse:
    _oficina(request)
    p = _paquete(clave)
    eventos = selectors.historial(p)
    lineas = [
        f"Paquete {claves.impresa(p.eleccion.proceso.clave, p.clave)} · {p.eleccion.nombre}",
        f"Casilla {p.casilla.clave} · {p.consejo.nombre} · ubicación {p.get_ubicacion_display()}",
        f"Mecanismo planeado: {p.mecanismo or 'entrega directa'}",
        "",
    ]
    for e in eventos:
        lineas.extend(lineas_evento(e))
    fecha = eventos[-1].registrado_en if eventos else _fecha_fija(p.consejo)
    doc = impresos.documento(
        titulo="Historial de custodia del paquete electoral",
        lineas=lineas,
        folio=f"PAQ-{p.clave}-{len(eventos)}",
        fecha=fecha,
        firmas=("Presidencia del consejo", "Secretaría técnica"),
    )
    return _documento_pdf(request, doc, f"historial-{p.clave}.pdf")


@login_required
@require_GET
def bodega_pdf(request: HttpRequest, consejo_id: int) -> HttpResponse:
    _oficina(request)
    consejo = _consejo(consejo_id)
    eventos = selectors.bitacora_bodega(consejo)
    lineas = [f"Bodega electoral de {consejo.nombre} ({consejo.eleccion.nombre})", ""]
    for e in eventos:
        lineas.extend(
            [f"Paquete {e.paquete.clave}" if e.paquete_id else "Bodega"]  # type: ignore[union-attr]
            + lineas_evento(e)
        )
    fecha = eventos[-1].registrado_en if eventos else _fecha_fija(consejo)
    doc = impresos.documento(
        titulo="Bitácora de la bodega electoral",
        lineas=lineas,
        folio=f"BOD-{consejo.pk}-{len(eventos)}",
        fecha=fecha,
        firmas=("Presidencia del consejo", "Responsable de la bodega"),
    )
    return _documento_pdf(request, doc, f"bodega-{consejo.pk}.pdf")


@login_required
@require_GET
def recibo_pdf(request: HttpRequest, evento_id: int) -> HttpResponse:
    """The receipt (acuse) of a package's reception, with its folio."""
    _oficina(request)
    e = get_object_or_404(
        Evento.objects.select_related(
            "paquete__casilla", "paquete__eleccion__proceso", "consejo", "usuario"
        ),
        pk=evento_id,
        tipo=T.RECEPCION_CONSEJO,
    )
    p = e.paquete
    assert p is not None
    lineas = [
        f"El {e.consejo.nombre} recibe el paquete electoral "
        f"{claves.impresa(p.eleccion.proceso.clave, p.clave)} ({p.eleccion.nombre}), "
        f"casilla {p.casilla.clave}.",
        "",
        *lineas_evento(e),
    ]
    doc = impresos.documento(
        titulo="Recibo de entrega del paquete electoral",
        lineas=lineas,
        folio=e.recibo_folio,
        fecha=e.registrado_en,
        firmas=("Entrega", "Recibe"),
    )
    return _documento_pdf(request, doc, f"recibo-{e.pk}.pdf")


CONDICION = (
    ("cinta_integra", "Cinta o sello íntegro"),
    ("firmas_integras", "Firmas íntegras"),
    ("muestras_alteracion", "Muestras de alteración"),
    ("acta_por_fuera", "Acta por fuera del paquete"),
    ("acta_en_paquete", "Acta dentro del paquete"),
)


@login_required
@require_http_methods(["GET", "POST"])
def corregir(request: HttpRequest, evento_id: int) -> HttpResponse:
    """A correction: a new event naming this one, with its reason (supervision only)."""
    core_roles.require_role(request.user, roles.SUPERVISION, core_roles.ADMINISTRACION)
    evento = get_object_or_404(
        Evento.objects.select_related("paquete", "consejo", "usuario"), pk=evento_id
    )
    error = ""
    if request.method == "POST":
        try:
            services.corregir_evento(
                usuario=request.user,
                evento=evento,
                motivo=request.POST.get("motivo_correccion", ""),
                datos=replace(datos_del_formulario(request.POST), ocurrido_en=evento.ocurrido_en),
                id_cliente=request.POST.get("id_cliente", "") or uuid.uuid4().hex,
            )
        except OpleError as exc:
            error = exc.mensaje
        else:
            messages.success(request, f"Corrección del evento {evento.pk} registrada.")
            if evento.paquete is not None:
                return redirect("paquetes:paquete", clave=evento.paquete.clave)
            return redirect("paquetes:bodega", consejo_id=evento.consejo_id)
        valores: Any = request.POST
        si = {c for c, _ in CONDICION if request.POST.get(c) == "si"}
        no = {c for c, _ in CONDICION if request.POST.get(c) == "no"}
    else:
        valores = {
            "entregado_por": evento.entregado_por,
            "cargo_entrega": evento.cargo_entrega,
            "recibido_por": evento.recibido_por,
            "presentes": "\n".join(evento.presentes),
            "motivo": evento.motivo,
            "justificacion": evento.justificacion,
            "organo": evento.organo,
            "observaciones": evento.observaciones,
        }
        si = {c for c, _ in CONDICION if getattr(evento, c) is True}
        no = {c for c, _ in CONDICION if getattr(evento, c) is False}
    return render(
        request,
        "paquetes/corregir.html",
        {
            "evento": evento,
            "lineas": lineas_evento(evento),
            "v": valores,
            "si": si,
            "no": no,
            "condicion": CONDICION,
            "cargos": Evento.Cargo.choices,
            "error": error,
            "id_cliente": uuid.uuid4().hex,
        },
        status=422 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def dispositivos(request: HttpRequest) -> HttpResponse:
    """Enrolment codes for the scanner: one per person, shown once."""
    core_roles.require_role(request.user, roles.SUPERVISION, core_roles.ADMINISTRACION)
    codigo = ""
    error = ""
    if request.method == "POST" and request.POST.get("revocar"):
        dispositivo = get_object_or_404(Dispositivo, pk=request.POST.get("revocar"))
        try:
            services.revocar_dispositivo(
                supervisor=request.user,
                dispositivo=dispositivo,
                motivo=request.POST.get("motivo", ""),
            )
        except OpleError as exc:
            error = exc.mensaje
    elif request.method == "POST":
        persona = get_user_model().objects.filter(username=request.POST.get("usuario", "")).first()
        try:
            if persona is None:
                raise services.PaqueteError("persona_desconocida", "No existe ese usuario.")
            codigo = services.crear_codigo_enrolamiento(supervisor=request.user, persona=persona)
        except OpleError as exc:
            error = exc.mensaje
    return render(
        request,
        "paquetes/dispositivos.html",
        {"codigo": codigo, "error": error, "dispositivos": selectors.dispositivos()},
    )


# --- the public progress page ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def avance(request: HttpRequest) -> HttpResponse:
    """The public progress page as it would be published now (preview); POST publishes it as a
    signed cut of the site `paquetes` (served at /paquetes/)."""
    _oficina(request)
    if request.method == "POST":
        core_roles.require_role(request.user, roles.SUPERVISION, core_roles.ADMINISTRACION)
        corte = services.publicar_avance(actor=request.user)
        messages.success(request, f"Corte publicado: {corte.nombre}.")
        return redirect("paquetes:oficina")
    archivos = sitio.generar(selectors.modelo_avance(ahora=timezone.now()))
    return HttpResponse(archivos["index.html"], content_type="text/html; charset=utf-8")


# --- the scanner app --------------------------------------------------------------------------

# The phone scanner as the platform serves a phone app that works without signal
# (`ople.core.movil`): page, service worker and manifest at /paquetes/escaner/.
ESCANER = AppMovil(
    nombre="Escáner de paquetes electorales",
    nombre_corto="Paquetes",
    descripcion="Escanear la etiqueta del paquete y registrar cada entrega.",
    alcance="/paquetes/escaner/",
    api="/paquetes/api/",
    cache="paquetes-escaner-",
    plantilla="paquetes/escaner.html",
    envio="paquetes/envio.js",
    estilos=("paquetes/escaner.css",),
    scripts=("paquetes/vendor/jsQR.js", "paquetes/lector.js", "paquetes/escaner.js"),
    iconos=(
        Icono("paquetes/icono-192.png", "192x192"),
        Icono("paquetes/icono-512.png", "512x512"),
        Icono("paquetes/icono.svg", "any", "image/svg+xml"),
    ),
    color="#1f4e6b",
    csp={"img-src": ("blob:",), "media-src": ("blob:", "mediastream:")},
)


# --- the consejo's collection mechanisms (RE arts. 326–327) ------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def mecanismos(request: HttpRequest, consejo_id: int) -> HttpResponse:
    """The mechanisms the consejo approved and each package's planned route and location (which
    set its legal deadline). Supervision records them; a bad row changes nothing at all."""
    _oficina(request)
    consejo = _consejo(consejo_id)
    puede = core_roles.has_role(request.user, roles.SUPERVISION, core_roles.ADMINISTRACION)
    if request.method == "POST":
        if not puede:
            raise PermissionDenied("Sólo la supervisión registra los mecanismos y las rutas.")
        try:
            if request.POST.get("accion") == "crear":
                m = services.crear_mecanismo(
                    usuario=request.user,
                    consejo=consejo,
                    tipo=request.POST.get("tipo", ""),
                    nombre=request.POST.get("nombre", ""),
                    ruta=request.POST.get("ruta", ""),
                    representantes_invitados=request.POST.get("invitados", "").splitlines(),
                    responsable=request.POST.get("responsable", ""),
                )
                messages.success(request, f"Mecanismo registrado: {m}.")
            else:
                cambiados = services.asignar_rutas(
                    usuario=request.user, consejo=consejo, rutas=_rutas_del_formulario(request.POST)
                )
                messages.success(request, f"Rutas guardadas: {cambiados} paquetes cambiaron.")
        except OpleError as exc:
            messages.error(request, f"{exc.mensaje} No se guardó nada.")
        return redirect("paquetes:mecanismos", consejo_id=consejo.pk)
    return render(
        request,
        "paquetes/mecanismos.html",
        {
            "consejo": consejo,
            "puede": puede,
            "mecanismos": selectors.mecanismos_de_consejo(consejo),
            "paquetes": selectors.paquetes_de_consejo(consejo)
            .select_related("mecanismo")
            .order_by("casilla__seccion__numero", "casilla__clave", "clave"),
            "tipos": Mecanismo.Tipo.choices,
            "ubicaciones": Paquete.Ubicacion.choices,
        },
    )


def _rutas_del_formulario(post: Any) -> dict[str, tuple[str, str]]:
    """{package key: (mechanism id or "" for direct delivery, location)} from the table's rows."""
    rutas = {}
    for clave in post.getlist("paquete"):
        rutas[clave] = (post.get(f"mecanismo-{clave}", ""), post.get(f"ubicacion-{clave}", ""))
    return rutas
