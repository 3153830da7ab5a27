"""A direct route for the hot PREP Casilla endpoint (POST /prep/api/v1/actas).

Every acta upload went through the whole middleware stack — static files, sessions, locale,
CSRF, authentication, the second factor, messages — none of which this token-authenticated,
CSRF-exempt JSON endpoint uses, and then through URL resolution: about 1 ms of CPU of an upload.
`con_ruta_directa(app)` wraps the WSGI application: POST requests to exactly that path are
served here; everything else goes to `app` unchanged.

Here, two ways, one answer:

- **The plain upload** (what the PREP Casilla app sends: a plain multipart body, see
  `api.partes_simples`, on an allowed host, within the size limits) is served by a plain WSGI
  function, `_RutaDirecta`, without a `WSGIRequest`, `JsonResponse` or middleware objects: it
  sends `request_started` and (when the server closes the response) `request_finished` as
  Django's handler does, so the database connections are looked after the same way
  (`close_old_connections`), calls `api.actas_simple`, and adds the headers that
  SecurityMiddleware and XFrameOptionsMiddleware add to that response (computed once, by
  those middleware themselves, for a plain and for a secure request) and its Content-Length.
- **Everything else** — another body shape, a host not allowed, a body over the limits, a
  configured HTTPS redirect — and any exception the plain function did not expect, goes to
  `ManejadorActas`, a Django handler whose middleware chain is only SecurityMiddleware and
  XFrameOptionsMiddleware (when configured) around `api.actas` with ALLOWED_HOSTS checked:
  Django's request, signals, exception to response conversion (the same 500, logged) and
  request logging, as before this route existed, plus the Content-Length that CommonMiddleware
  gives every answer of the full stack.

`tests/prep/test_api_wsgi.py` checks that both answer byte for byte as each other (status,
headers and their order, body) and as the full stack (the codes and the headers that apply).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler, get_script_name
from django.http import HttpRequest, HttpResponse
from django.urls import set_script_prefix
from django.utils.http import parse_header_parameters
from django.utils.module_loading import import_string

from ople.core.ruta_directa import (
    Aplicacion,
    Cadena,
    envolver,
    middleware_api,
    responder,
    solicitud_minima,
)

RUTA = "/prep/api/v1/actas"
# An exception of the plain function, handed to ManejadorActas to answer as Django does.
_EXCEPCION = "ople.api_wsgi.excepcion"


def _vista(request: HttpRequest) -> HttpResponse:
    from ople.prep import api

    request.get_host()  # ALLOWED_HOSTS (DisallowedHost -> 400), as CommonMiddleware would
    excepcion = request.META.pop(_EXCEPCION, None)
    if excepcion is not None:
        raise excepcion  # what the plain function raised, answered and logged here
    return api.actas(request)


class ManejadorActas(WSGIHandler):
    """WSGIHandler with the reduced middleware chain around `api.actas`."""

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        cadena = convert_exception_to_response(_vista)
        for ruta in reversed(middleware_api()):
            cadena = convert_exception_to_response(import_string(ruta)(cadena))
        self._middleware_chain = cadena

    def get_response(self, request: HttpRequest) -> HttpResponse:
        # The length of the answer, as CommonMiddleware gives it in the full stack: without it
        # gunicorn sends the small JSON body chunked.
        respuesta = super().get_response(request)
        if not respuesta.streaming and not respuesta.has_header("Content-Length"):
            respuesta.headers["Content-Length"] = str(len(respuesta.content))
        return respuesta


class _RutaDirecta:
    """The plain WSGI function for the plain upload (see the module's docstring)."""

    def __init__(self, manejador: ManejadorActas) -> None:
        self.manejador = manejador
        self.cadena = Cadena(middleware_api())

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        from ople.prep import api

        solicitud = solicitud_minima(environ)
        tipo, parametros = parse_header_parameters(environ.get("CONTENT_TYPE", ""))
        limite = parametros.get("boundary", "")
        largo = api.largo_declarado(environ)
        tope = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if (
            self.cadena.siempre_django
            or not tipo.startswith("multipart/form-data")
            or not api.limite_simple(limite)
            or largo <= 0
            or api.excede_el_tope(largo)
            or (tope is not None and largo > tope)
        ):
            return self.manejador(environ, start_response)
        try:
            solicitud.get_host()
        except DisallowedHost:
            return self.manejador(environ, start_response)
        try:
            cuerpo = environ["wsgi.input"].read(largo)  # what request.body reads
        except OSError:
            return self.manejador(environ, start_response)  # Django's UnreadablePostError
        partes = api.partes_simples(limite, cuerpo)
        if partes is None:  # another shape: Django's parser decides
            environ["wsgi.input"] = io.BytesIO(cuerpo)
            return self.manejador(environ, start_response)

        set_script_prefix(get_script_name(environ))
        signals.request_started.send(sender=ManejadorActas, environ=environ)
        try:
            estado, json, autenticar = api.actas_simple(
                environ.get("HTTP_AUTHORIZATION", ""), *partes
            )
            cabeceras = [("Content-Type", self.cadena.tipo)]
            if autenticar is not None:
                cabeceras.append(("WWW-Authenticate", autenticar))
            cabeceras += self.cadena.de(solicitud.is_secure(), len(json))
        except Exception as exc:
            # Django's handler turns it into its 500 (got_request_exception, the log, the
            # middleware's headers) and ends the request (request_finished).
            environ[_EXCEPCION] = exc
            return self.manejador(environ, start_response)
        return responder(
            environ,
            start_response,
            estado=estado,
            cabeceras=cabeceras,
            contenido=json,
            emisor=ManejadorActas,
        )


def con_ruta_directa(app: Aplicacion) -> Aplicacion:
    return envolver(app, ruta=RUTA, directa=_RutaDirecta(ManejadorActas()))
