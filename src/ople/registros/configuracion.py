"""The active profile's [registros] section and calendar (settings.OPLE_PROFILE)."""

from __future__ import annotations

from django.conf import settings

from ople import profiles
from ople.ley.plazos import Calendario, descanso_obligatorio
from ople.registros import perfil
from ople.registros.errores import RegistroInvalido


def seccion() -> perfil.SeccionRegistros:
    """The [registros] section, or `RegistroInvalido` naming the profile that lacks it."""
    try:
        return perfil.de(profiles.cargar(settings.OPLE_PROFILE))
    except profiles.PerfilInvalido as exc:
        raise RegistroInvalido(
            "perfil",
            f"{exc} — las reglas de permanencia y los plazos de las sanciones vienen de la "
            "sección [registros] del perfil (docs/registros.md).",
        ) from None


def calendario(anios: range) -> Calendario:
    """The institute's calendar with the official rest days of `anios` (a sanction's deadline
    can fall in any year, not only the process's)."""
    base = profiles.cargar(settings.OPLE_PROFILE).calendario
    descanso = frozenset().union(
        base.descanso_obligatorio, *(descanso_obligatorio(a) for a in anios)
    )
    return Calendario(
        zona=base.zona,
        descanso_obligatorio=descanso,
        inhabiles_instituto=base.inhabiles_instituto,
        fin_de_semana=base.fin_de_semana,
    )
