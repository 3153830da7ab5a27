"""From the records of a consejo to the law's inputs: ballot columns, candidacies, the figures of
each casilla as the cómputo counts them, the sum and the split. Reads only (no writes)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.apps import apps

from ople import profiles
from ople.catalog import selectors as catalogo
from ople.computos import perfil as perfil_computos
from ople.computos.models import ActaEnMano, Consejo, Expediente
from ople.ley import boleta
from ople.ley import recuento as ley_recuento
from ople.ley.distribucion import (
    DESEMPATE_ORDEN_BOLETA,
    Candidatura,
    candidaturas,
    distribuir,
    totales_candidatura,
)

_TIPOS = {
    "PARTIDO": "PARTIDO",
    "COMBINACION": "COMBINACION",
    "CAND_COMUN": "CAND_COMUN",
    "INDEPENDIENTE": "CI",
    "NO_REGISTRADAS": "CNR",
    "NULOS": "NULOS",
}


@dataclass(frozen=True)
class Boleta:
    """The ballot of one consejo's contest: its columns and candidacies, and the party order."""

    columnas: tuple[boleta.Columna, ...]
    candidaturas: tuple[Candidatura, ...]
    partidos: tuple[str, ...]  # ballot order
    coaliciones: Mapping[str, tuple[str, ...]]

    @property
    def nombres(self) -> tuple[str, ...]:
        return tuple(c.columna for c in self.columnas)


# The ballot of a consejo does not change during its cómputo (the catalog is closed well before):
# a capture reads it from here instead of from the catalog's tables, for a few seconds.
_BOLETAS: dict[int, tuple[float, Boleta]] = {}
_VIGENCIA_S = 30.0


def boleta_de(consejo: Consejo) -> Boleta:
    ahora = time.monotonic()
    guardada = _BOLETAS.get(consejo.pk)
    if guardada is not None and ahora - guardada[0] < _VIGENCIA_S:
        return guardada[1]
    bol = _leer_boleta(consejo)
    _BOLETAS[consejo.pk] = (ahora, bol)
    return bol


def olvidar_boletas() -> None:
    """Forget the ballots read (new consejos: their ids may be reused, e.g. between tests)."""
    _BOLETAS.clear()


def _leer_boleta(consejo: Consejo) -> Boleta:
    dem = consejo.demarcacion
    cols: list[boleta.Columna] = []
    for o in catalogo.opciones_de(dem):
        tipo = _TIPOS.get(str(o.tipo), str(o.tipo))
        siglas = tuple(p.siglas for p in sorted(o.partidos.all(), key=lambda p: p.orden))
        cols.append(boleta.Columna(o.columna, tipo, siglas, (), o.numero_ci))  # type: ignore[arg-type]
    coaliciones = catalogo.coaliciones_de(dem)
    partidos = tuple(c.columna for c in cols if c.tipo == "PARTIDO")
    return Boleta(tuple(cols), tuple(candidaturas(cols, coaliciones)), partidos, coaliciones)


def seccion_perfil(consejo: Consejo) -> perfil_computos.SeccionComputos:
    nombre = consejo.demarcacion.eleccion.proceso.perfil
    try:
        return perfil_computos.de(profiles.cargar(nombre))
    except profiles.PerfilInvalido:
        return perfil_computos.DEFECTO


def acta_ley(a: ActaEnMano | None) -> ley_recuento.Acta | None:
    if a is None:
        return None
    return ley_recuento.Acta(
        votos={k: int(v) for k, v in a.votos.items()},
        personas_votaron=a.personas_votaron,
        votos_sacados=a.votos_sacados,
        ilegibles=frozenset(a.ilegibles),
        alteraciones_evidentes=a.alteraciones_evidentes,
    )


@dataclass(frozen=True)
class CondicionLeida:
    """A casilla's package condition as the paquetes system knows it (its custody record):
    ``alteracion`` feeds C7; ``sin_acta`` (no acta outside the package nor inside it when it was
    opened) removes the package's acta, so C3 applies unless the presidency holds another copy."""

    alteracion: bool
    sin_acta: bool
    clave: str = ""


# An expediente's condition when nobody asked the paquetes system: read it for that casilla.
_LEER: Final = object()


def paquetes_en_uso() -> bool:
    """The paquetes system is installed in this ople (``ople.sistemas``)."""
    return apps.is_installed("ople.paquetes")


def condiciones_paquete(
    consejo: Consejo, casillas: Iterable[int] | None = None
) -> dict[int, CondicionLeida]:
    """{casilla id: its package's condition} from ``paquetes.selectors.estado_paquetes``, for the
    casillas of ``consejo`` whose package of the consejo's election the paquetes system tracks.
    A casilla absent from the answer has no tracked package: its condition is the one recorded
    here by hand (``CondicionPaquete``), the path for an ople without the paquetes system.
    docs/computos.md, «Condición de los paquetes»."""
    if not paquetes_en_uso():
        return {}
    from ople.paquetes import selectors as paquetes

    if casillas is None:
        casillas = consejo.expedientes.values_list("casilla_id", flat=True)
    estados = paquetes.estado_paquetes(
        eleccion=consejo.demarcacion.eleccion_id, casillas=list(casillas)
    )
    return {
        cid: CondicionLeida(alteracion=e.alteracion, sin_acta=e.sin_acta, clave=e.clave)
        for cid, e in estados.items()
    }


def condicion_de(exp: Expediente) -> CondicionLeida | None:
    """One casilla's condition from the paquetes system (None: not tracked there)."""
    return condiciones_paquete(exp.consejo, [exp.casilla_id]).get(exp.casilla_id)


