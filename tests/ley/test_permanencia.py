"""Permanence on the VPMRG register (ople.ley.permanencia): each rating, re-offence, the start
rule, the removal date and the move to the historical list when a date passes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ople.ley.permanencia import (
    CALIFICACIONES,
    PermanenciaInvalida,
    ReglasPermanencia,
    dividir,
    estado,
    fecha_baja,
    fecha_inicio,
    meses_de_permanencia,
    normalizar_nombre,
    sumar_meses,
)

# The periods of INE/CG269/2020 (legal.md §4.2) as the ieeags-2024 profile gives them.
ANIOS = {"leve": 3, "ordinaria": 4, "grave_ordinaria": 4, "grave": 5, "especial": 5}
FIRMEZA = ReglasPermanencia(anios=ANIOS, anios_reincidencia=6, inicio="firmeza")
INSCRIPCION = ReglasPermanencia(anios=ANIOS, anios_reincidencia=6, inicio="inscripcion")
TERCIO = ReglasPermanencia(
    anios=ANIOS, anios_reincidencia=6, inicio="firmeza", tercio_servidor_publico=True
)


@pytest.mark.parametrize(
    ("calificacion", "reincidencia", "servidor", "reglas", "meses"),
    [
        ("leve", False, False, FIRMEZA, 36),
        ("ordinaria", False, False, FIRMEZA, 48),
        ("grave_ordinaria", False, False, FIRMEZA, 48),
        ("grave", False, False, FIRMEZA, 60),
        ("especial", False, False, FIRMEZA, 60),
        # Re-offending: 6 years whatever the rating.
        ("leve", True, False, FIRMEZA, 72),
        ("ordinaria", True, False, FIRMEZA, 72),
        ("especial", True, False, FIRMEZA, 72),
        # A public servant: one third more only when the profile says so.
        ("leve", False, True, FIRMEZA, 36),
        ("leve", False, True, TERCIO, 48),
        ("ordinaria", False, True, TERCIO, 64),
        ("especial", False, True, TERCIO, 80),
        ("especial", True, True, TERCIO, 96),
    ],
)
def test_meses_por_calificacion(calificacion, reincidencia, servidor, reglas, meses):
    assert (
        meses_de_permanencia(
            reglas,
            calificacion=calificacion,
            reincidencia=reincidencia,
            servidor_publico=servidor,
        )
        == meses
    )


def test_el_plazo_fijado_en_la_resolucion_manda():
    assert (
        meses_de_permanencia(FIRMEZA, calificacion="leve", reincidencia=True, meses_fijados=18)
        == 18
    )
    with pytest.raises(PermanenciaInvalida):
        meses_de_permanencia(FIRMEZA, calificacion="leve", reincidencia=False, meses_fijados=0)


def test_un_tercio_que_no_es_un_mes_entero_se_rechaza():
    reglas = ReglasPermanencia(
        anios={**ANIOS, "leve": 1},
        anios_reincidencia=6,
        inicio="firmeza",
        tercio_servidor_publico=True,
    )
    # 12 months + 4 = 16: exact. Every whole number of years gives a whole third of months.
    assert (
        meses_de_permanencia(reglas, calificacion="leve", reincidencia=False, servidor_publico=True)
        == 16
    )


def test_calificacion_desconocida_y_reglas_incompletas():
    with pytest.raises(PermanenciaInvalida, match="Calificación desconocida"):
        meses_de_permanencia(FIRMEZA, calificacion="gravisima", reincidencia=False)
    with pytest.raises(PermanenciaInvalida, match="Faltan"):
        ReglasPermanencia(anios={"leve": 3}, anios_reincidencia=6, inicio="firmeza")
    with pytest.raises(PermanenciaInvalida, match="inicio"):
        ReglasPermanencia(anios=ANIOS, anios_reincidencia=6, inicio="notificacion")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("reglas", "firme", "inscrita", "inicio"),
    [
        (FIRMEZA, date(2024, 3, 1), date(2024, 5, 10), date(2024, 3, 1)),
        (INSCRIPCION, date(2024, 3, 1), date(2024, 5, 10), date(2024, 5, 10)),
        (FIRMEZA, date(2024, 3, 1), date(2024, 3, 1), date(2024, 3, 1)),
        (INSCRIPCION, date(2024, 3, 1), date(2024, 3, 1), date(2024, 3, 1)),
    ],
)
def test_regla_de_inicio(reglas, firme, inscrita, inicio):
    assert fecha_inicio(reglas, fecha_resolucion_firme=firme, fecha_inscripcion=inscrita) == inicio


def test_inscripcion_anterior_a_la_firmeza_se_rechaza():
    with pytest.raises(PermanenciaInvalida):
        fecha_inicio(
            FIRMEZA, fecha_resolucion_firme=date(2024, 3, 1), fecha_inscripcion=date(2024, 2, 1)
        )


@pytest.mark.parametrize(
    ("inicio", "meses", "baja"),
    [
        (date(2024, 3, 1), 36, date(2027, 3, 1)),
        (date(2024, 2, 29), 36, date(2027, 2, 28)),  # no 29 February in 2027
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2023, 12, 15), 72, date(2029, 12, 15)),
    ],
)
def test_fecha_de_baja(inicio, meses, baja):
    assert fecha_baja(inicio, meses) == baja


@pytest.mark.parametrize(
    ("hoy", "esperado"),
    [
        (date(2027, 2, 27), "vigente"),
        (date(2027, 2, 28), "historico"),  # the removal date itself: historical
        (date(2030, 1, 1), "historico"),
        (date(2024, 2, 29), "vigente"),
    ],
)
def test_paso_automatico_al_historico(hoy, esperado):
    baja = fecha_baja(
        date(2024, 2, 29), meses_de_permanencia(FIRMEZA, calificacion="leve", reincidencia=False)
    )
    assert estado(baja, hoy) == esperado


def test_dividir_en_una_fecha_y_al_dia_siguiente():
    entradas = [("a", date(2026, 12, 6)), ("b", date(2026, 12, 7)), ("c", date(2025, 1, 1))]
    assert dividir(entradas, date(2026, 12, 6)) == (["b"], ["a", "c"])
    assert dividir(entradas, date(2026, 12, 7)) == ([], ["a", "b", "c"])
    assert dividir(entradas, date(2024, 1, 1)) == (["a", "b", "c"], [])


@given(
    inicio=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    calificacion=st.sampled_from(CALIFICACIONES),
    reincidencia=st.booleans(),
)
def test_propiedades(inicio, calificacion, reincidencia):
    meses = meses_de_permanencia(FIRMEZA, calificacion=calificacion, reincidencia=reincidencia)
    baja = fecha_baja(inicio, meses)
    # Between 3 and 6 years (a day less when it starts on a 29 February).
    assert inicio + timedelta(days=365 * 3) <= baja + timedelta(days=1)
    assert baja <= inicio + timedelta(days=366 * 6)
    # Re-offending never shortens the stay.
    assert meses <= meses_de_permanencia(FIRMEZA, calificacion=calificacion, reincidencia=True)
    # Current the day before the removal date, historical on it.
    assert estado(baja, baja - timedelta(days=1)) == "vigente"
    assert estado(baja, baja) == "historico"
    assert sumar_meses(inicio, 0) == inicio


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("José María Pérez Núñez", "JOSE MARIA PEREZ NUNEZ"),
        ("  jose   maria  perez nuñez ", "José María Pérez Núñez"),
        ("PÉREZ-NÚÑEZ, José", "perez nunez jose"),
    ],
)
def test_normalizar_nombre(a, b):
    assert normalizar_nombre(a) == normalizar_nombre(b)
