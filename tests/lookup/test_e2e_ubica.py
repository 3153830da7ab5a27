"""End to end in headless Chromium: sección number, then a tap on the map, to the casilla list."""

from __future__ import annotations

import re

import pytest

from .geodatos import secciones_ags

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

A_PANTALLA = """([lon, lat, n]) => {
  document.querySelector(`a[data-seccion="${n}"]`).scrollIntoView({block: "center"});
  const svg = document.querySelector("svg.mapa-secciones");
  const d = svg.dataset;
  const x = (lon - Number(d.lonMin)) * Number(d.coslat) * Number(d.escala);
  const y = (Number(d.latMax) - lat) * Number(d.escala);
  const p = new DOMPoint(x, y).matrixTransform(svg.getScreenCTM());
  return [p.x, p.y];
}"""


def test_ubica_por_numero_y_por_mapa(live_server, page, catalogo_ags, screenshot_dir):
    page.set_viewport_size({"width": 412, "height": 900})  # a phone
    page.goto(live_server.url + "/ubica/")
    assert page.evaluate("document.documentElement.lang") == "es-MX"
    page.screenshot(path=str(screenshot_dir / "ubica-inicio.png"))

    # 1. By the sección number printed on the credential.
    page.get_by_role("textbox", name="Número de sección").fill("402")
    page.get_by_role("button", name="Buscar sección").click()
    page.wait_for_url(re.compile(r"/ubica/seccion/402/$"))
    assert page.locator("h1").inner_text() == "Sección 402"
    casillas = page.locator("#casillas li.casilla")
    assert casillas.count() >= 1
    assert "Básica" in casillas.first.inner_text()
    assert "Jesús María" in page.locator("dl.ficha").inner_text()

    # 2. By tapping the map: the largest sección of the state, at its representative point.
    numero, geom = max(secciones_ags(), key=lambda p: p[1].area)
    rp = geom.representative_point()
    page.goto(live_server.url + "/ubica/")
    x, y = page.evaluate(A_PANTALLA, [rp.x, rp.y, numero])
    page.mouse.move(x, y)
    page.locator("svg.mapa-secciones").screenshot(path=str(screenshot_dir / "ubica-mapa.png"))
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(rf"/ubica/seccion/{numero}/$"))
    assert page.locator("h1").inner_text() == f"Sección {numero}"
    page.locator("#casillas").scroll_into_view_if_needed()
    assert page.locator("#casillas li.casilla").count() >= 1
    assert page.locator("#casillas li.casilla .domicilio").first.inner_text().strip()
    page.screenshot(path=str(screenshot_dir / "ubica-seccion.png"), full_page=True)

    # 3. The map with the keyboard: each sección is a link.
    page.goto(live_server.url + "/ubica/")
    enlace = page.locator('svg.mapa-secciones a[data-seccion="100"]')
    enlace.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ubica/seccion/100/$"))

    # 4. By place name, with the datalist suggestions on the no-JS form.
    page.goto(live_server.url + "/ubica/")
    assert page.locator("#lugares option[value='Calvillo']").count() == 1
    page.get_by_role("combobox", name="Municipio, localidad o colonia").fill("calvillo")
    page.get_by_role("button", name="Buscar lugar").click()
    page.get_by_role("link", name="360", exact=True).click()
    page.wait_for_url(re.compile(r"/ubica/seccion/360/$"))
    assert "Calvillo" in page.locator("dl.ficha").inner_text()
