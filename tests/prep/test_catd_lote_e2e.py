"""Headless Chromium: a CATD batch of one file more than the page promises is refused with a
Spanish page that states the limit, and nothing of it is received."""

from __future__ import annotations

import pytest

from ople.prep import roles as prep_roles
from ople.prep.models import Digitalizacion
from tests.prep.datos_intake import catalogo_con_actas, jpeg, usuario

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "clave-de-prueba-lote-1"


def test_lote_de_201_en_el_navegador(live_server, page, screenshot_dir):
    catalogo_con_actas()
    usuario("catd", prep_roles.DIGITALIZACION, password=PASSWORD)
    base = live_server.url
    page.goto(base + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill("catd")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.goto(base + "/prep/catd/")
    assert "hasta 200 archivos" in page.locator("body").inner_text()
    escaneo = jpeg(1, ancho=32, alto=24)
    page.set_input_files(
        "#archivos",
        files=[
            {"name": f"e{i:03d}.jpg", "mimeType": "image/jpeg", "buffer": escaneo}
            for i in range(201)
        ],
    )
    page.get_by_role("button", name="Subir").click()
    page.wait_for_selector("#limite")
    assert "el máximo es 200 por envío" in page.locator("#limite").inner_text()
    assert "No se procesó nada" in page.locator("body").inner_text()
    page.screenshot(path=str(screenshot_dir / "prep-catd-lote-excedido.png"), full_page=True)
    assert Digitalizacion.objects.count() == 0
    page.get_by_role("link", name="Volver a la página").click()
    page.wait_for_selector("#archivos")
