"""Pure image checks: type by magic bytes, size cap, decompression bombs, damaged files."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from ople.prep import imagecheck
from tests.prep.datos_intake import bomba_png, jpeg, png

MB = 1024 * 1024


def _pdf() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (200, 260), "white").save(buf, format="PDF")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("datos", "tipo", "ext"),
    [
        (jpeg(1), imagecheck.JPEG, "jpg"),
        (png(1), imagecheck.PNG, "png"),
        (_pdf(), imagecheck.PDF, "pdf"),
    ],
)
def test_acepta_jpeg_png_pdf(datos, tipo, ext):
    r = imagecheck.revisar(datos, max_bytes=MB)
    assert (r.tipo_mime, r.extension, r.tamano) == (tipo, ext, len(datos))


def test_dimensiones_de_jpeg():
    r = imagecheck.revisar(jpeg(2, ancho=321, alto=123), max_bytes=MB)
    assert (r.ancho, r.alto) == (321, 123)


@pytest.mark.parametrize(
    ("datos", "codigo"),
    [
        (b"", "imagen_invalida"),
        (b"GIF89a" + b"\x00" * 100, "tipo_no_permitido"),
        (b"<html>hola</html>", "tipo_no_permitido"),
        (b"PK\x03\x04" + b"\x00" * 50, "tipo_no_permitido"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 30, "imagen_invalida"),  # JPEG magic, no image
        (png(3)[:40], "imagen_invalida"),  # truncated PNG
        (png(3)[:-20] + b"\x00" * 20, "imagen_invalida"),  # bad IEND CRC
        (_pdf()[:-60], "imagen_invalida"),  # truncated PDF
    ],
)
def test_rechazos(datos, codigo):
    with pytest.raises(imagecheck.ImagenRechazada) as exc:
        imagecheck.revisar(datos, max_bytes=MB)
    assert exc.value.codigo == codigo
    assert exc.value.mensaje  # Spanish message for the person or the app


def test_demasiado_grande_antes_de_abrir():
    datos = jpeg(4)
    with pytest.raises(imagecheck.ImagenRechazada) as exc:
        imagecheck.revisar(datos, max_bytes=len(datos) - 1)
    assert exc.value.codigo == "demasiado_grande"
    assert imagecheck.revisar(datos, max_bytes=len(datos)).tamano == len(datos)


def test_bomba_de_descompresion():
    bomba = bomba_png(10_000)  # ~100 KB on disk, 100 megapixels when decoded
    assert len(bomba) < 200_000
    with pytest.raises(imagecheck.ImagenRechazada) as exc:
        imagecheck.revisar(bomba, max_bytes=MB)
    assert exc.value.codigo == "imagen_invalida"
    assert "píxeles" in exc.value.mensaje


def test_lado_excesivo():
    with pytest.raises(imagecheck.ImagenRechazada):
        imagecheck.revisar(png(0, ancho=3000, alto=10), max_bytes=MB, max_lado=2000)


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=4096),
    st.sampled_from([b"", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"%PDF-"]),
)
def test_entrada_arbitraria_solo_rechazo_tipado(cola, magia):
    datos = magia + cola
    try:
        r = imagecheck.revisar(datos, max_bytes=MB)
    except imagecheck.ImagenRechazada as exc:
        assert exc.codigo in {"imagen_invalida", "tipo_no_permitido", "demasiado_grande"}
    else:
        assert r.tipo_mime in {imagecheck.JPEG, imagecheck.PNG, imagecheck.PDF}
