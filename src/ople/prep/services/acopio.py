"""Acopio at the CATD: the time an Acta PREP arrives with its package (FECHA_HORA_ACOPIO).

Every stamp is recorded; the first one is the acta's FECHA_HORA_ACOPIO and later stamps never
replace it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from ople.core import audit, roles
from ople.prep import roles as prep_roles
from ople.prep.models import Acopio, ActaEsperada, EstadoActa


@dataclass(frozen=True)
class ResultadoAcopio:
    acopio: Acopio
    primero: bool
    fecha_hora_acopio: datetime


def registrar_acopio(
    *, acta: ActaEsperada, usuario: Any, ahora: datetime | None = None
) -> ResultadoAcopio:
    roles.require_role(
        usuario,
        prep_roles.ACOPIO,
        prep_roles.DIGITALIZACION,
        prep_roles.SUPERVISION,
        prep_roles.COORDINACION,
    )
    ahora = ahora or timezone.now()
    with transaction.atomic():
        # Lock the acta's state row so two simultaneous stamps agree on which is first.
        estado, _ = EstadoActa.objects.get_or_create(acta=acta)
        EstadoActa.objects.select_for_update().filter(pk=estado.pk).first()
        anterior = Acopio.objects.filter(acta=acta).order_by("acopiado_en", "id").first()
        acopio = Acopio.objects.create(acta=acta, acopiado_en=ahora, usuario=usuario)
        primero = anterior is None or ahora < anterior.acopiado_en
        fecha = ahora if primero else anterior.acopiado_en  # type: ignore[union-attr]
        audit.record(
            actor=usuario,
            action="prep.acopio",
            obj=acopio,
            after={
                "clave_acta": acta.clave,
                "acopiado_en": ahora,
                "primero": primero,
                "fecha_hora_acopio": fecha,
            },
        )
    return ResultadoAcopio(acopio=acopio, primero=primero, fecha_hora_acopio=fecha)


def fecha_hora_acopio(acta: ActaEsperada) -> datetime | None:
    primero = Acopio.objects.filter(acta=acta).order_by("acopiado_en", "id").first()
    return primero.acopiado_en if primero else None
