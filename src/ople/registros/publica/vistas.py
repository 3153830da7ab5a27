"""Serving the published cuts under /registros/ in the demo (production: nginx at
PUBLISH_ROOT/registros/). The platform's views (`ople.publicacion.urls`), with the site looked up
at each request so that a change of PUBLISH_ROOT (each test has its own) is followed."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path

from ople.publicacion import disco, sitio_de
from ople.publicacion import urls as pub

SITIO = "registros"


def puntero(request: HttpRequest) -> HttpResponseBase:
    return pub.puntero(request, sitio=sitio_de(SITIO))


def actual(request: HttpRequest) -> HttpResponseBase:
    return pub.actual(request, sitio=sitio_de(SITIO))


def archivo(request: HttpRequest, ruta: str, *, sub: str) -> HttpResponseBase:
    s = sitio_de(SITIO)
    return pub.archivo(request, ruta, sitio=s, sub=s.almacen if sub == "almacen" else sub)


def patrones() -> list[URLPattern]:
    return [
        path("current.json", puntero),
        path(f"{disco.CORTES}/<path:ruta>", archivo, {"sub": disco.CORTES}),
        path("almacen/<path:ruta>", archivo, {"sub": "almacen"}),
        path("", actual, name="publico"),
    ]
