"""`ople plazos vence` over real calendars (issue 23, Must show): the profile ieeags-2024 (zone
America/Mexico_City, process 2023-10-04 to 2024-08-31) and the official rest days of LFT art. 74
computed for each year."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from ople.ley import plazos
from ople.oficialia import calculo

AGS = ZoneInfo("America/Mexico_City")


def vence(
    notificado: str,
    materia: str,
    *,
    dias: int | None = None,
    horas: int | None = None,
    efecto: str = "mismo-dia",
) -> tuple[str, str]:
    salida = io.StringIO()
    args = ["--notificado", notificado, "--materia", materia, "--perfil", "ieeags-2024"]
    args += ["--dias", str(dias)] if dias is not None else ["--horas", str(horas)]
    call_command("plazos_vence", *args, "--efecto", efecto, stdout=salida)
    texto = salida.getvalue()
    return texto.strip().splitlines()[-1], texto


@pytest.mark.parametrize(
    ("caso", "notificado", "materia", "dias", "horas", "esperado"),
    [
        # Movable Mondays: third Monday of March 2024 is the 18th (for 21 March).
        (
            "lunes movible de marzo",
            "2024-03-15 10:00",
            "ordinaria",
            4,
            None,
            "2024-03-22T23:59:59-06:00",
        ),
        # A Friday before a holiday Monday (first Monday of February 2024, 5 Feb): Sat, Sun, Mon skipped.
        (
            "viernes antes de lunes festivo",
            "2024-02-02 13:30",
            "ordinaria",
            3,
            None,
            "2024-02-08T23:59:59-06:00",
        ),
        # The same notice in an electoral matter during the process: every day counts.
        (
            "electoral dentro del proceso",
            "2024-02-02 13:30",
            "electoral",
            3,
            None,
            "2024-02-05T23:59:59-06:00",
        ),
        # Electoral matter outside the process (2025: first Monday of February is 3 Feb): calendar.
        (
            "electoral fuera del proceso",
            "2025-01-31 09:00",
            "electoral",
            3,
            None,
            "2025-02-06T23:59:59-06:00",
        ),
        (
            "ordinaria fuera del proceso",
            "2025-01-31 09:00",
            "ordinaria",
            3,
            None,
            "2025-02-06T23:59:59-06:00",
        ),
        # Third Monday of November 2024 (18th) and 1 October 2024 (Federal Executive takes office).
        (
            "lunes movible de noviembre",
            "2024-11-15 18:00",
            "ordinaria",
            1,
            None,
            "2024-11-19T23:59:59-06:00",
        ),
        (
            "1 de octubre de 2024",
            "2024-09-30 12:00",
            "ordinaria",
            1,
            None,
            "2024-10-02T23:59:59-06:00",
        ),
        # A challenge (4 days) of an act notified on Friday 7 June 2024, during the process.
        (
            "juicio electoral en junio",
            "2024-06-07 10:00",
            "electoral",
            4,
            None,
            "2024-06-11T23:59:59-06:00",
        ),
        # Hours across midnight and the end of a month, electoral matter in process: moment to moment.
        (
            "horas cruzando medianoche y fin de mes",
            "2024-05-31 22:30",
            "electoral",
            None,
            24,
            "2024-06-01T22:30:00-06:00",
        ),
        (
            "72 horas cruzando febrero bisiesto",
            "2024-02-28 08:15",
            "electoral",
            None,
            72,
            "2024-03-02T08:15:00-06:00",
        ),
        # Ordinary hours stop on non-working days: Friday 29 Nov 2024 20:00 + 24 h -> Monday 2 Dec 20:00.
        (
            "horas ordinarias y fin de semana",
            "2024-11-29 20:00",
            "ordinaria",
            None,
            24,
            "2024-12-02T20:00:00-06:00",
        ),
        (
            "horas ordinarias cruzando fin de mes",
            "2024-01-31 20:00",
            "ordinaria",
            None,
            12,
            "2024-02-01T08:00:00-06:00",
        ),
    ],
)
def test_vence_en_calendarios_reales(caso, notificado, materia, dias, horas, esperado):
    ultima, _ = vence(notificado, materia, dias=dias, horas=horas)
    assert ultima == esperado, caso
    assert datetime.fromisoformat(ultima).utcoffset() is not None


def test_explica_cada_dia_omitido():
    _, texto = vence("2024-03-15 10:00", "ordinaria", dias=4)
    assert "2024-03-16 sábado: no cuenta (sábado)" in texto
    assert "2024-03-18 lunes: no cuenta (descanso obligatorio: tercer lunes de marzo" in texto
    assert "2024-03-19 martes: día 1" in texto


def test_estrados_surten_efectos_al_dia_siguiente():
    # Posted on the estrados Friday 15 March 2024: effect Tuesday 19 (next business day), and the
    # 4 days run from the notification's next day per the profile (computo_desde = notificacion).
    ultima, texto = vence("2024-03-15 10:00", "ordinaria", dias=4, efecto="dia-siguiente")
    assert "Surte efectos: 2024-03-19T00:00:00-06:00" in texto
    assert ultima == "2024-03-22T23:59:59-06:00"


def test_cierre_de_oficina_y_computo_desde_el_efecto():
    cal = plazos.Calendario(zona=AGS, descanso_obligatorio=plazos.descanso_obligatorio(2024))
    v = plazos.vencimiento(
        cal,
        datetime(2024, 3, 15, 10, tzinfo=AGS),
        dias=4,
        efecto=plazos.DIA_SIGUIENTE,
        computo="efecto",
        cierre=time(15, 0),
    )
    # Effect Tuesday 19; days 20, 21, 22, 25; the office closes at 15:00.
    assert v.vence == datetime(2024, 3, 25, 15, 0, tzinfo=AGS)
    assert plazos.en_tiempo(datetime(2024, 3, 25, 14, 59, tzinfo=AGS), v.limite)
    assert not plazos.en_tiempo(datetime(2024, 3, 25, 15, 0, tzinfo=AGS), v.limite)


def test_vacaciones_del_instituto_y_1_de_diciembre_de_2018():
    vac = (plazos.Periodo(date(2018, 12, 17), date(2018, 12, 31)),)
    cal = plazos.Calendario(
        zona=AGS,
        descanso_obligatorio=plazos.descanso_obligatorio(2018) | plazos.descanso_obligatorio(2019),
        vacaciones=vac,
    )
    assert date(2018, 12, 1) in cal.descanso_obligatorio  # change of federal executive
    v = plazos.vencimiento(cal, datetime(2018, 12, 14, 12, tzinfo=AGS), dias=1)
    assert v.vence.date() == date(2019, 1, 2)  # 1 January is a rest day too
    motivos = {d.dia: d.motivo for d in v.omitidos}
    assert motivos[date(2018, 12, 17)] == "vacaciones del instituto"
    assert motivos[date(2019, 1, 1)].startswith("descanso obligatorio: 1 de enero")


def test_en_un_dia_exacto_es_el_mismo_que_vence_en_dias():
    cal = plazos.Calendario(zona=AGS, descanso_obligatorio=plazos.descanso_obligatorio(2024))
    inicio = datetime(2024, 3, 15, 10, tzinfo=AGS)
    v = plazos.vencimiento(cal, inicio, dias=4)
    assert v.limite == plazos.vence_en_dias(cal, inicio, 4)


@pytest.mark.parametrize(
    ("args", "mensaje"),
    [
        (["--notificado", "15/03/2024", "--dias", "4"], "Fecha y hora no válida"),
        (["--notificado", "2024-03-15 10:00", "--dias", "-1"], "entre 0"),
        (["--notificado", "2024-03-15 10:00", "--dias", "4", "--perfil", "nada"], "No existe"),
    ],
)
def test_entrada_mala_da_error_en_espanol(args, mensaje, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("plazos_vence", *args, "--materia", "ordinaria")
    assert exc.value.code == 2
    assert mensaje in capsys.readouterr().err


def test_calculo_rechaza_plazo_en_dias_y_horas():
    with pytest.raises(calculo.CalculoInvalido, match="días o en horas"):
        calculo.calcular(notificado="2024-03-15 10:00", dias=1, horas=1, materia="ordinaria")


def test_comando_ciudadano_sin_configuracion(tmp_path):
    """The command runs as a citizen would run it: no database, no key, no settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPLE_", "DATABASE_"))}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p.endswith("src"))
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "ople.cli",
            "plazos",
            "vence",
            "--notificado",
            "2024-02-02 13:30",
            "--dias",
            "3",
            "--materia",
            "electoral",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "2024-02-05T23:59:59-06:00"


