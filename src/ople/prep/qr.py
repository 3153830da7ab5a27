"""The QR code printed on an acta encodes exactly its CLAVE_ACTA text (e.g. `010393C020002`).

`leer_clave` decodes it with zxing-cpp from a JPEG or PNG that passed `imagecheck.revisar` (the
same bounded check as the intake: pixel caps, no PNG bomb, decodes whole), never from anything
else. zxing reads a grayscale copy at most LADO_LECTURA pixels on its long side: a JPEG is
decoded straight at a reduced DCT scale (Pillow's draft mode, 1/2 to 1/8), so a large photo
costs the pixels of the small copy, not its own; a PNG, which cannot be decoded at a reduced
scale, is reduced right after decoding. Machine reading identifies an acta; it never publishes
a number.
"""

from __future__ import annotations

import io
import re

import zxingcpp
from PIL import Image

from ople.prep import imagecheck

# What a CLAVE_ACTA looks like: CLAVE_CASILLA (entidad 2, sección 4, tipo 1, id 2, ext 2)
# followed by the acta type code from the profile (digits and letters, e.g. 02, 2E, A02E).
PATRON_CLAVE = re.compile(r"^\d{6}[A-Z]\d{4}[0-9A-Z]{1,8}$")

LADO_LECTURA = 2400
_SOLO_QR = zxingcpp.BarcodeFormats((zxingcpp.BarcodeFormat.QRCode,))


def normalizar(texto: str) -> str:
    return "".join(texto.split()).upper()


def parece_clave(texto: str) -> bool:
    return bool(PATRON_CLAVE.match(normalizar(texto)))


def leer_clave(datos: bytes, *, revisada: imagecheck.ImagenRevisada | None = None) -> str | None:
    """The CLAVE_ACTA encoded in the first QR code that looks like one, or None.

    `revisada` is what `imagecheck.revisar` answered for these same bytes (the CATD page checks
    each file before reading it); without it the bytes are checked here with the default caps,
    and an image the check refuses has no clave.
    """
    if revisada is None or revisada.tamano != len(datos):
        try:
            revisada = imagecheck.revisar(datos, max_bytes=len(datos))
        except imagecheck.ImagenRechazada:
            return None
    try:
        imagen = imagen_para_leer(datos)
        resultados = zxingcpp.read_barcodes(imagen, formats=_SOLO_QR)
    except Exception:  # what decoded in the check should decode here; if not, no clave
        return None
    for resultado in resultados:
        texto = normalizar(resultado.text)
        if parece_clave(texto):
            return texto
    return None


def imagen_para_leer(datos: bytes) -> Image.Image:
    """The grayscale copy zxing reads: at most LADO_LECTURA pixels on its long side."""
    with Image.open(io.BytesIO(datos), formats=["JPEG", "PNG"]) as img:
        lado = max(img.size)
        # the largest DCT scale that keeps the long side at LADO_LECTURA or more (JPEG only;
        # Pillow's draft takes the scale from the smaller of the two ratios, hence both sides)
        escala = next((e for e in (8, 4, 2) if lado // e >= LADO_LECTURA), 1)
        img.draft("L", (max(1, img.width // escala), max(1, img.height // escala)))
        gris = img.convert("L")
    if max(gris.size) > LADO_LECTURA:
        gris.thumbnail((LADO_LECTURA, LADO_LECTURA))
    return gris
