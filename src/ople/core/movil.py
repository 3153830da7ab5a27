"""A phone app that works without signal, served by ople (ADR 0011). Platform: knows no system.

A system describes its app with an `AppMovil` (names, scope, the API prefix the service worker
must never cache, its page template, its own static files and icons) and mounts
`patrones(app, …)`: the page (no cache, the app's CSP), the service worker generated from
`core/movil/sw.js` (the shell cached under a versioned name, navigation answered from the cache
when the network does not answer in 4 s, the API never touched, the outbox drained on
Background Sync) and the web manifest. The version is a digest of every file of the shell, so a
new release replaces the cached shell on the phones.

The browser side is `static/core/movil/`: `almacen.js` (IndexedDB: settings and the outbox's
store), `cola.js` (the outbox: pendiente → enviando → recibido | rechazado, one sender at a
time by Web Lock, backoff, exactly once on the server's idempotency key), `pagina.js` (the
page's sender and connection badge) and `base.css`; the page template extends
`core/movil/pagina.html` (and may include its enrolment screen, `core/movil/_enrolar.html`). The app's outbox script (`envio`) names its database, its API and how
one record becomes a request; it is loaded by both the page and the service worker.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import cast

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from ople.core import csp
from ople.core.middleware import con_csp

BASE_CSS = "core/movil/base.css"
ALMACEN_JS = "core/movil/almacen.js"
COLA_JS = "core/movil/cola.js"
PAGINA_JS = "core/movil/pagina.js"
PLANTILLA_BASE = "core/movil/pagina.html"
PLANTILLA_ENROLAR = "core/movil/_enrolar.html"  # the enrolment screen, included by the page
PLANTILLA_SW = "core/movil/sw.js"


@dataclass(frozen=True)
class Icono:
    ruta: str  # a static path
    tamanos: str  # "192x192", "any"
    tipo: str = "image/png"
    enmascarable: bool = False  # also offered as "maskable" (drawn with a safe margin)


@dataclass(frozen=True)
class AppMovil:
    nombre: str  # the manifest's name and the page's title
    nombre_corto: str
    descripcion: str
    alcance: str  # where it is served and the service worker's scope: "/sistema/app/"
    api: str  # the API's path prefix, never cached: "/sistema/api/"
    cache: str  # the prefix of the service worker's cache names: "sistema-app-"
    plantilla: str  # the page, extending core/movil/pagina.html
    envio: str  # the app's outbox script (page and service worker)
    estilos: tuple[str, ...] = ()  # the app's own stylesheets, after core/movil/base.css
    scripts: tuple[str, ...] = ()  # the page's own scripts, after the platform's
    iconos: tuple[Icono, ...] = ()  # the first SVG is the page's icon
    color: str = "#333333"
    csp: csp.Politica = field(default_factory=dict, hash=False)  # beyond the site's policy
    orientacion: str = "portrait"

    @property
    def hojas(self) -> tuple[str, ...]:
        return (BASE_CSS, *self.estilos)

    @property
    def programas(self) -> tuple[str, ...]:
        """The page's scripts in load order."""
        return (ALMACEN_JS, COLA_JS, self.envio, PAGINA_JS, *self.scripts)

    @property
    def estaticos(self) -> tuple[str, ...]:
        """Every static file of the shell (cached by the service worker)."""
        return (*self.hojas, *self.programas, *(i.ruta for i in self.iconos))

    @property
    def icono(self) -> str:
        return next((i.ruta for i in self.iconos if i.tipo == "image/svg+xml"), "")


@lru_cache(maxsize=16)
def version(app: AppMovil) -> str:
    """A digest of the shell: its static files, its page and the service worker's template."""
    h = hashlib.sha256()
    plantillas = (app.plantilla, PLANTILLA_BASE, PLANTILLA_ENROLAR, PLANTILLA_SW)
    rutas = [(n, finders.find(n)) for n in app.estaticos]
    rutas += [(n, get_template(n).origin.name) for n in plantillas]  # type: ignore[attr-defined]
    for nombre, ruta in rutas:
        h.update(nombre.encode())
        h.update(Path(ruta).read_bytes() if ruta else b"")
    return h.hexdigest()[:16]


def _sin_cache(resp: HttpResponse) -> HttpResponse:
    resp["Cache-Control"] = "no-cache"
    return resp


def _pagina(app: AppMovil) -> Callable[[HttpRequest], HttpResponse]:
    @require_GET
    def pagina(request: HttpRequest) -> HttpResponse:
        contexto = {
            "app": app,
            "version": version(app),
            "hojas": [static(s) for s in app.hojas],
            "programas": [static(s) for s in app.programas],
            "sw": app.alcance + "sw.js",
            "manifiesto": app.alcance + "manifest.webmanifest",
        }
        return _sin_cache(render(request, app.plantilla, contexto))

    return cast(Callable[[HttpRequest], HttpResponse], con_csp(app.csp)(pagina))


def _service_worker(app: AppMovil) -> Callable[[HttpRequest], HttpResponse]:
    @require_GET
    def service_worker(request: HttpRequest) -> HttpResponse:
        config = {
            "version": version(app),
            "cache": app.cache,
            "alcance": app.alcance,
            "api": app.api,
            "shell": [
                app.alcance,
                app.alcance + "manifest.webmanifest",
                *(static(s) for s in app.estaticos),
            ],
            "scripts": [static(s) for s in (ALMACEN_JS, COLA_JS, app.envio)],
        }
        resp = render(
            request,
            PLANTILLA_SW,
            {"app": app, "version": config["version"], "config_json": json.dumps(config)},
            content_type="text/javascript; charset=utf-8",
        )
        resp["Service-Worker-Allowed"] = app.alcance
        return _sin_cache(resp)

    return service_worker


def _manifiesto(app: AppMovil) -> Callable[[HttpRequest], HttpResponse]:
    @require_GET
    def manifiesto(request: HttpRequest) -> HttpResponse:
        iconos: list[dict[str, str]] = []
        for i in app.iconos:
            iconos.append({"src": static(i.ruta), "sizes": i.tamanos, "type": i.tipo})
            if i.enmascarable:
                iconos.append({**iconos[-1], "purpose": "maskable"})
        datos = {
            "name": app.nombre,
            "short_name": app.nombre_corto,
            "description": app.descripcion,
            "lang": "es-MX",
            "dir": "ltr",
            "id": app.alcance,
            "start_url": app.alcance,
            "scope": app.alcance,
            "display": "standalone",
            "orientation": app.orientacion,
            "background_color": "#ffffff",
            "theme_color": app.color,
            "icons": iconos,
        }
        resp = JsonResponse(datos, json_dumps_params={"ensure_ascii": False})
        resp["Content-Type"] = "application/manifest+json; charset=utf-8"
        return _sin_cache(resp)

    return manifiesto


def patrones(app: AppMovil, *, en: str = "", nombre: str = "app") -> list[URLPattern]:
    """The page (URL name `nombre`), `sw.js` ("sw") and `manifest.webmanifest` ("manifest")
    under `en`, relative to where the system's URLconf is included (which with `en` must be
    `app.alcance`)."""
    return [
        path(en, _pagina(app), name=nombre),
        path(f"{en}sw.js", _service_worker(app), name="sw"),
        path(f"{en}manifest.webmanifest", _manifiesto(app), name="manifest"),
    ]