def expediente_ley(
    exp: Expediente,
    *,
    paquete: Mapping[str, int] | None = None,
    condicion: CondicionLeida | None | object = _LEER,
) -> ley_recuento.Expediente:
    """What is in hand for one casilla (the latest record of each origin). ``paquete``: the
    figures read aloud at the cotejo, which replace the package's acta recorded before.
    ``condicion``: the package's condition from the paquetes system (``condiciones_paquete``,
    None when it does not track it); read for this casilla when not given."""
    if condicion is _LEER:
        condicion = condicion_de(exp)
    assert condicion is None or isinstance(condicion, CondicionLeida)
    ultimas: dict[str, ActaEnMano] = {}
    representantes: dict[str, ActaEnMano] = {}
    for a in exp.actas.all():
        if a.origen == ActaEnMano.Origen.REPRESENTACION:
            representantes[a.partido] = a
        else:
            ultimas[a.origen] = a
    cond = None
    for c in exp.condiciones.all():
        cond = c
    acta_paquete = acta_ley(ultimas.get(ActaEnMano.Origen.PAQUETE))
    if paquete is not None:
        base = acta_paquete
        acta_paquete = ley_recuento.Acta(
            votos=dict(paquete),
            personas_votaron=base.personas_votaron if base else None,
            votos_sacados=base.votos_sacados if base else None,
            alteraciones_evidentes=base.alteraciones_evidentes if base else False,
        )
    copias = tuple(x for x in (acta_ley(a) for a in representantes.values()) if x is not None)
    if condicion is not None:
        # The custody record decides the package's condition; the consejo's own finding that an
        # inconsistency was cleared up (C4) is still read from here.
        alteracion = condicion.alteracion
        if condicion.sin_acta:
            acta_paquete = None
    else:
        alteracion = bool(cond and cond.con_alteracion)
    return ley_recuento.Expediente(
        acta_paquete=acta_paquete,
        copia_presidencia=acta_ley(ultimas.get(ActaEnMano.Origen.PRESIDENCIA)),
        copias_representantes=copias,
        paquete_con_alteracion=alteracion,
        inconsistencia_aclarada=bool(cond and cond.inconsistencia_aclarada),
    )


def causales_de(
    exp: Expediente,
    bol: Boleta,
    *,
    condiciones: Mapping[int, CondicionLeida] | None = None,
    **kw: Any,
) -> tuple[str, ...]:
    """The recount causes of one casilla. ``condiciones``: ``condiciones_paquete`` of its consejo
    read once for many casillas (without it, this casilla's package is read)."""
    if condiciones is not None:
        kw["condicion"] = condiciones.get(exp.casilla_id)
    return ley_recuento.causales(expediente_ley(exp, **kw), candidaturas=bol.candidaturas)


def cifras_en_mano(exp: Expediente) -> dict[str, int] | None:
    """The best figures in hand before the session: the package's acta, else the presidency's
    copy, else the PREP's capture (for the reunión de trabajo and the ≤ 1 point indicio)."""
    por_origen: dict[str, ActaEnMano] = {}
    for a in exp.actas.all():
        por_origen.setdefault(a.origen, a)
        por_origen[a.origen] = a
    for origen in (
        ActaEnMano.Origen.PAQUETE,
        ActaEnMano.Origen.PRESIDENCIA,
        ActaEnMano.Origen.PREP,
        ActaEnMano.Origen.REPRESENTACION,
    ):
        if origen in por_origen:
            return {k: int(v) for k, v in por_origen[origen].votos.items()}
    return None


def cifras_computadas(exp: Expediente) -> tuple[dict[str, int], str] | None:
    """The figures the cómputo counts for a casilla and their source: the recount (plus the
    pleno's decisions on its reserved votes) or the accepted cotejo; None while pending."""
    rec = getattr(exp, "recuento", None)
    if rec is not None:
        votos = {k: int(v) for k, v in rec.votos.items()}
        for r in rec.reservados.all():
            d = getattr(r, "decision", None)
            if d is not None:
                votos[d.columna] = votos.get(d.columna, 0) + 1
        return votos, "RECUENTO"
    cot = getattr(exp, "cotejo", None)
    if cot is not None and cot.resultado == cot.Resultado.ACEPTADA:
        return {k: int(v) for k, v in cot.votos.items()}, "COTEJO"
    return None


def sumar_columnas(filas: Sequence[Mapping[str, int]], columnas: Sequence[str]) -> dict[str, int]:
    total = dict.fromkeys(columnas, 0)
    for f in filas:
        for k, v in f.items():
            total[k] = total.get(k, 0) + v
    return total


def desempate(bol: Boleta, seccion: perfil_computos.SeccionComputos) -> tuple[str, ...]:
    if seccion.distribucion.desempate == DESEMPATE_ORDEN_BOLETA:
        return bol.partidos
    # ORDEN_CONVENIO: coalition members as the convenio lists them, then the rest of the ballot.
    orden = [p for miembros in bol.coaliciones.values() for p in miembros]
    return tuple(dict.fromkeys([*orden, *bol.partidos]))


def resultados(
    por_columna: Mapping[str, int], bol: Boleta, seccion: perfil_computos.SeccionComputos
) -> tuple[dict[str, int], dict[str, int]]:
    """(votes per candidacy, party totals after the coalition split)."""
    por_candidatura = totales_candidatura(por_columna, bol.candidaturas)
    propios = {p: por_columna.get(p, 0) for p in bol.partidos}
    combos = {
        c.partidos: por_columna.get(c.columna, 0) for c in bol.columnas if c.tipo == "COMBINACION"
    }
    return por_candidatura, distribuir(propios, combos, desempate=desempate(bol, seccion))
