"""The Consejo General's RP allocation session (back office): load the versions, see the
allocation computed step by step, approve and publish (constancias, annex, signed cut).

Only `administracion` (second factor verified) runs it. Nothing is stored until "Aprobar y
publicar": the preview re-sends the same files' content, which is parsed and allocated again on
approval; a bad file is answered with the field in Spanish and nothing changes."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from ople import profiles
from ople.computos.asignacion import (
    computo_estatal,
    demo,
    desde_computos,
    elegibilidad,
    salida,
    services,
    sitio,
)
from ople.computos.asignacion import entrada as entrada_rp
from ople.computos.asignacion import perfil as perfil_asignacion
from ople.computos.asignacion import versiones as versiones_rp
from ople.core import roles
from ople.core.errors import OpleError
from ople.ley.rp import EntradaInvalida

MAX_ARCHIVO = 2 * 1024 * 1024


def _seccion() -> perfil_asignacion.SeccionAsignacion:
    return perfil_asignacion.de(profiles.cargar(settings.OPLE_PROFILE))


def desde_los_computos(*, vigente_desde: date | None = None) -> desde_computos.Desde:
    """Version 1 of the allocation from the closed cómputos (``computos.selectors``)."""
    return computo_estatal.version_de_los_computos(
        _seccion(), vigente_desde=vigente_desde or timezone.localdate()
    )


def _leer(crudos: list[Any]) -> list[sitio.Version]:
    seccion = _seccion()
    versiones = [versiones_rp.leer(d, seccion) for d in crudos]
    numeros = [v.numero for v in versiones]
    if len(set(numeros)) != len(numeros):
        raise EntradaInvalida("numero", "dos versiones con el mismo número")
    return sorted(versiones, key=lambda v: v.numero)


def _vista_previa(versiones: list[sitio.Version]) -> list[dict[str, Any]]:
    vigente = versiones[-1]
    return [
        {
            "nombre": o.nombre,
            "hemiciclo": mark_safe(sitio.hemiciclo(o)),  # noqa: S308 (escaped by the generator)
            "encabezado": salida.ENCABEZADO,
            "filas": salida.tabla(o.resultado),
            "pasos": o.resultado.pasos,
            "avisos": o.resultado.avisos,
            "personas": o.personas.integrantes if o.personas else (),
        }
        for o in vigente.organos
    ]


@login_required
@require_http_methods(["GET", "POST"])
def sesion(request: HttpRequest) -> HttpResponse:
    roles.require_role(request.user, roles.ADMINISTRACION)
    contexto: dict[str, Any] = {}
    if request.method == "GET":
        return render(request, "asignacion/sesion.html", contexto)
    accion = request.POST.get("accion")
    try:
        avisos: list[str] = []
        if accion == "computos":
            desde = desde_los_computos()
            if not desde.version["organos"]:
                raise EntradaInvalida(
                    "cómputos", "no hay ningún cómputo distrital o municipal cerrado"
                )
            crudos = [desde.version]
            avisos.extend(desde.avisos)
            # The later versions (rulings) may still come as files, numbered from 2.
            for a in request.FILES.getlist("versiones"):
                crudos.append(_archivo(a))
        elif accion == "calcular":
            archivos = request.FILES.getlist("versiones")
            if not archivos:
                raise EntradaInvalida("versiones", "elija al menos un archivo de versión (JSON)")
            crudos = [_archivo(a) for a in archivos]
        elif accion == "publicar":
            crudos = json.loads(request.POST.get("datos", "[]"))
            if not isinstance(crudos, list) or not crudos:
                raise EntradaInvalida("datos", "no hay versiones que publicar")
        else:
            raise EntradaInvalida("accion", "acción desconocida")
        if accion != "publicar":
            avisos.extend(elegibilidad.marcar(crudos, elegibilidad.consulta_registro()))
        versiones = _leer(crudos)
    except (EntradaInvalida, json.JSONDecodeError) as exc:
        mensaje = f"«{exc.campo}»: {exc.mensaje}" if isinstance(exc, EntradaInvalida) else str(exc)
        contexto["error"] = mensaje
        return render(request, "asignacion/sesion.html", contexto, status=400)
    if accion == "publicar":
        try:
            corte = services.publicar_asignacion(versiones, actor=request.user)
        except OpleError as exc:
            contexto["error"] = exc.mensaje
            return render(request, "asignacion/sesion.html", contexto, status=409)
        messages.success(
            request,
            f"Asignación publicada: corte {corte.nombre}, versión {versiones[-1].numero} vigente; "
            "constancias y anexo emitidos.",
        )
        return HttpResponseRedirect("/asignacion/oficina/")
    contexto.update(
        versiones=versiones,
        organos=_vista_previa(versiones),
        datos=json.dumps(crudos, ensure_ascii=False),
        vigente=versiones[-1],
        avisos=avisos,
    )
    return render(request, "asignacion/sesion.html", contexto)


def _archivo(a: Any) -> Any:
    if (a.size or 0) > MAX_ARCHIVO:
        raise EntradaInvalida(a.name or "versiones", "el archivo excede 2 MB")
    try:
        return entrada_rp.leer_json(a.read())
    except EntradaInvalida as exc:
        raise EntradaInvalida(a.name or "versiones", exc.mensaje) from None


@login_required
@require_http_methods(["GET"])
def ejemplo(request: HttpRequest, numero: int) -> HttpResponse:
    """A simulated version file (the demo's), to see the format or rehearse the session."""
    roles.require_role(request.user, roles.ADMINISTRACION)
    seccion = _seccion()
    todas = demo.versiones_json(seccion)
    if not 1 <= numero <= len(todas):
        raise Http404("No hay esa versión de ejemplo")
    contenido = json.dumps(todas[numero - 1], ensure_ascii=False, indent=1).encode()
    respuesta = HttpResponse(contenido, content_type="application/json; charset=utf-8")
    respuesta["Content-Disposition"] = f'attachment; filename="version-{numero}-simulacion.json"'
    return respuesta
