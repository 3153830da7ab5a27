"""Serving of published cuts by Django, for the demo (production: nginx, object storage, CDN).

`/prep/current.json` is the pointer (cache a few seconds); `/prep/cortes/NAME/...` the files of a
cut and `/prep/imagenes/SHA.EXT` the shared acta images (immutable: cache one year);
`/prep/cortes/ultimo/...` the files of the current cut, `/prep/estado/NAME.css` whether a cut is
the latest and `/prep/cortes.html` the list of cuts (mutable: cache a few seconds, ADR 0030);
`/prep/seccion?numero=N` sends a sección search to its page in the latest cut;
`/prep/resultados/` redirects to the latest cut's address. Only files under PUBLISH_ROOT/cortes,
PUBLISH_ROOT/imagenes and those few are served (the platform's serving,
`ople.publicacion.urls`, with the PREP's site); anything else is a 404 in Spanish.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ople.prep.publish import corte
from ople.prep.publish import estado as estado_mod
from ople.publicacion import urls as servir
from ople.publicacion.disco import CORTES, leer_puntero
from ople.publicacion.sitio import SITIO_EN_LA_RAIZ, Sitio, sitio_de

CACHE_CORTE = servir.CACHE_CORTE
CACHE_PUNTERO = servir.CACHE_PUNTERO


def _sitio() -> Sitio:
    return sitio_de(SITIO_EN_LA_RAIZ)


@require_safe
def puntero(request: HttpRequest) -> HttpResponse:
    return servir.puntero(request, sitio=_sitio())


@require_safe
def actual(request: HttpRequest) -> HttpResponseBase:
    p = leer_puntero(Path(settings.PUBLISH_ROOT))
    if not p:
        # Before the first cut: say so in Spanish and look again shortly (no JavaScript).
        r = render(request, "prep/publicacion/sin_corte.html", status=404)
        r["Cache-Control"] = CACHE_PUNTERO
        return r
    r = HttpResponseRedirect(f"{reverse('prep:inicio_publico')}cortes/{estado_mod.ULTIMO}/")
    r["Cache-Control"] = CACHE_PUNTERO
    return r


@require_safe
def ultimo(request: HttpRequest, ruta: str) -> HttpResponseBase:
    """The current cut's files at a stable address (`cortes/ultimo/`): what nginx serves from
    the `raiz/ultimo` link, read here from the pointer."""
    p = leer_puntero(Path(settings.PUBLISH_ROOT))
    if not p:
        raise Http404("Aún no se ha publicado ningún corte.")
    r = servir.archivo(request, f"{p['corte']}/{ruta}", sitio=_sitio(), sub=CORTES)
    r["Cache-Control"] = CACHE_PUNTERO
    return r


@require_safe
def estado(request: HttpRequest, ruta: str) -> HttpResponseBase:
    r = servir.archivo(request, ruta, sitio=_sitio(), sub=estado_mod.ESTADO)
    r["Cache-Control"] = CACHE_PUNTERO
    return r


@require_safe
def indice_cortes(request: HttpRequest) -> HttpResponseBase:
    ruta = Path(settings.PUBLISH_ROOT) / estado_mod.INDICE
    if not ruta.is_file():
        raise Http404("Aún no se ha publicado ningún corte.")
    r = HttpResponse(ruta.read_bytes(), content_type="text/html; charset=utf-8")
    r["Cache-Control"] = CACHE_PUNTERO
    return r


@require_safe
def buscar_seccion(request: HttpRequest) -> HttpResponseBase:
    """The header's sección search (a GET form, no JavaScript): to the sección's page in the
    latest cut, or a Spanish page saying it has none."""
    numero = request.GET.get("numero", "").strip()
    p = leer_puntero(Path(settings.PUBLISH_ROOT))
    base = f"{reverse('prep:inicio_publico')}cortes/{estado_mod.ULTIMO}/"
    if p and numero.isdigit() and len(numero) <= 6:
        n = int(numero)
        destino = Path(settings.PUBLISH_ROOT) / CORTES / str(p["corte"]) / "secciones"
        if (destino / f"{n}.html").is_file():
            ir = HttpResponseRedirect(f"{base}secciones/{n}.html")
            ir["Cache-Control"] = CACHE_PUNTERO
            return ir
    r = render(
        request,
        "prep/publicacion/sin_seccion.html",
        {"numero": numero[:12], "inicio": f"{base}index.html"},
        status=404,
    )
    r["Cache-Control"] = CACHE_PUNTERO
    return r


@require_safe
def archivo(request: HttpRequest, ruta: str) -> HttpResponseBase:
    return servir.archivo(request, ruta, sitio=_sitio(), sub=CORTES)


@require_safe
def imagen(request: HttpRequest, ruta: str) -> HttpResponseBase:
    """The shared content-addressed image store (`PUBLISH_ROOT/imagenes/`), immutable."""
    return servir.archivo(request, ruta, sitio=_sitio(), sub=corte.IMAGENES)
