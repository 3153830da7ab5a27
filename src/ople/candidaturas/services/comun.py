"""What the candidacies' services share: errors, the profile, who may act for a party."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from ople.candidaturas import perfil as perfil_candidaturas
from ople.candidaturas import roles
from ople.catalog.models import Eleccion, Partido
from ople.core import roles as core_roles
from ople.core import scopes
from ople.core.errors import OpleError
from ople.documentos.storage import Evidencia

EVIDENCIA = Evidencia(prefijo="candidaturas")


class CandidaturaError(OpleError):
    pass


def seccion(eleccion: Eleccion) -> perfil_candidaturas.SeccionCandidaturas:
    return perfil_candidaturas.de(perfil_de(eleccion))


def perfil_de(eleccion: Eleccion) -> Any:
    from ople import profiles

    return profiles.cargar(eleccion.proceso.perfil)


def exigir_partido(actor: Any, partido: Partido | None) -> None:
    """A party's representative acts only for their party; staff need the review role."""
    if scopes.is_outside(actor):
        if partido is None:
            raise PermissionDenied("Las candidaturas independientes las registra el Instituto.")
        scopes.require_scope(actor, "partido", partido.siglas)
        return
    core_roles.require_role(actor, roles.REVISION)
