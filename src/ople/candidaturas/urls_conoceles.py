"""/conoceles/: the published cuts (ople.publicacion's demo serving; production: nginx, ADR 0040)
and the "¿Quién aparece en mi boleta?" form of a cut, answered from that cut's sección map.

The site is looked up on each request (`sitio_de` reads PUBLISH_ROOT then), not when the URLconf
is imported, so a change of PUBLISH_ROOT (tests do it per test) is followed.
"""

from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import path

from ople.candidaturas import views
from ople.publicacion import disco, sitio_de
from ople.publicacion import urls as publicacion

SITIO = "conoceles"


def _puntero(request: HttpRequest) -> HttpResponseBase:
    return publicacion.puntero(request, sitio=sitio_de(SITIO))


def _actual(request: HttpRequest) -> HttpResponseBase:
    return publicacion.actual(request, sitio=sitio_de(SITIO))


def _archivo(request: HttpRequest, ruta: str, sub: str) -> HttpResponseBase:
    sitio = sitio_de(SITIO)
    return publicacion.archivo(
        request, ruta, sitio=sitio, sub=sitio.almacen if sub == "almacen" else disco.CORTES
    )


def _sub(sub: str) -> dict[str, Any]:
    return {"sub": sub}


app_name = "conoceles"
urlpatterns = [
    path("cortes/<str:corte>/seccion/", views.conoceles_seccion, name="seccion"),
    path("current.json", _puntero),
    path(f"{disco.CORTES}/<path:ruta>", _archivo, _sub(disco.CORTES)),
    path("almacen/<path:ruta>", _archivo, _sub("almacen")),
    path("", _actual, name="inicio"),
]
