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
from collections.abc import Callable, Iterable, Iterator
from http.client import responses
from typing import Any

from django.conf import settings
from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest, get_script_name
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import set_script_prefix
from django.utils.http import parse_header_parameters
from django.utils.log import log_response
from django.utils.module_loading import import_string

RUTA = "/prep/api/v1/actas"
# The only middleware whose work applies to an API response; kept in settings' order.
_MIDDLEWARE_API = (
    "django.middleware.security.SecurityMiddleware",
    "ople.core.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
# An exception of the plain function, handed to ManejadorActas to answer as Django does.
_EXCEPCION = "ople.api_wsgi.excepcion"


def _vista(request: HttpRequest) -> HttpResponse:
    from ople.prep import api

    request.get_host()  # ALLOWED_HOSTS (DisallowedHost -> 400), as CommonMiddleware would
    excepcion = request.META.pop(_EXCEPCION, None)
    if excepcion is not None:
        raise excepcion  # what the plain function raised, answered and logged here
    return api.actas(request)


def _middleware_api() -> list[str]:
    return [m for m in settings.MIDDLEWARE if m in _MIDDLEWARE_API]


class ManejadorActas(WSGIHandler):
    """WSGIHandler with the reduced middleware chain around `api.actas`."""

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        cadena = convert_exception_to_response(_vista)
        for ruta in reversed(_middleware_api()):
            cadena = convert_exception_to_response(import_string(ruta)(cadena))
        self._middleware_chain = cadena

    def get_response(self, request: HttpRequest) -> HttpResponse:
        # The length of the answer, as CommonMiddleware gives it in the full stack: without it
        # gunicorn sends the small JSON body chunked.
        respuesta = super().get_response(request)
        if not respuesta.streaming and not respuesta.has_header("Content-Length"):
            respuesta.headers["Content-Length"] = str(len(respuesta.content))
        return respuesta


class _Cuerpo:
    """The response body; its close() ends the request as HttpResponse.close() does."""

    __slots__ = ("_partes",)

    def __init__(self, cuerpo: bytes) -> None:
        self._partes = (cuerpo,)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._partes)

    def close(self) -> None:
        signals.request_finished.send(sender=ManejadorActas)


def _solicitud_minima(environ: dict[str, Any]) -> WSGIRequest:
    """A WSGIRequest with only its environ, for Django's own get_host() and is_secure()."""
    solicitud = WSGIRequest.__new__(WSGIRequest)
    solicitud.environ = solicitud.META = environ
    return solicitud


class _RutaDirecta:
    """The plain WSGI function for the plain upload (see the module's docstring)."""

    def __init__(self, manejador: ManejadorActas) -> None:
        self.manejador = manejador
        cadena = [import_string(m)(lambda r: None) for m in _middleware_api()]
        # Middleware that may answer before the view (an HTTPS redirect): Django serves it all.
        self.siempre_django = any(getattr(m, "redirect", False) for m in cadena)
        # The headers the chain adds to a JsonResponse, for a plain and a secure request: they
        # depend on the settings and on request.is_secure() only, never on the response.
        self.cabeceras: dict[bool, list[tuple[str, str]]] = {}
        for seguro in (False, True):
            respuesta = JsonResponse({})
            antes = set(respuesta.headers)
            solicitud = _solicitud_minima({"wsgi.url_scheme": "https" if seguro else "http"})
            for m in reversed(cadena):
                respuesta = m.process_response(solicitud, respuesta)
            self.cabeceras[seguro] = [(k, v) for k, v in respuesta.items() if k not in antes]
        self.tipo = JsonResponse({})["Content-Type"]

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        from ople.prep import api

        solicitud = _solicitud_minima(environ)
        tipo, parametros = parse_header_parameters(environ.get("CONTENT_TYPE", ""))
        limite = parametros.get("boundary", "")
        largo = api.largo_declarado(environ)
        tope = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if (
            self.siempre_django
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
            cabeceras = [("Content-Type", self.tipo)]
            if autenticar is not None:
                cabeceras.append(("WWW-Authenticate", autenticar))
            cabeceras += self.cabeceras[solicitud.is_secure()]
        except Exception as exc:
            # Django's handler turns it into its 500 (got_request_exception, the log, the
            # middleware's headers) and ends the request (request_finished).
            environ[_EXCEPCION] = exc
            return self.manejador(environ, start_response)
        cabeceras.append(("Content-Length", str(len(json))))
        frase = responses[estado]
        if estado >= 400:  # logged as BaseHandler.get_response logs it (a refusal: rare)
            completa = WSGIRequest(environ)
            log_response("%s: %s", frase, completa.path, response=_Estado(estado), request=completa)
        start_response(f"{estado} {frase}", cabeceras)
        return _Cuerpo(json)


class _Estado:
    """What log_response reads of a response."""

    def __init__(self, status_code: int) -> None:
        self.status_code = status_code


Aplicacion = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def con_ruta_directa(app: Aplicacion) -> Aplicacion:
    directa = _RutaDirecta(ManejadorActas())

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO") == RUTA and environ.get("REQUEST_METHOD") == "POST":
            return directa(environ, start_response)
        return app(environ, start_response)

    return application
