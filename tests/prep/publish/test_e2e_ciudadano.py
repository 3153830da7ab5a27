"""A citizen's walk through the results site in headless Chromium, on a phone and a desktop
(issue 18): the portal → the latest results (a stable address) → the map → a distrito → a
sección (also by the search box) → an acta image → an older cut, which says a newer one exists
and links the same page there. On every page: the cut's time, no third-party request, at most
60 KB compressed (page and style sheets), one h1, labelled inputs, named SVG figures.

The cuts are the demo's: the shipped Aguascalientes catalog (its boundaries, parties,
coalitions and independent candidacies) read by the publisher's selector, with random votes.
Screenshots go to the test's directory, or to docs/img/ with OPLE_CAPTURAS=1.
"""

from __future__ import annotations

import gzip
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.management import call_command

from ople.prep.publish import corte
from tests.prep.publish.test_totales import votos_demo

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PESO_MAXIMO = 60 * 1024
TAMANOS = {
    "telefono": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "escritorio": {"viewport": {"width": 1366, "height": 900}},
}


@pytest.fixture
def cortes_demo(transactional_db, tmp_path):
    """Two cuts of the demo's election: an early one (a third of the actas) and the latest."""
    from PIL import Image

    from ople.catalog.selectors import proceso_activo
    from ople.prep.publish import selector

    call_command("load_catalog", "aguascalientes", stdout=io.StringIO())
    call_command("prep_actas_esperadas", stdout=io.StringIO())
    imagen = tmp_path / "acta.jpg"
    Image.new("RGB", (120, 160), "white").save(imagen, "JPEG")
    proceso = proceso_activo()
    base = selector.entrada_corte(proceso=proceso, hasta=datetime(2024, 6, 3, 2, tzinfo=UTC))
    clave = Ed25519PrivateKey.generate()
    t0 = datetime(2024, 6, 3, 3, 0, tzinfo=UTC)
    viejo = corte.construir_corte(
        votos_demo(base, fraccion=0.3, imagen=imagen, t=t0),
        raiz=settings.PUBLISH_ROOT,
        clave=clave,
    )
    nuevo = corte.construir_corte(
        votos_demo(base, imagen=imagen, t=t0 + timedelta(hours=2)),
        raiz=settings.PUBLISH_ROOT,
        clave=clave,
    )
    return viejo, nuevo


def _revisar_pagina(page, origen: str, cuerpos: dict[str, bytes]) -> None:
    """The basics every page must meet (see the module docstring)."""
    assert page.locator("html").get_attribute("lang") == "es-MX"
    assert page.get_by_role("heading", level=1).count() == 1
    # the cut's time: printed, or written by the cut's corte.css
    hora = page.locator(".hora-corte")
    texto = hora.inner_text().strip() or page.evaluate(
        "getComputedStyle(document.querySelector('.hora-corte'), '::before').content"
    )
    assert "Corte: " in texto and "UTC" in texto, texto
    # every input has a label; every SVG figure a name
    for campo in page.locator("input:not([type=hidden])").all():
        ident = campo.get_attribute("id")
        assert ident and page.locator(f"label[for='{ident}']").count() == 1
    for svg in page.locator("svg[role=img], svg[role=group]").all():
        titulo = svg.get_attribute("aria-labelledby")
        assert titulo and page.locator(f"[id='{titulo}']").text_content().strip()
    for img in page.locator("img").all():
        assert img.get_attribute("alt") is not None
    # weight: the page and its style sheets, compressed
    url = page.url.split("#")[0]
    peso = len(gzip.compress(cuerpos[url]))
    peso += sum(len(gzip.compress(v)) for k, v in cuerpos.items() if k.endswith(".css"))
    assert peso <= PESO_MAXIMO, (url, peso)


