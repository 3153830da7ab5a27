"""What every system's direct WSGI route shares (ADR 0022, 0049): the pieces of Django's handler
that a plain WSGI function must still honour so that its answers cannot be told from the view's.

A system's route (the fast routes systems declare in their registry) decides which requests it
takes and computes the answer; these give it a minimal request for Django's own host and scheme checks,
the headers its middleware chain adds to a JSON answer (computed once, by the middleware
themselves), the refusal's log line as Django writes it, and a body whose close() ends the
request (`request_finished`) as HttpResponse.close() does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from http.client import responses
from typing import Any

from django.core import signals
from django.core.handlers.wsgi import WSGIRequest
from django.http import JsonResponse
from django.utils.log import log_response
from django.utils.module_loading import import_string

# (name, value) pairs; a value None stands for the answer's Content-Length.
Cabeceras = list[tuple[str, str | None]]
Aplicacion = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# The only middleware whose work applies to an API's JSON answer.
MIDDLEWARE_API = (
    "django.middleware.security.SecurityMiddleware",
    "ople.core.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)


def middleware_api() -> list[str]:
    """Those of MIDDLEWARE_API the project installs, in the settings' order."""
    from django.conf import settings

    return [m for m in settings.MIDDLEWARE if m in MIDDLEWARE_API]


class Cuerpo:
    """The response body; its close() ends the request as HttpResponse.close() does."""

    __slots__ = ("_emisor", "_partes")

    def __init__(self, cuerpo: bytes, emisor: type) -> None:
        self._partes = (cuerpo,)
        self._emisor = emisor

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._partes)

    def close(self) -> None:
        signals.request_finished.send(sender=self._emisor)


def solicitud_minima(environ: dict[str, Any]) -> WSGIRequest:
    """A WSGIRequest with only its environ, for Django's own get_host() and is_secure()."""
    solicitud = WSGIRequest.__new__(WSGIRequest)
    solicitud.environ = solicitud.META = environ
    return solicitud


class _Estado:
    """What log_response reads of a response."""

    def __init__(self, status_code: int) -> None:
        self.status_code = status_code


class Cadena:
    """The middleware of ``nombres`` (in the project's order), as a direct route sees them.

    ``siempre_django``: one of them may answer before the view (an HTTPS redirect), so the route
    leaves every request to Django. ``cabeceras[seguro]``: what they add to a JsonResponse for a
    plain and a secure request (they depend on the settings and request.is_secure() only), in
    the full stack's order, with Content-Length (None) where the middleware named ``largo``
    (CommonMiddleware) would add it among ``orden`` (the project's MIDDLEWARE), or last.
    """

    def __init__(
        self, nombres: Sequence[str], *, orden: Sequence[str] = (), largo: str = ""
    ) -> None:
        cadena = [import_string(m)(lambda r: None) for m in nombres]
        self.siempre_django = any(getattr(m, "redirect", False) for m in cadena)
        self.tipo: str = JsonResponse({})["Content-Type"]
        donde = orden.index(largo) if largo in orden else None
        self.cabeceras: dict[bool, Cabeceras] = {}
        for seguro in (False, True):
            respuesta = JsonResponse({})
            vistas = set(respuesta.headers)
            lista: Cabeceras = []
            solicitud = solicitud_minima({"wsgi.url_scheme": "https" if seguro else "http"})
            puesto = False
            for nombre, m in reversed(list(zip(nombres, cadena, strict=True))):
                if not puesto and donde is not None and orden.index(nombre) < donde:
                    lista.append(("Content-Length", None))
                    puesto = True
                respuesta = m.process_response(solicitud, respuesta)
                lista += [(k, v) for k, v in respuesta.items() if k not in vistas]
                vistas = set(respuesta.headers)
            if not puesto:
                lista.append(("Content-Length", None))
            self.cabeceras[seguro] = lista

    def de(self, seguro: bool, largo: int) -> list[tuple[str, str]]:
        texto = str(largo)
        return [(k, texto if v is None else v) for k, v in self.cabeceras[seguro]]


def responder(
    environ: dict[str, Any],
    start_response: Callable[..., Any],
    *,
    estado: int,
    cabeceras: list[tuple[str, str]],
    contenido: bytes,
    emisor: type,
) -> Cuerpo:
    """Start the answer; a refusal is logged as BaseHandler.get_response logs it."""
    frase = responses[estado]
    if estado >= 400:
        completa = WSGIRequest(environ)
        log_response("%s: %s", frase, completa.path, response=_Estado(estado), request=completa)  # type: ignore[arg-type]
    start_response(f"{estado} {frase}", cabeceras)
    return Cuerpo(contenido, emisor)


def envolver(app: Aplicacion, *, ruta: str, directa: Aplicacion) -> Aplicacion:
    """`app` with the POSTs to exactly `ruta` served by `directa`; everything else unchanged."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO") == ruta and environ.get("REQUEST_METHOD") == "POST":
            return directa(environ, start_response)
        return app(environ, start_response)

    return application
