"""Filed documents: type by content, size, whole and unencrypted PDFs (ople.candidaturas.archivos)."""

from __future__ import annotations

import pytest

from ople.candidaturas import archivos

from .datos import pdf_valido

PDFS = frozenset({archivos.PDF})
MAX = 10 * 1024 * 1024


def test_pdf_valido():
    assert archivos.revisar(pdf_valido(), permitidos=PDFS, tamano_maximo=MAX) == "pdf"


@pytest.mark.parametrize(
    ("datos", "mensaje"),
    [
        (b"", "vacío"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "es PNG, no un documento aceptado"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 100, "es JPEG"),
        (b"PK\x03\x04 un docx", "de un tipo no reconocido"),
        (b"MZ\x90\x00 un ejecutable llamado acta.pdf", "no reconocido"),
    ],
)
def test_tipo_por_contenido(datos, mensaje):
    with pytest.raises(archivos.DocumentoRechazado, match=mensaje):
        archivos.revisar(datos, permitidos=PDFS, tamano_maximo=MAX)


def test_demasiado_grande():
    with pytest.raises(archivos.DocumentoRechazado, match=r"mide 0\.0 MB; el máximo"):
        archivos.revisar(pdf_valido(), permitidos=PDFS, tamano_maximo=100)


def test_pdf_truncado():
    d = pdf_valido()
    with pytest.raises(archivos.DocumentoRechazado, match="dañado o incompleto"):
        archivos.revisar(d[: len(d) // 2], permitidos=PDFS, tamano_maximo=MAX)


def test_pdf_con_startxref_falso():
    d = pdf_valido()
    i = d.rindex(b"startxref")
    falso = d[:i] + b"startxref\n12\n%%EOF\n"
    with pytest.raises(archivos.DocumentoRechazado, match="no está donde"):
        archivos.revisar(falso, permitidos=PDFS, tamano_maximo=MAX)


def test_pdf_cifrado():
    d = pdf_valido()
    i = d.rindex(b"trailer")
    # An /Encrypt entry in the trailer (what an encrypting writer adds), offsets kept.
    cifrado = d[:i] + d[i:].replace(b"<<", b"<</Encrypt 9 0 R ", 1)
    j = cifrado.rindex(b"startxref")
    cifrado = cifrado[:j] + d[d.rindex(b"startxref") :]
    with pytest.raises(archivos.DocumentoRechazado, match="cifrado o protegido"):
        archivos.revisar(cifrado, permitidos=PDFS, tamano_maximo=MAX)
