"""Refuse control characters in what any PREP view receives, before the view runs.

One place for every page of the PREP (the views of the `prep` URL namespace, present and
future): the path, every query field and every form field (names and values; not the files) go
through `entrada.caracter_prohibido`. A NUL reached PostgreSQL (an error on a text column) or
the file system (an error on a path) deep inside a view, as a 500; now it is a 400 with a Spanish
page, or the API's JSON error for the API's views, and nothing is changed.

The API reads its own bodies (`api.lee_su_cuerpo`): here only its path and query are checked;
`ople.prep.api` checks its multipart and JSON fields with the same function, also on the direct
route of `api_wsgi`, which does not pass through middleware.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from ople.prep import entrada

_FORMULARIOS = ("application/x-www-form-urlencoded", "multipart/form-data")


def textos_de(campos: QueryDict) -> Iterator[str]:
    """Every name and value of a QueryDict (every value of a repeated name)."""
    for nombre, valores in campos.lists():
        yield nombre
        yield from valores


class EntradaPrepMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, vista: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        coincidencia = request.resolver_match
        if coincidencia is None or "prep" not in coincidencia.namespaces:
            return None
        api = getattr(vista, "lee_su_cuerpo", False)
        textos: list[Iterator[str] | list[str]] = [[request.path_info], textos_de(request.GET)]
        if not api and request.method == "POST" and request.content_type in _FORMULARIOS:
            try:
                textos.append(textos_de(request.POST))
            except Exception:  # noqa: BLE001 - an unreadable body: the view answers it as before
                pass
        caracter = entrada.primer_prohibido(t for grupo in textos for t in grupo)
        if caracter is None:
            return None
        if api:
            from ople.prep.api import error

            return error("solicitud_invalida", entrada.mensaje(caracter))
        return render(
            request,
            "prep/entrada_invalida.html",
            {"mensaje": entrada.mensaje(caracter)},
            status=400,
        )
