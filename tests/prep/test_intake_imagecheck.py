"""Pure image checks: type by magic bytes, size cap, decompression bombs, damaged files, and
the full (bounded) decoding of every accepted image."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from ople.prep import imagecheck
from tests.prep.datos_intake import (
    bomba_png,
    escaneo_jpeg,
    escaneo_png,
    foto_movil,
    jpeg,
    pdf_con_javascript,
    png,
)

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
    ],
)
def test_acepta_jpeg_png(datos, tipo, ext):
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
        (_pdf(), "tipo_no_permitido"),  # no PDF is accepted (see test_pdf_rechazado)
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
        assert r.tipo_mime in {imagecheck.JPEG, imagecheck.PNG}


# --- every accepted image is decoded whole, in a bounded way ----------------------------


def _rechazo(datos: bytes) -> imagecheck.ImagenRechazada:
    with pytest.raises(imagecheck.ImagenRechazada) as exc:
        imagecheck.revisar(datos, max_bytes=12 * MB)
    assert exc.value.mensaje
    return exc.value


@pytest.mark.parametrize(
    "datos",
    [
        foto_movil(1),
        foto_movil(2, orientacion=6),  # the phone's Exif says "rotate 90°"
        foto_movil(3, ancho=1200, alto=900, orientacion=1),
        escaneo_jpeg(),  # CATD scanner, gray JPEG at 300 dpi
        escaneo_png(),  # CATD scanner, black and white PNG at 300 dpi
    ],
)
def test_fotos_y_escaneos_validos_se_aceptan(datos):
    r = imagecheck.revisar(datos, max_bytes=12 * MB)
    with Image.open(io.BytesIO(datos)) as img:
        assert (r.ancho, r.alto) == img.size
        assert r.tipo_mime == Image.MIME[img.format]


def test_jpeg_cortado_a_un_tercio():
    foto = foto_movil(4)
    assert _rechazo(foto[: len(foto) // 3]).codigo == "imagen_invalida"


def test_jpeg_sin_su_final():
    foto = foto_movil(5)
    for corte in (len(foto) - 2, len(foto) - 200):
        assert _rechazo(foto[:corte]).codigo == "imagen_invalida"


def test_cabecera_jpeg_seguida_de_html():
    foto = foto_movil(6)
    inicio_scan = foto.index(b"\xff\xda")
    cabecera = foto[
        : inicio_scan + 2 + struct.unpack(">H", foto[inicio_scan + 2 : inicio_scan + 4])[0]
    ]
    html = b"<!doctype html><html><body><script>alert(1)</script></body></html>" * 20
    assert _rechazo(cabecera + html).codigo == "imagen_invalida"


@pytest.mark.parametrize(
    "cola",
    [b"<html><script>alert(1)</script></html>", b"\x00", b"\xff\xd9"],
)
def test_imagen_completa_con_datos_despues_de_su_final(cola):
    for datos in (foto_movil(7), escaneo_png()):
        assert _rechazo(datos + cola).codigo == "imagen_invalida"


def test_pdf_con_javascript_rechazado():
    exc = _rechazo(pdf_con_javascript())
    assert exc.codigo == "tipo_no_permitido"
    assert "PDF" in exc.mensaje


def test_png_que_se_infla_a_56_megapixeles_se_rechaza_sin_decodificar(monkeypatch):
    bomba = bomba_png(7483)  # 56 MP of gray: within the pixel caps, but 55 KB on disk
    assert 7483 * 7483 < imagecheck.MAX_PIXELES and len(bomba) < 160_000
    exc = _rechazo(bomba)
    assert exc.codigo == "imagen_invalida"
    assert "píxeles" in exc.mensaje
    # refused from its header: no pixel is decoded
    decodificadas = []
    monkeypatch.setattr(imagecheck, "_decodificar", lambda *a: decodificadas.append(a))
    _rechazo(bomba)
    assert decodificadas == []
    # while a small image of the same kind is decoded and accepted
    assert imagecheck.revisar(bomba_png(500), max_bytes=MB).ancho == 500
    assert len(decodificadas) == 1


def test_png_grande_con_datos_de_verdad_no_es_bomba():
    # a 20 MB (inflated) gray scan that compresses like a real one is accepted
    import numpy as np

    ruido = np.random.default_rng(1).integers(200, 256, size=(4000, 5000), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(ruido, "L").save(buf, format="PNG", compress_level=1)
    datos = buf.getvalue()
    assert 4000 * 5001 > imagecheck.PISO_INFLADO
    assert imagecheck.revisar(datos, max_bytes=len(datos)).alto == 4000


# --- the direct reader (no Pillow) answers only where Pillow agrees ------------------------


def _con_pillow(datos: bytes, tipo: str) -> tuple[int, int] | str:
    try:
        return imagecheck._revisar_con_pillow(
            datos, tipo, max_pixeles=imagecheck.MAX_PIXELES, max_lado=imagecheck.MAX_LADO
        )
    except imagecheck.ImagenRechazada as exc:
        return exc.codigo


def _directas(datos: bytes) -> tuple[int, int] | None:
    tipo = imagecheck.tipo_por_magia(datos)
    if tipo not in (imagecheck.JPEG, imagecheck.PNG):
        return None
    return imagecheck._dimensiones_directas(
        datos, tipo, max_pixeles=imagecheck.MAX_PIXELES, max_lado=imagecheck.MAX_LADO
    )


def _segmento(marca: int, carga: bytes) -> bytes:
    return bytes((0xFF, marca)) + struct.pack(">H", len(carga) + 2) + carga


def _con_comentario(datos: bytes, texto: bytes) -> bytes:
    """What bench/intake.py uploads: the JPEG with a COM segment right after SOI."""
    return datos[:2] + _segmento(0xFE, texto) + datos[2:]


def _pillow_jpeg(ancho: int, alto: int, modo: str, **opciones) -> bytes:
    buf = io.BytesIO()
    Image.new(modo, (ancho, alto), 128 if modo == "L" else (10, 20, 30)[: len(modo)]).save(
        buf, format="JPEG", **opciones
    )
    return buf.getvalue()


def _pillow_png(ancho: int, alto: int, modo: str, **opciones) -> bytes:
    buf = io.BytesIO()
    Image.new(modo, (ancho, alto)).save(buf, format="PNG", **opciones)
    return buf.getvalue()


def test_lector_directo_responde_para_los_archivos_comunes():
    casos = [
        (jpeg(1), (320, 240)),
        (jpeg(2, ancho=321, alto=123), (321, 123)),
        (_con_comentario(jpeg(3), b"bench 0/1/2 abc"), (320, 240)),
        (_pillow_jpeg(50, 70, "L"), (50, 70)),
        (_pillow_jpeg(50, 70, "CMYK"), (50, 70)),
        (_pillow_jpeg(640, 480, "RGB", progressive=True, optimize=True), (640, 480)),
        (_pillow_jpeg(64, 48, "RGB", dpi=(300, 300), restart_marker_blocks=1), (64, 48)),
        (png(1), (64, 64)),
        (_pillow_png(33, 17, "RGBA"), (33, 17)),
        (_pillow_png(33, 17, "RGB", dpi=(300, 300)), (33, 17)),
        (_pillow_png(10, 10, "I;16"), (10, 10)),
    ]
    for datos, medidas in casos:
        assert _directas(datos) == medidas
        assert imagecheck.revisar(datos, max_bytes=MB).ancho == medidas[0]
        assert _con_pillow(datos, imagecheck.tipo_por_magia(datos)) == medidas


def test_lector_directo_deja_a_pillow_lo_que_no_conoce():
    exif = Image.Exif()
    exif[0x0110] = "Modelo"
    casos = [
        _pillow_jpeg(40, 30, "RGB", exif=exif.tobytes()),  # Exif
        _pillow_jpeg(40, 30, "RGB", icc_profile=b"\x00" * 200),  # ICC profile
        jpeg(1)[:2] + b"\xff" + jpeg(1)[2:],  # a fill byte
        jpeg(1)[:-100][:600],  # cut before the scan
        _pillow_png(20, 20, "P"),  # PLTE
        _pillow_png(20, 20, "RGB", pnginfo=_texto_png()),  # tEXt
        png(3)[:-20] + b"\x00" * 20,
        bomba_png(10_000),  # over the caps: the refusal is Pillow's
        png(0, ancho=3000, alto=10),  # fine here, but not with max_lado=2000 (below)
    ]
    for datos in casos[:-1]:
        assert _directas(datos) is None
    assert (
        imagecheck._dimensiones_directas(
            casos[-1], imagecheck.PNG, max_pixeles=10**9, max_lado=2000
        )
        is None
    )


def _texto_png():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("clave", "010393C020002")
    return info


def test_modos_png_iguales_a_los_de_pillow():
    from PIL import PngImagePlugin

    assert set(PngImagePlugin._MODES) == imagecheck._PNG_MODOS


_BASES = [
    jpeg(5),
    _con_comentario(jpeg(6), b"comentario"),
    _pillow_jpeg(31, 17, "L", progressive=True),
    _pillow_jpeg(16, 16, "CMYK"),
    png(7),
    _pillow_png(9, 5, "RGBA", dpi=(72, 72)),
]

# Segments a JPEG header may carry, good and bad, to splice in after SOI.
_SEGMENTOS_JPEG = st.one_of(
    st.builds(
        _segmento,
        st.sampled_from(
            [0xC0, 0xC2, 0xC4, 0xCC, 0xD8, 0xD9, 0xDA, 0xDB, 0xDD, 0xDE, 0xE0, 0xE1, 0xE2]
            + [0xED, 0xEE, 0xEF, 0xF0, 0xFE, 0x01, 0xFF]
        ),
        st.binary(max_size=140),
    ),
    st.builds(lambda c: _segmento(0xE0, b"JFIF\x00" + c), st.binary(max_size=12)),
    st.builds(
        lambda m, b, h, w, n, r: _segmento(m, struct.pack(">BHHB", b, h, w, n) + r),
        st.sampled_from([0xC0, 0xC1, 0xC2, 0xCF, 0xDE]),
        st.sampled_from([8, 12]),
        st.integers(0, 70000 // 2),
        st.integers(0, 40000 // 2),
        st.integers(0, 5),
        st.binary(max_size=12),
    ),
    st.builds(lambda v, t: _segmento(0xDB, bytes([v]) + t), st.integers(0, 255), st.binary()),
    st.binary(min_size=1, max_size=6),  # raw junk
)


def _chunk(tipo: bytes, carga: bytes, crc_ok: bool = True) -> bytes:
    crc = zlib.crc32(tipo + carga) ^ (0 if crc_ok else 1)
    return struct.pack(">I", len(carga)) + tipo + carga + struct.pack(">I", crc)


_CHUNKS_PNG = st.one_of(
    st.builds(
        _chunk,
        st.sampled_from(
            [b"IHDR", b"pHYs", b"gAMA", b"sRGB", b"IDAT", b"IEND", b"tEXt", b"PLTE", b"zz\x00z"]
        ),
        st.binary(max_size=20),
        st.booleans(),
    ),
    st.builds(
        lambda w, h, b, c, f, i: _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, b, c, 0, f, i)),
        st.integers(0, 30000),
        st.integers(0, 30000),
        st.sampled_from([1, 8, 16, 3]),
        st.sampled_from([0, 2, 3, 4, 6, 5]),
        st.integers(0, 1),
        st.integers(0, 1),
    ),
    st.binary(min_size=1, max_size=8),
)


@st.composite
def _archivos(draw):
    base = draw(st.sampled_from(_BASES))
    es_png = base.startswith(b"\x89PNG")
    corte = 8 if es_png else 2
    if es_png:
        cabeza = draw(st.sampled_from([33, len(base)]))  # after IHDR, or anywhere
        corte = draw(st.integers(8, cabeza))
        piezas = draw(st.lists(_CHUNKS_PNG, max_size=4))
    else:
        corte = draw(st.integers(2, min(len(base), 700)))
        piezas = draw(st.lists(_SEGMENTOS_JPEG, max_size=4))
    datos = bytearray(base[:corte] + b"".join(piezas) + base[corte:])
    for _ in range(draw(st.integers(0, 2))):  # a few flipped bytes
        if len(datos) > 3:
            i = draw(st.integers(3, len(datos) - 1))
            datos[i] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        datos = datos[: draw(st.integers(3, len(datos)))]
    return bytes(datos)


@settings(max_examples=1500, deadline=None)
@given(_archivos())
def test_lector_directo_de_acuerdo_con_pillow(datos):
    """Whenever the direct reader answers, Pillow opens, sizes and verifies the file the same."""
    medidas = _directas(datos)
    if medidas is not None:
        assert _con_pillow(datos, imagecheck.tipo_por_magia(datos)) == medidas
