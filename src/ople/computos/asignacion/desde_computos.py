"""The Consejo General's allocation from the closed cómputos (pure): each consejo's latest
version → a version file (``versiones.leer``'s format), so the session, the published input and
``ople computos rp-verificar`` treat it exactly as a file given by hand (issue 20, item 4).

Each distrital cómputo gives the Congress its party votes after its own coalition split, its
nulos, no registrados and independents, its MR winner and the parties with a candidacy there
(summed by ``estatal.sumar``, which names a missing district); each municipal cómputo gives its
ayuntamiento's figures and winning planilla.

The **siglado** (which partner of a coalition a winning fórmula belongs to) is the coalition's
convenio as registered in candidaturas (``candidaturas.selectors.siglado``, carried in
``ComputoCerrado.siglado``): a coalition's MR seat is counted for that party. Where none was
registered for the demarcación, the seat is counted for the partner with the most votes after
the split there, and every such case is named in ``Desde.avisos`` (and on the session screen) so
the Consejo General can correct it with a version file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ComputoCerrado:
    """One consejo's closed cómputo, as the allocation needs it."""

    consejo: str  # CD01, CM05
    tipo: str  # DISTRITAL | MUNICIPAL
    numero: int  # the demarcación's number (the district)
    municipio: str  # the municipio's name (municipal cómputos)
    version: int
    distribuido: Mapping[str, int]  # party votes after the coalition split
    nulos: int
    no_registrados: int
    independientes: int
    ganadora: str | None  # the winning candidacy (party, coalition or CAND_IND_n)
    partidos_ganadora: tuple[str, ...]  # its parties (none: an independent)
    partidos_con_candidatura: tuple[str, ...]
    siglado: str | None = None  # the party the registered siglado gives a coalition's win to
    # the genders (M, H, X) of the winning candidacy's propietarios as approved in candidaturas,
    # by position (a distrito: one; a planilla: as many as registered; none found: empty, e.g.
    # an independent or an ople without candidaturas)
    generos_ganadora: tuple[str, ...] = ()


@dataclass(frozen=True)
class Desde:
    """A version file built from the cómputos, and what the session must be told about it."""

    version: dict[str, Any]
    avisos: tuple[str, ...] = field(default=())


def _slug(texto: str) -> str:
    base = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return "-".join(base.lower().split())


def _partido_ganador(c: ComputoCerrado, avisos: list[str]) -> str | None:
    if not c.partidos_ganadora:
        return None
    if len(c.partidos_ganadora) == 1:
        return c.partidos_ganadora[0]
    if c.siglado in c.partidos_ganadora:
        return c.siglado
    # ties: the first on the ballot (max keeps the first of equals)
    elegido = max(c.partidos_ganadora, key=lambda p: c.distribuido.get(p, 0))
    avisos.append(
        f"{c.consejo}: ganó la coalición {c.ganadora}; sin siglado registrado, el triunfo "
        f"de mayoría se cuenta a {elegido} (su integrante con más votos en la demarcación). "
        "Corríjalo con un archivo de versión si el convenio dice otra cosa."
    )
    return elegido


def version_desde_computos(
    computos: Sequence[ComputoCerrado],
    *,
    cabildos: Mapping[str, tuple[int, int]],
    vigente_desde: str,
    numero: int = 1,
    nombre_congreso: str = "Congreso del Estado",
) -> Desde:
    """The version file of the cómputo estatal. ``cabildos``: municipio → (seats, RP seats), the
    profile's; a municipio without a closed cómputo, or one the profile does not list, is left
    out and named in ``avisos``."""
    avisos: list[str] = []
    distritales = sorted((c for c in computos if c.tipo == "DISTRITAL"), key=lambda c: c.numero)
    municipales = sorted((c for c in computos if c.tipo == "MUNICIPAL"), key=lambda c: c.numero)
    organos: list[dict[str, Any]] = []
    if distritales:
        distritos = []
        for c in distritales:
            ganador = _partido_ganador(c, avisos)
            d: dict[str, Any] = {
                "distrito": c.numero,
                "votos": dict(c.distribuido),
                "nulos": c.nulos,
                "no_registrados": c.no_registrados,
                "independientes": c.independientes,
                "candidaturas": sorted(c.partidos_con_candidatura),
            }
            if ganador is None:
                d["gana_independiente"] = True
            else:
                d["ganador"] = ganador
            distritos.append(d)
        sin_genero = [c.consejo for c in distritales if not c.generos_ganadora]
        if sin_genero:
            avisos.append(
                f"{', '.join(sin_genero)}: sin el registro de la candidatura ganadora en "
                "candidaturas; su género no se cuenta en la paridad del Congreso."
            )
        organos.append(
            {
                "clave": "congreso",
                "nombre": nombre_congreso,
                "entrada": {"organo": "congreso", "distritos": distritos},
                # the women among the MR winners (legal.md §2.3: the parity of the whole body)
                "mujeres_mr": sum(c.generos_ganadora[:1] == ("M",) for c in distritales),
            }
        )
    vistos = set()
    for c in municipales:
        vistos.add(c.municipio)
        if c.municipio not in cabildos:
            avisos.append(f"{c.consejo}: el perfil no tiene el cabildo de «{c.municipio}».")
            continue
        ganador = _partido_ganador(c, avisos)
        if ganador is None:
            avisos.append(
                f"{c.consejo}: ganó una planilla independiente; su cabildo se asigna aparte."
            )
            continue
        escanos, rp = cabildos[c.municipio]
        if len(c.generos_ganadora) < escanos - rp:
            avisos.append(
                f"{c.consejo}: candidaturas tiene {len(c.generos_ganadora)} de los "
                f"{escanos - rp} integrantes de la planilla ganadora; la paridad del cabildo "
                "cuenta sólo a las mujeres registradas."
            )
        organos.append(
            {
                "clave": f"ayuntamiento-{_slug(c.municipio)}",
                "nombre": f"Ayuntamiento de {c.municipio}",
                "entrada": {
                    "organo": "ayuntamiento",
                    "municipio": c.municipio,
                    "votos": dict(c.distribuido),
                    "nulos": c.nulos,
                    "no_registrados": c.no_registrados,
                    "independientes": c.independientes,
                    "ganador": ganador,
                    "mr": {ganador: escanos - rp},
                },
                "mujeres_mr": c.generos_ganadora[: escanos - rp].count("M"),
            }
        )
    for municipio in cabildos:
        if municipio not in vistos:
            avisos.append(f"Ayuntamiento de {municipio}: su cómputo municipal no está cerrado.")
    consejos = ", ".join(f"{c.consejo} v{c.version}" for c in (*distritales, *municipales))
    return Desde(
        {
            "numero": numero,
            "origen": "IEE",
            "expediente": "Cómputo estatal del Consejo General",
            "vigente_desde": vigente_desde,
            "motivo": f"Suma de los cómputos cerrados ({consejos})",
            "organos": organos,
        },
        tuple(avisos),
    )
