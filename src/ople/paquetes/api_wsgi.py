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
from collections.abc import Callable, Iterable, Iterator
from http.client import responses
from typing import Any

from django.conf import settings
from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest, get_script_name
from django.db import connection
from django.http import JsonResponse
from django.urls import set_script_prefix
from django.utils.http import parse_header_parameters
from django.utils.log import log_response
from django.utils.module_loading import import_string

RUTA = "/paquetes/api/v1/eventos"
_MIDDLEWARE_API = (
    "django.middleware.security.SecurityMiddleware",
    "ople.core.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
_COMUN = "django.middleware.common.CommonMiddleware"  # gives every answer its Content-Length

Aplicacion = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class _Cuerpo:
    """The response body; its close() ends the request as HttpResponse.close() does."""

    __slots__ = ("_partes",)

    def __init__(self, cuerpo: bytes) -> None:
        self._partes = (cuerpo,)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._partes)

    def close(self) -> None:
        signals.request_finished.send(sender=WSGIHandler)


def _solicitud_minima(environ: dict[str, Any]) -> WSGIRequest:
    """A WSGIRequest with only its environ, for Django's own get_host() and is_secure()."""
    solicitud = WSGIRequest.__new__(WSGIRequest)
    solicitud.environ = solicitud.META = environ
    return solicitud


class _Estado:
    """What log_response reads of a response."""

    def __init__(self, status_code: int) -> None:
        self.status_code = status_code


class RutaDirecta:
    def __init__(self, app: Aplicacion) -> None:
        self.app = app
        nombres = [m for m in settings.MIDDLEWARE if m in _MIDDLEWARE_API]
        cadena = [import_string(m)(lambda r: None) for m in nombres]
        # Middleware that may answer before the view (an HTTPS redirect): Django serves it all.
        self.siempre_django = any(getattr(m, "redirect", False) for m in cadena)
        # The headers the chain adds to a JsonResponse, for a plain and a secure request (they
        # depend on the settings and request.is_secure() only), in the full stack's order:
        # Content-Length (None here) where CommonMiddleware adds it.
        comun = settings.MIDDLEWARE.index(_COMUN) if _COMUN in settings.MIDDLEWARE else len(nombres)
        self.cabeceras: dict[bool, list[tuple[str, str | None]]] = {}
        for seguro in (False, True):
            respuesta = JsonResponse({})
            vistas = set(respuesta.headers)
            lista: list[tuple[str, str | None]] = []
            solicitud = _solicitud_minima({"wsgi.url_scheme": "https" if seguro else "http"})
            largo_puesto = False
            for nombre, m in reversed(list(zip(nombres, cadena, strict=True))):
                if not largo_puesto and settings.MIDDLEWARE.index(nombre) < comun:
                    lista.append(("Content-Length", None))
                    largo_puesto = True
                respuesta = m.process_response(solicitud, respuesta)
                lista += [(k, v) for k, v in respuesta.items() if k not in vistas]
                vistas = set(respuesta.headers)
            if not largo_puesto:
                lista.append(("Content-Length", None))
            self.cabeceras[seguro] = lista
        self.tipo = JsonResponse({})["Content-Type"]

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        from ople.paquetes import api

        tipo, _ = parse_header_parameters(environ.get("CONTENT_TYPE", ""))
        try:
            largo = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            largo = -1
        if (
            self.siempre_django
            or tipo != "application/json"
            or not 0 < largo <= api.MAX_CUERPO
            or connection.vendor != "postgresql"
        ):
            return self.app(environ, start_response)
        solicitud = _solicitud_minima(environ)
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
        largo_txt = str(len(contenido))
        cabeceras = [("Content-Type", self.tipo)]
        cabeceras += [(k, largo_txt if v is None else v) for k, v in self.cabeceras[seguro]]
        frase = responses[estado]
        if estado >= 400:  # logged as BaseHandler.get_response logs a refusal
            completa = WSGIRequest(environ)
            respuesta = _Estado(estado)
            log_response("%s: %s", frase, completa.path, response=respuesta, request=completa)  # type: ignore[arg-type]
        start_response(f"{estado} {frase}", cabeceras)
        return _Cuerpo(contenido)


def con_ruta_directa(app: Aplicacion) -> Aplicacion:
    directa = RutaDirecta(app)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO") == RUTA and environ.get("REQUEST_METHOD") == "POST":
            return directa(environ, start_response)
        return app(environ, start_response)

    return application
