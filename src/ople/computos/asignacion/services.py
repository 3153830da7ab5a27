"""The RP allocation's services: issuing constancias and publishing the site.

``emitir_constancias``: one transaction; every constancia takes the next folio of ``area``'s
series (``ople.documentos.services.folios``, which audits each folio) and is rendered with its
SHA-256 and QR; if any fails, no folio is used. ``publicar_asignacion``: every version as one
signed cut of the ``asignacion`` site (``ople.publicacion``, audit action ``computos.rp_corte``),
the constancias in its store. Nothing of the computos' own models is written yet (the cómputo
estatal session will record the versions and what was issued)."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ople import profiles
from ople.computos.asignacion import constancias, sitio
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
    solo: Collection[tuple[str, int]] | None = None,
) -> list[ConstanciaEmitida]:
    """One constancia per RP seat of ``asignacion`` (or only the seats ``solo`` names: (party,
    n-th seat)), in one transaction."""
    ahora = ahora or timezone.now()
    emitidas: list[ConstanciaEmitida] = []
    with transaction.atomic():
        for i in asignacion.integrantes:
            if solo is not None and (i.partido, i.numero) not in solo:
                continue
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


SITIO = "asignacion"


def publicar_asignacion(
    versiones: Sequence[sitio.Version],
    *,
    actor: Any | None,
    corte_en: datetime | None = None,
    cargo: str = "Diputación",
) -> Any:
    """Publish every version of the allocation as one signed cut of the ``asignacion`` site.

    The Congress's constancias are issued for the seats each version gives to a new person
    (every seat in the first version; in a later one only the seats whose holder changed) and
    published in the site's store; each version's page links the constancia of each seat.
    Returns the ``CortePublicado``."""
    from ople.publicacion import publicar, sitio_de

    corte_en = corte_en or timezone.now()
    almacen: dict[str, bytes] = {}
    vigentes: dict[tuple[str, int], tuple[str, str]] = {}  # seat -> (holder's key, file)
    con_constancias: list[sitio.Version] = []
    with transaction.atomic():
        for v in sorted(versiones, key=lambda v: v.numero):
            organos = []
            for o in v.organos:
                if o.personas is None:
                    organos.append(o)
                    continue
                nuevos = [
                    (i.partido, i.numero)
                    for i in o.personas.integrantes
                    if vigentes.get((i.partido, i.numero), ("", ""))[0] != i.propietario.clave
                ]
                for c in emitir_constancias(
                    asignacion=o.personas,
                    organo=o.nombre,
                    cargo=cargo,
                    version=f"versión {v.numero}, {v.origen} {v.expediente}",
                    actor=actor,
                    ahora=corte_en,
                    solo=set(nuevos),
                ):
                    nombre = f"{hashlib.sha256(c.pdf).hexdigest()}.pdf"
                    almacen[nombre] = c.pdf
                    titular = next(
                        i.propietario.clave
                        for i in o.personas.integrantes
                        if (i.partido, i.numero) == (c.partido, c.numero)
                    )
                    vigentes[(c.partido, c.numero)] = (titular, nombre)
                actuales = {(i.partido, i.numero) for i in o.personas.integrantes}
                organos.append(
                    replace(
                        o,
                        constancias={k: f for k, (_, f) in vigentes.items() if k in actuales},
                    )
                )
            folio = tomar_folio(
                area="SE",
                asunto=f"Anexo del acuerdo de asignación RP, versión {v.numero}",
                actor=actor,
                ahora=corte_en,
            )
            doc = constancias.anexo_de(
                [(o.nombre, o.resultado) for o in v.organos],
                version=f"Versión {v.numero}: {v.origen} {v.expediente}, vigente desde "
                f"{v.vigente_desde}. {v.motivo}",
                folio=folio.texto,
                fecha=corte_en,
            )
            anexo = pdf.renderizar(doc, url_base=settings.DOCUMENTOS_URL_VERIFICACION)
            nombre_anexo = f"{hashlib.sha256(anexo).hexdigest()}.pdf"
            almacen[nombre_anexo] = anexo
            con_constancias.append(replace(v, organos=organos, anexo=nombre_anexo))
        archivos = sitio.generar_versiones(con_constancias)
        return publicar(
            sitio_de(SITIO),
            archivos,
            corte_en=corte_en,
            almacen=almacen,
            accion="computos.rp_corte",
            actor=actor,
            descripcion=f"Asignación de representación proporcional, versión {con_constancias[-1].numero}",
        )
