"""The synthetic acta generator: readable QR, deterministic bytes, visible defects."""

import io
import random

import numpy as np
import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from ople.prep.actas_sinteticas import (
    SIN_DEFECTOS,
    ActaSintetica,
    Defectos,
    FilaActa,
    acta_de_ejemplo,
    defectos_aleatorios,
    generar_acta,
    luminancia_media,
    nitidez,
    numero_en_letras,
)

# The browser refuses a photo below this sharpness (static/casilla/calidad.js uses the same
# measure and threshold); the generator's blurred actas must fall below it, clean ones above.
UMBRAL_NITIDEZ = 400.0


def leer_qr(datos: bytes) -> list[str]:
    try:
        from ople.prep.qr import leer_clave
    except ImportError:  # pragma: no cover - before the intake module existed
        img = Image.open(io.BytesIO(datos))
        return [r.text for r in zxingcpp.read_barcodes(img)]
    clave = leer_clave(datos)
    return [clave] if clave else []


@pytest.fixture(scope="module")
def acta() -> ActaSintetica:
    return acta_de_ejemplo(7, clave_acta="010393C020002")


@pytest.fixture(scope="module")
def limpia(acta) -> bytes:
    return generar_acta(acta, semilla=7)


def test_jpeg_del_tamano_de_una_foto(limpia):
    img = Image.open(io.BytesIO(limpia))
    assert img.format == "JPEG"
    assert img.size == (1600, 2200)
    assert 150_000 < len(limpia) < 500_000


@pytest.mark.parametrize("grados", [-5.0, -3.0, 0.0, 2.5, 5.0])
def test_qr_legible_con_rotacion_hasta_5_grados(acta, grados):
    datos = generar_acta(acta, defectos=Defectos(rotacion=grados, sombra=0.4), semilla=3)
    assert leer_qr(datos) == ["010393C020002"]


def test_qr_directo_con_zxing(limpia):
    textos = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(limpia)))]
    assert "010393C020002" in textos


def test_mismos_bytes_para_la_misma_semilla(acta):
    d = Defectos(rotacion=2.0, sombra=0.5, desenfoque=1.0, campo_faltante="PAN", poca_luz=0.2)
    assert generar_acta(acta, defectos=d, semilla=11) == generar_acta(acta, defectos=d, semilla=11)
    assert generar_acta(acta, defectos=d, semilla=11) != generar_acta(acta, defectos=d, semilla=12)


def _pixeles(datos: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(datos)).convert("L"), dtype=np.float64)


@pytest.mark.parametrize(
    "defecto",
    [
        Defectos(rotacion=4.0),
        Defectos(sombra=0.6),
        Defectos(desenfoque=3.0),
        Defectos(campo_faltante="MORENA"),
        Defectos(poca_luz=0.6),
    ],
    ids=["rotacion", "sombra", "desenfoque", "campo_faltante", "poca_luz"],
)
def test_cada_defecto_cambia_la_imagen(acta, limpia, defecto):
    otra = generar_acta(acta, defectos=defecto, semilla=7)
    diferencia = np.abs(_pixeles(otra) - _pixeles(limpia)).mean()
    assert diferencia > 0.5


def test_campo_faltante_deja_la_fila_en_blanco(acta, limpia):
    """The blank field removes ink only in its row: the ink of the rest stays the same."""
    sin_pan = generar_acta(acta, defectos=Defectos(campo_faltante="PAN"), semilla=7)
    a, b = _pixeles(limpia), _pixeles(sin_pan)
    # less dark ink overall (the PAN digits and words are gone)
    assert (b < 120).sum() < (a < 120).sum()


def test_poca_luz_y_sombra_oscurecen(acta, limpia):
    oscura = generar_acta(acta, defectos=Defectos(poca_luz=1.0), semilla=7)
    assert luminancia_media(limpia) > 200
    assert luminancia_media(oscura) < 70
    sombra = generar_acta(acta, defectos=Defectos(sombra=0.7), semilla=7)
    assert luminancia_media(sombra) < luminancia_media(limpia) - 20


@pytest.mark.parametrize("semilla", [1, 2, 3])
def test_desenfoque_detectable_por_la_nitidez(semilla):
    acta = acta_de_ejemplo(semilla)
    nitida = generar_acta(acta, semilla=semilla)
    inclinada = generar_acta(acta, defectos=Defectos(rotacion=3, sombra=0.5), semilla=semilla)
    borrosa = generar_acta(acta, defectos=Defectos(desenfoque=4.0), semilla=semilla)
    muy_borrosa = generar_acta(acta, defectos=Defectos(desenfoque=8.0), semilla=semilla)
    assert nitidez(nitida) > UMBRAL_NITIDEZ
    assert nitidez(inclinada) > UMBRAL_NITIDEZ
    assert nitidez(borrosa) < UMBRAL_NITIDEZ
    assert nitidez(muy_borrosa) < nitidez(borrosa)


def test_png_opcional(acta):
    datos = generar_acta(acta, semilla=1, formato="PNG")
    assert datos.startswith(b"\x89PNG\r\n\x1a\n")
    assert leer_qr(datos) == ["010393C020002"]


def test_acta_a_la_medida_con_una_fila_sin_valor():
    acta = ActaSintetica(
        clave_acta="230085B010002",
        instituto="Instituto Electoral de Quintana Roo",
        eleccion="DIPUTACIONES",
        entidad="23 QUINTANA ROO",
        distrito="01",
        municipio="OTHÓN P. BLANCO",
        seccion=85,
        tipo_casilla="B",
        numero_casilla=1,
        tipo_acta="02",
        filas=(
            FilaActa("PAN", "PAN", 10, "PARTIDO", ("#0a4fa3",)),
            FilaActa("C_PAN_PRD", "PAN-PRD", None, "COMBINACION", ("#0a4fa3", "#ffd200")),
            FilaActa("NULOS", "VOTOS NULOS", 3, "NULOS"),
        ),
        con_letra=False,
    )
    datos = generar_acta(acta, semilla=0)
    assert leer_qr(datos) == ["230085B010002"]


def test_defectos_aleatorios_reproducibles(acta):
    a = defectos_aleatorios(random.Random(5), acta.filas)
    b = defectos_aleatorios(random.Random(5), acta.filas)
    assert a == b
    assert SIN_DEFECTOS == Defectos()


@pytest.mark.parametrize(
    ("n", "letras"),
    [
        (0, "cero"),
        (16, "dieciséis"),
        (21, "veintiuno"),
        (30, "treinta"),
        (45, "cuarenta y cinco"),
        (100, "cien"),
        (101, "ciento uno"),
        (384, "trescientos ochenta y cuatro"),
        (500, "quinientos"),
        (1000, "mil"),
        (1750, "mil setecientos cincuenta"),
        (2024, "dos mil veinticuatro"),
    ],
)
def test_numero_en_letras(n, letras):
    assert numero_en_letras(n) == letras


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=9999))
def test_numero_en_letras_sin_espacios_dobles(n):
    texto = numero_en_letras(n)
    assert texto == texto.strip()
    assert "  " not in texto
    assert "_" not in texto


def test_numero_en_letras_fuera_de_rango():
    with pytest.raises(ValueError):
        numero_en_letras(10_000)
