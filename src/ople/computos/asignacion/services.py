"""Issuing the constancias de asignación of an RP allocation: gap-free folios and PDFs.

One transaction: every constancia takes the next folio of ``area``'s series
(``ople.documentos.services.folios``, which audits each folio) and is rendered with its SHA-256
and QR; if any fails, no folio is used. Nothing of the computos' own models is written yet (the
cómputo estatal session, issue 19/20, will record the versions and what was issued)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ople import profiles
from ople.computos.asignacion import constancias
from ople.documentos import pdf
from ople.documentos.services.folios import tomar_folio
from ople.ley.rp_personas import Asignacion


@dataclass(frozen=True)
class ConstanciaEmitida:
    folio: str
    partido: str
    numero: int
    propietario: str
    sha256: str  # of the document's canonical content (what the QR's URL names)
    pdf: bytes


def emitir_constancias(
    *,
    asignacion: Asignacion,
    organo: str,
    cargo: str,
    version: str,
    actor: Any | None,
    area: str = "SE",
    ahora: datetime | None = None,
) -> list[ConstanciaEmitida]:
    """One constancia per RP seat of ``asignacion``, in one transaction."""
    ahora = ahora or timezone.now()
    emitidas: list[ConstanciaEmitida] = []
    with transaction.atomic():
        for i in asignacion.integrantes:
            folio = tomar_folio(
                area=area,
                asunto=f"Constancia de asignación RP: {organo}, {i.partido} {i.numero}",
                actor=actor,
                ahora=ahora,
            )
            doc = constancias.constancia(
                i,
                organo=organo,
                cargo=cargo,
                version=version,
                folio=folio.texto,
                fecha=ahora,
                institucion=profiles.cargar(settings.OPLE_PROFILE).institucion,
            )
            emitidas.append(
                ConstanciaEmitida(
                    folio=folio.texto,
                    partido=i.partido,
                    numero=i.numero,
                    propietario=i.propietario.nombre,
                    sha256=pdf.sha256(doc),
                    pdf=pdf.renderizar(doc, url_base=settings.DOCUMENTOS_URL_VERIFICACION),
                )
            )
    return emitidas
