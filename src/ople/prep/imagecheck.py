"""Checks on an uploaded acta image, before a single byte is stored (pure: no Django).

The type comes from the magic bytes, never from the file name or the client's Content-Type.
Only JPEG and PNG are accepted: a PDF is refused with its own message (a PDF can carry
JavaScript, forms, links and embedded files, and the PREP stores and publishes images; a CATD
scanner saves JPEG or PNG as well).

Every accepted image is decoded whole before it is accepted, in a bounded way:

1. the dimensions come from the header, and the caps are checked before anything is decoded:
   pixels and side (`max_pixeles`, `max_lado`, and Pillow's own decompression-bomb limit) and,
   for a PNG, how far it inflates (`_excede_inflado`: a few kilobytes that inflate to tens of
   megabytes are a bomb, not a scan);
2. the structure must end where the file ends (`_final_correcto`): a JPEG's markers are walked
   up to its EOI, a PNG's chunks up to its IEND, and nothing may follow (a JPEG header followed
   by HTML, an image with a page appended);
3. the pixels are decoded: a PNG whole (every IDAT inflated and unfiltered), a JPEG at 1/8 scale
   (Pillow's draft mode: libjpeg still reads every entropy-coded block, so a file cut short
   fails, but skips most of the inverse DCT and the colour conversion: 2.7-2.8 ms of CPU against
   4.5-4.7 ms in full for a 300 KB phone photo, see bench/imagecheck.py).

Most uploads are plain files, and for those `_dimensiones_directas` reads the dimensions from the
bytes without Pillow (a JPEG's markers up to its first scan; a PNG's IHDR and every chunk's
CRC up to IEND). It answers only for a file it can see Pillow would open, size and verify
exactly as it is, within the caps; anything it does not know (Exif, ICC profiles, fill bytes,
other PNG chunks, an oversized or damaged file…) returns None and Pillow decides, so every
refusal of the header and its message still come from the path below.
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

from ople.core.errors import OpleError

JPEG: Final = "image/jpeg"
PNG: Final = "image/png"
PDF: Final = "application/pdf"

# What is accepted. PDF stays a name for the images stored before PDFs were refused.
EXTENSIONES: Final[dict[str, str]] = {JPEG: "jpg", PNG: "png"}

# Default caps. A letter page scanned at 600 dpi is 5100 x 6600 = 33.7 MP; a legal page at
# 600 dpi is 43 MP; a 50 MP phone photo is the largest a CAE could send.
MAX_PIXELES: Final = 60_000_000
MAX_LADO: Final = 20_000
# A PNG may inflate to PISO_INFLADO bytes whatever its size (a 300 dpi legal page in gray is
# 10.7 MB), and beyond that to at most RAZON_INFLADO times its size: a real scan or photo has
# noise and compresses a few times, a bomb a thousand (zlib's limit is ~1032:1).
PISO_INFLADO: Final = 16 * 1024 * 1024
RAZON_INFLADO: Final = 100

_MAGIAS: Final[tuple[tuple[bytes, str], ...]] = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"%PDF-", PDF),
)


class ImagenRechazada(OpleError):
    """An image refused by a check; `codigo` is the API error code, `mensaje` is Spanish."""


@dataclass(frozen=True)
class ImagenRevisada:
    tipo_mime: str
    extension: str
    tamano: int
    ancho: int | None
    alto: int | None


def tipo_por_magia(datos: bytes) -> str | None:
    """The MIME type announced by the first bytes (JPEG, PNG or PDF), or None."""
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
    if tipo == PDF:
        raise ImagenRechazada(
            "tipo_no_permitido",
            "No se aceptan documentos PDF: guarde el acta escaneada o fotografiada como imagen "
            "JPEG o PNG.",
        )
    if tipo is None:
        raise ImagenRechazada("tipo_no_permitido", "Sólo se aceptan imágenes JPEG o PNG.")
    ancho, alto = _revisar_raster(datos, tipo, max_pixeles=max_pixeles, max_lado=max_lado)
    if not _final_correcto(datos, tipo):
        raise ImagenRechazada(
            "imagen_invalida",
            "La imagen está incompleta o trae datos después de su final; vuelva a enviarla.",
        )
    _decodificar(datos, tipo, ancho, alto)
    return ImagenRevisada(tipo, EXTENSIONES[tipo], tamano, ancho, alto)


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
    medidas = _dimensiones_directas(datos, tipo, max_pixeles=max_pixeles, max_lado=max_lado)
    if medidas is None:
        medidas = _revisar_con_pillow(datos, tipo, max_pixeles=max_pixeles, max_lado=max_lado)
    if tipo == PNG and _excede_inflado(datos, *medidas):
        raise ImagenRechazada(
            "imagen_invalida",
            f"La imagen PNG de {len(datos):,} bytes se expande a {medidas[0]} × {medidas[1]} "
            "píxeles al descomprimirla (posible bomba); envíe el escaneo o la foto original.",
        )
    return medidas


# Samples per pixel of each PNG colour type (gray, RGB, palette, gray + alpha, RGBA).
_PNG_CANALES: Final = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def _excede_inflado(datos: bytes, ancho: int, alto: int) -> bool:
    """Whether the PNG's image data, inflated (a filter byte per row and the rows' samples, as
    its IHDR declares them), is over PISO_INFLADO and RAZON_INFLADO times the file's size."""
    if datos[12:16] != b"IHDR" or datos[25] not in _PNG_CANALES:
        return True  # Pillow opened it, but not as the PNG standard lays it out
    bits = datos[24] * _PNG_CANALES[datos[25]]
    inflado = alto * (1 + (ancho * bits + 7) // 8)
    return inflado > max(PISO_INFLADO, RAZON_INFLADO * len(datos))


# A JPEG marker: 0xFF then neither a stuffed zero, a restart marker (RST0-7), TEM nor another
# fill byte. In the entropy-coded data an 0xFF is always followed by 0x00 or a restart marker,
# so the first match after a scan is the segment that follows it (or the EOI).
_MARCA_JPEG: Final = re.compile(rb"\xff[\x02-\xcf\xd8-\xfe]")
_SIN_LARGO: Final = frozenset((0xD8, 0xD9))  # SOI, EOI: markers without a length


def _final_correcto(datos: bytes, tipo: str) -> bool:
    """Whether the file's structure ends exactly where the file ends: a JPEG's markers walked
    (segments by their length, scans up to their next marker) up to an EOI that is its last two
    bytes; a PNG's chunks walked by their length up to an IEND whose CRC is its last four."""
    largo = len(datos)
    if tipo == PNG:
        pos = 8
        while pos + 12 <= largo:
            fin: int = pos + 12 + _U32.unpack_from(datos, pos)[0]
            if datos[pos + 4 : pos + 8] == b"IEND":
                return fin == largo
            pos = fin
        return False
    pos = 2
    while (m := _MARCA_JPEG.search(datos, pos)) is not None:
        marca = datos[m.end() - 1]
        if marca == 0xD9:
            return m.end() == largo
        pos = m.end()
        if marca not in _SIN_LARGO:
            if pos + 2 > largo:
                return False
            largo_segmento: int = _U16.unpack_from(datos, pos)[0]
            pos += largo_segmento
    return False


def _decodificar(datos: bytes, tipo: str, ancho: int, alto: int) -> None:
    """Decode every pixel (a JPEG at 1/8 scale, see the module's docstring); a file that does
    not decode whole (cut short, damaged data) is refused."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(datos), formats=["JPEG" if tipo == JPEG else "PNG"]) as img:
                if img.size != (ancho, alto):
                    raise ValueError(f"{img.size} != {(ancho, alto)}")
                if tipo == JPEG:
                    # draft picks the smallest DCT scale whose result is at least this size
                    img.draft(img.mode, (max(1, ancho // 8), max(1, alto // 8)))
                img.load()
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError… when decoding
        raise ImagenRechazada(
            "imagen_invalida",
            "La imagen está incompleta o dañada: no se pudo leer completa; vuelva a enviarla.",
        ) from exc


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
