"""Serving the current cut under /registros/ in the demo (production: nginx serves the files)."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase

from ople.registros.services.publicacion import corte_vigente

TIPOS = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
}


def servir(request: HttpRequest, ruta: str = "") -> HttpResponseBase:
    corte = corte_vigente()
    if corte is None:
        raise Http404("Los registros públicos aún no se han publicado.")
    if ruta == "" or ruta.endswith("/"):
        ruta += "index.html"
    archivo = (corte / ruta).resolve()
    if not archivo.is_relative_to(corte.resolve()) or not archivo.is_file():
        raise Http404("No existe ese archivo.")
    tipo = (
        TIPOS.get(archivo.suffix)
        or mimetypes.guess_type(archivo.name)[0]
        or "application/octet-stream"
    )
    return FileResponse(open(archivo, "rb"), content_type=tipo)
