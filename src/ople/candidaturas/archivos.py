"""What a filed document must be before it is stored (pure: no Django, no I/O).

A party uploads PDFs (and, for the Conóceles photo, JPEG or PNG). The type is decided by the
file's first bytes, never by its name or the browser's word; a PDF must be whole (header,
``startxref`` pointing at a cross-reference, ``%%EOF``) and not encrypted, because the institute
must be able to open and keep it. Every refusal is a ``DocumentoRechazado`` with a Spanish
message; the caller stores nothing.
"""

from __future__ import annotations

import re
from typing import Final

PDF: Final = "pdf"
JPEG: Final = "jpg"
PNG: Final = "png"
_FIRMAS: Final[tuple[tuple[bytes, str], ...]] = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
NOMBRE_FORMATO: Final = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_ENCRYPT = re.compile(rb"/Encrypt\b")


class DocumentoRechazado(ValueError):
    """A file that cannot be accepted (message in Spanish)."""


def formato(datos: bytes) -> str | None:
    """The format by magic bytes (a PDF's header may follow up to 1 KB of junk, as readers allow)."""
    for firma, nombre in _FIRMAS:
        if datos.startswith(firma):
            return nombre
    if b"%PDF-" in datos[:1024]:
        return PDF
    return None


def revisar(datos: bytes, *, permitidos: frozenset[str], tamano_maximo: int) -> str:
    """Return the format of ``datos`` or raise ``DocumentoRechazado`` saying why not."""
    if not datos:
        raise DocumentoRechazado("El archivo está vacío.")
    if len(datos) > tamano_maximo:
        raise DocumentoRechazado(
            f"El archivo mide {_mb(len(datos))}; el máximo permitido es {_mb(tamano_maximo)}."
        )
    tipo = formato(datos)
    if tipo is None or tipo not in permitidos:
        aceptados = ", ".join(NOMBRE_FORMATO[p] for p in sorted(permitidos))
        visto = NOMBRE_FORMATO.get(tipo or "", "de un tipo no reconocido")
        raise DocumentoRechazado(
            f"El archivo es {visto}, no un documento aceptado ({aceptados}), por su contenido "
            "(no por su nombre)."
        )
    if tipo == PDF:
        revisar_pdf(datos)
    return tipo


def revisar_pdf(datos: bytes) -> None:
    cola = datos[-1024:]
    m = _STARTXREF.search(cola)
    if m is None:
        raise DocumentoRechazado(
            "El PDF está dañado o incompleto (no termina con su tabla de referencias y %%EOF)."
        )
    inicio = datos.find(b"%PDF-")
    desplazamiento = inicio + int(m.group(1))
    destino = datos[desplazamiento : desplazamiento + 32]
    if not (destino.startswith(b"xref") or re.match(rb"\d+\s+\d+\s+obj\b", destino)):
        raise DocumentoRechazado(
            "El PDF está dañado: su tabla de referencias no está donde el archivo indica."
        )
    if _ENCRYPT.search(datos):
        raise DocumentoRechazado(
            "El PDF está cifrado o protegido con contraseña; el Instituto debe poder abrirlo y "
            "conservarlo. Guárdelo sin protección y súbalo de nuevo."
        )


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"
