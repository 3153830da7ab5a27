"""A direct route for the hot PREP Casilla endpoint (POST /prep/api/v1/actas).

Every acta upload went through the whole middleware stack — static files, sessions, locale,
CSRF, authentication, the second factor, messages — none of which this token-authenticated,
CSRF-exempt JSON endpoint uses, and then through URL resolution: about 1 ms of CPU of an upload.
`con_ruta_directa(app)` wraps the WSGI application: POST requests to exactly that path are
served by a Django handler whose middleware chain is only what still applies to an API
response (the security headers of SecurityMiddleware and X-Frame-Options, when those are
configured), with ALLOWED_HOSTS checked; everything else goes to `app` unchanged. It is still a
Django handler: request_started / request_finished (database connection upkeep), exception to
response conversion, request logging. The view itself (`api.actas`) does every check of the API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

RUTA = "/prep/api/v1/actas"
# The only middleware whose work applies to an API response; kept in settings' order.
_MIDDLEWARE_API = (
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)


def _vista(request: HttpRequest) -> HttpResponse:
    from ople.prep import api

    request.get_host()  # ALLOWED_HOSTS (DisallowedHost -> 400), as CommonMiddleware would
    return api.actas(request)


class ManejadorActas(WSGIHandler):
    """WSGIHandler with the reduced middleware chain around `api.actas`."""

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        cadena = convert_exception_to_response(_vista)
        for ruta in reversed([m for m in settings.MIDDLEWARE if m in _MIDDLEWARE_API]):
            cadena = convert_exception_to_response(import_string(ruta)(cadena))
        self._middleware_chain = cadena


Aplicacion = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def con_ruta_directa(app: Aplicacion) -> Aplicacion:
    manejador = ManejadorActas()

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO") == RUTA and environ.get("REQUEST_METHOD") == "POST":
            return manejador(environ, start_response)
        return app(environ, start_response)

    return application
