"""What package tracking prints: the sheet of labels, receipts, a package's history, the bodega log.

Receipts, histories and the bodega log are `ople.documentos.pdf.Documento`s (folio, SHA-256 of the
canonical content and the verification QR on every one). The label sheet is its own layout, built
with the same library (fpdf2) and the same QR maker (`pdf.qr_png`): Letter, 2 × 5 labels of
95 × 50 mm, each with the package's QR (`clave.texto_qr`), the key to type when the camera cannot
read it, the casilla, the election and the consejo. Deterministic: same labels → same bytes.
Pure: no Django (the views fill `Etiqueta`s and the documents' lines from the selectors).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ople.documentos import pdf

COLUMNAS = 2
FILAS = 5
ANCHO = 95.0
ALTO = 50.0
MARGEN_X = (215.9 - COLUMNAS * ANCHO) / 2
MARGEN_Y = (279.4 - FILAS * ALTO) / 2


@dataclass(frozen=True)
class Etiqueta:
    qr: str  # clave.texto_qr
    impresa: str  # clave.impresa
    casilla: str  # "Sección 0393 Básica 01"
    eleccion: str
    consejo: str
    mecanismo: str


def hoja_de_etiquetas(etiquetas: Sequence[Etiqueta], *, titulo: str, fecha: datetime) -> bytes:
    """A PDF of label sheets (10 labels per Letter page), with cutting guides."""
    from fpdf import FPDF

    dejavu = all(f.exists() for f in pdf.FUENTES_DEJAVU)
    familia = "DejaVu" if dejavu else "Helvetica"
    doc: Any = FPDF(format="Letter")
    doc.set_creation_date(fecha.astimezone(UTC))
    doc.set_producer(pdf.PRODUCTOR)
    doc.set_creator(pdf.PRODUCTOR)
    doc.set_title(titulo)
    if dejavu:
        doc.add_font("DejaVu", "", str(pdf.FUENTES_DEJAVU[0]))
        doc.add_font("DejaVu", "B", str(pdf.FUENTES_DEJAVU[1]))
    doc.set_auto_page_break(False)
    doc.set_draw_color(170, 170, 170)
    por_hoja = COLUMNAS * FILAS
    for i, e in enumerate(etiquetas):
        if i % por_hoja == 0:
            doc.add_page()
        fila, col = divmod(i % por_hoja, COLUMNAS)
        x = MARGEN_X + col * ANCHO
        y = MARGEN_Y + fila * ALTO
        doc.set_line_width(0.2)
        doc.set_dash_pattern(dash=1, gap=1)
        doc.rect(x, y, ANCHO, ALTO)
        doc.set_dash_pattern()
        lado = 38.0
        doc.image(io.BytesIO(pdf.qr_png(e.qr)), x=x + 3, y=y + 5, w=lado, h=lado)
        tx = x + lado + 5
        ancho_texto = ANCHO - lado - 8
        doc.set_xy(tx, y + 5)
        doc.set_font(familia, "B", 8)
        doc.multi_cell(ancho_texto, 4, "PAQUETE ELECTORAL", new_x="LEFT", new_y="NEXT")
        doc.set_font(familia, "B", 10)
        doc.multi_cell(ancho_texto, 6, e.impresa, new_x="LEFT", new_y="NEXT")
        doc.set_font(familia, "", 8)
        for linea in (e.eleccion, e.casilla, e.consejo, e.mecanismo):
            doc.multi_cell(ancho_texto, 3.8, linea, align="L", new_x="LEFT", new_y="NEXT")
    if not etiquetas:
        doc.add_page()
        doc.set_font(familia, "", 12)
        doc.cell(0, 10, "Sin paquetes.")
    return bytes(doc.output())


def documento(
    *, titulo: str, lineas: Sequence[str], folio: str, fecha: datetime, firmas: Sequence[str] = ()
) -> pdf.Documento:
    return pdf.Documento(
        titulo=titulo, lineas=tuple(lineas), folio=folio, fecha=fecha, firmas=tuple(firmas)
    )
