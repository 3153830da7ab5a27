"""Conóceles' free-text search in headless Chromium: with JavaScript the form filters the
pre-built index (accents and case ignored); without it, the form stays hidden and the pages by
initial letter lead to the candidate."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from ople.candidaturas.conoceles.sitio import Sitio, generar

from .test_conoceles_sitio import CORTE, ficha


@pytest.fixture
def servidor(tmp_path):
    s = Sitio(
        titulo="Candidaturas",
        institucion="IEE",
        corte=CORTE,
        fichas=[
            ficha(1, nombre="Ana Ávila Zúñiga"),
            ficha(2, nombre="Luis Ñuño Pérez"),
            *[ficha(i) for i in range(3, 250)],
        ],
    )
    for ruta, datos in generar(s).items():
        p = tmp_path / ruta
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(datos)
    manejador = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    manejador.log_message = lambda *a: None  # type: ignore[method-assign]
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), manejador)
    hilo = threading.Thread(target=srv.serve_forever, daemon=True)
    hilo.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_busqueda_con_y_sin_javascript(browser, servidor):
    contexto = browser.new_context(locale="es-MX")
    page = contexto.new_page()
    page.goto(servidor + "/index.html")
    page.get_by_role("link", name="Buscar por nombre").click()
    page.get_by_label("Nombre, cargo, demarcación o partido").fill("zuniga ANA")
    page.get_by_role("button", name="Buscar").click()
    page.get_by_text("1 candidatura.").wait_for()
    page.get_by_role("link", name="Ana Ávila Zúñiga").click()
    assert page.url.endswith("/candidatura/1.html")
    page.go_back()
    page.get_by_label("Nombre, cargo, demarcación o partido").fill("persona")
    page.get_by_role("button", name="Buscar").click()
    page.get_by_text("247 candidaturas; se muestran las primeras 100.").wait_for()
    assert page.locator("#resultados li").count() == 100
    contexto.close()

    sin_js = browser.new_context(locale="es-MX", java_script_enabled=False)
    page = sin_js.new_page()
    page.goto(servidor + "/buscar/index.html")
    assert not page.get_by_role("search").is_visible()
    assert page.get_by_role("link", name="Nombres con Ñ").count() == 0  # Ñ files under N
    page.get_by_role("link", name="Nombres con N", exact=True).click()
    page.get_by_role("link", name="Luis Ñuño Pérez").click()
    assert page.url.endswith("/candidatura/2.html")
    sin_js.close()
