"""Totals (ople.ley.tally): trunc4, the 13 header figures, columnar aggregation."""

from __future__ import annotations

import math
import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ople.ley.tally import (
    CAMPOS_ENCABEZADO,
    ResumenActa,
    TablaActas,
    calcular_encabezado,
    formato4,
    porcentaje,
    porcentaje_actas,
    trunc4,
)
from ople.prep import ine_csv

S2 = Path(__file__).resolve().parent.parent / "data" / "FerNHK_QROO_DIP_LOC_2019.csv"
PUBLICADO = "2136|2136|0|2136|100.0000|2031|95.0842|23.0337|105|1187254|263005|262598|22.1523"


def test_s2_checks_of_the_spec() -> None:
    assert formato4(porcentaje(2031, 2136)) == "95.0842"
    assert formato4(porcentaje(462 + 30, 2136)) == "23.0337"
    # rounding would give 22.1524: truncation is the rule
    assert formato4(porcentaje(263005, 1187254)) == "22.1523"
    assert formato4(porcentaje(262598, 1187254)) == "22.1180"
    assert formato4(porcentaje(2136, 2136)) == "100.0000"
    assert formato4(porcentaje(0, 0)) == "0.0000"
    assert formato4(trunc4(Fraction(1, 3))) == "0.3333"
    assert formato4(trunc4(Decimal("2.99999"))) == "2.9999"
    assert formato4(trunc4(7)) == "7.0000"
    with pytest.raises(TypeError):
        trunc4(0.1)  # type: ignore[arg-type]


def _s2_resumenes() -> list[ResumenActa]:
    base = ine_csv.leer(S2.read_bytes())
    return list(ine_csv.resumenes(base.columnas, base.filas))


def test_s2_header_from_rows() -> None:
    enc = calcular_encabezado(_s2_resumenes(), actas_esperadas=2136, corte_final=True)
    assert "|".join(enc.valores()) == PUBLICADO
    assert list(enc.como_dict()) == list(CAMPOS_ENCABEZADO)
    # during operation participation leaves the especiales out
    op = calcular_encabezado(_s2_resumenes(), actas_esperadas=2136, corte_final=False)
    assert formato4(op.porcentaje_participacion_ciudadana) == "22.1180"


def test_s2_header_from_columnar_table() -> None:
    base = ine_csv.leer(S2.read_bytes())
    votos = ine_csv.columnas_de_voto(base.columnas)
    res = list(ine_csv.resumenes(base.columnas, base.filas))
    tabla = TablaActas(votos, capacidad=8)  # forces growth
    for f, r in zip(base.filas, res, strict=True):
        tabla.agregar(
            [0 if f[c] in ("-", "SIN DATO", "ILEGIBLE") else int(f[c]) for c in votos],
            contabilizada=r.contabilizada,
            lista_nominal=r.lista_nominal,
            especial=r.especial,
            en_catalogo=r.en_catalogo,
            inconsistente=r.inconsistente,
        )
    assert len(tabla) == 2136
    assert "|".join(tabla.encabezado(actas_esperadas=2136, corte_final=True).valores()) == PUBLICADO
    # the per-row sum is TOTAL_VOTOS_CALCULADO
    assert tabla.total_votos.tolist() == [int(f["TOTAL_VOTOS_CALCULADO"]) for f in base.filas]
    totales = tabla.totales()
    assert sum(totales.values()) == 263005
    # by district: sums add up to the whole, per-district headers add up too
    distritos = [f["ID_DISTRITO"] for f in base.filas]
    por_distrito = tabla.sumar(distritos)
    assert len(por_distrito) == 15
    assert [sum(col) for col in zip(*por_distrito.values(), strict=True)] == list(totales.values())
    esperadas = {d: distritos.count(d) for d in set(distritos)}
    encs = tabla.encabezados(distritos, esperadas, corte_final=True)
    assert sum(e.actas_contabilizadas for e in encs.values()) == 2031
    assert sum(e.total_votos_c_cs for e in encs.values()) == 263005
    assert sum(e.lista_nominal_actas_contabilizadas for e in encs.values()) == 1187254
    # a group with expected actas but nothing registered yet
    encs = tabla.encabezados(distritos, {**esperadas, "99": 4}, corte_final=True)
    assert (
        encs["99"].actas_capturadas == 0
        and formato4(encs["99"].porcentaje_actas_capturadas) == "0.0000"
    )


# --- properties --------------------------------------------------------------------------------

racionales = st.fractions(min_value=-(10**6), max_value=10**6)


@given(racionales)
def test_trunc4_bounds(x: Fraction) -> None:
    t = trunc4(x)
    assert Fraction(t) <= x < Fraction(t) + Fraction(1, 10_000)
    assert t.as_tuple().exponent == -4
    assert trunc4(t) == t  # idempotent
    texto = formato4(t)
    assert len(texto.split(".")[1]) == 4 and "E" not in texto


