"""Legal time (ople.ley.plazos): the 2024 calendar, the electoral-process rule, deadlines, notices."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ople.ley.plazos import (
    DIA_SIGUIENTE,
    MISMO_DIA,
    Calendario,
    Efecto,
    Periodo,
    PlazoInvalido,
    descanso_obligatorio,
    en_tiempo,
    es_habil,
    sumar_dias_habiles,
    surte_efectos,
    vence_en_dias,
    vence_en_horas,
)

# The Aguascalientes profile's zone (profiles/data/ieeags-2024.toml) and the jornada of its process
# (catalog/data/aguascalientes/proceso.json). The data hold no start or end of the process: the
# period below is an input chosen around the jornada for these tests, not a sourced date.
AGS = ZoneInfo("America/Mexico_City")
JORNADA_2024 = date(2024, 6, 2)
PROCESO_2023_2024 = Periodo(date(2023, 10, 4), date(2024, 8, 31))
# A holiday period the institute might declare (illustrative input, like the process dates).
VACACIONES = frozenset(date(2024, 7, 22) + timedelta(days=i) for i in range(5))
CAL = Calendario(
    zona=AGS,
    descanso_obligatorio=descanso_obligatorio(2024, jornadas=[JORNADA_2024]),
    inhabiles_instituto=VACACIONES,
)
ELECTORAL = {"materia": "electoral", "proceso": PROCESO_2023_2024}


def ags(*args: int) -> datetime:
    return datetime(*args, tzinfo=AGS)


def test_descanso_obligatorio_de_2024_segun_lft_74():
    assert sorted(descanso_obligatorio(2024)) == [
        date(2024, 1, 1),
        date(2024, 2, 5),  # first Monday of February
        date(2024, 3, 18),  # third Monday of March
        date(2024, 5, 1),
        date(2024, 9, 16),
        date(2024, 10, 1),  # the Federal Executive takes office
        date(2024, 11, 18),  # third Monday of November
        date(2024, 12, 25),
    ]
    assert date(2024, 6, 2) in descanso_obligatorio(2024, jornadas=[JORNADA_2024])
    assert date(2024, 6, 2) not in descanso_obligatorio(2025, jornadas=[JORNADA_2024])


@pytest.mark.parametrize(
    ("anio", "transmision", "sin_ella"),
    [
        (2018, date(2018, 12, 1), date(2018, 10, 1)),
        (2030, date(2030, 10, 1), date(2030, 12, 1)),
        (2025, None, date(2025, 10, 1)),
    ],
)
def test_la_transmision_del_ejecutivo_cada_seis_anios(anio, transmision, sin_ella):
    dias = descanso_obligatorio(anio)
    assert (transmision in dias) if transmision else len(dias) == 7
    assert sin_ella not in dias


@pytest.mark.parametrize(
    ("dia", "habil", "habil_electoral"),
    [
        (date(2024, 1, 1), False, True),  # rest day, inside the process
        (date(2024, 2, 5), False, True),
        (date(2024, 3, 15), True, True),  # an ordinary Friday
        (date(2024, 3, 16), False, True),  # Saturday
        (date(2024, 3, 17), False, True),  # Sunday
        (date(2024, 3, 18), False, True),
        (date(2024, 5, 1), False, True),
        (date(2024, 6, 2), False, True),  # the jornada (a Sunday)
        (date(2024, 7, 23), False, True),  # the institute's holidays
        (date(2024, 9, 16), False, False),  # after the process: the calendar applies to all
        (date(2024, 10, 1), False, False),
        (date(2024, 11, 18), False, False),
        (date(2024, 11, 19), True, True),
        (date(2024, 12, 25), False, False),
        (date(2023, 10, 3), True, True),  # a Tuesday before the process starts
        (date(2023, 10, 7), False, True),  # the first Saturday of the process
    ],
)
def test_dias_habiles_de_2024(dia, habil, habil_electoral):
    assert es_habil(CAL, dia) is habil
    assert es_habil(CAL, dia, **ELECTORAL) is habil_electoral
    # The process only matters for an electoral matter.
    assert es_habil(CAL, dia, materia="ordinaria", proceso=PROCESO_2023_2024) is habil


@pytest.mark.parametrize(
    ("desde", "n", "ordinaria", "electoral"),
    [
        (date(2024, 3, 15), 4, date(2024, 3, 22), date(2024, 3, 19)),
        (date(2024, 3, 15), 1, date(2024, 3, 19), date(2024, 3, 16)),
        (date(2024, 3, 15), 0, date(2024, 3, 15), date(2024, 3, 15)),
        (date(2024, 1, 31), 3, date(2024, 2, 6), date(2024, 2, 3)),  # over 5 February
        (date(2024, 7, 19), 1, date(2024, 7, 29), date(2024, 7, 20)),  # over the holidays
        (date(2024, 12, 20), 3, date(2024, 12, 26), date(2024, 12, 26)),  # after the process
        (date(2024, 8, 30), 2, date(2024, 9, 3), date(2024, 9, 2)),  # the process ends on the 31st
    ],
)
def test_sumar_dias_habiles(desde, n, ordinaria, electoral):
    assert sumar_dias_habiles(CAL, desde, n) == ordinaria
    assert sumar_dias_habiles(CAL, desde, n, **ELECTORAL) == electoral


def test_plazo_de_cuatro_dias_para_impugnar():
    """LGSMIME art. 8: four days from the day after the notice took effect, until midnight."""
    notificada = ags(2024, 6, 7, 10, 0)  # Friday, during the process
    vence = vence_en_dias(CAL, notificada, 4, **ELECTORAL)
    assert vence == ags(2024, 6, 12)
    assert vence.utcoffset() == timedelta(hours=-6)
    assert en_tiempo(ags(2024, 6, 11, 23, 59, 59), vence)
    assert not en_tiempo(ags(2024, 6, 12, 0, 0), vence)
    # The same notice in an ordinary matter: the weekend does not count.
    assert vence_en_dias(CAL, notificada, 4) == ags(2024, 6, 14)
    # Outside the electoral rule over the third Monday of March.
    assert vence_en_dias(CAL, ags(2024, 3, 15, 10), 4) == ags(2024, 3, 23)


def test_los_dias_se_cuentan_en_la_zona_del_perfil():
    """23:30 of 7 June in Aguascalientes is already 8 June in UTC: the day counted is the local one."""
    en_utc = datetime(2024, 6, 8, 5, 30, tzinfo=UTC)
    assert vence_en_dias(CAL, en_utc, 1, **ELECTORAL) == ags(2024, 6, 9)
    otra_zona = Calendario(zona=UTC, fin_de_semana=frozenset())
    assert vence_en_dias(otra_zona, en_utc, 1) == datetime(2024, 6, 10, tzinfo=UTC)


def test_plazo_en_horas():
    desde = ags(2024, 4, 5, 18, 30)  # Friday
    assert vence_en_horas(CAL, desde, 48, **ELECTORAL) == ags(2024, 4, 7, 18, 30)
    assert vence_en_horas(CAL, desde, 48) == ags(2024, 4, 9, 18, 30)
    assert vence_en_horas(CAL, desde, 5) == ags(2024, 4, 5, 23, 30)
    # 5 h 30 min are left on Friday: the sixth hour is Monday's first.
    assert vence_en_horas(CAL, desde, 6) == ags(2024, 4, 8, 0, 30)
    assert vence_en_horas(CAL, desde, 0) == desde


def test_las_horas_son_tiempo_transcurrido_aunque_cambie_el_desfase():
    """A zone with daylight saving time: 24 hours across the change are 24 real hours."""
    tijuana = Calendario(zona=ZoneInfo("America/Tijuana"), fin_de_semana=frozenset())
    desde = datetime(2024, 3, 9, 12, 0, tzinfo=tijuana.zona)  # the clocks go forward on the 10th
    vence = vence_en_horas(tijuana, desde, 24)
    assert vence.astimezone(UTC) - desde.astimezone(UTC) == timedelta(hours=24)
    assert (vence.hour, vence.day) == (13, 10)


@pytest.mark.parametrize(
    ("practicada", "efecto", "ordinaria", "electoral"),
    [
        (ags(2024, 5, 31, 13), DIA_SIGUIENTE, ags(2024, 6, 3), ags(2024, 6, 1)),
        (ags(2024, 5, 31, 13), MISMO_DIA, ags(2024, 5, 31, 13), ags(2024, 5, 31, 13)),
        (ags(2024, 3, 15, 9), DIA_SIGUIENTE, ags(2024, 3, 19), ags(2024, 3, 16)),
        (
            ags(2024, 5, 31, 13),
            Efecto("tres días sin abrirse", horas=72),
            ags(2024, 6, 5, 13),
            ags(2024, 6, 3, 13),
        ),
    ],
)
def test_cuando_surte_efectos_una_notificacion(practicada, efecto, ordinaria, electoral):
    assert surte_efectos(CAL, practicada, efecto) == ordinaria
    assert surte_efectos(CAL, practicada, efecto, **ELECTORAL) == electoral


def test_notificacion_por_estrados_y_su_plazo():
    """Posted on Friday 31 May: effect on Monday 3 June (ordinary matter), four days from the 4th."""
    efecto = surte_efectos(CAL, ags(2024, 5, 31, 13), DIA_SIGUIENTE)
    assert vence_en_dias(CAL, efecto, 4) == ags(2024, 6, 8)
    efecto_e = surte_efectos(CAL, ags(2024, 5, 31, 13), DIA_SIGUIENTE, **ELECTORAL)
    assert vence_en_dias(CAL, efecto_e, 4, **ELECTORAL) == ags(2024, 6, 6)


@pytest.mark.parametrize(
    "llamada",
    [
        lambda: sumar_dias_habiles(CAL, date(2024, 1, 2), -1),
        lambda: vence_en_horas(CAL, ags(2024, 1, 2), -1),
        lambda: vence_en_dias(CAL, datetime(2024, 1, 2, 10), 3),  # naive
        lambda: surte_efectos(CAL, datetime(2024, 1, 2, 10), MISMO_DIA),
        lambda: en_tiempo(datetime(2024, 1, 2), ags(2024, 1, 3)),
        lambda: Periodo(date(2024, 6, 2), date(2024, 6, 1)),
        lambda: Calendario(zona=AGS, fin_de_semana=frozenset(range(7))),
        lambda: Calendario(zona=AGS, fin_de_semana=frozenset({7})),
        lambda: Efecto("x", dias=1, horas=1),
        lambda: Efecto("x", dias=-1),
    ],
)
def test_entradas_invalidas_dan_un_error_en_espanol(llamada):
    with pytest.raises(PlazoInvalido) as e:
        llamada()
    assert str(e.value)[0].isupper() and str(e.value).endswith(".")


def test_cada_efecto_cita_su_fundamento():
    assert "art. 26" in MISMO_DIA.fundamento
    assert "art. 30" in DIA_SIGUIENTE.fundamento


# --- properties -----------------------------------------------------------------------------

dias_2024 = st.dates(min_value=date(2023, 9, 1), max_value=date(2024, 12, 31))
calendarios = st.builds(
    Calendario,
    zona=st.just(AGS),
    descanso_obligatorio=st.frozensets(dias_2024, max_size=40),
    inhabiles_instituto=st.frozensets(dias_2024, max_size=40),
    fin_de_semana=st.frozensets(st.integers(0, 6), max_size=6),
)
materias = st.sampled_from([{}, ELECTORAL, {"materia": "ordinaria"}])
momentos = st.datetimes(
    min_value=datetime(2023, 9, 1), max_value=datetime(2024, 12, 31), timezones=st.just(AGS)
)


@given(calendarios, dias_2024, st.integers(0, 30), st.integers(0, 30), materias)
def test_sumar_es_monotono_y_cae_en_dia_habil(cal, desde, n, m, materia):
    a = sumar_dias_habiles(cal, desde, n, **materia)
    b = sumar_dias_habiles(cal, desde, m, **materia)
    assert (a < b) == (n < m)
    assert (a == b) == (n == m)
    if n == 0:
        assert a == desde
    else:
        assert es_habil(cal, a, **materia)
        assert a > desde
        contados = sum(
            es_habil(cal, desde + timedelta(days=i), **materia)
            for i in range(1, (a - desde).days + 1)
        )
        assert contados == n


@given(calendarios, dias_2024, dias_2024, st.integers(0, 20))
def test_una_fecha_posterior_no_vence_antes(cal, d1, d2, n):
    d1, d2 = min(d1, d2), max(d1, d2)
    assert sumar_dias_habiles(cal, d1, n) <= sumar_dias_habiles(cal, d2, n)


@given(calendarios, dias_2024, st.integers(0, 60))
def test_en_proceso_cada_dia_cuenta_para_lo_electoral(cal, desde, n):
    todo = Periodo(date(2023, 1, 1), date(2025, 12, 31))
    assert sumar_dias_habiles(cal, desde, n, materia="electoral", proceso=todo) == desde + (
        timedelta(days=n)
    )
    assert es_habil(cal, desde, materia="electoral", proceso=todo)


@given(calendarios, momentos, st.integers(0, 200), st.integers(0, 200))
def test_horas_monotonas_y_de_momento_a_momento_en_proceso(cal, desde, h1, h2):
    a = vence_en_horas(cal, desde, h1)
    b = vence_en_horas(cal, desde, h2)
    assert (a < b) == (h1 < h2)
    assert a.astimezone(UTC) - desde.astimezone(UTC) >= timedelta(hours=h1)
    todo = Periodo(date(2023, 1, 1), date(2025, 12, 31))
    electoral = vence_en_horas(cal, desde, h1, materia="electoral", proceso=todo)
    assert electoral.astimezone(UTC) == desde.astimezone(UTC) + timedelta(hours=h1)


@given(calendarios, momentos, st.integers(0, 30), materias)
def test_el_plazo_en_dias_vence_a_medianoche_tras_un_dia_habil(cal, desde, n, materia):
    vence = vence_en_dias(cal, desde, n, **materia)
    assert vence > desde
    assert (vence.hour, vence.minute, vence.second) == (0, 0, 0)
    ultimo = vence.date() - timedelta(days=1)
    assert ultimo == sumar_dias_habiles(cal, desde.date(), n, **materia)
    if n:
        assert es_habil(cal, ultimo, **materia)


@given(calendarios, momentos, st.sampled_from([MISMO_DIA, DIA_SIGUIENTE]), materias)
def test_una_notificacion_nunca_surte_efectos_antes_de_hacerse(cal, practicada, efecto, materia):
    surte = surte_efectos(cal, practicada, efecto, **materia)
    assert surte >= practicada
    if efecto.dias:
        assert es_habil(cal, surte.date(), **materia)
