"""Django serving of a site's published cuts, for the demo (production: nginx, see ADR 0028).

`*patrones(sitio_de("computos"))` in a system's `urls.py` serves, under wherever it is included:
`current.json` (the pointer, cached a few seconds), `cortes/NAME/...` and the store
`almacen/SHA.EXT` (immutable: cached one year), and "" redirects to the current cut's
`index.html` (or its `archivos.txt` when it has no index). Only files under the site's `cortes/`
and store are served; anything else, any dot file and any path leaving them is a 404 in Spanish.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseRedirect,
)
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path
from django.views.decorators.http import require_safe

from ople.publicacion import disco
from ople.publicacion.sitio import Sitio, sitio_de

COMPRIMIDOS = {"gzip": "application/gzip", "bzip2": "application/x-bzip2", "xz": "application/x-xz"}
CACHE_CORTE = "public, max-age=31536000, immutable"
CACHE_PUNTERO = "public, max-age=5, must-revalidate"
SIN_CORTE = (
    '<!doctype html><html lang="es"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    '<meta http-equiv="refresh" content="30"><title>Sin publicar</title></head>'
    "<body><main><h1>Aún no se ha publicado ningún corte</h1>"
    "<p>Esta página se actualiza sola cada 30 segundos.</p></main></body></html>"
)


@require_safe
def puntero(request: HttpRequest, *, sitio: Sitio | str) -> HttpResponse:
    sitio = _resuelto(sitio)
    try:
        datos = (sitio.raiz / disco.PUNTERO).read_bytes()
    except FileNotFoundError:
        r = HttpResponse(
            b'{"error": {"codigo": "sin_corte", "mensaje": '
            b'"A\\u00fan no se ha publicado ning\\u00fan corte."}}',
            status=404,
            content_type="application/json",
        )
    else:
        r = HttpResponse(datos, content_type="application/json")
        r["Access-Control-Allow-Origin"] = "*"
    r["Cache-Control"] = CACHE_PUNTERO
    return r


@require_safe
def actual(request: HttpRequest, *, sitio: Sitio | str) -> HttpResponse:
    sitio = _resuelto(sitio)
    p = disco.leer_puntero(sitio.raiz)
    if not p:
        r: HttpResponse = HttpResponseNotFound(SIN_CORTE.encode(), content_type="text/html")
    else:
        ruta = str(p["ruta"])
        inicio = "index.html" if (sitio.raiz / ruta / "index.html").is_file() else "archivos.txt"
        r = HttpResponseRedirect(f"{request.path}{ruta}{inicio}")
    r["Cache-Control"] = CACHE_PUNTERO
    return r


@require_safe
def archivo(request: HttpRequest, ruta: str, *, sitio: Sitio | str, sub: str) -> HttpResponseBase:
    sitio = _resuelto(sitio)
    base = (sitio.raiz / sub).resolve()
    if ruta.endswith("/") or not ruta:
        ruta += "index.html"
    destino = (base / ruta).resolve()
    if (
        base not in destino.parents
        or not destino.is_file()
        or any(p.startswith(".") for p in Path(ruta).parts)
    ):
        raise Http404("No existe ese archivo en los cortes publicados.")
    tipo, compresion = mimetypes.guess_type(destino.name)
    if compresion:
        # `index.html.gz` is the gzip file itself, as nginx serves it when asked by name: a
        # download, never HTML without its Content-Encoding (a browser would show the bytes).
        tipo = COMPRIMIDOS.get(compresion, "application/octet-stream")
    elif destino.suffix in (".sig", ".pem"):
        tipo = "text/plain"
    r = FileResponse(open(destino, "rb"), content_type=tipo or "application/octet-stream")
    if tipo and (tipo.startswith("text/") or tipo == "application/json"):
        r["Content-Type"] = f"{tipo}; charset=utf-8"
    r["Cache-Control"] = CACHE_CORTE
    r["X-Content-Type-Options"] = "nosniff"
    return r


def _resuelto(sitio: Sitio | str) -> Sitio:
    return sitio_de(sitio) if isinstance(sitio, str) else sitio


def patrones(sitio: Sitio | str) -> list[URLPattern]:
    """The URL patterns serving `sitio` (no names: several sites share one URLconf).

    Given the site's name, each request places it by the settings of that moment (so a test
    that moves PUBLISH_ROOT is served from there); given a `Sitio`, that one is served.
    """
    almacen = _resuelto(sitio).almacen  # a URL segment: the same wherever the root is
    return [
        path("current.json", puntero, {"sitio": sitio}),
        path(f"{disco.CORTES}/<path:ruta>", archivo, {"sitio": sitio, "sub": disco.CORTES}),
        path(f"{almacen}/<path:ruta>", archivo, {"sitio": sitio, "sub": almacen}),
        path("", actual, {"sitio": sitio}),
    ]