def test_perfil_lee_vacaciones_cierre_y_computo():
    import tomllib

    from ople import profiles
    from ople.profiles.schema import PerfilInvalido, perfil_desde_datos

    datos = tomllib.loads(profiles.ruta("ieeags-2024").read_text())
    datos["calendario"]["vacaciones"] = [[date(2024, 7, 22), date(2024, 8, 2)]]
    datos["calendario"]["hora_cierre"] = time(15, 0)
    datos["calendario"]["computo_desde"] = "efecto"
    p = perfil_desde_datos(datos, origen="ieeags-2024.toml")
    assert p.vacaciones == (plazos.Periodo(date(2024, 7, 22), date(2024, 8, 2)),)
    assert p.hora_cierre == time(15, 0) and p.computo_desde == "efecto"
    assert not plazos.es_habil(p.calendario, date(2024, 7, 30))
    datos["calendario"]["vacaciones"] = [[date(2024, 8, 2), date(2024, 7, 22)]]
    with pytest.raises(PerfilInvalido, match="calendario.vacaciones"):
        perfil_desde_datos(datos, origen="x.toml")
    datos["calendario"]["vacaciones"] = []
    datos["calendario"]["computo_desde"] = "ayer"
    with pytest.raises(PerfilInvalido, match="computo_desde"):
        perfil_desde_datos(datos, origen="x.toml")
    real = profiles.cargar("ieeags-2024")
    assert real.periodo_proceso == plazos.Periodo(date(2023, 10, 4), date(2024, 8, 31))


def test_electoral_fuera_del_proceso_lo_dice():
    # A new user asks for an electoral matter in November 2026: the profile's process ended on
    # 31 Aug 2024, so the calendar applies, and the explanation must say why Saturday does not
    # count instead of claiming every day is a business day.
    ultima, texto = vence("2026-11-13 10:00", "electoral", dias=3)
    assert ultima == "2026-11-19T23:59:59-06:00"
    assert "2026-11-14 sábado: no cuenta (sábado; fuera del proceso electoral)" in texto
    assert "durante el proceso electoral todos los días" not in texto
    assert (
        "Fundamento: Materia electoral fuera del proceso electoral del perfil "
        "(2023-10-04 a 2024-08-31): cuenta el calendario." in texto
    )


def test_electoral_al_terminar_el_proceso_explica_ambos():
    # Notified on the process's last day (Sat 31 Aug 2024): the 31st would count, but days run
    # from 1 September, outside the process, where Sunday does not count.
    _, texto = vence("2024-08-30 10:00", "electoral", dias=4)
    assert "2024-08-31 sábado: día 1" in texto
    assert "2024-09-01 domingo: no cuenta (domingo; fuera del proceso electoral)" in texto
    assert "durante el proceso electoral todos los días y horas son hábiles" in texto
    assert "fuera del proceso electoral del perfil" in texto
