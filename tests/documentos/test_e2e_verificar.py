"""End to end in headless Chromium (ADR 0056): a citizen scans the QR of a constancia de
mayoría; the URL it holds opens the document's verification page on the demo server, which shows
who issued it, its folio, its text and its SHA-256; a fingerprint never issued is a Spanish 404.
No request leaves the server's origin."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest

from ople.documentos import pdf
from ople.documentos.services import emision

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="sin poppler-utils"),
]

DOC = pdf.Documento(
    titulo="Constancia de mayoría y validez de la elección de Ayuntamiento",
    lineas=(
        "El Consejo Municipal de Aguascalientes expide la presente constancia a la planilla",
        "postulada por la coalición «Sigamos Haciendo Historia», encabezada por",
        "María Fernanda Ruiz Esparza, por haber obtenido la mayoría de los votos.",
        "",
        "Votación total emitida: 312 457",
    ),
    folio="IEE/CMAGS/014/2024",
    fecha=datetime(2024, 6, 5, 20, 30, tzinfo=UTC),
    firmas=("Presidencia del consejo", "Secretaría técnica"),
)


def test_el_qr_de_una_constancia_abre_su_pagina(
    live_server, browser, settings, tmp_path, screenshot_dir
):
    import zxingcpp
    from PIL import Image

    settings.DOCUMENTOS_URL_VERIFICACION = f"{live_server.url}/documentos/"
    datos = emision.emitir(DOC, sistema="computos")  # no outer transaction: published at once
    archivo = tmp_path / "constancia.pdf"
    archivo.write_bytes(datos)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(archivo), str(tmp_path / "p")], check=True)
    (png,) = sorted(tmp_path.glob("p-*.png"))
    (qr,) = zxingcpp.read_barcodes(Image.open(png))
    huella = pdf.sha256(DOC)
    assert qr.text == f"{live_server.url}/documentos/{huella}"

    ctx = browser.new_context(
        locale="es-MX", viewport={"width": 390, "height": 844}, device_scale_factor=2
    )
    page = ctx.new_page()
    origenes = set()
    page.on("request", lambda req: origenes.add(urlsplit(req.url).netloc))
    r = page.goto(qr.text)
    assert r is not None and r.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == DOC.titulo
    cuerpo = page.locator("main").inner_text()
    assert "Documento emitido por" in cuerpo
    assert DOC.folio in cuerpo and huella in cuerpo
    assert "María Fernanda Ruiz Esparza" in cuerpo and "Secretaría técnica" in cuerpo
    page.screenshot(path=str(screenshot_dir / "documento-verificado.png"), full_page=True)
    anchos = page.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => e.scrollWidth > "
        "window.innerWidth).map(e => e.tagName + '.' + e.className + ':' + e.scrollWidth)"
    )
    assert anchos == []  # nothing wider than a phone's screen
    # the canonical JSON the page links to hashes to the fingerprint
    with page.expect_response(lambda resp: resp.url.endswith(".json")) as resp:
        page.get_by_role("link", name=f"almacen/{huella}.json").click()
    import hashlib

    assert hashlib.sha256(resp.value.body()).hexdigest() == huella

    r = page.goto(f"{live_server.url}/documentos/{'0' * 64}")
    assert r is not None and r.status == 404
    assert "no ha emitido ningún documento con esa huella" in page.locator("main").inner_text()
    page.screenshot(path=str(screenshot_dir / "documento-no-encontrado.png"), full_page=True)
    assert origenes == {urlsplit(live_server.url).netloc}
    ctx.close()
