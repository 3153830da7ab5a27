"""The PDF renderer: same input -> same bytes; folio, SHA-256 and a QR to the verification URL."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from ople.documentos import pdf

URL = "https://ople.example.org/documentos/"
DOC = pdf.Documento(
    titulo="PUESTA EN CEROS DEL PREP",
    lineas=("Proceso: Elección local 2024", "Tablas: 0 registros ≠ 1", "Año: ñandú"),
    folio="IEE/UTSI/001/2024",
    fecha=datetime(2024, 6, 2, 14, 0, tzinfo=UTC),
    firmas=("Notaría pública", "Testigo"),
)
POPPLER = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="sin poppler-utils (pdftoppm, pdftotext)",
)


def test_mismo_documento_mismos_bytes_tambien_en_otro_proceso():
    a = pdf.renderizar(DOC, url_base=URL)
    assert a.startswith(b"%PDF") and a == pdf.renderizar(DOC, url_base=URL)
    codigo = (
        "import sys; from datetime import datetime, UTC; from ople.documentos import pdf;"
        "d = pdf.Documento(titulo=sys.argv[1], lineas=tuple(sys.argv[2].split('|')),"
        " folio=sys.argv[3], fecha=datetime(2024, 6, 2, 14, 0, tzinfo=UTC),"
        " firmas=('Notaría pública', 'Testigo'));"
        f"sys.stdout.buffer.write(pdf.renderizar(d, url_base={URL!r}))"
    )
    otro = subprocess.run(
        [sys.executable, "-c", codigo, DOC.titulo, "|".join(DOC.lineas), DOC.folio],
        capture_output=True,
        check=True,
        env={"PYTHONPATH": str(Path(pdf.__file__).parents[2]), "PYTHONHASHSEED": "12345"},
    ).stdout
    assert otro == a


def test_el_contenido_cambia_la_huella_y_los_bytes():
    otro = pdf.Documento(
        titulo=DOC.titulo, lineas=DOC.lineas, folio="IEE/UTSI/002/2024", fecha=DOC.fecha
    )
    assert pdf.sha256(otro) != pdf.sha256(DOC)
    assert pdf.renderizar(otro, url_base=URL) != pdf.renderizar(DOC, url_base=URL)


def test_la_huella_es_la_del_contenido_canonico_documentado():
    canonico = json.dumps(
        {
            "fecha": "2024-06-02T14:00:00+00:00",
            "firmas": ["Notaría pública", "Testigo"],
            "folio": "IEE/UTSI/001/2024",
            "lineas": list(DOC.lineas),
            "titulo": "PUESTA EN CEROS DEL PREP",
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    assert pdf.contenido_canonico(DOC) == canonico
    assert pdf.sha256(DOC) == hashlib.sha256(canonico).hexdigest()


def test_fecha_sin_zona_rechazada():
    with pytest.raises(ValueError, match="zona horaria"):
        pdf.Documento(titulo="t", lineas=(), folio="f", fecha=datetime(2024, 1, 1))


@POPPLER
def test_folio_huella_y_qr_en_el_pdf(tmp_path):
    huella = pdf.sha256(DOC)
    archivo = tmp_path / "doc.pdf"
    archivo.write_bytes(pdf.renderizar(DOC, url_base=URL))
    texto = subprocess.run(
        ["pdftotext", "-layout", str(archivo), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Folio: IEE/UTSI/001/2024" in texto
    assert f"SHA-256 {huella}" in texto  # page foot
    assert f"SHA-256: {huella}" in texto  # verification block
    assert "ñandú" in texto and "≠" in texto
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(archivo), str(tmp_path / "p")], check=True)
    (pagina,) = sorted(tmp_path.glob("p-*.png"))
    leidos = zxingcpp.read_barcodes(Image.open(pagina))
    assert [c.text for c in leidos] == [f"https://ople.example.org/documentos/{huella}"]


@POPPLER
def test_cada_pagina_lleva_folio_y_huella(tmp_path):
    largo = pdf.Documento(
        titulo="Documento largo",
        lineas=tuple(f"renglón {i}" for i in range(150)),
        folio="IEE/SE/007/2024",
        fecha=DOC.fecha,
    )
    archivo = tmp_path / "largo.pdf"
    archivo.write_bytes(pdf.renderizar(largo, url_base=URL))
    texto = subprocess.run(
        ["pdftotext", str(archivo), "-"], capture_output=True, text=True, check=True
    ).stdout
    paginas = texto.split("\f")[:-1]
    assert len(paginas) >= 3
    for n, pagina in enumerate(paginas, 1):
        assert "Folio IEE/SE/007/2024" in pagina
        assert f"SHA-256 {pdf.sha256(largo)}" in pagina
        assert f"página {n}/{len(paginas)}" in pagina


@POPPLER
def test_un_titulo_largo_cabe_en_la_pagina(tmp_path):
    """A cédula's title is long ('Cédula de notificación a María López Hernández: Auto de
    admisión…'): rendered to an image it ran off the page's right edge, cut at «A»."""
    titulo = (
        "Cédula de notificación a María López Hernández: Auto de admisión del procedimiento "
        "especial sancionador IEE/PES/003/2023"
    )
    doc = pdf.Documento(titulo=titulo, lineas=("Texto.",), folio="IEE/DJ/012/2026", fecha=DOC.fecha)
    archivo = tmp_path / "cedula.pdf"
    archivo.write_bytes(pdf.renderizar(doc, url_base=URL))
    texto = subprocess.run(
        ["pdftotext", str(archivo), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert titulo in " ".join(texto.split())
