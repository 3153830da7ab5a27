"""The RP allocation's services: issuing constancias and publishing the site.

``emitir_constancias``: one transaction; every constancia takes the next folio of ``area``'s
series (``ople.documentos.services.folios``, which audits each folio) and is rendered with its
SHA-256 and QR; if any fails, no folio is used. ``publicar_asignacion``: every version as one
signed cut of the ``asignacion`` site (``ople.publicacion``, audit action ``computos.rp_corte``),
the constancias in its store. Nothing of the computos' own models is written yet (the cómputo
estatal session will record the versions and what was issued)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ople import profiles
from ople.computos.asignacion import constancias, sitio
from ople.core.errors import OpleError
from ople.documentos import pdf
from ople.documentos.services.emision import emitir
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
                    pdf=emitir(doc, sistema="computos", actor=actor, ahora=ahora),
                )
            )
    return emitidas


SITIO = "asignacion"


def huella(v: sitio.Version) -> str:
    """SHA-256 of what a version says: its origin and each body's complete input and holders."""
    contenido = {
        "numero": v.numero,
        "origen": v.origen,
        "expediente": v.expediente,
        "vigente_desde": v.vigente_desde,
        "motivo": v.motivo,
        "organos": [
            {
                "clave": o.clave,
                "entrada": o.entrada,
                "titulares": [
                    [
                        i.partido,
                        i.numero,
                        i.propietario.clave,
                        i.suplente.clave if i.suplente else None,
                    ]
                    for i in (o.personas.integrantes if o.personas else ())
                ],
            }
            for o in v.organos
        ],
    }
    return hashlib.sha256(
        json.dumps(contenido, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()


# The office a constancia names, by body.
CARGOS = {"congreso": "Diputación", "ayuntamiento": "Regiduría"}


class VersionPublicada(OpleError):
    def __init__(self, mensaje: str) -> None:
        super().__init__("version_publicada", mensaje)


def _publicadas(sitio_pub: Any) -> dict[int, dict[str, Any]]:
    """The versions in the site's current cut: number -> its emitidos.json."""
    from ople.publicacion import CortePublicado

    ultimo = CortePublicado.objects.filter(sitio=sitio_pub.nombre).order_by("-corte_en").first()
    if ultimo is None:
        return {}
    raiz = Path(sitio_pub.raiz) / "cortes" / ultimo.nombre / "versiones"
    r: dict[int, dict[str, Any]] = {}
    for archivo in raiz.glob("*/emitidos.json"):
        r[int(archivo.parent.name)] = json.loads(archivo.read_bytes())
    return r


def publicar_asignacion(
    versiones: Sequence[sitio.Version],
    *,
    actor: Any | None,
    corte_en: datetime | None = None,
) -> Any:
    """Publish every version of the allocation as one signed cut of the ``asignacion`` site.

    The Congress's constancias are issued for the seats each version gives to a new person
    (every seat in the first version; in a later one only the seats whose holder changed) and
    published in the site's store; each version's page links the constancia of each seat. A
    version already published is reused as it was (its annex and constancias, no new folio) and
    must be given again unchanged: a correction is a new version (``VersionPublicada``).
    Returns the ``CortePublicado``."""
    from ople.publicacion import publicar, sitio_de

    corte_en = corte_en or timezone.now()
    sitio_pub = sitio_de(SITIO)
    publicadas = _publicadas(sitio_pub)
    dadas = {v.numero for v in versiones}
    faltan = sorted(set(publicadas) - dadas)
    if faltan:
        raise VersionPublicada(
            f"La versión {faltan[0]} ya está publicada: inclúyala; ninguna versión se retira."
        )
    dir_almacen = Path(sitio_pub.raiz) / sitio_pub.almacen
    almacen: dict[str, bytes] = {}
    vigentes: dict[
        str, dict[tuple[str, int], tuple[str, str]]
    ] = {}  # body -> seat -> (holder, file)
    con_constancias: list[sitio.Version] = []
    with transaction.atomic():
        for v in sorted(versiones, key=lambda v: v.numero):
            v = replace(v, huella=huella(v))
            previa = publicadas.get(v.numero)
            if previa is not None:
                if previa["huella"] != v.huella:
                    raise VersionPublicada(
                        f"La versión {v.numero} ya se publicó con otro contenido; una corrección "
                        "es una versión nueva."
                    )
                organos = []
                for o in v.organos:
                    emitidas = previa["organos"].get(o.clave)
                    if emitidas is None:
                        organos.append(o)
                        continue
                    mapa = {}
                    for asiento, d in emitidas.items():
                        p, n = asiento.rsplit("|", 1)
                        mapa[(p, int(n))] = (d["titular"], d["archivo"])
                        almacen[d["archivo"]] = (dir_almacen / d["archivo"]).read_bytes()
                    vigentes[o.clave] = mapa
                    organos.append(replace(o, constancias={k: f for k, (_, f) in mapa.items()}))
                if previa["anexo"]:
                    almacen[previa["anexo"]] = (dir_almacen / previa["anexo"]).read_bytes()
                con_constancias.append(replace(v, organos=organos, anexo=previa["anexo"]))
                continue
            organos = []
            for o in v.organos:
                if o.personas is None:
                    organos.append(o)
                    continue
                del_organo = vigentes.setdefault(o.clave, {})
                nuevos = [
                    (i.partido, i.numero)
                    for i in o.personas.integrantes
                    if del_organo.get((i.partido, i.numero), ("", ""))[0] != i.propietario.clave
                ]
                for c in emitir_constancias(
                    asignacion=o.personas,
                    organo=o.nombre,
                    cargo=CARGOS.get(str(o.entrada.get("organo")), "Regiduría"),
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
                    del_organo[(c.partido, c.numero)] = (titular, nombre)
                actuales = {(i.partido, i.numero) for i in o.personas.integrantes}
                organos.append(
                    replace(
                        o,
                        constancias={k: f for k, (_, f) in del_organo.items() if k in actuales},
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
            anexo = emitir(doc, sistema="computos", actor=actor, ahora=corte_en)
            nombre_anexo = f"{hashlib.sha256(anexo).hexdigest()}.pdf"
            almacen[nombre_anexo] = anexo
            con_constancias.append(replace(v, organos=organos, anexo=nombre_anexo))
        archivos = sitio.generar_versiones(con_constancias)
        return publicar(
            sitio_pub,
            archivos,
            corte_en=corte_en,
            almacen=almacen,
            accion="computos.rp_corte",
            actor=actor,
            descripcion=f"Asignación de representación proporcional, versión {con_constancias[-1].numero}",
        )
