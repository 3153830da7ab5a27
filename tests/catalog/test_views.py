"""The public catalog pages (Django test client) and one Chromium end-to-end test."""

import re

import pytest
from django.db.models import Sum

from ople.catalog.models import Casilla, DistritoLocal

pytestmark = pytest.mark.django_db


def _numero(texto: str) -> int:
    return int(texto.replace(",", ""))


def test_catalog_page_lists_the_18_districts(client, catalogo_ags):
    r = client.get("/catalogo/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Catálogo electoral de Aguascalientes" in html
    assert "Datos sintéticos de demostración" in html
    assert len(re.findall(r'href="/catalogo/distrito/\d+/"', html)) == 18
    assert "<script" not in html
    filas = re.findall(
        r'<a href="/catalogo/distrito/(\d+)/">Distrito \d+</a></th><td>[^<]*</td>'
        r'<td class="num">([\d,]+)</td><td class="num">([\d,]+)</td><td class="num">([\d,]+)</td>',
        html,
    )
    assert len(filas) == 18
    assert sum(_numero(f[1]) for f in filas) == 602
    assert sum(_numero(f[2]) for f in filas) == Casilla.objects.count()
    ln = Casilla.objects.aggregate(s=Sum("lista_nominal"))["s"]
    assert sum(_numero(f[3]) for f in filas) == ln
    d5 = DistritoLocal.objects.get(numero=5)
    esperado = Casilla.objects.filter(seccion__distrito_local=d5).aggregate(s=Sum("lista_nominal"))
    assert _numero(dict((f[0], f[3]) for f in filas)["5"]) == esperado["s"]
    assert f"{ln:,}" in html  # total row


def test_district_page_lists_its_secciones(client, catalogo_ags):
    d = DistritoLocal.objects.get(numero=5)
    r = client.get("/catalogo/distrito/5/")
    assert r.status_code == 200
    html = r.content.decode()
    ids = re.findall(r'<tr id="seccion-(\d+)">', html)
    assert sorted(map(int, ids)) == sorted(d.secciones.values_list("numero", flat=True))
    # sección 600 had no local district in the source: it was assigned to district 5
    assert "600" in ids


def test_unknown_district_is_404(client, catalogo_ags):
    assert client.get("/catalogo/distrito/99/").status_code == 404
    assert client.get("/catalogo/distrito/abc/").status_code == 404


def test_empty_catalog_page(client, db):
    r = client.get("/catalogo/")
    assert r.status_code == 200
    assert "Todavía no se ha cargado" in r.content.decode()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_catalog_in_chromium(live_server, page, catalogo_ags, screenshot_dir):
    page.goto(f"{live_server.url}/catalogo/")
    filas = page.locator("table tbody tr")
    assert filas.count() == 18
    assert page.locator("caption").inner_text().startswith("Los 18 distritos")
    page.get_by_role("link", name="Distrito 7", exact=True).click()
    page.wait_for_url("**/catalogo/distrito/7/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Distrito local 7")
    assert page.locator("table tbody tr").count() > 0
    page.screenshot(path=str(screenshot_dir / "catalogo-distrito.png"), full_page=False)
    # On a 390 px phone neither page scrolls sideways: a wide table scrolls inside its own box.
    page.set_viewport_size({"width": 390, "height": 844})
    for ruta in ("/catalogo/", "/catalogo/distrito/7/"):
        page.goto(f"{live_server.url}{ruta}")
        ancho = page.evaluate("document.documentElement.scrollWidth")
        assert ancho <= 390, (ruta, ancho)
    page.screenshot(path=str(screenshot_dir / "catalogo-distrito-telefono.png"), full_page=False)