@given(racionales, racionales)
def test_trunc4_monotonic(a: Fraction, b: Fraction) -> None:
    if a <= b:
        assert trunc4(a) <= trunc4(b)


@given(st.integers(0, 10**9), st.integers(1, 10**9))
def test_porcentaje_is_trunc4_of_exact_ratio(n: int, d: int) -> None:
    p = porcentaje(n, d)
    assert p == trunc4(Fraction(100 * n, d))
    assert Decimal(math.floor(Fraction(100 * n, d) * 10_000)) / 10_000 == p


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_porcentaje_actas_como_porcentaje(n: int, d: int) -> None:
    # the memoized variant returns the same value (and exponent) as `porcentaje`, shared
    p = porcentaje_actas(n, d)
    assert p == porcentaje(n, d) and p.as_tuple() == porcentaje(n, d).as_tuple()
    assert porcentaje_actas(n, d) is p


resumen = st.builds(
    ResumenActa,
    en_catalogo=st.booleans(),
    contabilizada=st.booleans(),
    inconsistente=st.booleans(),
    especial=st.booleans(),
    lista_nominal=st.integers(0, 3000),
    total_votos=st.integers(0, 3000),
)


@given(st.lists(resumen, max_size=60), st.integers(0, 100), st.booleans())
def test_header_invariants_and_columnar_agree(actas, extra, final) -> None:
    esperadas = len(actas) + extra
    enc = calcular_encabezado(actas, actas_esperadas=esperadas, corte_final=final)
    assert enc.actas_registradas == enc.actas_capturadas + enc.actas_fuera_catalogo == len(actas)
    assert enc.actas_no_contabilizadas == enc.actas_capturadas - enc.actas_contabilizadas >= 0
    assert enc.total_votos_s_cs <= enc.total_votos_c_cs
    assert enc.porcentaje_actas_contabilizadas <= enc.porcentaje_actas_capturadas
    assert Decimal(0) <= enc.porcentaje_actas_capturadas <= Decimal(100)
    tabla = TablaActas.desde_arreglos(
        ["V"],
        votos=np.array([[a.total_votos] for a in actas], dtype=np.int64).reshape(len(actas), 1),
        lista_nominal=[a.lista_nominal for a in actas],
        contabilizada=[a.contabilizada for a in actas],
        en_catalogo=[a.en_catalogo for a in actas],
        inconsistente=[a.inconsistente for a in actas],
        especial=[a.especial for a in actas],
    )
    assert tabla.encabezado(actas_esperadas=esperadas, corte_final=final) == enc
    # grouping by anything and adding the groups back gives the whole
    claves = [i % 3 for i in range(len(actas))]
    partes = tabla.encabezados(claves, {}, corte_final=final)
    assert sum(e.total_votos_c_cs for e in partes.values()) == enc.total_votos_c_cs
    assert sum(e.actas_contabilizadas for e in partes.values()) == enc.actas_contabilizadas


def test_sumar_random_against_pure_python() -> None:
    rnd = random.Random(7)
    columnas = [f"P{i}" for i in range(6)]
    tabla = TablaActas(columnas)
    esperado: dict[str, list[int]] = {}
    claves = []
    for _ in range(2000):
        votos = [rnd.randint(0, 300) for _ in columnas]
        contab = rnd.random() < 0.9
        clave = f"S{rnd.randint(1, 40)}"
        claves.append(clave)
        tabla.agregar(votos, contabilizada=contab, lista_nominal=500)
        fila = esperado.setdefault(clave, [0] * len(columnas))
        if contab:
            for i, v in enumerate(votos):
                fila[i] += v
    assert tabla.sumar(claves) == {k: tuple(v) for k, v in esperado.items()}
    with pytest.raises(ValueError):
        tabla.sumar(claves[:-1])
    with pytest.raises(ValueError):
        tabla.agregar([1, 2], contabilizada=True, lista_nominal=1)


def test_rows_added_after_an_aggregate_are_counted() -> None:
    tabla = TablaActas(["A", "B"])
    tabla.agregar([1, 2], contabilizada=True, lista_nominal=10)
    assert tabla.totales() == {"A": 1, "B": 2}
    tabla.agregar([3, 4], contabilizada=True, lista_nominal=10, especial=True)
    tabla.agregar([5, 5], contabilizada=False, lista_nominal=10)
    assert len(tabla) == 3
    assert tabla.totales() == {"A": 4, "B": 6}
    assert tabla.totales(solo_contabilizadas=False) == {"A": 9, "B": 11}
    enc = tabla.encabezado(actas_esperadas=4, corte_final=False)
    assert (enc.total_votos_c_cs, enc.total_votos_s_cs, enc.lista_nominal_actas_contabilizadas) == (
        10,
        3,
        20,
    )
    assert tabla.sumar(["x", "y", "x"]) == {"x": (1, 2), "y": (3, 4)}
    tabla.agregar([-1, 0], contabilizada=True, lista_nominal=1)
    with pytest.raises(ValueError):
        tabla.totales()
