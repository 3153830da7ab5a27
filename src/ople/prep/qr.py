"""The QR code printed on an acta encodes exactly its CLAVE_ACTA text (e.g. `010393C020002`).

`leer_clave` decodes it with zxing-cpp from a JPEG or PNG. For a PDF (a CATD scanner's output)
it looks for the embedded page images (JPEG streams, `/DCTDecode`) and reads the QR from the
largest one; a PDF whose page is not a JPEG image (vector, JBIG2, Flate) is not rendered here:
the clave is typed instead. Machine reading identifies an acta; it never publishes a number.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import zxingcpp
from PIL import Image

# What a CLAVE_ACTA looks like: CLAVE_CASILLA (entidad 2, sección 4, tipo 1, id 2, ext 2)
# followed by the acta type code from the profile (digits and letters, e.g. 02, 2E, A02E).
PATRON_CLAVE = re.compile(r"^\d{6}[A-Z]\d{4}[0-9A-Z]{1,8}$")

_MAX_LADO_LECTURA = 2400
_SOLO_QR = zxingcpp.BarcodeFormats((zxingcpp.BarcodeFormat.QRCode,))


def normalizar(texto: str) -> str:
    return "".join(texto.split()).upper()


def parece_clave(texto: str) -> bool:
    return bool(PATRON_CLAVE.match(normalizar(texto)))


def leer_clave(datos: bytes) -> str | None:
    """The CLAVE_ACTA encoded in the first QR code that looks like one, or None."""
    for imagen in _imagenes(datos):
        try:
            resultados = zxingcpp.read_barcodes(imagen, formats=_SOLO_QR)
        except Exception:  # a malformed image is simply unreadable
            continue
        for resultado in resultados:
            texto = normalizar(resultado.text)
            if parece_clave(texto):
                return texto
    return None


def _imagenes(datos: bytes) -> Iterator[Image.Image]:
    if datos.startswith(b"%PDF-"):
        fragmentos = sorted(_jpegs_en_pdf(datos), key=len, reverse=True)[:3]
    else:
        fragmentos = [datos]
    for fragmento in fragmentos:
        try:
            with Image.open(io.BytesIO(fragmento)) as img:
                if img.width * img.height > 80_000_000:
                    continue
                img.draft("L", (_MAX_LADO_LECTURA, _MAX_LADO_LECTURA))
                gris = img.convert("L")
        except Exception:
            continue
        if max(gris.size) > _MAX_LADO_LECTURA:
            gris.thumbnail((_MAX_LADO_LECTURA, _MAX_LADO_LECTURA))
        yield gris


_STREAM = re.compile(rb"/DCTDecode.{0,400}?stream\r?\n", re.S)


def _jpegs_en_pdf(datos: bytes) -> list[bytes]:
    encontrados = []
    for m in _STREAM.finditer(datos):
        inicio = m.end()
        fin = datos.find(b"endstream", inicio)
        if fin < 0:
            continue
        fragmento = datos[inicio:fin].rstrip(b"\r\n")
        if fragmento.startswith(b"\xff\xd8"):
            encontrados.append(fragmento)
    return encontrados
