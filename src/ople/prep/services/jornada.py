"""Election-night data as a whole: the reset that a drill (simulacro) runs before it starts."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ople.catalog.models import ProcesoElectoral
from ople.core import audit
from ople.prep.models import (
    Acopio,
    Asignacion,
    Captura,
    CodigoEnrolamiento,
    Corte,
    Digitalizacion,
    Dispositivo,
    EstadoActa,
    Imagen,
    SinActa,
    Verificacion,
)


def reiniciar_jornada(
    *, proceso: ProcesoElectoral, actor: Any | None, prefijo: str = "simulacro"
) -> dict[str, int]:
    """Delete the election-night data of a previous drill (never for a real night).

    Every acta goes back to expected; the enrolment codes and devices whose label starts with
    `prefijo` (the drill's own) are deleted. Returns the rows deleted per table; one audit
    event records them.
    """
    conteos: dict[str, int] = {}
    with transaction.atomic():
        for modelo in (Verificacion, Asignacion, SinActa, Captura, Acopio, Digitalizacion):
            conteos[modelo._meta.db_table] = modelo.objects.count()
            modelo.objects.all().delete()
        conteos[Imagen._meta.db_table] = Imagen.objects.count()
        Imagen.objects.all().delete()
        conteos[Corte._meta.db_table] = Corte.objects.count()
        Corte.objects.update(previo=None)
        Corte.objects.all().delete()
        EstadoActa.objects.update(estado=EstadoActa.Estado.ESPERADA, llegada=None, capturas=0)
        CodigoEnrolamiento.objects.filter(etiqueta__startswith=prefijo).delete()
        Dispositivo.objects.filter(nombre__startswith=prefijo).delete()
        audit.record(
            actor=actor,
            action="simulacro.reinicio",
            obj=proceso,
            after={"borrados": conteos, "motivo": "nuevo simulacro"},
            actor_label="simulacro",
        )
    return conteos
