"""Form posts over the request limits get a Spanish page that states the limit.

Django refuses a form post with more files than DATA_UPLOAD_MAX_NUMBER_FILES (or more fields,
or more form data, than its other limits) with a bare English "Bad Request (400)", raised while
the CSRF check reads the form. This middleware, placed just before CsrfViewMiddleware, reads the
form first for the views that check CSRF (the ones that would read it anyway; CSRF-exempt views
such as a device API read their bodies themselves) and answers a refusal with a page
saying which limit was exceeded and that nothing was processed. A body larger than
OPLE_MAX_REQUEST_BYTES (a full CATD batch of the largest images) is refused before it is read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

_FORMULARIOS = ("multipart/form-data", "application/x-www-form-urlencoded")


def _mb(n: int) -> str:
    """A size for people: 2.4 GB, 12 MB, 4.9 KB."""
    for unidad, tamano in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= tamano:
            return f"{n / tamano:,.1f}".removesuffix(".0") + f" {unidad}"
    return f"{n} bytes"


class RequestLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method != "POST" or getattr(view, "csrf_exempt", False):
            return None
        if request.content_type not in _FORMULARIOS:
            return None
        try:
            largo = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            largo = 0
        if largo > settings.OPLE_MAX_REQUEST_BYTES:
            return _rechazo(
                request,
                f"El envío pesa {_mb(largo)}; el máximo es {_mb(settings.OPLE_MAX_REQUEST_BYTES)} "
                f"({settings.OPLE_CATD_MAX_ARCHIVOS} archivos de hasta "
                f"{_mb(settings.OPLE_MAX_IMAGE_BYTES)}).",
            )
        try:
            request.POST  # noqa: B018 -- read here, once; the CSRF check and the view reuse it
        except TooManyFilesSent:
            n = settings.DATA_UPLOAD_MAX_NUMBER_FILES
            return _rechazo(
                request,
                f"El envío trae más de {n} archivos; el máximo es {n} por envío. "
                f"Divídalo en lotes de {n} archivos o menos.",
            )
        except TooManyFieldsSent:
            return _rechazo(
                request,
                f"El envío trae más de {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} campos, "
                "el máximo por envío.",
            )
        except RequestDataTooBig:
            return _rechazo(
                request,
                "Los campos del envío (sin contar los archivos) exceden el máximo de "
                f"{_mb(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}.",
            )
        return None


def _rechazo(request: HttpRequest, mensaje: str) -> HttpResponse:
    return render(
        request,
        "core/limite_excedido.html",
        {"mensaje": mensaje, "volver": request.get_full_path()},
        status=413,
    )
