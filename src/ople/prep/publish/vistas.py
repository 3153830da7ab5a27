"""Serving of published cuts by Django, for the demo (production: nginx, object storage, CDN).

`/prep/current.json` is the pointer (cache a few seconds); `/prep/cortes/NAME/...` the files of a
cut and `/prep/imagenes/SHA.EXT` the shared acta images (immutable: cache one year); `/prep/resultados/` redirects to the current cut. Only files
under PUBLISH_ROOT/cortes and PUBLISH_ROOT/imagenes are served; anything else is a 404 in Spanish.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ople.prep.publish import corte

CACHE_CORTE = "public, max-age=31536000, immutable"
CACHE_PUNTERO = "public, max-age=5, must-revalidate"


@require_safe
def puntero(request: HttpRequest) -> HttpResponse:
    ruta = Path(settings.PUBLISH_ROOT) / corte.PUNTERO
    try:
        datos = ruta.read_bytes()
    except FileNotFoundError:
        r = HttpResponse(
            b'{"error": {"codigo": "sin_corte", "mensaje": "A\\u00fan no se ha publicado ning\\u00fan corte."}}',
            status=404,
            content_type="application/json",
        )
        r["Cache-Control"] = CACHE_PUNTERO
        return r
    r = HttpResponse(datos, content_type="application/json")
    r["Cache-Control"] = CACHE_PUNTERO
    r["Access-Control-Allow-Origin"] = "*"
    return r


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
def archivo(request: HttpRequest, ruta: str) -> HttpResponse:
    return _servir(corte.CORTES, ruta)


@require_safe
def imagen(request: HttpRequest, ruta: str) -> HttpResponse:
    """The shared content-addressed image store (`PUBLISH_ROOT/imagenes/`), immutable."""
    return _servir(corte.IMAGENES, ruta)


def _servir(sub: str, ruta: str) -> HttpResponse:
    base = (Path(settings.PUBLISH_ROOT) / sub).resolve()
    if ruta.endswith("/") or not ruta:
        ruta += "index.html"
    destino = (base / ruta).resolve()
    if base not in destino.parents or not destino.is_file():
        raise Http404("No existe ese archivo en los cortes publicados.")
    tipo, _ = mimetypes.guess_type(destino.name)
    if destino.suffix in (".sig", ".pem"):
        tipo = "text/plain"
    r = FileResponse(open(destino, "rb"), content_type=tipo or "application/octet-stream")
    if tipo and (tipo.startswith("text/") or tipo == "application/json"):
        r["Content-Type"] = f"{tipo}; charset=utf-8"
    r["Cache-Control"] = CACHE_CORTE
    r["X-Content-Type-Options"] = "nosniff"
    return r
