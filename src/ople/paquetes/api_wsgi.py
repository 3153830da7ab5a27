"""A direct route for the scanner's hot endpoint, POST /paquetes/api/v1/eventos (docs/decisions/
0049), as the PREP's acta upload has one (0022).

`con_ruta_directa(app)` wraps the WSGI application. A POST to exactly that path with a JSON
body that `api.directo` accepts (a scanned label, no consejo or mechanism named, not an event
inside the bodega), on PostgreSQL, on an allowed host, within the size limit, is answered by a
plain WSGI function: no `WSGIRequest`, middleware or URL resolution; the device and the package
remembered (`api.RECORDADOS`); the event written with plain SQL in groups (`paquetes.lote`). It
sends `request_started` and (when the server closes the response) `request_finished` as
Django's handler does, so database connections are looked after the same way, and adds the
headers SecurityMiddleware, ContentSecurityPolicyMiddleware and XFrameOptionsMiddleware add to a
JSON answer (computed once, by those middleware, for a plain and a secure request) and its
Content-Length.

Everything else on that path — a photo (multipart), another body, SQLite, an HTTPS redirect to
make — goes to the application unchanged (the full stack and `api.eventos`), its body as it was
read. An exception the plain function did not expect is handed to the view through the
environ, so Django answers and logs its 500 as before.

`tests/paquetes/test_api_wsgi.py` compares both answers (status line, body byte for byte, every
header the route sends) for every refusal, a receipt and its retry.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIHandler, get_script_name
from django.db import connection
from django.urls import set_script_prefix
from django.utils.http import parse_header_parameters

from ople.core.ruta_directa import (
    Aplicacion,
    Cadena,
    envolver,
    middleware_api,
    responder,
    solicitud_minima,
)

RUTA = "/paquetes/api/v1/eventos"
_COMUN = "django.middleware.common.CommonMiddleware"  # gives every answer its Content-Length


class RutaDirecta:
    def __init__(self, app: Aplicacion) -> None:
        self.app = app
        self.cadena = Cadena(middleware_api(), orden=settings.MIDDLEWARE, largo=_COMUN)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        from ople.paquetes import api

        tipo, _ = parse_header_parameters(environ.get("CONTENT_TYPE", ""))
        try:
            largo = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            largo = -1
        if (
            self.cadena.siempre_django
            or tipo != "application/json"
            or not 0 < largo <= api.MAX_CUERPO
            or connection.vendor != "postgresql"
        ):
            return self.app(environ, start_response)
        solicitud = solicitud_minima(environ)
        try:
            solicitud.get_host()
        except DisallowedHost:
            return self.app(environ, start_response)
        try:
            datos = environ["wsgi.input"].read(largo)
        except OSError:
            return self.app(environ, start_response)
        environ["wsgi.input"] = io.BytesIO(datos)  # for the application, if it answers
        try:
            cuerpo = json.loads(datos)
        except (ValueError, UnicodeDecodeError):
            return self.app(environ, start_response)
        if not isinstance(cuerpo, dict) or not api.directo(cuerpo):
            return self.app(environ, start_response)

        set_script_prefix(get_script_name(environ))
        signals.request_started.send(sender=WSGIHandler, environ=environ)
        try:
            estado, contenido = api.eventos_directo(environ.get("HTTP_AUTHORIZATION", ""), cuerpo)
            seguro = solicitud.is_secure()
        except Exception as exc:
            # The view raises it: Django's 500 (got_request_exception, the log, the headers),
            # and the request ends there (request_finished).
            environ[api.EXCEPCION] = exc
            return self.app(environ, start_response)
        cabeceras = [("Content-Type", self.cadena.tipo), *self.cadena.de(seguro, len(contenido))]
        return responder(
            environ,
            start_response,
            estado=estado,
            cabeceras=cabeceras,
            contenido=contenido,
            emisor=WSGIHandler,
        )


def con_ruta_directa(app: Aplicacion) -> Aplicacion:
    return envolver(app, ruta=RUTA, directa=RutaDirecta(app))
