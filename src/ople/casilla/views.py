"""Thin views serving the PREP Casilla app shell, its service worker and its web manifest.

The app talks only to the PREP Casilla API (/prep/api/v1/); these views need no login and touch
no data. The service worker's cache name carries a digest of the shell files, so a new release
replaces the cached shell on the phones.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from ople.core.middleware import con_csp

_DIR = Path(__file__).resolve().parent
ESTATICOS = (
    "casilla/app.css",
    "casilla/db.js",
    "casilla/cola.js",
    "casilla/calidad.js",
    "casilla/metadatos.js",
    "casilla/app.js",
    "casilla/icono.svg",
    "casilla/icono-192.png",
    "casilla/icono-512.png",
)
# The site's Content-Security-Policy (everything from this origin, no inline script or style)
# plus the photo's preview, an object URL of the file the phone just took.
CSP_EXTRA = {"img-src": ("blob:",)}


@lru_cache(maxsize=1)
def version_shell() -> str:
    h = hashlib.sha256()
    for nombre in (*ESTATICOS, "../templates/casilla/app.html", "../templates/casilla/sw.js"):
        ruta = _DIR / "static" / nombre
        h.update(nombre.encode())
        h.update(ruta.read_bytes() if ruta.exists() else b"")
    return h.hexdigest()[:16]


def _sin_cache(resp: HttpResponse) -> HttpResponse:
    resp["Cache-Control"] = "no-cache"
    return resp


@require_GET
@con_csp(CSP_EXTRA)
def aplicacion(request: HttpRequest) -> HttpResponse:
    resp = render(request, "casilla/app.html", {"version": version_shell()})
    return _sin_cache(resp)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    urls = ["/casilla/", "/casilla/manifest.webmanifest", *(static(s) for s in ESTATICOS)]
    resp = render(
        request,
        "casilla/sw.js",
        {
            "version": version_shell(),
            "urls_json": json.dumps(urls),
            "db_js": static("casilla/db.js"),
            "cola_js": static("casilla/cola.js"),
        },
        content_type="text/javascript; charset=utf-8",
    )
    resp["Service-Worker-Allowed"] = "/casilla/"
    return _sin_cache(resp)


@require_GET
def manifiesto(request: HttpRequest) -> HttpResponse:
    datos = {
        "name": "PREP Casilla",
        "short_name": "PREP Casilla",
        "description": "Fotografía y envío del acta PREP desde la casilla.",
        "lang": "es-MX",
        "dir": "ltr",
        "id": "/casilla/",
        "start_url": "/casilla/",
        "scope": "/casilla/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#6b1f5c",
        "icons": [
            {"src": static("casilla/icono-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("casilla/icono-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("casilla/icono-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("casilla/icono.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    resp = JsonResponse(datos, json_dumps_params={"ensure_ascii": False})
    resp["Content-Type"] = "application/manifest+json; charset=utf-8"
    return _sin_cache(resp)
