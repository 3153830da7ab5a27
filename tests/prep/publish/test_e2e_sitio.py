"""Headless Chromium walks the public site of a cut: entidad → distrito → sección → casilla
(an anchor in its sección's page) → the acta image (in the shared image store), through Django's demo serving of PUBLISH_ROOT (/prep/resultados/)."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from ople.prep.publish import corte, sintetico

pytestmark = pytest.mark.e2e


def test_de_la_entidad_a_la_imagen_del_acta(live_server, page, tmp_path, screenshot_dir):
    entrada = sintetico.eleccion_sintetica(
        casillas=40, imagenes=tmp_path / "media", distritos=2, municipios=3
    )
    corte.construir_corte(entrada, raiz=settings.PUBLISH_ROOT, clave=Ed25519PrivateKey.generate())
    externas: list[str] = []
    page.on(
        "request",
        lambda r: externas.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto(live_server.url + "/prep/resultados/")
    assert page.locator("html").get_attribute("lang") == "es-MX"
    assert "sin efectos jurídicos" in page.content()
    page.get_by_role("link", name="GUBERNATURA", exact=True).click()
    page.get_by_role("heading", level=1).filter(has_text="GUBERNATURA").wait_for()
    page.get_by_role("link", name="Distrito 1 · DISTRITO 1").click()
    page.get_by_role("table", name="Secciones").get_by_role("link").first.click()
    page.get_by_role("heading", level=1).filter(has_text="Sección").wait_for()
    # the first casilla whose acta has an image
    casilla = next(
        a
        for a in entrada.elecciones[0].actas
        if a.resultado and a.resultado.imagen and a.casilla.distrito == 1
    )
    page.goto(page.url.rsplit("/", 1)[0] + f"/{casilla.casilla.seccion}.html")
    # the casilla's row (anchor #casilla-CLAVE) links to its acta of each election
    fila_casilla = page.locator(f"#casilla-{casilla.casilla.clave}")
    fila_casilla.get_by_role("link", name=entrada.elecciones[0].nombre).click()
    assert page.url.endswith(f"#acta-{casilla.clave}")
    acta = page.locator(f"#acta-{casilla.clave}")
    assert acta.get_by_role("rowheader").inner_text() == casilla.casilla.clave
    tabla = page.get_by_role("table", name=f"Actas de la sección {casilla.casilla.seccion}")
    assert tabla.first.locator(f"#acta-{casilla.clave}").count() == 1
    page.screenshot(path=str(screenshot_dir / "prep-publicacion-casilla.png"), full_page=True)
    assert casilla.resultado.sha256 in acta.inner_text()
    with page.expect_response(lambda r: casilla.resultado.sha256 in r.url) as resp:
        acta.get_by_role("link", name="Ver imagen").click()
    assert resp.value.status == 200
    assert "immutable" in resp.value.headers["cache-control"]
    assert externas == []
