"""Capture page (keyboard-first) and the acta image, streamed from storage to staff only.

Thin views over `ople.prep.services.captura`. Works without JavaScript (plain form); the
static script adds the one-key ILEGIBLE / SIN DATO entry, Enter-to-advance, zoom/rotate and
the prefetch of the next acta's image.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ople.core import roles
from ople.core.middleware import ampliar_csp
from ople.prep import campos as campos_mod
from ople.prep import entrada
from ople.prep import roles as prep_roles
from ople.prep.models import ActaEsperada, Asignacion, Imagen
from ople.prep.services import captura as svc
from ople.prep.services import intake

ROLES_IMAGEN = (
    prep_roles.ACOPIO,
    prep_roles.DIGITALIZACION,
    prep_roles.CAPTURA,
    prep_roles.VERIFICACION,
    prep_roles.SUPERVISION,
    prep_roles.COORDINACION,
)


def _exigir(request: HttpRequest, *permitidos: str) -> None:
    roles.require_role(request.user, *permitidos)


def _iniciada(texto: str, acta: ActaEsperada) -> datetime | None:
    """When the page says the operator began (the browser's clock): a timing, not a record of
    the acta, so an impossible one (not a date the profile's window admits: year 9999 was
    stored, and every later read failed on PostgreSQL) is dropped rather than refusing the
    capture over the operator's clock."""
    try:
        valor = parse_datetime(texto or "")
    except ValueError:
        return None
    if valor is None or valor.tzinfo is None:
        return None
    ventana = intake.ventana_recepcion(acta.eleccion.proceso_id)
    return valor if ventana.admite(valor, timezone.now()) else None


def valores_del_formulario(request: HttpRequest, campos: list[campos_mod.Campo]) -> dict[str, Any]:
    """Form fields `c_<CAMPO>` → the raw values the service validates."""
    return {c.clave: request.POST.get(f"c_{c.clave}", "").strip() for c in campos}


def _contexto(
    request: HttpRequest,
    asignacion: Asignacion,
    *,
    valores: dict[str, Any] | None = None,
    errores: dict[str, str] | None = None,
) -> dict[str, Any]:
    acta = ActaEsperada.objects.select_related("casilla__seccion", "eleccion", "demarcacion").get(
        pk=asignacion.acta_id
    )
    campos = campos_mod.campos_de(acta)
    dig = asignacion.digitalizacion or svc.ultima_digitalizacion(acta.pk)
    siguiente = svc.siguiente_para_precarga(usuario=request.user)
    precarga = ""
    if siguiente is not None and siguiente.acta_id != acta.pk:
        precarga = reverse("prep:captura_imagen", args=[siguiente.digitalizacion.imagen.sha256])
    valores = valores or {}
    errores = errores or {}
    filas = [
        {
            "campo": c,
            "nombre": f"c_{c.clave}",
            "valor": valores.get(c.clave, ""),
            "error": errores.get(c.clave, ""),
        }
        for c in campos
    ]
    return {
        "asignacion": asignacion,
        "acta": acta,
        "digitalizacion": dig,
        "imagen_url": reverse("prep:captura_imagen", args=[dig.imagen.sha256]) if dig else "",
        "es_pdf": bool(dig and dig.imagen.tipo_mime == "application/pdf"),
        "filas": filas,
        "error_general": errores.get("", ""),
        "precarga": precarga,
    }


# A PDF acta is shown in an <object> of the page, served by `imagen` from this origin.
CSP_PDF = {"object-src": ("'self'",)}


def render_acta(
    request: HttpRequest, plantilla: str, ctx: dict[str, Any], status: int = 200
) -> HttpResponse:
    """A page showing an acta's image: its policy allows the embedded PDF when there is one."""
    respuesta = render(request, plantilla, ctx, status=status)
    return ampliar_csp(respuesta, CSP_PDF) if ctx.get("es_pdf") else respuesta


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def captura(request: HttpRequest) -> HttpResponse:
    _exigir(request, prep_roles.CAPTURA, prep_roles.VERIFICACION)
    if request.method == "POST":
        return _registrar(request)
    asignacion = svc.tomar_siguiente(usuario=request.user)
    if asignacion is None:
        return render(request, "prep/captura/vacia.html", {})
    return render_acta(request, "prep/captura/captura.html", _contexto(request, asignacion))


def _registrar(request: HttpRequest) -> HttpResponse:
    pk = entrada.entero(request.POST.get("asignacion"))
    if pk is None:
        messages.error(request, "Solicitud incompleta: falta la asignación.")
        return redirect("prep:captura")
    asignacion = (
        Asignacion.objects.select_related("digitalizacion__imagen")
        .filter(pk=pk, usuario=request.user)
        .first()
    )
    if asignacion is None:
        messages.error(request, "Esa asignación no existe o es de otra persona.")
        return redirect("prep:captura")
    acta = ActaEsperada.objects.select_related("demarcacion", "eleccion").get(pk=asignacion.acta_id)
    campos = campos_mod.campos_de(acta)
    valores = valores_del_formulario(request, campos)
    try:
        resultado = svc.registrar_captura(
            usuario=request.user,
            asignacion=asignacion,
            valores=valores,
            iniciada_en=_iniciada(request.POST.get("iniciada_en", ""), acta),
        )
    except svc.CapturaError as exc:
        errores = exc.params if isinstance(exc.params, dict) else {"": exc.messages[0]}
        if exc.code != "valores_invalidos" or not errores:
            messages.error(request, exc.messages[0])
            return redirect("prep:captura")
        ctx = _contexto(request, asignacion, valores=valores, errores=errores)
        return render_acta(request, "prep/captura/captura.html", ctx, status=400)
    messages.success(request, f"Acta {acta.clave} capturada (ronda {resultado.captura.ronda}).")
    return redirect("prep:captura")


@login_required
@require_POST
def liberar(request: HttpRequest) -> HttpResponse:
    _exigir(request, prep_roles.CAPTURA, prep_roles.VERIFICACION)
    pk = entrada.entero(request.POST.get("asignacion"))
    if pk is None:
        messages.error(request, "Solicitud incompleta: falta la asignación.")
        return redirect(reverse("core:inicio"))
    asignacion = Asignacion.objects.filter(pk=pk, usuario=request.user).first()
    if asignacion is not None:
        svc.liberar(usuario=request.user, asignacion=asignacion)
        messages.info(request, "Acta devuelta a la cola.")
    return redirect(reverse("core:inicio"))


@login_required
def imagen(request: HttpRequest, sha256: str) -> HttpResponse:
    """Stream an acta image from storage (local files or S3) to authenticated PREP staff."""
    if not roles.has_role(request.user, *ROLES_IMAGEN):
        raise PermissionDenied("Sólo el personal del PREP puede ver las imágenes de las actas.")
    img = Imagen.objects.filter(sha256=sha256.lower()).first()
    if img is None:
        raise Http404("No existe esa imagen.")
    almacen = storages["default"]
    try:
        archivo = almacen.open(img.ruta, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("La imagen no está en el almacenamiento.") from exc
    respuesta = FileResponse(archivo, content_type=img.tipo_mime)
    # Content-addressed: the bytes behind this URL never change.
    respuesta["Cache-Control"] = "private, max-age=86400, immutable"
    respuesta["X-Content-Type-Options"] = "nosniff"
    respuesta["Content-Disposition"] = "inline"
    # The capture and supervision pages embed a PDF acta (`render_acta`): framing by this origin
    # only, in the browsers that read either header.
    respuesta["X-Frame-Options"] = "SAMEORIGIN"
    return ampliar_csp(respuesta, {"frame-ancestors": ("'self'",)})
