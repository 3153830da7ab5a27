"""Seguimiento documental's pages (staff) and the deadline calculator (public)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ople import profiles
from ople.core import roles as core_roles
from ople.documentos import storage
from ople.oficialia import calculo, perfil, roles, selectors
from ople.oficialia.models import Documento, Estado, Solicitud, Turno
from ople.oficialia.services import documentos as servicios

TODOS = (roles.PARTES, roles.AREA)


def _fecha(texto: str) -> date | None:
    try:
        return date.fromisoformat(texto) if texto else None
    except ValueError:
        return None


@login_required
def inicio(request: HttpRequest) -> HttpResponse:
    core_roles.require_role(request.user, *TODOS)
    g = request.GET
    area = g.get("area", "")
    docs = selectors.buscar(
        texto=g.get("q", ""),
        area=area,
        estado=g.get("estado", ""),
        desde=_fecha(g.get("desde", "")),
        hasta=_fecha(g.get("hasta", "")),
    )[:200]
    ahora = timezone.now()
    return render(
        request,
        "oficialia/inicio.html",
        {
            "documentos": docs,
            "areas": selectors.areas(),
            "estados": Estado.choices,
            "g": g,
            "vencidos": selectors.vencidos(ahora=ahora, area=area),
            "por_vencer": selectors.por_vencer(ahora=ahora, area=area),
            "puede_registrar": core_roles.has_role(request.user, roles.PARTES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def nuevo(request: HttpRequest) -> HttpResponse:
    core_roles.require_role(request.user, roles.PARTES)
    if request.method == "POST":
        p = request.POST
        try:
            fecha = _fecha(p.get("fecha_documento", ""))
            if fecha is None:
                raise servicios.OficialiaError("fecha", "Indique la fecha del documento.")
            archivo = request.FILES.get("archivo")
            doc = servicios.registrar(
                tipo=p.get("tipo", ""),
                sentido=p.get("sentido", ""),
                area=servicios.area_por_siglas(p.get("area", "")),
                remitente=p.get("remitente", ""),
                destinatario=p.get("destinatario", ""),
                asunto=p.get("asunto", ""),
                fecha_documento=fecha,
                actor=request.user,
                archivo=(archivo.name, archivo.read()) if archivo else None,
                anexos=[(f.name, f.read()) for f in request.FILES.getlist("anexos")],
            )
        except servicios.OficialiaError as exc:
            messages.error(request, exc.mensaje)
        else:
            messages.success(request, f"Registrado con el folio {doc.folio}.")
            return redirect("oficialia:documento", pk=doc.pk)
    return render(
        request,
        "oficialia/nuevo.html",
        {
            "areas": selectors.areas(),
            "tipos": Documento.Tipo.choices,
            "sentidos": Documento.Sentido.choices,
            "p": request.POST,
            "hoy": timezone.localdate(),
        },
    )


@login_required
def documento(request: HttpRequest, pk: int) -> HttpResponse:
    core_roles.require_role(request.user, *TODOS)
    doc = get_object_or_404(Documento.objects.select_related("area", "responde_a"), pk=pk)
    return render(
        request,
        "oficialia/documento.html",
        {
            "doc": doc,
            "eventos": selectors.historial(doc),
            "turnos": doc.turnos.select_related("area", "respuesta"),
            "respuestas": doc.respuestas.all(),
            "areas": selectors.areas(),
            "ahora": timezone.now(),
            "puede_turnar": core_roles.has_role(request.user, roles.PARTES),
            "puede_atender": core_roles.has_role(request.user, roles.AREA),
            "solicitud": Solicitud.objects.filter(documento=doc).first(),
        },
    )


@login_required
@require_http_methods(["POST"])
def turnar(request: HttpRequest, pk: int) -> HttpResponse:
    core_roles.require_role(request.user, roles.PARTES)
    doc = get_object_or_404(Documento, pk=pk)
    p = request.POST
    try:
        vence = _fecha(p.get("vence", ""))
        if vence is None:
            raise servicios.OficialiaError("vence", "Indique la fecha de vencimiento.")
        servicios.turnar(
            documento=doc,
            areas=[servicios.area_por_siglas(s) for s in p.getlist("areas")],
            instrucciones=p.get("instrucciones", ""),
            vence_en=timezone.make_aware(datetime.combine(vence, time(23, 59, 59))),
            actor=request.user,
        )
    except servicios.OficialiaError as exc:
        messages.error(request, exc.mensaje)
    else:
        messages.success(request, "Turnado.")
    return redirect("oficialia:documento", pk=doc.pk)


@login_required
@require_http_methods(["POST"])
def atender(request: HttpRequest, pk: int) -> HttpResponse:
    core_roles.require_role(request.user, roles.AREA)
    turno = get_object_or_404(Turno, pk=pk)
    p = request.POST
    try:
        if p.get("accion") == "responder":
            archivo = request.FILES.get("archivo")
            r = servicios.responder(
                turno=turno,
                asunto=p.get("asunto", ""),
                destinatario=p.get("destinatario", ""),
                actor=request.user,
                archivo=(archivo.name, archivo.read()) if archivo else None,
            )
            messages.success(request, f"Respuesta registrada con el folio {r.folio}.")
        else:
            servicios.atender(turno=turno, actor=request.user)
            messages.success(request, "Turno en atención.")
    except servicios.OficialiaError as exc:
        messages.error(request, exc.mensaje)
    return redirect("oficialia:documento", pk=turno.documento_id)


@login_required
@require_http_methods(["POST"])
def archivar(request: HttpRequest, pk: int) -> HttpResponse:
    core_roles.require_role(request.user, roles.PARTES)
    doc = get_object_or_404(Documento, pk=pk)
    try:
        servicios.archivar(documento=doc, nota=request.POST.get("nota", ""), actor=request.user)
    except servicios.OficialiaError as exc:
        messages.error(request, exc.mensaje)
    return redirect("oficialia:documento", pk=doc.pk)


@login_required
def archivo(request: HttpRequest, pk: int, sha: str) -> HttpResponse:
    core_roles.require_role(request.user, *TODOS)
    doc = get_object_or_404(Documento, pk=pk)
    nombres = {doc.archivo_sha256: doc.archivo_nombre} if doc.archivo_sha256 else {}
    nombres.update({a.sha256: a.nombre for a in doc.anexos.all()})
    if sha not in nombres:
        raise Http404("Archivo desconocido")
    nombre = nombres[sha]
    extension = nombre.rsplit(".", 1)[-1].lower() if "." in nombre else "bin"
    if not extension.isalnum() or len(extension) > 8:
        extension = "bin"
    datos = storage.abrir(servicios.ARCHIVOS.nombre_para(sha, extension))
    tipo = "application/pdf" if extension == "pdf" else "application/octet-stream"
    respuesta = HttpResponse(datos, content_type=tipo)
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta


@login_required
def informatica(request: HttpRequest) -> HttpResponse:
    core_roles.require_role(request.user, *TODOS)
    conf = perfil.de(profiles.cargar(settings.OPLE_PROFILE))
    meses, dias = conf.anticipacion_sistemas_meses, conf.anticipacion_eventos_dias
    anticipacion = (
        ("un mes" if meses == 1 else f"{meses} meses")
        + " para sistemas y aplicaciones, "
        + {1: "un día", 15: "quince días"}.get(dias, f"{dias} días")
        + " para eventos, foros y concursos"
    )
    return render(
        request,
        "oficialia/informatica.html",
        {"filas": selectors.cartera(), "anticipacion": anticipacion},
    )


def plazos(request: HttpRequest) -> HttpResponse:
    """The public calculator: the same computation as `ople plazos vence`, explained."""
    g = request.GET
    contexto: dict[str, object] = {"g": g, "efectos": calculo.EFECTOS}
    if g.get("notificado"):
        try:
            unidad = g.get("unidad", "dias")
            cantidad = int(g.get("cantidad", ""))
            v = calculo.calcular(
                notificado=g["notificado"].replace("T", " "),
                dias=cantidad if unidad == "dias" else None,
                horas=cantidad if unidad == "horas" else None,
                materia=g.get("materia", ""),
                efecto=g.get("efecto", "mismo-dia"),
            )
        except ValueError as exc:
            contexto["error"] = (
                str(exc) if isinstance(exc, calculo.CalculoInvalido) else "Indique un plazo entero."
            )
        else:
            contexto["v"] = v
    return render(request, "oficialia/plazos.html", contexto)
