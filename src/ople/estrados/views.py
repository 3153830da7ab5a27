"""Pages: the addressee's inbox (scoped), the staff's office, the public estrados."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ople.core import roles as core_roles
from ople.estrados import roles, selectors, sitio
from ople.estrados.models import Destinatario, Notificacion, Publicacion
from ople.estrados.services import notificaciones as servicios


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
                )
                messages.success(request, f"Fijado en estrados con el folio {pub.folio}.")
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
                )
                messages.success(request, f"Notificación {n.folio} ({n.get_modo_display()}).")
            elif accion == "retirar":
                pub = get_object_or_404(Publicacion, pk=p.get("publicacion"))
                servicios.retirar(publicacion=pub, motivo=p.get("motivo", ""), actor=request.user)
                messages.success(request, f"{pub.folio} retirado; permanece en el historial.")
        except servicios.EstradosError as exc:
            messages.error(request, exc.mensaje)
        return redirect("estrados:oficina")
    return render(
        request,
        "estrados/oficina.html",
        {
            "publicaciones": Publicacion.objects.all()[:100],
            "destinatarios": Destinatario.objects.all(),
            "notificaciones": Notificacion.objects.select_related("destinatario", "publicacion")[
                :100
            ],
            "tipos": Publicacion.Tipo.choices,
        },
    )


def publicaciones_del_sitio() -> list[sitio.Item]:
    return [
        sitio.Item(
            folio=p.folio,
            tipo=p.tipo,
            expediente=p.expediente,
            organo=p.organo,
            titulo=p.titulo,
            firmado_por=p.firmado_por,
            fijado_en=timezone.localtime(p.fijado_en),
            surte_efectos_en=timezone.localtime(p.surte_efectos_en),
            retirado_en=timezone.localtime(p.retirado_en) if p.retirado_en else None,
            motivo_retiro=p.motivo_retiro,
            pdf_sha256=p.pdf_sha256,
            contenido_sha256=p.contenido_sha256,
        )
        for p in selectors.publicaciones()
    ]


def estrados(request: HttpRequest, ruta: str = "") -> HttpResponse:
    """The public estrados: the static site generated from the publications (in the demo; in
    production its files are published and served by nginx)."""
    ruta = ruta or "index.html"
    items = publicaciones_del_sitio()
    pdfs: dict[str, bytes] = {}
    if ruta.startswith("pdf/"):
        sha = ruta[4:].removesuffix(".pdf")
        pub = Publicacion.objects.filter(pdf_sha256=sha).first()
        if pub is None:
            raise Http404("No existe ese documento.")
        pdfs[sha] = servicios.pdf_de(pub)
    archivos = sitio.generar(
        items,
        generado_en=timezone.localtime(),
        pdfs=pdfs,
        url_base=request.build_absolute_uri("/estrados/"),
    )
    if ruta not in archivos:
        raise Http404("No existe esa página de los estrados.")
    tipo = (
        "application/atom+xml"
        if ruta.endswith(".atom")
        else (mimetypes.guess_type(ruta)[0] or "application/octet-stream")
    )
    if tipo == "text/html":
        tipo += "; charset=utf-8"
    return HttpResponse(archivos[ruta], content_type=tipo)
