"""The deadline calculator's input, read the same way by `ople plazos vence` and its page.

A text moment and a profile name in, a `plazos.Vencimiento` out, or `CalculoInvalido` with a
Spanish message. The profile gives the calendar (zone, weekend, the institute's non-working days
and vacations, the process's dates), the closing time and whether days run from the notification
or from its effect (ADR 0042).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from ople import profiles
from ople.ley import plazos

EFECTOS: dict[str, plazos.Efecto] = {
    "mismo-dia": plazos.MISMO_DIA,
    "dia-siguiente": plazos.DIA_SIGUIENTE,
}
MAX_DIAS = 365
MAX_HORAS = 24 * 365


class CalculoInvalido(ValueError):
    """The question cannot be answered; Spanish message."""


def perfil_activo() -> str:
    return str(getattr(settings, "OPLE_PROFILE", "") or profiles.disponibles()[0])


def leer_momento(texto: str, zona: object) -> datetime:
    try:
        momento = datetime.strptime(texto.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        try:
            momento = datetime.fromisoformat(texto.strip())
        except ValueError:
            raise CalculoInvalido(
                f"Fecha y hora no válida: {texto!r}; use AAAA-MM-DD HH:MM (p. ej. 2024-03-15 10:00)."
            ) from None
    if momento.tzinfo is None:
        momento = momento.replace(tzinfo=zona)  # type: ignore[arg-type]
    return momento


def calcular(
    *,
    notificado: str,
    dias: int | None,
    horas: int | None,
    materia: str,
    perfil: str | None = None,
    efecto: str = "mismo-dia",
) -> plazos.Vencimiento:
    if materia not in ("electoral", "ordinaria"):
        raise CalculoInvalido("La materia debe ser electoral u ordinaria.")
    if efecto not in EFECTOS:
        raise CalculoInvalido(f"Efecto desconocido: {efecto!r}.")
    if (dias is None) == (horas is None):
        raise CalculoInvalido("Indique el plazo en días o en horas (uno de los dos).")
    if dias is not None and not 0 <= dias <= MAX_DIAS:
        raise CalculoInvalido(f"El plazo en días debe estar entre 0 y {MAX_DIAS}.")
    if horas is not None and not 0 <= horas <= MAX_HORAS:
        raise CalculoInvalido(f"El plazo en horas debe estar entre 0 y {MAX_HORAS}.")
    try:
        p = profiles.cargar(perfil or perfil_activo())
    except profiles.PerfilInvalido as exc:
        raise CalculoInvalido(str(exc)) from None
    momento = leer_momento(notificado, p.zona)
    anio = momento.astimezone(p.zona).year
    calendario = p.calendario_para(anio, anio + 1)
    try:
        return plazos.vencimiento(
            calendario,
            momento,
            dias=dias,
            horas=horas,
            materia="electoral" if materia == "electoral" else "ordinaria",
            proceso=p.periodo_proceso,
            efecto=EFECTOS[efecto],
            computo=p.computo_desde,
            cierre=p.hora_cierre,
        )
    except plazos.PlazoInvalido as exc:
        raise CalculoInvalido(str(exc)) from None
