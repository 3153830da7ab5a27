"""Pure generation of a simulated election night (no Django import).

Given the expected actas of a process (their fields and casilla data), produce for each acta
the true numbers written on it, how it reaches the PREP (PREP Casilla photo, CATD scan, or
never: sin acta) and when, and the mistakes the simulated capture operators will make. The
driver plays this script against the real system over HTTP; at the end the same script is the
oracle the final cut is checked against.

Times are minutes after the casillas close (18:00 local time).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ople.ley.actas import (
    BOLETAS_SOBRANTES,
    ILEGIBLE,
    PERSONAS_VOTARON,
    REPRESENTANTES_VOTARON,
    SIN_DATO,
    TOTAL_ASENTADO,
    VOTOS_SACADOS,
    columnas_acta,
)

CAUSAS_SIN_ACTA = (
    "SIN_ACTA_PAQUETE_NO_ENTREGADO",
    "SIN_ACTA_CASILLA_NO_INSTALADA",
    "SIN_ACTA_SIN_SOBRE",
)

Valor = int | str


@dataclass(frozen=True)
class ActaEntrada:
    """What the simulator needs to know of one expected acta."""

    clave_acta: str
    clave_casilla: str
    tipo_casilla: str
    lista_nominal: int
    columnas_voto: tuple[str, ...]  # applicable vote columns in the acta's order
    grupo: str  # e.g. the demarcación, for regional preferences


@dataclass(frozen=True)
class Parametros:
    participacion_media: float = 0.58
    fraccion_casilla: float = 0.33  # actas photographed with PREP Casilla
    prob_sin_acta: float = 0.008
    prob_fuera_catalogo: float = 0.003  # extra scans that match no acta
    prob_error_captura: float = 0.04  # a capture with one mistyped field
    prob_campo_ilegible: float = 0.05  # an acta with some illegible field
    prob_todos_ilegibles: float = 0.004
    prob_asentado_distinto: float = 0.08
    boletas_especial: int = 1000
    duracion_min: float = 360.0  # six hours of night


@dataclass(frozen=True)
class ActaSimulada:
    entrada: ActaEntrada
    valores: Mapping[str, Valor]  # what is written on the acta (the truth the CSV must show)
    sin_acta: str | None
    foto_casilla_min: float | None  # PREP Casilla upload time, if any
    llegada_catd_min: float | None  # acopio + scan at the CATD, if any
    # One (field, wrong value) per blind capture; field "" means that capture is right.
    errores: tuple[tuple[str, int], ...] = field(default=())


@dataclass(frozen=True)
class Escenario:
    actas: tuple[ActaSimulada, ...]
    fuera_catalogo: tuple[float, ...]  # times of scans that match no expected acta
    semilla: int

    def por_clave(self) -> dict[str, ActaSimulada]:
        return {a.entrada.clave_acta: a for a in self.actas}


def campos_de_columnas(columnas_voto: Sequence[str]) -> list[str]:
    """All fields of an acta with these vote columns, in the order it prints them."""
    return list(columnas_acta(columnas_voto))


def campos(entrada: ActaEntrada) -> list[str]:
    return campos_de_columnas(entrada.columnas_voto)


def _llegada_catd(rng: random.Random, duracion: float) -> float:
    # Packages reach the CATD on a skewed curve: the bulk two to five hours after closing.
    t = rng.lognormvariate(5.0, 0.45)  # median ~148 min
    return min(max(t, 25.0), duracion * 0.97)


def _votos(
    rng: random.Random, entrada: ActaEntrada, pesos: Mapping[str, float], p: Parametros
) -> dict[str, int]:
    if entrada.tipo_casilla == "S":
        votantes = rng.randint(int(p.boletas_especial * 0.25), int(p.boletas_especial * 0.7))
    else:
        tasa = min(0.95, max(0.2, rng.gauss(p.participacion_media, 0.08)))
        votantes = int(entrada.lista_nominal * tasa)
    columnas = entrada.columnas_voto
    w = [pesos.get(c, 0.01) * rng.uniform(0.6, 1.4) for c in columnas]
    total_w = sum(w) or 1.0
    votos = {c: int(votantes * wi / total_w) for c, wi in zip(columnas, w, strict=True)}
    return votos


def _pesos_grupo(rng: random.Random, columnas: Sequence[str]) -> dict[str, float]:
    pesos: dict[str, float] = {}
    for c in columnas:
        if c == "NULOS":
            pesos[c] = 0.025
        elif c.startswith(("NO_REGISTRAD", "CNR")):
            pesos[c] = 0.001
        elif c.startswith(("C_", "CC_")) or "_" in c and not c.startswith("CAND_IND"):
            pesos[c] = rng.uniform(0.002, 0.02)  # coalition combinations get few votes
        elif c.startswith(("CAND_IND", "CI")):
            pesos[c] = rng.uniform(0.01, 0.06)
        else:
            pesos[c] = rng.uniform(0.02, 0.35)
    return pesos


def generar(
    entradas: Sequence[ActaEntrada], *, semilla: int = 2024, parametros: Parametros | None = None
) -> Escenario:
    p = parametros or Parametros()
    rng = random.Random(semilla)
    pesos_por_grupo: dict[tuple[str, tuple[str, ...]], dict[str, float]] = {}
    # Casilla-level facts are shared by all actas of a casilla (same package, same CAE).
    por_casilla: dict[str, tuple[str | None, float | None, float | None]] = {}
    actas: list[ActaSimulada] = []
    for entrada in entradas:
        if entrada.clave_casilla not in por_casilla:
            sin_acta = rng.choice(CAUSAS_SIN_ACTA) if rng.random() < p.prob_sin_acta else None
            foto = None
            catd = None
            if sin_acta is None:
                if rng.random() < p.fraccion_casilla:
                    foto = min(rng.uniform(8.0, 150.0), p.duracion_min * 0.9)
                catd = _llegada_catd(rng, p.duracion_min)
            por_casilla[entrada.clave_casilla] = (sin_acta, foto, catd)
        sin_acta, foto, catd = por_casilla[entrada.clave_casilla]
        key = (entrada.grupo, entrada.columnas_voto)
        if key not in pesos_por_grupo:
            pesos_por_grupo[key] = _pesos_grupo(rng, entrada.columnas_voto)
        votos = _votos(rng, entrada, pesos_por_grupo[key], p)
        valores: dict[str, Valor] = dict(votos)
        total = sum(votos.values())
        reps = rng.randint(0, 6)
        valores[BOLETAS_SOBRANTES] = max(
            0,
            (entrada.lista_nominal or p.boletas_especial) + reps - total,
        )
        valores[PERSONAS_VOTARON] = total
        valores[REPRESENTANTES_VOTARON] = reps
        valores[VOTOS_SACADOS] = total
        valores[TOTAL_ASENTADO] = (
            total + rng.choice((-3, -1, 1, 2, 10))
            if rng.random() < p.prob_asentado_distinto
            else total
        )
        if sin_acta is not None:
            valores = {c: 0 for c in campos(entrada)}
        elif rng.random() < p.prob_todos_ilegibles:
            for c in entrada.columnas_voto:
                valores[c] = ILEGIBLE
        elif rng.random() < p.prob_campo_ilegible:
            for c in rng.sample(list(entrada.columnas_voto), k=min(2, len(entrada.columnas_voto))):
                valores[c] = rng.choice((ILEGIBLE, SIN_DATO))
        errores: list[tuple[str, int]] = []
        if sin_acta is None:
            for i in range(2):  # each of the two blind captures may slip once
                if rng.random() < p.prob_error_captura:
                    campo = rng.choice(campos(entrada))
                    actual = valores[campo]
                    # The two slips never agree on a wrong value (+1 vs +2).
                    errores.append((campo, (actual + 1 + i) if isinstance(actual, int) else 7 + i))
                else:
                    errores.append(("", 0))
        ordered = {c: valores[c] for c in campos(entrada)}
        actas.append(
            ActaSimulada(
                entrada=entrada,
                valores=ordered,
                sin_acta=sin_acta,
                foto_casilla_min=foto,
                llegada_catd_min=catd,
                errores=tuple(errores),
            )
        )
    n_fuera = sum(1 for _ in entradas if rng.random() < p.prob_fuera_catalogo)
    fuera = tuple(sorted(_llegada_catd(rng, p.duracion_min) for _ in range(n_fuera)))
    return Escenario(actas=tuple(actas), fuera_catalogo=fuera, semilla=semilla)


def primera_llegada(acta: ActaSimulada) -> float | None:
    """When the first image of the acta reaches the PREP (None for sin acta)."""
    tiempos = [t for t in (acta.foto_casilla_min, acta.llegada_catd_min) if t is not None]
    return min(tiempos) if tiempos else None
