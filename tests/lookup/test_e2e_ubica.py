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
    page.get_by_role("link", name=re.compile(r"^Ver el municipio en el mapa")).first.click()
    page.wait_for_url(re.compile(r"/ubica/municipio/3/$"))
    page.locator("ul.lista-secciones").get_by_role(
        "link", name=re.compile(r"^Sección 360,")
    ).click()
    page.wait_for_url(re.compile(r"/ubica/seccion/360/$"))
    assert "Calvillo" in page.locator("dl.ficha").inner_text()


def test_ubica_por_lugar_pocitos_hasta_la_seccion(live_server, page, catalogo_ags, screenshot_dir):
    """A phone: the Ubica page, "Pocitos" in the place box, the answer, the sección and its map;
    then the zoomed map of the city."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/ubica/")
    page.get_by_role("combobox", name="Municipio, localidad o colonia").fill("Pocitos")
    page.get_by_role("button", name="Buscar lugar").click()
    resultados = page.locator("section.ubica-resultados")
    assert "Localidad: Pocitos" in resultados.inner_text()
    assert "Colonia: Los Pocitos" in resultados.inner_text()
    resultados.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "ubica-lugar-pocitos.png"))
    resultados.get_by_role("link", name="Sección 320").first.click()
    page.wait_for_url(re.compile(r"/ubica/seccion/320/$"))
    assert page.locator("h1").inner_text() == "Sección 320"
    mapa = page.locator("svg.mapa-secciones")
    assert mapa.count() == 1 and mapa.is_visible()
    caja = mapa.bounding_box()
    assert caja is not None and caja["width"] <= 390 and caja["height"] > 100
    propia = page.locator('svg.mapa-secciones a[data-seccion="320"] path.sel')
    assert propia.count() == 1 and propia.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.screenshot(path=str(screenshot_dir / "ubica-seccion-mapa.png"), full_page=True)

    page.goto(live_server.url + "/ubica/ciudad/")
    assert page.locator("h1").inner_text() == "Ciudad de Aguascalientes"
    page.locator("svg.mapa-secciones").screenshot(path=str(screenshot_dir / "ubica-ciudad.png"))
    page.goto(live_server.url + "/ubica/municipio/5/")
    page.locator("svg.mapa-secciones").screenshot(path=str(screenshot_dir / "ubica-municipio.png"))
