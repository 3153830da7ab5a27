"""Taking a folio: the next number of an (area, year) series, without gaps.

The series row is locked (`SELECT … FOR UPDATE`) until the end of the transaction that uses the
number: a second taker waits, and a transaction that rolls back gives its number back. Call
`tomar_folio` inside the transaction that creates the document, so the folio and the document
commit or vanish together.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ople.core import audit
from ople.documentos import folios
from ople.documentos.models import Folio, SerieFolio


def tomar_folio(
    *, area: str, asunto: str, actor: Any | None, ahora: datetime | None = None
) -> Folio:
    """Issue the next folio of `area`'s series for the local year of `ahora` (default now)."""
    folios.validar_area(area)
    patron = folios.validar_formato(settings.DOCUMENTOS_FOLIO_FORMATO)
    ahora = ahora or timezone.now()
    anio = timezone.localtime(ahora).year
    with transaction.atomic():
        # The series exists once (ON CONFLICT DO NOTHING), then is locked until commit.
        SerieFolio.objects.bulk_create([SerieFolio(area=area, anio=anio)], ignore_conflicts=True)
        serie = SerieFolio.objects.select_for_update().get(area=area, anio=anio)
        serie.ultimo += 1
        serie.save(update_fields=["ultimo"])
        texto = folios.formatear(
            patron=patron,
            institucion=settings.DOCUMENTOS_FOLIO_INSTITUCION,
            area=area,
            numero=serie.ultimo,
            anio=anio,
        )
        folio = Folio.objects.create(
            serie=serie, numero=serie.ultimo, texto=texto, asunto=asunto[:200], creado=ahora
        )
        audit.record(
            actor=actor,
            action="documentos.folio",
            obj=folio,
            after={
                "folio": texto,
                "area": area,
                "anio": anio,
                "numero": serie.ultimo,
                "asunto": folio.asunto,
            },
        )
    return folio
