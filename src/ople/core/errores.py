"""The server's own error answers in Spanish: 400, 403 (also a refused CSRF check), 404 and 500.

Pages are the templates `400.html`, `403.html`, `404.html` and `500.html` (core/templates), in the
site's look; Django's defaults were English. Under an API path the answer is the APIs' JSON shape
`{"error": {"codigo": ..., "mensaje": ...}}`, which their clients already read; every JSON API
answers a refusal (`ople.core.errors.OpleError`) through `respuesta_json`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

from ople.core.errors import OpleError

from . import registry

ERRORES = {
    400: ("solicitud_invalida", "La solicitud no es válida."),
    403: ("prohibido", "No tiene permiso para esta operación."),
    404: ("no_encontrado", "No existe ese recurso de la API."),
    500: ("error_interno", "Ocurrió un error interno del servidor; vuelva a intentarlo."),
}


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(registry.json_prefixes())


def respuesta_json(error: OpleError, *, estado: int, ensure_ascii: bool = True) -> JsonResponse:
    """A JSON API's answer to a refusal: `{"error": {"codigo": ..., "mensaje": ...}}`, `estado`."""
    return JsonResponse(
        error.como_json(), status=estado, json_dumps_params={"ensure_ascii": ensure_ascii}
    )


def _json(status: int) -> JsonResponse:
    return respuesta_json(OpleError(*ERRORES[status]), estado=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return _json(400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return _json(403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return _json(404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return _json(500)
    return defaults.server_error(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (usually one left open past its session): the 403 page
    with what to do, instead of Django's English page."""
    if is_api(request):
        return _json(403)
    pagina = loader.get_template("403.html").render({"csrf": True}, request)
    return HttpResponse(pagina, status=403)
