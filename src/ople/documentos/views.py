"""The verification pages in the demo: thin reads of the static files the publisher wrote
(`PUBLISH_ROOT/documentos/paginas/`); production serves the same files with nginx
(docs/servir.md). Never the database."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from ople.documentos import pagina
from ople.documentos.services.emision import PAGINAS, SITIO, institucion_emisora
from ople.publicacion import sitio_de
from ople.publicacion.urls import CACHE_CORTE

CACHE_NO_ENCONTRADO = "public, max-age=60"  # a document issued a minute later then appears


@require_safe
def documento(request: HttpRequest, sha256: str) -> HttpResponse:
    """`/documentos/<sha256>`: the document's page, or the Spanish 404 of an unknown hash."""
    dir_paginas = sitio_de(SITIO).raiz / PAGINAS
    try:
        datos = (dir_paginas / f"{sha256}.html").read_bytes()
    except FileNotFoundError:
        r = HttpResponse(
            pagina.no_encontrado(institucion_emisora(), sha256),
            status=404,
            content_type="text/html; charset=utf-8",
        )
        r["Cache-Control"] = CACHE_NO_ENCONTRADO
        return r
    r = HttpResponse(datos, content_type="text/html; charset=utf-8")
    r["Cache-Control"] = CACHE_CORTE
    r["X-Content-Type-Options"] = "nosniff"
    return r


@require_safe
def estilo(request: HttpRequest) -> HttpResponse:
    r = HttpResponse(pagina.CSS.encode(), content_type="text/css; charset=utf-8")
    r["Cache-Control"] = "public, max-age=3600"
    return r


def no_encontrado(request: HttpRequest, ruta: str) -> HttpResponse:
    """Anything else under /documentos/ that is not a fingerprint: the same Spanish 404."""
    r = HttpResponse(
        pagina.no_encontrado(institucion_emisora()),
        status=404,
        content_type="text/html; charset=utf-8",
    )
    r["Cache-Control"] = CACHE_NO_ENCONTRADO
    return r
