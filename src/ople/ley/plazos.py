"""Legal time: business days, deadlines in days or hours, when a notice takes effect. Pure, typed.

Everything the law leaves to the calendar is data given by the caller (legal.md §0.2: nothing is
hard-coded): the weekend, the official rest days, the institute's own non-working days, the dates of
the electoral process and the time zone of the profile. The rules are those of the federal model,
to be confirmed against the CEEA and the IEE's reglamentos for each process (legal.md §3.4, §4.3,
§4.4, §8 questions 10 and 11):

* **Business days** (LGSMIME art. 7, párrafo 2): every day except Saturdays, Sundays and the days
  the law declares non-working: the official rest days of the Ley Federal del Trabajo, art. 74
  (``descanso_obligatorio`` computes them for a year) and those the institute itself declares.
* **Electoral process** (LGSMIME art. 7, párrafo 1): while a process runs, every day and every hour
  is a business day for the matters of that process; deadlines in hours run from moment to moment.
  Other matters (transparency, administrative procedures) keep the calendar.
* **Deadlines in days** start the day after the notice takes effect (LGSMIME art. 8: "contados a
  partir del día siguiente") and end when the last day ends, at midnight in the profile's zone.
* **A notice takes effect** on the day it is made when it is personal (LGSMIME art. 26, párrafo 1)
  and the day after when it is published or posted on the estrados (LGSMIME art. 30, párrafo 2);
  the rule is a parameter (``Efecto``).

All moments are timezone-aware datetimes; days are counted in the calendar's zone and every result is
given in it. Hours are elapsed time (UTC arithmetic), so a change of offset does not stretch them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Final, Literal

SABADO: Final = 5  # date.weekday()
DOMINGO: Final = 6
UN_DIA: Final = timedelta(days=1)

# "electoral": a matter of the electoral process (its acts, notices and challenges); "ordinaria":
# any other (administrative procedures, transparency, labour) — the calendar always applies.
Materia = Literal["electoral", "ordinaria"]


class PlazoInvalido(ValueError):
    """A deadline or calendar that cannot be computed (message in Spanish)."""


@dataclass(frozen=True, slots=True)
class Periodo:
    """The days of an electoral process, both ends included (from the Consejo General's session
    that starts it to the one that closes it)."""

    inicio: date
    fin: date

    def __post_init__(self) -> None:
        if self.fin < self.inicio:
            raise PlazoInvalido(
                f"El periodo termina ({self.fin}) antes de empezar ({self.inicio})."
            )

    def contiene(self, dia: date) -> bool:
        return self.inicio <= dia <= self.fin


@dataclass(frozen=True, slots=True)
class Calendario:
    """The non-working days of an institute and its time zone.

    ``fin_de_semana`` holds ``date.weekday()`` numbers (Saturday 5, Sunday 6);
    ``descanso_obligatorio`` the official rest days (``descanso_obligatorio()`` for a year);
    ``inhabiles_instituto`` the days the institute declares non-working (e.g. its holiday period);
    ``vacaciones`` the institute's vacation periods (each day of them is non-working).
    """

    zona: tzinfo
    descanso_obligatorio: frozenset[date] = frozenset()
    inhabiles_instituto: frozenset[date] = frozenset()
    fin_de_semana: frozenset[int] = frozenset({SABADO, DOMINGO})
    vacaciones: tuple[Periodo, ...] = ()

    def en_vacaciones(self, dia: date) -> bool:
        return any(p.contiene(dia) for p in self.vacaciones)

    def __post_init__(self) -> None:
        if not self.fin_de_semana <= set(range(7)):
            raise PlazoInvalido("Los días de fin de semana son números de 0 (lunes) a 6 (domingo).")
        if len(self.fin_de_semana) == 7:
            raise PlazoInvalido("Un calendario sin ningún día hábil en la semana no tiene plazos.")


def descanso_obligatorio(anio: int, *, jornadas: Iterable[date] = ()) -> frozenset[date]:
    """The official rest days of ``anio`` (Ley Federal del Trabajo, art. 74).

    1 January; the first Monday of February (for 5 February); the third Monday of March (for 21
    March); 1 May; 16 September; the third Monday of November (for 20 November); 25 December; the
    day the Federal Executive takes office, every six years (1 October from 2024, 1 December
    before, constitution art. 83); and the days of ordinary elections (``jornadas``, fracción IX).

    2024: 1 Jan, 5 Feb, 18 Mar, 1 May, 16 Sep, 1 Oct, 18 Nov, 25 Dec (and the jornada of 2 June).
    """
    return frozenset(descanso_obligatorio_nombrado(anio, jornadas=jornadas))


def descanso_obligatorio_nombrado(anio: int, *, jornadas: Iterable[date] = ()) -> dict[date, str]:
    """``descanso_obligatorio`` with the name of each day and its fracción of LFT art. 74, for
    explaining a deadline: {date(2024, 3, 18): "tercer lunes de marzo, por el 21 de marzo
    (LFT art. 74, fr. III)", ...}."""
    dias = {
        date(anio, 1, 1): "1 de enero (LFT art. 74, fr. I)",
        _lunes(anio, 2, 1): "primer lunes de febrero, por el 5 de febrero (LFT art. 74, fr. II)",
        _lunes(anio, 3, 3): "tercer lunes de marzo, por el 21 de marzo (LFT art. 74, fr. III)",
        date(anio, 5, 1): "1 de mayo (LFT art. 74, fr. IV)",
        date(anio, 9, 16): "16 de septiembre (LFT art. 74, fr. V)",
        _lunes(anio, 11, 3): (
            "tercer lunes de noviembre, por el 20 de noviembre (LFT art. 74, fr. VI)"
        ),
        date(anio, 12, 25): "25 de diciembre (LFT art. 74, fr. VIII)",
    }
    if anio >= 2024 and (anio - 2024) % 6 == 0:
        dias[date(anio, 10, 1)] = (
            "1 de octubre, transmisión del Poder Ejecutivo Federal (LFT art. 74, fr. VII)"
        )
    elif anio < 2024 and (2024 - anio) % 6 == 0:
        dias[date(anio, 12, 1)] = (
            "1 de diciembre, transmisión del Poder Ejecutivo Federal (LFT art. 74, fr. VII)"
        )
    for d in jornadas:
        if d.year == anio:
            dias[d] = "jornada electoral ordinaria (LFT art. 74, fr. IX)"
    return dias


def _lunes(anio: int, mes: int, n: int) -> date:
    """The n-th Monday of a month."""
    primero = date(anio, mes, 1)
    return primero + timedelta(days=(-primero.weekday()) % 7 + 7 * (n - 1))


def es_habil(
    calendario: Calendario,
    dia: date,
    *,
    materia: Materia = "ordinaria",
    proceso: Periodo | None = None,
) -> bool:
    """Whether ``dia`` counts for a deadline.

    A day of an electoral process counts for an electoral matter whatever the calendar says
    (LGSMIME art. 7.1); otherwise a day counts unless it is a weekend day, an official rest day
    or a non-working day of the institute (art. 7.2). E.g. Monday 18 March 2024 (third Monday of
    March) does not count for a transparency request, and counts for a challenge of an act of the
    2023–2024 process.
    """
    return motivo_inhabil(calendario, dia, materia=materia, proceso=proceso) is None


_NOMBRE_DIA: Final = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def motivo_inhabil(
    calendario: Calendario,
    dia: date,
    *,
    materia: Materia = "ordinaria",
    proceso: Periodo | None = None,
) -> str | None:
    """Why ``dia`` does not count for a deadline (Spanish, for the person reading it), or None
    when it counts (see ``es_habil``): "sábado", "descanso obligatorio: tercer lunes de marzo…",
    "vacaciones del instituto", "día inhábil declarado por el instituto"."""
    if materia == "electoral" and proceso is not None and proceso.contiene(dia):
        return None
    if dia in calendario.descanso_obligatorio:
        nombre = descanso_obligatorio_nombrado(dia.year).get(
            dia, "jornada electoral u otro día de descanso (LFT art. 74)"
        )
        return f"descanso obligatorio: {nombre}"
    if dia.weekday() in calendario.fin_de_semana:
        return _NOMBRE_DIA[dia.weekday()]
    if calendario.en_vacaciones(dia):
        return "vacaciones del instituto"
    if dia in calendario.inhabiles_instituto:
        return "día inhábil declarado por el instituto"
    return None


def sumar_dias_habiles(
    calendario: Calendario,
    desde: date,
    n: int,
    *,
    materia: Materia = "ordinaria",
    proceso: Periodo | None = None,
) -> date:
    """The n-th business day after ``desde`` (``desde`` itself is not counted; n = 0 gives it back).

    Friday 15 March 2024 + 4 business days = Friday 22 March (Saturday, Sunday and Monday 18, the
    third Monday of March, do not count); during the process, for an electoral matter, it is
    Tuesday 19 March (every day counts).
    """
    if n < 0:
        raise PlazoInvalido(f"Un plazo no puede ser de {n} días.")
    dia = desde
    while n:
        dia += UN_DIA
        if es_habil(calendario, dia, materia=materia, proceso=proceso):
            n -= 1
    return dia


def _local(calendario: Calendario, momento: datetime) -> datetime:
    if momento.tzinfo is None or momento.utcoffset() is None:
        raise PlazoInvalido("La fecha y hora debe llevar su zona horaria.")
    return momento.astimezone(calendario.zona)


def inicio_del_dia(calendario: Calendario, dia: date) -> datetime:
    """Midnight at the start of ``dia`` in the calendar's zone."""
    return datetime.combine(dia, time(0), tzinfo=calendario.zona)


def vence_en_dias(
    calendario: Calendario,
    desde: datetime,
    dias: int,
    *,
    materia: Materia = "ordinaria",
    proceso: Periodo | None = None,
) -> datetime:
    """The first moment that is too late for a deadline of ``dias`` days counted from the day
    after ``desde`` (the moment the notice took effect): midnight after its last day.

    A challenge has 4 days (LGSMIME art. 8). Notified in person on Friday 7 June 2024 at 10:00 in
    Aguascalientes, during the process: 8, 9, 10 and 11 June count, it is late from 12 June 00:00
    (UTC-6). The same notice on Friday 15 March 2024 outside the electoral rule: 19, 20, 21 and 22
    March count, it is late from Saturday 23 March 00:00.
    """
    dia = _local(calendario, desde).date()
    ultimo = sumar_dias_habiles(calendario, dia, dias, materia=materia, proceso=proceso)
    return inicio_del_dia(calendario, ultimo + UN_DIA)


def vence_en_horas(
    calendario: Calendario,
    desde: datetime,
    horas: int,
    *,
    materia: Materia = "ordinaria",
    proceso: Periodo | None = None,
) -> datetime:
    """The moment a deadline of ``horas`` hours from ``desde`` ends.

    When every hour counts (an electoral matter during the process) it is ``desde`` plus the hours,
    moment to moment (LGSMIME art. 7.1): 48 hours to correct an omission from Friday 5 April 2024
    at 18:30 end on Sunday 7 April at 18:30. Otherwise only the hours of business days run: the
    clock stops at midnight before a non-working day and starts again at the next business day's
    midnight, so the same 48 hours outside the rule end on Tuesday 9 April at 18:30 (a default to
    confirm against the CEEA, legal.md §8 question 10).
    """
    if horas < 0:
        raise PlazoInvalido(f"Un plazo no puede ser de {horas} horas.")
    cursor = _local(calendario, desde)
    falta = timedelta(hours=horas)
    while falta:
        dia = cursor.date()
        siguiente = inicio_del_dia(calendario, dia + UN_DIA)
        if es_habil(calendario, dia, materia=materia, proceso=proceso):
            disponible = siguiente.astimezone(UTC) - cursor.astimezone(UTC)
            if disponible >= falta:
                return (cursor.astimezone(UTC) + falta).astimezone(calendario.zona)
            falta -= disponible
        cursor = siguiente
    return cursor


@dataclass(frozen=True, slots=True)
class Efecto:
    """When a notice takes effect: ``dias`` business days after the day it is made (0: that same
    moment) or ``horas`` hours after it; ``fundamento`` is the legal basis shown with the result."""

    fundamento: str
    dias: int = 0
    horas: int = 0

    def __post_init__(self) -> None:
        if self.dias < 0 or self.horas < 0 or (self.dias and self.horas):
            raise PlazoInvalido("Un efecto se da en días o en horas, nunca negativos ni ambos.")


MISMO_DIA: Final = Efecto(
    "LGSMIME art. 26, párrafo 1: la notificación surte efectos el mismo día en que se practica."
)
DIA_SIGUIENTE: Final = Efecto(
    "LGSMIME art. 30, párrafo 2: lo publicado o fijado en los estrados surte efectos al día "
    "siguiente de su publicación o fijación.",
    dias=1,
)


def surte_efectos(
    calendario: Calendario,
    practicada: datetime,
    efecto: Efecto,
    *,
    materia: Materia = "ordinaria",
    proceso: Periodo | None = None,
) -> datetime:
    """The moment a notice made at ``practicada`` takes effect under ``efecto``.

    ``MISMO_DIA``: the moment it is made. ``DIA_SIGUIENTE``: midnight starting the next business
    day — posted on the estrados on Friday 31 May 2024 at 13:00, it takes effect on Monday 3 June
    at 00:00; for an electoral matter of the 2023–2024 process, on Saturday 1 June at 00:00.
    ``Efecto(..., horas=72)``: as ``vence_en_horas`` (an electronic notice deemed served when its
    period ends unopened, legal.md §4.4).
    """
    local = _local(calendario, practicada)
    if efecto.horas:
        return vence_en_horas(calendario, local, efecto.horas, materia=materia, proceso=proceso)
    if efecto.dias:
        dia = sumar_dias_habiles(
            calendario, local.date(), efecto.dias, materia=materia, proceso=proceso
        )
        return inicio_del_dia(calendario, dia)
    return local


def en_tiempo(momento: datetime, vence: datetime) -> bool:
    """Whether ``momento`` is within a deadline that is late from ``vence`` on."""
    if momento.tzinfo is None or vence.tzinfo is None:
        raise PlazoInvalido("La fecha y hora debe llevar su zona horaria.")
    return momento < vence


# --- a deadline explained, day by day ---------------------------------------------------------

FIN_DEL_DIA: Final = time(23, 59, 59)

# From when the days of a deadline run: the day after the notification is made (LGSMIME art. 8)
# or the day after it takes effect (where the law says so, e.g. a notice on the estrados): a
# profile setting.
Computo = Literal["notificacion", "efecto"]


@dataclass(frozen=True, slots=True)
class DiaDelPlazo:
    """One day the computation looked at: whether it counted and, if not, why."""

    dia: date
    cuenta: bool
    motivo: str  # "" when it counts
    numero: int  # 1..n for the days that count, 0 for the skipped ones


@dataclass(frozen=True, slots=True)
class Vencimiento:
    """A deadline computed and explained.

    ``vence`` is the last moment in time (23:59:59 of the last day, or the office's closing time,
    for days; the exact moment for hours); ``limite`` the first moment that is late
    (``en_tiempo(momento, limite)``); ``dias`` every day examined, in order, with the reason a
    skipped one did not count."""

    notificado: datetime
    surte_efectos: datetime
    materia: Materia
    plazo: str  # "4 días", "48 horas"
    vence: datetime
    limite: datetime
    dias: tuple[DiaDelPlazo, ...]
    fundamento: tuple[str, ...]

    @property
    def omitidos(self) -> tuple[DiaDelPlazo, ...]:
        return tuple(d for d in self.dias if not d.cuenta)


def vencimiento(
    calendario: Calendario,
    notificado: datetime,
    *,
    dias: int | None = None,
    horas: int | None = None,
    materia: Materia = "ordinaria",
    proceso: Periodo | None = None,
    efecto: Efecto = MISMO_DIA,
    computo: Computo = "notificacion",
    cierre: time | None = None,
) -> Vencimiento:
    """The deadline of ``dias`` days or ``horas`` hours opened by a notification made at
    ``notificado``, with every day it looked at explained.

    Days run from the day after the notification (``computo="notificacion"``) or after the moment
    it takes effect (``"efecto"``, per ``efecto``), and the last one ends at 23:59:59 local time or
    at the office's closing time ``cierre``. Hours run from the moment the notice takes effect.
    Notified on Friday 15 March 2024 at 10:00, 4 days of an ordinary matter: Saturday 16, Sunday 17
    and Monday 18 (third Monday of March) are skipped and it ends on Friday 22 March at 23:59:59.
    """
    if (dias is None) == (horas is None):
        raise PlazoInvalido("Indique el plazo en días o en horas (uno de los dos).")
    local = _local(calendario, notificado)
    efectos = surte_efectos(calendario, local, efecto, materia=materia, proceso=proceso)
    fundamento = [efecto.fundamento]
    examinados: list[DiaDelPlazo] = []
    if dias is not None:
        if dias < 0:
            raise PlazoInvalido(f"Un plazo no puede ser de {dias} días.")
        fundamento.append(
            "LGSMIME art. 8: el plazo se cuenta a partir del día siguiente a aquel en que "
            + ("se practicó la notificación." if computo == "notificacion" else "surtió efectos.")
        )
        dia = (local if computo == "notificacion" else efectos).date()
        contados = 0
        while contados < dias:
            dia += UN_DIA
            motivo = motivo_inhabil(calendario, dia, materia=materia, proceso=proceso)
            if motivo is None:
                contados += 1
                examinados.append(DiaDelPlazo(dia, True, "", contados))
            else:
                examinados.append(DiaDelPlazo(dia, False, motivo, 0))
        fin = cierre or FIN_DEL_DIA
        vence = datetime.combine(dia, fin, tzinfo=calendario.zona)
        limite = vence + timedelta(seconds=1) if cierre is None else vence
        plazo = f"{dias} día" + ("" if dias == 1 else "s")
    else:
        assert horas is not None
        vence = vence_en_horas(calendario, efectos, horas, materia=materia, proceso=proceso)
        limite = vence
        fundamento.append("Los plazos en horas corren de momento a momento.")
        dia = efectos.date()
        while dia <= vence.date():
            motivo = motivo_inhabil(calendario, dia, materia=materia, proceso=proceso)
            examinados.append(DiaDelPlazo(dia, motivo is None, motivo or "", 0))
            dia += UN_DIA
        plazo = f"{horas} hora" + ("" if horas == 1 else "s")
    fundamento[1:1] = _fundamento_del_calendario(
        [d.dia for d in examinados] or [local.date()], materia=materia, proceso=proceso
    )
    if materia == "electoral" and proceso is not None:
        examinados = [
            d
            if d.cuenta or proceso.contiene(d.dia)
            else DiaDelPlazo(d.dia, False, f"{d.motivo}; fuera del proceso electoral", 0)
            for d in examinados
        ]
    return Vencimiento(
        notificado=local,
        surte_efectos=efectos,
        materia=materia,
        plazo=plazo,
        vence=vence,
        limite=limite,
        dias=tuple(examinados),
        fundamento=tuple(fundamento),
    )


def _fundamento_del_calendario(
    dias: list[date], *, materia: Materia, proceso: Periodo | None
) -> list[str]:
    """Which of LGSMIME art. 7's two rules the examined days fell under: an electoral matter
    counts every day only inside the process, so a deadline outside it (or partly outside) says
    so instead of claiming every day is a business day."""
    ordinaria = (
        "LGSMIME art. 7, párrafo 2: fuera de ese caso, los días hábiles son todos salvo sábados, "
        "domingos y los inhábiles por ley (LFT art. 74) o por acuerdo del instituto."
    )
    if materia != "electoral":
        return [ordinaria]
    if proceso is None:
        return ["El perfil no fija un proceso electoral: cuenta el calendario.", ordinaria]
    periodo = f"({proceso.inicio.isoformat()} a {proceso.fin.isoformat()})"
    dentro = [proceso.contiene(d) for d in dias]
    lineas = []
    if any(dentro):
        lineas.append(
            "LGSMIME art. 7, párrafo 1: durante el proceso electoral todos los días y horas son "
            f"hábiles {periodo}."
        )
    if not all(dentro):
        lineas.append(
            f"Materia electoral fuera del proceso electoral del perfil {periodo}: cuenta el "
            "calendario."
        )
    return [*lineas, ordinaria]


def explicar(v: Vencimiento) -> list[str]:
    """The computation in Spanish, one line per step (the last one is the deadline in ISO 8601)."""
    lineas = [
        f"Notificado: {v.notificado.isoformat()} ({_NOMBRE_DIA[v.notificado.weekday()]})",
        f"Surte efectos: {v.surte_efectos.isoformat()}",
        f"Plazo: {v.plazo}, materia {v.materia}",
    ]
    for d in v.dias:
        nombre = _NOMBRE_DIA[d.dia.weekday()]
        if d.cuenta:
            cuenta = f"día {d.numero}" if d.numero else "corre"
            lineas.append(f"  {d.dia.isoformat()} {nombre}: {cuenta}")
        else:
            lineas.append(f"  {d.dia.isoformat()} {nombre}: no cuenta ({d.motivo})")
    lineas.extend(f"Fundamento: {f}" for f in v.fundamento)
    lineas.append(f"Vence: {v.vence.isoformat()}")
    lineas.append(v.vence.isoformat())
    return lineas
