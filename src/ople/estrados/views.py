"""Pages: the addressee's inbox (scoped), the staff's office, the public estrados."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ople.core import roles as core_roles
from ople.estrados import roles, selectors, sitio
from ople.estrados.models import Destinatario, Notificacion, Publicacion
from ople.estrados.services import notificaciones as servicios
from ople.publicacion import urls as publicacion_urls


def _mia(request: HttpRequest, pk: int) -> Notificacion:
    n = get_object_or_404(Notificacion.objects.select_related("publicacion", "destinatario"), pk=pk)
    if core_roles.has_role(request.user, roles.NOTIFICADOR):
        return n
    if not servicios.puede_leer(request.user, n.destinatario):
        raise Http404("No existe esa notificación en su buzón.")
    return n


@login_required
def buzon(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "estrados/buzon.html",
        {
            "notificaciones": selectors.buzon(request.user),
            "por_aceptar": selectors.destinatarios_de(request.user).filter(acepto_en__isnull=True),
            "ahora": timezone.now(),
        },
    )


@login_required
@require_http_methods(["POST"])
def aceptar(request: HttpRequest, pk: int) -> HttpResponse:
    d = get_object_or_404(Destinatario, pk=pk)
    try:
        servicios.aceptar(
            destinatario=d, usuario=request.user, correo=request.POST.get("correo", "")
        )
    except servicios.EstradosError as exc:
        messages.error(request, exc.mensaje)
    else:
        messages.success(request, "Aceptó recibir notificaciones electrónicas en este buzón.")
    return redirect("estrados:buzon")


@login_required
@require_http_methods(["GET", "POST"])
def notificacion(request: HttpRequest, pk: int) -> HttpResponse:
    n = _mia(request, pk)
    if request.method == "POST":
        if not servicios.puede_leer(request.user, n.destinatario):
            raise PermissionDenied("Sólo el destinatario abre su notificación.")
        n = servicios.abrir(notificacion=n, usuario=request.user)
        return redirect("estrados:notificacion", pk=n.pk)
    return render(request, "estrados/notificacion.html", {"n": n})


@login_required
def descargar_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    n = _mia(request, pk)
    if n.modo == Notificacion.Modo.ELECTRONICA and n.abierta_en is None:
        raise PermissionDenied("Abra la notificación para consultar el documento.")
    r = HttpResponse(servicios.pdf_de(n.publicacion), content_type="application/pdf")
    r["Content-Disposition"] = f'attachment; filename="{sitio.slug(n.publicacion.folio)}.pdf"'
    return r


@login_required
def descargar_acuse(request: HttpRequest, pk: int) -> HttpResponse:
    n = _mia(request, pk)
    if not n.acuse_sha256:
        raise Http404("Esta notificación aún no tiene acuse.")
    r = HttpResponse(servicios.acuse_de(n), content_type="application/json")
    r["Content-Disposition"] = f'attachment; filename="acuse-{sitio.slug(n.folio)}.json"'
    return r


@login_required
@require_http_methods(["GET", "POST"])
def oficina(request: HttpRequest) -> HttpResponse:
    core_roles.require_role(request.user, roles.NOTIFICADOR)
    if request.method == "POST":
        p = request.POST
        try:
            accion = p.get("accion")
            if accion == "publicar":
                pub = servicios.publicar(
                    tipo=p.get("tipo", ""),
                    expediente=p.get("expediente", ""),
                    organo=p.get("organo", ""),
                    titulo=p.get("titulo", ""),
                    texto=p.get("texto", ""),
                    firmado_por=p.get("firmado_por", ""),
                    materia=p.get("materia", "electoral"),
                    actor=request.user,
                    publicar_sitio=False,  # _republicar below, to show the cut
                )
                messages.success(request, f"Fijado en estrados con el folio {pub.folio}.")
                _republicar(request)
            elif accion == "notificar":
                pub = get_object_or_404(Publicacion, pk=p.get("publicacion"))
                d = get_object_or_404(Destinatario, pk=p.get("destinatario"))
                plazo = p.get("plazo_dias", "").strip()
                n = servicios.notificar(
                    publicacion=pub,
                    destinatario=d,
                    materia=p.get("materia", "electoral"),
                    plazo_dias=int(plazo) if plazo.isdigit() else None,
                    actor=request.user,
                    url_base=request.build_absolute_uri("/"),
                    publicar_sitio=False,
                )
                messages.success(request, f"Notificación {n.folio} ({n.get_modo_display()}).")
                if n.modo == Notificacion.Modo.ESTRADOS:
                    _republicar(request)
            elif accion == "automatica":
                pub = get_object_or_404(Publicacion, pk=p.get("publicacion"))
                d = get_object_or_404(Destinatario, pk=p.get("destinatario"))
                plazo = p.get("plazo_dias", "").strip()
                try:
                    sesion_en = timezone.make_aware(datetime.fromisoformat(p.get("sesion_en", "")))
                except ValueError:
                    raise servicios.EstradosError(
                        "sesion_en", "Indique la fecha y hora de la sesión."
                    ) from None
                n = servicios.notificar_automatica(
                    publicacion=pub,
                    destinatario=d,
                    sesion=p.get("sesion", ""),
                    sesion_en=sesion_en,
                    materia=p.get("materia", "electoral"),
                    plazo_dias=int(plazo) if plazo.isdigit() else None,
                    actor=request.user,
                )
                messages.success(request, f"Notificación automática {n.folio} registrada.")
            elif accion == "retirar":
                pub = get_object_or_404(Publicacion, pk=p.get("publicacion"))
                servicios.retirar(
                    publicacion=pub,
                    motivo=p.get("motivo", ""),
                    actor=request.user,
                    publicar_sitio=False,
                )
                messages.success(request, f"{pub.folio} retirado; permanece en el historial.")
                _republicar(request)
        except servicios.EstradosError as exc:
            messages.error(request, exc.mensaje)
        return redirect("estrados:oficina")
    return render(
        request,
        "estrados/oficina.html",
        {
            "publicaciones": Publicacion.objects.all()[:100],
            "destinatarios": Destinatario.objects.all(),
            "representaciones": Destinatario.objects.filter(tipo=Destinatario.Tipo.REPRESENTANTE),
            "notificaciones": Notificacion.objects.select_related("destinatario", "publicacion")[
                :100
            ],
            "tipos": Publicacion.Tipo.choices,
        },
    )


def _sitio() -> Any:
    from ople.publicacion import sitio_de

    return sitio_de(servicios.SITIO)  # per request: PUBLISH_ROOT as configured now


def estrados(request: HttpRequest) -> HttpResponseBase:
    """The public estrados: the current signed cut (the demo serves it; production, nginx)."""
    return publicacion_urls.actual(request, sitio=_sitio())


def estrados_puntero(request: HttpRequest) -> HttpResponseBase:
    return publicacion_urls.puntero(request, sitio=_sitio())


def estrados_archivo(request: HttpRequest, ruta: str, sub: str) -> HttpResponseBase:
    return publicacion_urls.archivo(request, ruta, sitio=_sitio(), sub=sub)


def _republicar(request: HttpRequest) -> None:
    try:
        corte = servicios.publicar_sitio(actor=request.user)
    except Exception as exc:  # noqa: BLE001 - the change is committed; say the site lags
        messages.warning(request, f"Los estrados públicos no se actualizaron: {exc}")
    else:
        messages.info(request, f"Estrados públicos actualizados (corte {corte.nombre}).")
