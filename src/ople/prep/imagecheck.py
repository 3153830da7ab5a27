"""Checks on an uploaded acta image, before a single byte is stored (pure: no Django).

The type comes from the magic bytes, never from the file name or the client's Content-Type.
Only JPEG, PNG and PDF are accepted. Raster images are opened with Pillow, which reads the
header only; the pixel count is checked against a cap *before* anything is decoded
(decompression bombs), then `verify()` walks the file structure (chunk CRCs for PNG) without
decoding the pixels.

Most uploads are plain files, and for those `_dimensiones_directas` reads the dimensions from the
bytes without Pillow (a JPEG's markers up to its first scan; a PNG's IHDR and every chunk's
CRC up to IEND). It answers only for a file it can see Pillow would open, size and verify
exactly as it is, within the caps; anything it does not know (Exif, ICC profiles, fill bytes,
other PNG chunks, an oversized or damaged file…) returns None and Pillow decides, so every
refusal and its message still come from the path below.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zlib
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


# JPEG markers Pillow reads as "length + payload" up to the first scan (JpegImagePlugin.MARKER):
# the SOFn (frame header: size and components), DHT, DAC, DNL, DRI, EXP, DQT, APPn, COM.
_SOF: Final = frozenset((0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE))
_SOF_MAS: Final = frozenset((0xCF, 0xDE))  # SOF15 and DHP, which Pillow also reads as a frame
_SALTAR: Final = frozenset((0xC4, 0xCC, 0xDC, 0xDD, 0xDF, 0xFE))
# APPn payloads Pillow parses further (Exif, ICC profile, MPO, Photoshop): left to it; so is a
# JFIF or Adobe header too short for the version Pillow reads from its bytes 5-6.
_APP_PILLOW: Final = (b"Exif\0\0", b"ICC_PROFILE\0", b"MPF\0", b"Photoshop 3.0\x00")
# PNG (bit depth, colour type) pairs Pillow gives a mode (PngImagePlugin._MODES).
_PNG_MODOS: Final = frozenset(
    ((1, 0), (2, 0), (4, 0), (8, 0), (16, 0), (8, 2), (16, 2), (1, 3), (2, 3), (4, 3), (8, 3))
    + ((8, 4), (16, 4), (8, 6), (16, 6))
)
# Ancillary PNG chunks before the image data with a fixed length Pillow reads without failing.
_PNG_ANTES: Final = {b"pHYs": 9, b"gAMA": 4, b"sRGB": 1}
_NOMBRE_PNG: Final = re.compile(rb"\w\w\w\w")
_U16: Final = struct.Struct(">H")
_U32: Final = struct.Struct(">I")


def _dimensiones_jpeg(datos: bytes) -> tuple[int, int] | None:
    """Width and height from the SOFn of a JPEG whose markers, from SOI to the first SOS, are
    each a complete `FF xx length payload` segment Pillow reads without failing; else None."""
    largo = len(datos)
    pos = 2
    tamano: tuple[int, int] | None = None
    while pos + 4 <= largo:
        if datos[pos] != 0xFF:
            return None  # junk between segments: Pillow skips it; not ours to judge
        marca = datos[pos + 1]
        n = _U16.unpack_from(datos, pos + 2)[0]
        if n < 2 or pos + 2 + n > largo:
            return None
        carga = datos[pos + 4 : pos + 2 + n]
        pos += 2 + n
        if marca == 0xDA:  # start of scan: Pillow stops reading here
            return tamano
        if marca in _SOF or marca in _SOF_MAS:
            # precision 8, 1/3/4 components, whole 3-byte component entries; one frame only
            if (
                tamano is not None
                or len(carga) < 6
                or carga[0] != 8
                or carga[5] not in (1, 3, 4)
                or (len(carga) - 6) % 3
            ):
                return None
            tamano = (_U16.unpack_from(carga, 3)[0], _U16.unpack_from(carga, 1)[0])
        elif marca == 0xDB:  # quantization tables: each one whole
            resto = len(carga)
            while resto:
                tabla = 65 if carga[len(carga) - resto] < 16 else 129
                if resto < tabla:
                    return None
                resto -= tabla
        elif 0xE0 <= marca <= 0xEF:
            if carga.startswith(_APP_PILLOW) or (
                carga.startswith((b"JFIF", b"Adobe")) and len(carga) < 7
            ):
                return None
        elif marca not in _SALTAR:
            return None  # SOI, EOI, RSTn, JPGn, fill bytes, unknown markers
    return None


def _dimensiones_png(datos: bytes) -> tuple[int, int] | None:
    """Width and height from the IHDR of a PNG whose chunks all have their CRC, with only IHDR
    and a few fixed-length ancillary chunks before the image data, up to IEND; else None."""
    largo = len(datos)
    if largo < 33 or datos[12:16] != b"IHDR" or _U32.unpack_from(datos, 8)[0] != 13:
        return None
    ancho, alto = _U32.unpack_from(datos, 16)[0], _U32.unpack_from(datos, 20)[0]
    if (datos[24], datos[25]) not in _PNG_MODOS or datos[27] != 0:
        return None
    pos = 8
    datos_vistos = False
    vista = memoryview(datos)  # the CRC of each chunk without copying it (IDAT: the image)
    while pos + 8 <= largo:
        n = _U32.unpack_from(datos, pos)[0]
        nombre = datos[pos + 4 : pos + 8]
        if _NOMBRE_PNG.fullmatch(nombre) is None:
            return None
        if nombre == b"IEND" and datos_vistos:
            return ancho, alto
        fin = pos + 8 + n
        if fin + 4 > largo:
            return None
        if nombre == b"IDAT":
            datos_vistos = True
        elif not datos_vistos and pos > 8 and _PNG_ANTES.get(nombre) != n:
            return None
        if zlib.crc32(vista[pos + 4 : fin]) != _U32.unpack_from(datos, fin)[0]:
            return None
        pos = fin + 4
    return None


def _dimensiones_directas(
    datos: bytes, tipo: str, *, max_pixeles: int, max_lado: int
) -> tuple[int, int] | None:
    """The image's dimensions when the file is plain and within every cap (Pillow's own
    decompression-bomb limit included), read without Pillow; None to let Pillow decide."""
    medidas = _dimensiones_jpeg(datos) if tipo == JPEG else _dimensiones_png(datos)
    if medidas is None:
        return None
    ancho, alto = medidas
    limite_pillow = Image.MAX_IMAGE_PIXELS
    if (
        ancho <= 0
        or alto <= 0
        or _excede(ancho, alto, max_pixeles=max_pixeles, max_lado=max_lado)
        or (limite_pillow is not None and ancho * alto > limite_pillow)
    ):
        return None
    return medidas


def _excede(ancho: int, alto: int, *, max_pixeles: int, max_lado: int) -> bool:
    """Whether an image of ancho × alto is over the caps (a side or the pixel count)."""
    return ancho > max_lado or alto > max_lado or ancho * alto > max_pixeles


def _revisar_raster(datos: bytes, tipo: str, *, max_pixeles: int, max_lado: int) -> tuple[int, int]:
    directas = _dimensiones_directas(datos, tipo, max_pixeles=max_pixeles, max_lado=max_lado)
    if directas is not None:
        return directas
    return _revisar_con_pillow(datos, tipo, max_pixeles=max_pixeles, max_lado=max_lado)


def _revisar_con_pillow(
    datos: bytes, tipo: str, *, max_pixeles: int, max_lado: int
) -> tuple[int, int]:
    formato_esperado = "JPEG" if tipo == JPEG else "PNG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(datos), formats=[formato_esperado]) as img:
                ancho, alto = img.size
                if ancho <= 0 or alto <= 0:
                    raise ImagenRechazada("imagen_invalida", "La imagen no tiene dimensiones.")
                if _excede(ancho, alto, max_pixeles=max_pixeles, max_lado=max_lado):
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
