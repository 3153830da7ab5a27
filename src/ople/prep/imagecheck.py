"""Checks on an uploaded acta image, before a single byte is stored (pure: no Django).

The type comes from the magic bytes, never from the file name or the client's Content-Type.
Only JPEG, PNG and PDF are accepted. Raster images are opened with Pillow, which reads the
header only; the pixel count is checked against a cap *before* anything is decoded
(decompression bombs), then `verify()` walks the file structure (chunk CRCs for PNG) without
decoding the pixels.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Final

from PIL import Image

JPEG: Final = "image/jpeg"
PNG: Final = "image/png"
PDF: Final = "application/pdf"

EXTENSIONES: Final[dict[str, str]] = {JPEG: "jpg", PNG: "png", PDF: "pdf"}

# Default caps. A letter page scanned at 600 dpi is 5100 x 6600 = 33.7 MP; a legal page at
# 600 dpi is 43 MP; a 50 MP phone photo is the largest a CAE could send.
MAX_PIXELES: Final = 60_000_000
MAX_LADO: Final = 20_000

_MAGIAS: Final[tuple[tuple[bytes, str], ...]] = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"%PDF-", PDF),
)


class ImagenRechazada(Exception):
    """An image refused by a check; `codigo` is the API error code, `mensaje` is Spanish."""

    def __init__(self, codigo: str, mensaje: str) -> None:
        super().__init__(mensaje)
        self.codigo = codigo
        self.mensaje = mensaje


@dataclass(frozen=True)
class ImagenRevisada:
    tipo_mime: str
    extension: str
    tamano: int
    ancho: int | None
    alto: int | None


def tipo_por_magia(datos: bytes) -> str | None:
    """The MIME type announced by the first bytes, or None when it is not an accepted type."""
    for magia, tipo in _MAGIAS:
        if datos.startswith(magia):
            return tipo
    return None


def revisar(
    datos: bytes,
    *,
    max_bytes: int,
    max_pixeles: int = MAX_PIXELES,
    max_lado: int = MAX_LADO,
) -> ImagenRevisada:
    """Check `datos`; return what was learned or raise ImagenRechazada."""
    tamano = len(datos)
    if tamano == 0:
        raise ImagenRechazada("imagen_invalida", "El archivo está vacío.")
    if tamano > max_bytes:
        raise ImagenRechazada(
            "demasiado_grande",
            f"El archivo mide {tamano:,} bytes; el máximo permitido es {max_bytes:,} bytes.",
        )
    tipo = tipo_por_magia(datos)
    if tipo is None:
        raise ImagenRechazada(
            "tipo_no_permitido", "Sólo se aceptan imágenes JPEG o PNG y documentos PDF."
        )
    if tipo == PDF:
        _revisar_pdf(datos)
        return ImagenRevisada(PDF, EXTENSIONES[PDF], tamano, None, None)
    ancho, alto = _revisar_raster(datos, tipo, max_pixeles=max_pixeles, max_lado=max_lado)
    return ImagenRevisada(tipo, EXTENSIONES[tipo], tamano, ancho, alto)


def _revisar_pdf(datos: bytes) -> None:
    # A PDF ends with %%EOF (possibly followed by a few bytes of whitespace); a truncated
    # upload does not. Rendering is left to the reader's viewer; nothing here decodes it.
    if b"%%EOF" not in datos[-1024:]:
        raise ImagenRechazada("imagen_invalida", "El PDF está incompleto o dañado.")


def _revisar_raster(datos: bytes, tipo: str, *, max_pixeles: int, max_lado: int) -> tuple[int, int]:
    formato_esperado = "JPEG" if tipo == JPEG else "PNG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(datos), formats=[formato_esperado]) as img:
                ancho, alto = img.size
                if ancho <= 0 or alto <= 0:
                    raise ImagenRechazada("imagen_invalida", "La imagen no tiene dimensiones.")
                if ancho > max_lado or alto > max_lado or ancho * alto > max_pixeles:
                    raise ImagenRechazada(
                        "imagen_invalida",
                        f"La imagen declara {ancho} × {alto} píxeles, más de lo permitido "
                        f"({max_pixeles:,} píxeles, {max_lado:,} por lado).",
                    )
                img.verify()
    except ImagenRechazada:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImagenRechazada(
            "imagen_invalida", "La imagen declara demasiados píxeles (posible bomba)."
        ) from exc
    except Exception as exc:  # Pillow raises many types for malformed files
        raise ImagenRechazada(
            "imagen_invalida", "La imagen está dañada o no se puede leer."
        ) from exc
    return ancho, alto