@pytest.mark.parametrize("tamano", list(TAMANOS))
def test_un_ciudadano_recorre_los_resultados(
    cortes_demo, live_server, browser, screenshot_dir, tamano
):
    viejo, nuevo = cortes_demo
    contexto = browser.new_context(
        locale="es-MX", timezone_id="America/Mexico_City", **TAMANOS[tamano]
    )
    page = contexto.new_page()
    page.set_default_timeout(20_000)
    ajenas: list[str] = []
    cuerpos: dict[str, bytes] = {}

    def respuesta(r) -> None:
        if r.request.resource_type in ("document", "stylesheet") and r.status == 200:
            try:
                cuerpos[r.url.split("#")[0]] = r.body()
            except Exception:  # noqa: BLE001 — a redirect has no body
                pass

    page.on(
        "request",
        lambda r: ajenas.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.on("response", respuesta)

    def foto(nombre: str) -> None:
        page.screenshot(path=str(screenshot_dir / f"prep-ciudadano-{nombre}-{tamano}.png"))

    try:
        # 1. the portal links the results; they open at the latest cut's stable address
        page.goto(live_server.url + "/")
        page.get_by_role("link", name=re.compile("Resultados del PREP")).first.click()
        page.wait_for_url(re.compile(r"/prep/cortes/ultimo/$"))
        page.get_by_role("heading", level=1, name=re.compile("Resultados preliminares")).wait_for()
        assert "Instituto Estatal Electoral de Aguascalientes" in page.content()
        assert not page.locator(".antiguo").is_visible()
        assert page.get_by_role("table", name=re.compile("Mayorías: distritos")).count() == 1
        _revisar_pagina(page, live_server.url, cuerpos)
        foto("portada")

        # 2. the diputaciones: the map of distritos coloured by leader
        page.get_by_role("link", name="DIPUTACIONES LOCALES", exact=True).click()
        mapa = page.locator("figure.mapa")
        mapa.wait_for()
        zonas = mapa.locator("a")
        assert zonas.count() == 18
        _revisar_pagina(page, live_server.url, cuerpos)
        mapa.scroll_into_view_if_needed()
        foto("mapa")
        # 3. a distrito, from the map
        zonas.nth(0).click()
        page.wait_for_url(re.compile(r"/DIP_LOC/distrito-\d+\.html$"))
        assert page.get_by_role("img", name=re.compile("Votos por candidatura")).count() == 1
        assert "Aventaja" in page.locator("main").inner_text()
        _revisar_pagina(page, live_server.url, cuerpos)
        foto("distrito")
        # 4. one of its secciones, and an acta's image
        page.get_by_role("table", name="Secciones").get_by_role("link").first.click()
        page.wait_for_url(re.compile(r"/secciones/\d+\.html$"))
        _revisar_pagina(page, live_server.url, cuerpos)
        fila = page.locator("table.actas tbody tr").first
        # on a phone the image and the key figures come right after the casilla
        assert fila.locator("td").first.inner_text() == "Ver imagen"
        foto("seccion")
        with page.expect_response(lambda r: r.url.endswith(".jpg")) as imagen:
            fila.get_by_role("link", name="Ver imagen").click()
        assert imagen.value.status == 200
        page.go_back()

        # 5. the search box, without JavaScript's help: a sección by its number
        seccion = page.url.rsplit("/", 1)[1].removesuffix(".html")
        page.get_by_role("textbox", name="Sección", exact=True).fill(seccion)
        page.get_by_role("button", name="Buscar").click()
        page.wait_for_url(re.compile(rf"/prep/cortes/ultimo/secciones/{seccion}\.html$"))

        # 6. an older cut says so, and links the same page in the latest
        page.goto(f"{live_server.url}/prep/cortes/{viejo.nombre}/DIP_LOC/index.html")
        aviso = page.locator(".antiguo")
        aviso.wait_for(state="visible")
        assert "Este es un corte anterior" in aviso.inner_text()
        _revisar_pagina(page, live_server.url, cuerpos)
        foto("corte-anterior")
        aviso.get_by_role("link").click()
        page.wait_for_url(re.compile(r"/prep/cortes/ultimo/DIP_LOC/index\.html$"))
        assert not page.locator(".antiguo").is_visible()
        # and the list of cuts names both
        page.get_by_role("link", name="Cortes anteriores").first.click()
        tabla = page.get_by_role("table", name="Cortes publicados")
        assert tabla.get_by_role("link").count() == 2
    finally:
        contexto.close()
    assert ajenas == []
    assert nuevo.nombre > viejo.nombre
