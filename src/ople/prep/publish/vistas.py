"""Serving of published cuts by Django, for the demo (production: nginx, object storage, CDN).

`/prep/current.json` is the pointer (cache a few seconds); `/prep/cortes/NAME/...` the files of a
cut and `/prep/imagenes/SHA.EXT` the shared acta images (immutable: cache one year);
`/prep/resultados/` redirects to the current cut. Only files under PUBLISH_ROOT/cortes and
PUBLISH_ROOT/imagenes are served (the platform's serving, `ople.publicacion.urls`, with the
PREP's site); anything else is a 404 in Spanish.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ople.prep.publish import corte
from ople.publicacion import urls as servir
from ople.publicacion.sitio import SITIO_EN_LA_RAIZ, Sitio, sitio_de

CACHE_CORTE = servir.CACHE_CORTE
CACHE_PUNTERO = servir.CACHE_PUNTERO


def _sitio() -> Sitio:
    return sitio_de(SITIO_EN_LA_RAIZ)


@require_safe
def puntero(request: HttpRequest) -> HttpResponse:
    return servir.puntero(request, sitio=_sitio())


@require_safe
def actual(request: HttpRequest) -> HttpResponse:
    p = corte.leer_puntero(Path(settings.PUBLISH_ROOT))
    if not p:
        # Before the first cut: say so in Spanish and look again shortly (no JavaScript).
        r = render(request, "prep/publicacion/sin_corte.html", status=404)
        r["Cache-Control"] = CACHE_PUNTERO
        return r
    r = HttpResponseRedirect(f"{reverse('prep:inicio_publico')}{p['ruta']}index.html")
    r["Cache-Control"] = CACHE_PUNTERO
    return r


@require_safe
def archivo(request: HttpRequest, ruta: str) -> HttpResponseBase:
    return servir.archivo(request, ruta, sitio=_sitio(), sub=corte.CORTES)


@require_safe
def imagen(request: HttpRequest, ruta: str) -> HttpResponseBase:
    """The shared content-addressed image store (`PUBLISH_ROOT/imagenes/`), immutable."""
    return servir.archivo(request, ruta, sitio=_sitio(), sub=corte.IMAGENES)
