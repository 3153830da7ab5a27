"""A citizen walks the published cómputos in headless Chromium on a phone, without JavaScript:
the cut's index → the election → a consejo → the page of its secciones → one sección → one
casilla, which says whether and why it was re-counted and how it differs from the PREP; then
back up by the breadcrumbs. No request leaves the site; with JavaScript on, no page breaks the
Content-Security-Policy (no inline style or script)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ople.computos import publicacion
from ople.computos.publicacion import CasillaPublicada, ComputoPublicado
from ople.publicacion import publicar, sitio_de

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TELEFONO = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
COLUMNAS = ("PAN", "PRI", "MORENA", "C_PAN_PRI", "NO_REGISTRADOS", "NULOS")


def _computo() -> ComputoPublicado:
    casillas = []
    for s in range(101, 281):
        for tipo in ("B", "C1"):
            votos = {"PAN": 90 + s % 7, "PRI": 40, "MORENA": 110, "C_PAN_PRI": 3}
            votos |= {"NO_REGISTRADOS": 0, "NULOS": 5}
            casillas.append(CasillaPublicada(f"{s}{tipo}", s, votos, "COTEJO", (), dict(votos)))
    casillas[3] = CasillaPublicada(  # sección 102's contigua: re-counted, differs from the PREP
        "102C1",
        102,
        {"PAN": 60, "PRI": 40, "MORENA": 112, "C_PAN_PRI": 0, "NO_REGISTRADOS": 0, "NULOS": 9},
        "RECUENTO",
        ("C5",),
        {"PAN": 60, "PRI": 40, "MORENA": 120, "C_PAN_PRI": 0, "NO_REGISTRADOS": 0, "NULOS": 9},
    )
    return ComputoPublicado(
        clave="CD01",
        nombre="Consejo Distrital 01",
        eleccion="DIPUTACIONES LOCALES",
        columnas=COLUMNAS,
        partidos=("PAN", "PRI", "MORENA"),
        combinaciones={"C_PAN_PRI": ("PAN", "PRI")},
        candidaturas={"Fuerza": ("PAN", "PRI", "C_PAN_PRI"), "MORENA": ("MORENA",)},
        desempate=("PAN", "PRI", "MORENA"),
        casillas=tuple(casillas),
        estado="Declaración de validez y constancia",
    )


def test_un_ciudadano_llega_a_su_casilla_sin_javascript(browser, live_server, screenshot_dir):
    ahora = datetime(2024, 6, 6, 20, tzinfo=UTC)
    archivos = publicacion.generar([_computo()], titulo="Cómputos 2024", corte_en=ahora)
    publicar(sitio_de("computos"), archivos, corte_en=ahora, accion="computos.corte")

    ctx = browser.new_context(locale="es-MX", java_script_enabled=False, **TELEFONO)
    fuera: list[str] = []
    ctx.on("request", lambda r: None if r.url.startswith(live_server.url) else fuera.append(r.url))
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    pg.goto(f"{live_server.url}/computos/")  # the pointer sends to the current cut
    pg.get_by_role("heading", name="DIPUTACIONES LOCALES").wait_for()
    pg.get_by_role("link", name="Consejo Distrital 01").click()
    pg.get_by_role("heading", name="Consejo Distrital 01", level=1).wait_for()
    # 360 casillas: two pages of whole secciones
    pg.get_by_role("link", name="Secciones 101 a 190").click()
    pg.get_by_role("navigation", name="Secciones de esta página").get_by_role(
        "link", name="102", exact=True
    ).click()
    assert pg.url.endswith("/consejos/CD01/secciones/101-190.html#seccion-102")
    fila = pg.locator("#casilla-102C1")
    assert fila.is_visible()
    nota = pg.locator("#seccion-102 tr.nota", has_text="Recontada")
    texto = nota.inner_text()
    assert "Recontada por C5: los votos nulos son más que la diferencia" in texto
    assert "≠ difiere del PREP en 1 columna: MORENA -8" in texto
    assert pg.locator("#seccion-102 td.dif").inner_text() == "-8"  # highlighted and signed
    pg.screenshot(path=str(screenshot_dir / "computos-publicado-seccion.png"), full_page=False)
    # the next page, and back up to the consejo and the election
    assert pg.get_by_role("link", name="Secciones 191 a 280 →").is_visible()
    pg.get_by_role("navigation", name="Ruta").get_by_role(
        "link", name="Consejo Distrital 01"
    ).click()
    pg.get_by_role("heading", name="Casillas por sección").wait_for()
    pg.get_by_role("navigation", name="Ruta").get_by_role(
        "link", name="DIPUTACIONES LOCALES"
    ).click()
    assert pg.url.endswith("index.html#eleccion-diputaciones-locales")
    ctx.close()
    assert fuera == []

    # with JavaScript on (the CSP watcher listens), the same pages break no policy
    ctx = browser.new_context(locale="es-MX")
    pg = ctx.new_page()
    base = f"{live_server.url}/computos/"
    pg.goto(base)
    pg.goto(pg.url.replace("index.html", "consejos/CD01/secciones/191-280.html"))
    pg.get_by_role("heading", name="Consejo Distrital 01 · Secciones 191 a 280").wait_for()
    color = pg.locator("table").first.evaluate("t => getComputedStyle(t).borderCollapse")
    assert color == "collapse"  # the style sheet applies
    ctx.close()
