"""The public estrados site: a pure generator (path -> bytes), searchable without JavaScript by
type, body, case and month, with an Atom feed; withdrawn items stay, marked."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from datetime import datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from ople.estrados import sitio

AGS = ZoneInfo("America/Mexico_City")


def item(folio, tipo, expediente, organo, dia, retirado=None):
    return sitio.Item(
        folio=folio,
        tipo=tipo,
        expediente=expediente,
        organo=organo,
        titulo=f"Título de {folio}",
        firmado_por="Secretaría Ejecutiva",
        fijado_en=datetime(2024, 3, dia, 10, tzinfo=AGS),
        surte_efectos_en=datetime(2024, 3, dia + 1, tzinfo=AGS),
        retirado_en=retirado,
        motivo_retiro="Sustituido" if retirado else "",
        pdf_sha256=f"{dia:064x}",
        contenido_sha256="c" * 64,
    )


ITEMS = [
    item("IEE/DJ/001/2024", "acuerdo", "CG-A-60/22", "Consejo General", 1),
    item(
        "IEE/DJ/002/2024",
        "cedula",
        "PES-003/2024",
        "Secretaría Ejecutiva",
        5,
        retirado=datetime(2024, 3, 9, 12, tzinfo=AGS),
    ),
    item("IEE/DJ/003/2024", "auto", "PES-003/2024", "Secretaría Ejecutiva", 8),
]


class _Enlaces(HTMLParser):
    def __init__(self):
        super().__init__()
        self.enlaces, self.scripts = [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.enlaces.append(dict(attrs)["href"])
        if tag == "script":
            self.scripts += 1


@pytest.fixture(scope="module")
def archivos():
    return sitio.generar(
        ITEMS,
        generado_en=datetime(2024, 3, 10, tzinfo=AGS),
        pdfs={f"{1:064x}": b"%PDF-1"},
        url_base="https://iee.example.org/estrados/",
    )


def test_indices_de_busqueda_y_enlaces_internos_validos(archivos):
    assert {
        "index.html",
        "tipo/acuerdo.html",
        "tipo/cedula.html",
        "organo/consejo-general.html",
        "expediente/pes-003-2024.html",
        "fecha/2024-03.html",
        "estrados.atom",
        "p/iee-dj-001-2024.html",
        f"pdf/{1:064x}.pdf",
    } <= set(archivos)
    caso = archivos["expediente/pes-003-2024.html"].decode()
    assert "IEE/DJ/002/2024" in caso and "IEE/DJ/003/2024" in caso and "IEE/DJ/001/2024" not in caso
    for ruta, contenido in archivos.items():
        if not ruta.endswith(".html"):
            continue
        p = _Enlaces()
        p.feed(contenido.decode())
        assert p.scripts == 0, ruta
        assert '<html lang="es">' in contenido.decode()
        carpeta = posixpath.dirname(ruta)
        for href in p.enlaces:
            destino = posixpath.normpath(posixpath.join(carpeta, href))
            # Only the first item's PDF was given to the generator.
            if destino.startswith("pdf/") and destino != f"pdf/{1:064x}.pdf":
                continue
            assert destino in archivos, (ruta, href)


def test_retirado_permanece_marcado(archivos):
    indice = archivos["index.html"].decode()
    assert "2 fijados y 1 retirado (" in indice
    assert indice.index("IEE/DJ/003/2024") < indice.index("IEE/DJ/002/2024")  # in force first
    pagina = archivos["p/iee-dj-002-2024.html"].decode()
    assert "[RETIRADO]" in pagina and "Sustituido" in pagina


def test_atom_valido(archivos):
    raiz = ET.fromstring(archivos["estrados.atom"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titulos = [e.find("a:title", ns).text for e in raiz.findall("a:entry", ns)]
    assert titulos[0].startswith("IEE/DJ/003/2024")
    assert any(t.startswith("[RETIRADO] IEE/DJ/002/2024") for t in titulos)
    enlace = raiz.find("a:entry/a:link", ns).get("href")
    assert enlace.startswith("https://iee.example.org/estrados/p/")


def test_determinista(archivos):
    otra = sitio.generar(
        list(reversed(ITEMS)),
        generado_en=datetime(2024, 3, 10, tzinfo=AGS),
        pdfs={f"{1:064x}": b"%PDF-1"},
        url_base="https://iee.example.org/estrados/",
    )
    assert otra == archivos


def test_con_almacen_los_pdf_se_enlazan_al_almacen_del_sitio():
    archivos = sitio.generar(
        ITEMS, generado_en=datetime(2024, 3, 10, tzinfo=AGS), pdfs={}, almacen=True
    )
    assert not any(r.startswith("pdf/") for r in archivos)
    pagina = archivos["p/iee-dj-001-2024.html"].decode()
    # from cortes/NAME/p/ to the site's store: PUBLISH_ROOT/estrados/almacen/
    assert f'href="../../../almacen/{1:064x}.pdf"' in pagina


def test_se_lee_bien_en_un_telefono(archivos):
    """What a person saw on the demo's estrados (390 px screenshot): the table's title, date and
    state columns were off screen, dates broke into three lines, a SHA-256 widened the item page
    past the screen, the page title said «Estrados electrónicos · Estrados electrónicos»."""
    indice = archivos["index.html"].decode()
    assert "<title>Estrados electrónicos</title>" in indice
    assert 'href="fecha/2024-03.html">marzo de 2024</a>' in indice
    # Each cell names its column, so narrow screens show each row as a card (CSS only).
    assert '<td data-label="Título">Título de IEE/DJ/003/2024</td>' in indice
    css = archivos["estilo.css"].decode()
    assert "@media (max-width:40rem)" in css and "td::before{content:attr(data-label)" in css
    assert "time{white-space:nowrap}" in css and ".huella{overflow-wrap:anywhere}" in css
    pagina = archivos["p/iee-dj-002-2024.html"].decode()
    assert '<span class="huella">' + f"{5:064x}" in pagina
    # An item links to the other publications of its type, body and case.
    for enlace in (
        'href="../tipo/cedula.html"',
        'href="../organo/secretaria-ejecutiva.html"',
        'href="../expediente/pes-003-2024.html"',
    ):
        assert enlace in pagina
    assert "<title>Por mes de fijación: marzo de 2024 · Estrados electrónicos</title>" in (
        archivos["fecha/2024-03.html"].decode()
    )
