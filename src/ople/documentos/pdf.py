"""One deterministic PDF renderer for every system's documents. Pure (fpdf2, segno; no Django).

Every document carries, on each page's foot, its folio and its SHA-256, and at its end a QR to
its public verification URL (`<base>/<sha256>`).

What the SHA-256 covers: the document's *canonical content*, not the PDF file. It is the
SHA-256 of the UTF-8 bytes of the JSON object

    {"fecha": <ISO 8601 of the document's moment>, "firmas": [...], "folio": "...",
     "lineas": [...], "titulo": "..."}

written with sorted keys, no spaces (separators `,` and `:`) and non-ASCII characters as they
are (`json.dumps(..., ensure_ascii=False, sort_keys=True, separators=(",", ":"))`); see
`contenido_canonico`. The hash cannot cover the PDF that prints it, and a PDF's bytes depend on
the fonts installed; the canonical content is what a reader can rebuild from the text of the
document and what the institute keeps and shows at the verification URL (systems issue through
`documentos.services.emision.emitir`, which keeps it; ADR 0056). (A receipt, `acuses`,
names the SHA-256 of the PDF file that was received: that one covers the exact bytes.)

Same `Documento` → same bytes: the creation date is the document's own `fecha`, the producer is
fixed, and the file identifier is derived from the content and that date.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PRODUCTOR = "ople"
FUENTES_DEJAVU = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)


@dataclass(frozen=True)
class Documento:
    titulo: str
    lineas: tuple[str, ...]
    folio: str
    fecha: datetime
    firmas: tuple[str, ...] = field(default=())  # roles that sign by hand, one line each

    def __post_init__(self) -> None:
        if self.fecha.tzinfo is None:
            raise ValueError("la fecha del documento debe llevar zona horaria")


def contenido_canonico(doc: Documento) -> bytes:
    return json.dumps(
        {
            "fecha": doc.fecha.isoformat(),
            "firmas": list(doc.firmas),
            "folio": doc.folio,
            "lineas": list(doc.lineas),
            "titulo": doc.titulo,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode()


def sha256(doc: Documento) -> str:
    return hashlib.sha256(contenido_canonico(doc)).hexdigest()


def url_verificacion(base: str, sha: str) -> str:
    return f"{base.rstrip('/')}/{sha}"


def qr_png(texto: str) -> bytes:
    import segno

    salida = io.BytesIO()
    segno.make_qr(texto, error="m").save(salida, kind="png", scale=8, border=4)
    return salida.getvalue()


def renderizar(doc: Documento, *, url_base: str) -> bytes:
    """The PDF of `doc` (Letter), with folio and SHA-256 on every page and the QR at the end."""
    from fpdf import FPDF

    huella = sha256(doc)
    url = url_verificacion(url_base, huella)
    dejavu = all(f.exists() for f in FUENTES_DEJAVU)
    familia = "DejaVu" if dejavu else "Helvetica"

    def limpiar(s: str) -> str:
        if dejavu:
            return s
        # Core fonts cover Latin-1 (á, é, ñ…); anything else is replaced.
        return s.replace("≠", "!=").encode("latin-1", "replace").decode("latin-1")

    class _Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(familia, "", 7)
            self.cell(
                0,
                4,
                limpiar(
                    f"Folio {doc.folio}  ·  SHA-256 {huella}  ·  página {self.page_no()}/{{nb}}"
                ),
                align="C",
            )

    pdf: Any = _Pdf(format="Letter")
    pdf.set_creation_date(doc.fecha.astimezone(UTC))
    pdf.set_producer(PRODUCTOR)
    pdf.set_creator(PRODUCTOR)
    pdf.set_title(limpiar(doc.titulo))
    pdf.set_subject(limpiar(f"Folio {doc.folio}; SHA-256 {huella}"))
    if dejavu:
        pdf.add_font("DejaVu", "", str(FUENTES_DEJAVU[0]))
        pdf.add_font("DejaVu", "B", str(FUENTES_DEJAVU[1]))
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_font(familia, "B", 14)
    # A long title (a cédula names its addressee and the act) wraps instead of leaving the page.
    pdf.multi_cell(0, 7, limpiar(doc.titulo), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    pdf.set_font(familia, "", 9)
    pdf.cell(0, 5, limpiar(f"Folio: {doc.folio}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for linea in doc.lineas:
        pdf.multi_cell(0, 5, limpiar(linea) or " ", new_x="LMARGIN", new_y="NEXT")
    if doc.firmas:
        pdf.ln(12)
        pdf.set_font(familia, "", 10)
        for rol in doc.firmas:
            pdf.cell(
                0,
                14,
                limpiar(f"{rol}: ____________________________________"),
                new_x="LMARGIN",
                new_y="NEXT",
            )
    # The verification block: QR (40 mm) and, beside it, folio, SHA-256 and URL.
    lado = 40
    if pdf.get_y() + lado + 6 > pdf.h - 18:
        pdf.add_page()
    pdf.ln(6)
    y = pdf.get_y()
    pdf.image(io.BytesIO(qr_png(url)), x=pdf.l_margin, y=y, w=lado, h=lado)
    pdf.set_xy(pdf.l_margin + lado + 4, y + 4)
    pdf.set_font(familia, "B", 9)
    pdf.cell(0, 5, limpiar("Verificación del documento"), new_x="LEFT", new_y="NEXT")
    pdf.set_font(familia, "", 8)
    for texto in (f"Folio: {doc.folio}", f"SHA-256: {huella}", url):
        pdf.multi_cell(0, 4.5, limpiar(texto), new_x="LEFT", new_y="NEXT")
    return bytes(pdf.output())
