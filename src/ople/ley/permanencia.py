"""How long a person stays on the register of persons sanctioned for VPMRG. Pure, typed.

Basis: the INE's lineamientos for the national register (INE/CG269/2020, legal.md §4.2): an
entry stays **3 years** when the conduct was rated *leve*, **4** when *ordinaria*, **5** when
*especial*, and **6** when the person re-offends. The INE's statistics also use the ratings
*grave ordinaria* and *grave*; which period they get, whether a public servant's stay grows by
one third, and from which date the period runs (the ruling becoming final, or the entry being
made) are open (legal.md §8, question 13). So every number and the start rule are data given by
the caller (the profile's ``[registros]`` section, ADR 0045), never constants here.

Worked example (the ieeags-2024 profile: leve 3 years, start at ``firmeza``): a ruling that became
final on 29 February 2024 for a *leve* conduct gives 36 months; the entry is removed on
28 February 2027 (the day does not exist in 2027, so the month's last day) and is on the current
register on 27 February 2027, on the historical one from 28 February 2027.

Periods are counted in whole months (3 years = 36 months) so that the "one third more" rule is
exact: 36 + 36/3 = 48 months. A third of a period that is not a whole number of months is refused
rather than rounded (``PermanenciaInvalida``): the law does not say how to round it.
"""

from __future__ import annotations

import calendar
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Final, Literal, TypeVar

CALIFICACIONES: Final[tuple[str, ...]] = (
    "leve",
    "ordinaria",
    "grave_ordinaria",
    "grave",
    "especial",
)
ETIQUETAS_CALIFICACION: Final[Mapping[str, str]] = {
    "leve": "Leve",
    "ordinaria": "Ordinaria",
    "grave_ordinaria": "Grave ordinaria",
    "grave": "Grave",
    "especial": "Especial",
}

# From which date the period runs:
#   "firmeza": the date the ruling became final (fecha_resolucion_firme);
#   "inscripcion": the date the entry is approved onto the register.
InicioConteo = Literal["firmeza", "inscripcion"]
INICIOS: Final[tuple[str, ...]] = ("firmeza", "inscripcion")

Estado = Literal["vigente", "historico"]


class PermanenciaInvalida(ValueError):
    """A period that cannot be computed (message in Spanish)."""


@dataclass(frozen=True, slots=True)
class ReglasPermanencia:
    """The profile's rules: years per rating, years when re-offending, the start rule, and whether
    a public servant's period grows by one third."""

    anios: Mapping[str, int]
    anios_reincidencia: int
    inicio: InicioConteo
    tercio_servidor_publico: bool = False

    def __post_init__(self) -> None:
        faltan = [c for c in CALIFICACIONES if c not in self.anios]
        if faltan:
            raise PermanenciaInvalida(f"Faltan los años de permanencia de: {', '.join(faltan)}.")
        sobran = sorted(set(self.anios).difference(CALIFICACIONES))
        if sobran:
            raise PermanenciaInvalida(f"Calificaciones desconocidas: {', '.join(sobran)}.")
        if any(n < 1 for n in self.anios.values()) or self.anios_reincidencia < 1:
            raise PermanenciaInvalida("Los años de permanencia deben ser al menos 1.")
        if self.inicio not in INICIOS:
            raise PermanenciaInvalida(f"Regla de inicio desconocida: {self.inicio!r}.")


def meses_de_permanencia(
    reglas: ReglasPermanencia,
    *,
    calificacion: str,
    reincidencia: bool,
    servidor_publico: bool = False,
    meses_fijados: int | None = None,
) -> int:
    """The months the entry stays.

    ``meses_fijados``: the period the sanctioning authority fixed in its ruling, when it did (the
    Sala Superior requires it to be reasoned; it then governs, and the rating's table does not).
    Otherwise: the re-offence period when ``reincidencia``, else the rating's; plus one third when
    the profile says so and the person is a public servant.

    >>> r = ReglasPermanencia(anios={"leve": 3, "ordinaria": 4, "grave_ordinaria": 4,
    ...     "grave": 5, "especial": 5}, anios_reincidencia=6, inicio="firmeza",
    ...     tercio_servidor_publico=True)
    >>> meses_de_permanencia(r, calificacion="leve", reincidencia=False, servidor_publico=True)
    48
    """
    if calificacion not in CALIFICACIONES:
        raise PermanenciaInvalida(
            f"Calificación desconocida: {calificacion!r} (use {', '.join(CALIFICACIONES)})."
        )
    if meses_fijados is not None:
        if meses_fijados < 1:
            raise PermanenciaInvalida(
                "El plazo fijado en la resolución debe ser de al menos un mes."
            )
        return meses_fijados
    anios = reglas.anios_reincidencia if reincidencia else reglas.anios[calificacion]
    meses = Fraction(anios * 12)
    if servidor_publico and reglas.tercio_servidor_publico:
        meses += meses / 3
    if meses.denominator != 1:
        raise PermanenciaInvalida(
            f"Un tercio más de {anios} años no es un número entero de meses; "
            "la ley no dice cómo redondearlo."
        )
    return int(meses)


def sumar_meses(dia: date, meses: int) -> date:
    """``dia`` plus whole months; a day the target month lacks becomes its last day.

    >>> sumar_meses(date(2024, 2, 29), 36)
    datetime.date(2027, 2, 28)
    """
    total = dia.month - 1 + meses
    anio, mes = dia.year + total // 12, total % 12 + 1
    return date(anio, mes, min(dia.day, calendar.monthrange(anio, mes)[1]))


def fecha_inicio(
    reglas: ReglasPermanencia, *, fecha_resolucion_firme: date, fecha_inscripcion: date
) -> date:
    """The date the period starts from, by the profile's rule."""
    if fecha_inscripcion < fecha_resolucion_firme:
        raise PermanenciaInvalida(
            "La inscripción no puede ser anterior a la fecha en que la resolución quedó firme."
        )
    return fecha_resolucion_firme if reglas.inicio == "firmeza" else fecha_inscripcion


def fecha_baja(inicio: date, meses: int) -> date:
    """The first day the entry is no longer current (it moves to the historical list)."""
    return sumar_meses(inicio, meses)


def estado(baja: date, hoy: date) -> Estado:
    """Current while ``hoy`` is before the removal date; historical from that date on. No one
    deletes an entry: the split is computed for a given day (the published site is regenerated
    every day and at every change)."""
    return "vigente" if hoy < baja else "historico"


T = TypeVar("T")


def dividir(entradas: Iterable[tuple[T, date]], hoy: date) -> tuple[list[T], list[T]]:
    """Split (entry, removal date) pairs into the current and the historical lists on ``hoy``."""
    vigentes: list[T] = []
    historicas: list[T] = []
    for entrada, baja in entradas:
        (vigentes if estado(baja, hoy) == "vigente" else historicas).append(entrada)
    return vigentes, historicas


def normalizar_nombre(nombre: str) -> str:
    """A name for matching: no accents, upper case, single spaces, no punctuation.

    >>> normalizar_nombre("  José  María   PÉREZ-núñez ")
    'JOSE MARIA PEREZ NUNEZ'
    """
    sin_acentos = "".join(
        c for c in unicodedata.normalize("NFKD", nombre) if not unicodedata.combining(c)
    )
    limpio = "".join(c if c.isalnum() else " " for c in sin_acentos.upper())
    return " ".join(limpio.split())


def normalizar_curp(curp: str) -> str:
    return "".join(curp.split()).upper()
