"""The server's error answers are Spanish: a page in the site's look, or the APIs' JSON."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls_errores")]

TITULOS = {
    400: "Solicitud no válida",
    403: "Acceso denegado",
    404: "Página no encontrada",
    500: "Error del servidor",
}


@pytest.fixture
def cliente():
    return Client(raise_request_exception=False)


def _pagina(r, estado: int) -> str:
    assert r.status_code == estado
    assert r["Content-Type"].startswith("text/html")
    cuerpo = r.content.decode()
    assert '<html lang="es-MX">' in cuerpo
    assert f"<h1>{TITULOS[estado]}</h1>" in cuerpo
    assert 'href="/static/core/ople.css"' in cuerpo or "core/ople." in cuerpo  # the site's look
    for ingles in ("Not Found", "Bad Request", "Forbidden", "Server Error"):
        assert ingles not in cuerpo
    return cuerpo


def _json(r, estado: int, codigo: str) -> None:
    assert r.status_code == estado
    assert r["Content-Type"] == "application/json"
    error = r.json()["error"]
    assert error["codigo"] == codigo
    assert error["mensaje"] and error["mensaje"].endswith(".")


@pytest.mark.parametrize("estado", [400, 403, 500])
def test_paginas_de_error_en_espanol(cliente, estado):
    _pagina(cliente.get(f"/fallas/{estado}"), estado)


def test_404_en_espanol(cliente):
    _pagina(cliente.get("/no-existe/"), 404)
    _pagina(cliente.get("/catalogo/no-existe/"), 404)


def test_host_no_permitido_es_400_en_espanol(cliente):
    _pagina(cliente.get("/", HTTP_HOST="otro.example"), 400)
    _json(cliente.get("/api/ubica", HTTP_HOST="otro.example"), 400, "solicitud_invalida")


@pytest.mark.parametrize(
    ("estado", "codigo"),
    [(400, "solicitud_invalida"), (403, "prohibido"), (500, "error_interno")],
)
def test_errores_de_la_api_en_json(cliente, estado, codigo):
    _json(cliente.get(f"/api/fallas/{estado}"), estado, codigo)


def test_404_de_la_api_en_json(cliente):
    _json(cliente.get("/api/no-existe"), 404, "no_encontrado")
    _json(cliente.get("/prep/api/v1/no-existe"), 404, "no_encontrado")  # the PREP API's own


def test_formulario_sin_csrf_es_403_en_espanol():
    """A form posted without its CSRF token (e.g. left open past its session)."""
    cliente = Client(enforce_csrf_checks=True)
    r = cliente.post("/cuenta/entrar/", {"username": "a", "password": "b"})
    cuerpo = _pagina(r, 403)
    assert "Vuelva a cargar la página" in cuerpo


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_pagina_404_en_el_navegador(live_server, page, screenshot_dir):
    """What a citizen who mistypes an address sees: the site's bar and style, in Spanish."""
    r = page.goto(live_server.url + "/prep/no-existe/")
    assert r is not None and r.status == 404
    assert page.locator("h1").inner_text() == "Página no encontrada"
    assert page.get_by_role("link", name="página principal").get_attribute("href") == "/"
    fondo = page.locator("header.barra").evaluate("e => getComputedStyle(e).backgroundColor")
    assert fondo not in ("", "rgba(0, 0, 0, 0)")  # the style sheet loaded
    page.screenshot(path=str(screenshot_dir / "error-404.png"), full_page=True)
