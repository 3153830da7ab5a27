"""Supervision pages: dashboard, conflicts (decided against the image), sin acta, corrections.

Thin views over `ople.prep.services.supervision` and `ople.prep.selectors`. The 2FA
requirement of these roles is enforced by `ople.core.middleware` (and by role_names).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ople.catalog import selectors as catalog_selectors
from ople.catalog.models import ProcesoElectoral
from ople.core import roles
from ople.prep import campos as campos_mod
from ople.prep import entrada, selectors
from ople.prep import roles as prep_roles
from ople.prep.models import ActaEsperada, EstadoActa, SinActa, Verificacion
from ople.prep.services import supervision as sup
from ople.prep.services.captura import CapturaError, ultima_digitalizacion
from ople.prep.views_captura import render_acta, valores_del_formulario

ROLES_SUP = (prep_roles.SUPERVISION, prep_roles.COORDINACION)


def _proceso(request: HttpRequest) -> ProcesoElectoral | None:
    pk = entrada.entero(request.GET.get("proceso"))
    qs = ProcesoElectoral.objects.all()
    if pk is not None:
        return qs.filter(pk=pk).first()
    return catalog_selectors.proceso_activo() or qs.first()


@never_cache
@login_required
def tablero(request: HttpRequest) -> HttpResponse:
    roles.require_role(request.user, *ROLES_SUP)
    proceso = _proceso(request)
    datos = selectors.tablero(proceso=proceso) if proceso is not None else None
    return render(request, "prep/supervision/tablero.html", {"proceso": proceso, "tablero": datos})


@never_cache
@login_required
def conflictos(request: HttpRequest) -> HttpResponse:
    roles.require_role(request.user, *ROLES_SUP)
    pendientes = selectors.conflictos_pendientes(proceso=_proceso(request))[:200]
    return render(request, "prep/supervision/conflictos.html", {"pendientes": pendientes})


def _acta(pk: int) -> ActaEsperada:
    acta = (
        ActaEsperada.objects.select_related("casilla__seccion", "eleccion", "demarcacion")
        .filter(pk=pk)
        .first()
    )
    if acta is None:
        raise Http404("No existe esa acta.")
    return acta


def _filas(
    campos: list[campos_mod.Campo], capturas: list[Any], valores: dict[str, Any], errores: dict
) -> list[dict[str, Any]]:
    return [
        {
            "campo": c,
            "nombre": f"c_{c.clave}",
            "capturas": [
                {
                    "valor": k.valores.get(c.clave, ""),
                    "distinto": len({str(x.valores.get(c.clave)) for x in capturas}) > 1,
                }
                for k in capturas
            ],
            "valor": valores.get(c.clave, ""),
            "error": errores.get(c.clave, ""),
        }
        for c in campos
    ]


def _ya_resuelta(acta: ActaEsperada) -> str | None:
    """Why an acta offered as a conflict is no longer one, or None if it still is."""
    estado = EstadoActa.objects.filter(acta=acta).first()
    if estado is None or estado.estado == EstadoActa.Estado.CONFLICTO:
        return None
    vigente = Verificacion.objects.filter(acta=acta).order_by("-version").first()
    if vigente is None:
        return f"El acta {acta.clave} ya no está en conflicto ({estado.get_estado_display()})."
    quien = vigente.usuario.get_username() if vigente.usuario_id else "el sistema"
    cuando = timezone.localtime(vigente.verificado_en).strftime("%H:%M:%S")
    return (
        f"El acta {acta.clave} ya fue verificada ({vigente.get_metodo_display().lower()}, "
        f"por {quien} a las {cuando}); ya no está en conflicto."
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def decidir(request: HttpRequest, acta_id: int, modo: str = "conflicto") -> HttpResponse:
    """Resolve a conflict (modo=conflicto) or correct a verified acta (modo=correccion)."""
    roles.require_role(request.user, *ROLES_SUP)
    acta = _acta(acta_id)
    if modo == "conflicto" and (ya := _ya_resuelta(acta)) is not None:
        # The list was loaded before someone else (a third capture, another supervisor) decided
        # it: say so instead of offering a decision the service would refuse.
        messages.info(request, ya)
        return redirect("prep:supervision_conflictos")
    campos = campos_mod.campos_de(acta)
    capturas = selectors.capturas_de(acta)
    vigente = Verificacion.objects.filter(acta=acta).order_by("-version").first()
    valores: dict[str, Any] = {}
    errores: dict[str, str] = {}
    motivo = ""
    status = 200
    if request.method == "POST":
        valores = valores_del_formulario(request, campos)
        motivo = request.POST.get("motivo", "")
        servicio = sup.resolver_conflicto if modo == "conflicto" else sup.corregir
        try:
            ver = servicio(supervisor=request.user, acta=acta, valores=valores, motivo=motivo)
        except CapturaError as exc:
            status = 400
            if isinstance(exc.params, dict) and exc.params:
                errores = dict(exc.params)
            else:
                errores = {"": exc.messages[0]}
        else:
            messages.success(
                request,
                f"Acta {acta.clave} verificada (versión {ver.version}, {ver.get_metodo_display().lower()}).",
            )
            return redirect(
                "prep:supervision_conflictos" if modo == "conflicto" else "prep:supervision"
            )
    elif modo == "correccion" and vigente is not None:
        valores = dict(vigente.valores)
    dig = ultima_digitalizacion(acta.pk)
    estado = EstadoActa.objects.filter(acta=acta).first()
    ctx = {
        "acta": acta,
        "modo": modo,
        "estado": estado,
        "vigente": vigente,
        "capturas": capturas,
        "filas": _filas(campos, capturas, valores, errores),
        "error_general": errores.get("", ""),
        "motivo": motivo,
        "imagen_url": reverse("prep:captura_imagen", args=[dig.imagen.sha256]) if dig else "",
        "es_pdf": bool(dig and dig.imagen.tipo_mime == "application/pdf"),
    }
    return render_acta(request, "prep/supervision/decidir.html", ctx, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def sin_acta(request: HttpRequest) -> HttpResponse:
    roles.require_role(request.user, *ROLES_SUP)
    error = ""
    clave = (request.POST.get("clave") or request.GET.get("clave") or "").strip().upper()[:40]
    causa = request.POST.get("causa", "")
    motivo = request.POST.get("motivo", "")
    status = 200
    if request.method == "POST":
        acta = ActaEsperada.objects.filter(clave=clave).first()
        if acta is None:
            error, status = f"No hay un acta esperada con la clave «{clave}».", 400
        else:
            try:
                sup.registrar_sin_acta(
                    supervisor=request.user, acta=acta, causa=causa, motivo=motivo
                )
            except CapturaError as exc:
                error, status = exc.messages[0], 400
            else:
                messages.success(request, f"Acta {acta.clave} registrada sin acta.")
                return redirect("prep:supervision_sin_acta")
    ctx = {
        "causas": SinActa.Causa.choices,
        "clave": clave,
        "causa": causa,
        "motivo": motivo,
        "error": error,
        "recientes": SinActa.objects.select_related("acta", "usuario").order_by("-creado")[:20],
    }
    return render(request, "prep/supervision/sin_acta.html", ctx, status=status)
