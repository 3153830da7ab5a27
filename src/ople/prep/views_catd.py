"""CATD back office: acopio stamps, scan uploads (one or a batch), device enrolment codes and
revocation.

Thin views over the services; plain HTML forms (works without JavaScript).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ople.catalog.models import Casilla
from ople.core import roles
from ople.prep import entrada, qr
from ople.prep import roles as prep_roles
from ople.prep.models import ActaEsperada, CodigoEnrolamiento, Digitalizacion, Dispositivo
from ople.prep.services import acopio, dispositivos, intake

ROLES_CATD = (
    prep_roles.ACOPIO,
    prep_roles.DIGITALIZACION,
    prep_roles.SUPERVISION,
    prep_roles.COORDINACION,
)
ROLES_DISPOSITIVOS = (prep_roles.SUPERVISION, prep_roles.COORDINACION, roles.ADMINISTRACION)


def _clave(texto: str) -> str:
    return qr.normalizar(texto)[:40]


def _digitalizar(request: HttpRequest) -> list[dict[str, Any]]:
    tecleada = _clave(request.POST.get("clave", ""))
    archivos = request.FILES.getlist("archivos")
    maximo = settings.OPLE_CATD_MAX_ARCHIVOS
    # Django's file count, set from the same constant, refuses a bigger form post first; this
    # keeps the view from ever processing part of a batch.
    if len(archivos) > maximo:
        return [
            {
                "archivo": "—",
                "error": f"El lote trae {len(archivos)} archivos; el máximo es {maximo}. "
                "No se procesó ninguno.",
            }
        ]
    filas: list[dict[str, Any]] = []
    for archivo in archivos:
        fila: dict[str, Any] = {"archivo": archivo.name}
        filas.append(fila)
        if archivo.size is not None and archivo.size > settings.OPLE_MAX_IMAGE_BYTES:
            fila["error"] = (
                f"El archivo excede el máximo permitido ({settings.OPLE_MAX_IMAGE_BYTES:,} bytes)."
            )
            continue
        datos = archivo.read()
        # the QR is read only from an image that passed the intake's bounded check
        try:
            revisada = intake.revisar_imagen(datos)
        except intake.IntakeError as exc:
            fila["error"] = exc.mensaje
            continue
        leida = qr.leer_clave(datos, revisada=revisada)
        if leida:
            clave, identificacion = leida, "QR"
        elif tecleada:
            clave, identificacion = tecleada, "CLAVE"
        else:
            clave, identificacion = "", ""
        acta = (
            ActaEsperada.objects.select_related("eleccion").filter(clave=clave).first()
            if clave
            else None
        )
        try:
            recibo = intake.recibir_imagen(
                datos=datos,
                sha256_declarado=None,
                acta=acta,
                clave_leida=clave,
                origen=Digitalizacion.Origen.CATD,
                medio=Digitalizacion.Medio.ESCANER,
                identificacion=identificacion,
                usuario=request.user,
                revisada=revisada,
            )
        except intake.IntakeError as exc:
            fila["error"] = exc.mensaje
            continue
        fila.update(
            acta=recibo.clave_acta if not recibo.fuera_catalogo else "",
            clave_leida=clave,
            identificacion={"QR": "código QR", "CLAVE": "clave tecleada"}.get(identificacion, "—"),
            fuera_catalogo=recibo.fuera_catalogo,
            version=recibo.version,
            sha256=recibo.sha256,
            duplicado=recibo.duplicado,
        )
    if not archivos:
        filas.append({"archivo": "—", "error": "Seleccione al menos un archivo."})
    return filas


@login_required
@require_http_methods(["GET", "POST"])
def catd(request: HttpRequest) -> HttpResponse:
    if not roles.has_role(request.user, *ROLES_CATD, roles.ADMINISTRACION):
        raise PermissionDenied("Esta página requiere el rol de acopio o de digitalización.")
    contexto: dict[str, Any] = {"max_archivos": settings.OPLE_CATD_MAX_ARCHIVOS}
    if request.method == "POST":
        accion = request.POST.get("accion")
        if accion == "acopio":
            clave = _clave(request.POST.get("clave_acopio", ""))
            acta = ActaEsperada.objects.filter(clave=clave).first() if clave else None
            if acta is None:
                contexto["acopio_error"] = f"La clave «{clave}» no corresponde a un acta esperada."
            else:
                resultado = acopio.registrar_acopio(acta=acta, usuario=request.user)
                contexto["acopio"] = resultado
                contexto["acopio_acta"] = acta
        elif accion == "digitalizar":
            contexto["resultados"] = _digitalizar(request)
    return render(request, "prep/catd/catd.html", contexto)


def _casillas_de_texto(texto: str) -> tuple[list[Casilla], list[str]]:
    claves = [c.upper() for c in re.split(r"[\s,;]+", texto) if c.strip()]
    encontradas = {c.clave: c for c in Casilla.objects.filter(clave__in=claves)}
    faltan = [c for c in claves if c not in encontradas]
    return list(encontradas.values()), faltan


def _revocar(request: HttpRequest) -> str | None:
    """Revoke the device of the form (a lost or stolen phone); the error message, if any."""
    disp = dispositivos.dispositivo_por_numero(request.POST.get("dispositivo", ""))
    if disp is None:
        return "Ese dispositivo no existe."
    try:
        revocado = dispositivos.revocar_dispositivo(
            supervisor=request.user, dispositivo=disp, motivo=request.POST.get("motivo", "")
        )
    except dispositivos.EnrolamientoError as exc:
        return exc.mensaje
    if revocado:
        messages.success(
            request,
            f"Dispositivo «{disp.nombre}» revocado: su siguiente envío será rechazado.",
        )
    else:
        messages.info(request, f"El dispositivo «{disp.nombre}» ya estaba revocado.")
    return None


@login_required
@require_http_methods(["GET", "POST"])
def dispositivos_view(request: HttpRequest) -> HttpResponse:
    roles.require_role(request.user, *ROLES_DISPOSITIVOS)
    if roles.needs_2fa(request.user) and not request.user.is_verified():
        return redirect("core:otp")  # enrolment codes are credentials: second factor first
    contexto: dict[str, Any] = {}
    if request.method == "POST" and request.POST.get("accion") == "revocar":
        error = _revocar(request)
        if error is None:
            return redirect("prep:dispositivos")
        contexto["error_revocar"] = error
    elif request.method == "POST":
        casillas, faltan = _casillas_de_texto(request.POST.get("casillas", ""))
        # Out of range or not a number: 0, which the service refuses with its message.
        horas = entrada.entero(request.POST.get("vigencia_horas", "24"), maximo=30 * 24) or 0
        if faltan:
            contexto["error"] = "No existen las casillas: " + ", ".join(faltan[:20])
        else:
            try:
                contexto["codigo"] = dispositivos.crear_codigo_enrolamiento(
                    supervisor=request.user,
                    etiqueta=request.POST.get("etiqueta", ""),
                    casillas=casillas,
                    vigencia=timedelta(hours=horas),
                )
                contexto["codigo_casillas"] = sorted(c.clave for c in casillas)
            except dispositivos.EnrolamientoError as exc:
                contexto["error"] = exc.mensaje
    # The page lists the newest 200: a lost phone among more is found by name, casilla or number.
    buscado = contexto["buscado"] = request.GET.get("buscar", "").strip()[:120]
    lista = Dispositivo.objects.select_related("enrolado_por", "revocado_por")
    if buscado and not buscado.isprintable():
        contexto["error_buscar"] = "La búsqueda contiene caracteres no válidos."
        lista = lista.none()
    elif (por_numero := dispositivos.dispositivo_por_numero(buscado)) is not None:
        lista = lista.filter(pk=por_numero.pk)  # its number (shown on the page): that one
    elif buscado:
        lista = lista.filter(
            Q(nombre__icontains=buscado) | Q(casillas__clave__icontains=buscado)
        ).distinct()
    contexto["total_dispositivos"] = lista.count()
    contexto["dispositivos"] = lista.prefetch_related("casillas").order_by("-creado")[:200]
    contexto["codigos"] = (
        CodigoEnrolamiento.objects.filter(usado_en__isnull=True)
        .prefetch_related("casillas")
        .order_by("-creado")[:200]
    )
    return render(request, "prep/catd/dispositivos.html", contexto)
