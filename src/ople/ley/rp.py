"""Proportional-representation seats: the Congress (legal.md §2.1) and the ayuntamientos (§2.2).

Pure, exact (``int`` and ``Fraction``, never a float), no I/O. One engine serves both bodies; what
differs between them, and every point the law leaves open (legal.md §8, questions 1–5), is a field
of ``Reglas`` that the caller takes from the profile (section ``[asignacion]``), never a constant.

The order of operations (ADR 0035):

1. **Vote totals.** VTE = party votes + independents + no registrados + nulos; VVE = VTE − nulos −
   no registrados; *depurada* = VVE − the votes of parties below the threshold − independents.
2. **Eligibility.** A party takes part when its votes reach ``umbral`` of ``base_umbral`` and it ran
   MR candidates in at least ``distritos_minimos`` districts (art. 232 CEEA: 3 % of VVE, 14 of 18).
   In an ayuntamiento the winning planilla takes part only if ``ganador_participa``.
3. **Limits.** Share p = votes / ``base_limites``; cap = ⌊(p + banda)·escaños⌋ (rounding
   ``redondeo_tope``), no more than ``tope_escanos``; floor = ⌈(p − banda)·escaños⌉
   (``redondeo_minimo``). A party whose MR wins alone exceed its cap keeps them and takes no RP seat
   (art. 17 of the state constitution). ``banda = 1`` is "no limits".
4. **Direct assignment** (``asignacion_directa``): one seat to each party taking part, in order of
   votes, unless it would break its cap (SUP-REC-1209/2018).
5. **Cociente natural and resto mayor** over the parties still below their cap, with their votes
   less those "used" by the direct seat when ``restar_votos_usados`` (the threshold in votes). If a
   party's share of the round would take it past its cap, it keeps the cap, its votes leave the
   base, and the seats still to place are shared again over a new cociente (INE, Chamber of
   Deputies, 2024). Repeated until no cap binds.
6. **Compensation.** A party below its floor takes a seat from another party that stays at or above
   its own floor, chosen by ``compensacion``: ``ultimo_resto`` (the resto seat with the smallest
   remainder, legal.md §2.1 example 2) or ``mayor_sobrerrepresentacion`` (the party furthest above
   its vote share). Repeated until every floor holds or no seat can move; a seat never goes to a
   party beyond its cap.

Every step is a ``Paso`` in ``Resultado.pasos``: eligibility, limits, direct, cociente, resto,
tope, compensación (with the votes, cociente and remainder behind it), from which the acuerdo's
annex tables are generated. MR seats of independent candidates count in the body's size and take
no RP. Ties (in the order of the direct seats, in the resto mayor, among donors) are broken by
``desempate``: ``mayor_votacion`` (more votes first) or ``sorteo`` (the order of a public draw,
``orden_sorteo``), and then by the party's name, so the result never depends on the order in which
parties are listed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil, floor
from types import MappingProxyType
from typing import Final, Literal

Base = Literal["vte", "vve", "depurada"]
Redondeo = Literal["piso", "techo", "cercano"]
Compensacion = Literal["ultimo_resto", "mayor_sobrerrepresentacion"]
Desempate = Literal["mayor_votacion", "sorteo"]

BASES_UMBRAL: Final[tuple[str, ...]] = ("vte", "vve")
BASES: Final[tuple[str, ...]] = ("vve", "depurada")
REDONDEOS: Final[tuple[str, ...]] = ("piso", "techo", "cercano")
COMPENSACIONES: Final[tuple[str, ...]] = ("ultimo_resto", "mayor_sobrerrepresentacion")
DESEMPATES: Final[tuple[str, ...]] = ("mayor_votacion", "sorteo")

# Kinds of step in the trail (``Paso.tipo``).
ELEGIBILIDAD: Final = "elegibilidad"
LIMITES: Final = "limites"
DIRECTA: Final = "directa"
COCIENTE: Final = "cociente"
RESTO: Final = "resto"
TOPE: Final = "tope"
RONDA: Final = "ronda"
EXCEDENTE: Final = "excedente"
COMPENSACION: Final = "compensacion"
AVISO: Final = "aviso"

# The kinds of an RP seat (the annex's columns), and the order in which a donor gives one up.
TIPOS_ESCANO: Final[tuple[str, ...]] = (DIRECTA, COCIENTE, RESTO, TOPE, EXCEDENTE, COMPENSACION)
_CEDE_PRIMERO: Final[tuple[str, ...]] = (RESTO, EXCEDENTE, COCIENTE, TOPE, COMPENSACION, DIRECTA)

CERO: Final = Fraction(0)
UNO: Final = Fraction(1)


class EntradaInvalida(ValueError):
    """Input the engine cannot allocate (Spanish message naming the field in ``campo``)."""

    def __init__(self, campo: str, mensaje: str) -> None:
        super().__init__(f"{campo}: {mensaje}")
        self.campo = campo
        self.mensaje = mensaje


@dataclass(frozen=True)
class Reglas:
    """The allocation's parameters. Defaults are neutral (no limits, no direct seat); a profile
    gives the values of each body with their legal basis (docs/computos-rp.md)."""

    umbral: Fraction = Fraction(3, 100)
    base_umbral: Base = "vve"
    distritos_minimos: int = 0
    asignacion_directa: bool = False
    restar_votos_usados: bool = False
    base_cociente: Base = "depurada"
    banda: Fraction = UNO
    base_limites: Base = "depurada"
    redondeo_tope: Redondeo = "piso"
    redondeo_minimo: Redondeo = "techo"
    tope_escanos: int | None = None
    compensacion: Compensacion = "ultimo_resto"
    desempate: Desempate = "mayor_votacion"
    orden_sorteo: tuple[str, ...] = ()
    ganador_participa: bool = True

    def __post_init__(self) -> None:
        if not CERO <= self.umbral <= UNO:
            raise EntradaInvalida("umbral", "debe estar entre 0 y 1")
        if not CERO <= self.banda <= UNO:
            raise EntradaInvalida("banda", "debe estar entre 0 y 1 (1/1: sin límites)")
        if self.distritos_minimos < 0:
            raise EntradaInvalida("distritos_minimos", "no puede ser negativo")
        if self.tope_escanos is not None and self.tope_escanos < 0:
            raise EntradaInvalida("tope_escanos", "no puede ser negativo")
        for campo, valor, opciones in (
            ("base_umbral", self.base_umbral, BASES_UMBRAL),
            ("base_cociente", self.base_cociente, BASES),
            ("base_limites", self.base_limites, BASES),
            ("redondeo_tope", self.redondeo_tope, REDONDEOS),
            ("redondeo_minimo", self.redondeo_minimo, REDONDEOS),
            ("compensacion", self.compensacion, COMPENSACIONES),
            ("desempate", self.desempate, DESEMPATES),
        ):
            if valor not in opciones:
                raise EntradaInvalida(campo, f"debe ser uno de {', '.join(opciones)}")

    @property
    def con_limites(self) -> bool:
        return self.banda < UNO or self.tope_escanos is not None


@dataclass(frozen=True)
class Eleccion:
    """One body's figures after the cómputos (party votes already split among coalition partners,
    legal.md §1.6; MR seats by the party that nominated each winner)."""

    rp: int  # RP seats to place
    votos: Mapping[str, int]  # party -> votes
    escanos: int | None = None  # the body's size; None: MR seats + independents' + rp
    nulos: int = 0
    no_registrados: int = 0
    independientes: int = 0  # votes for independent candidates
    mr: Mapping[str, int] = field(default_factory=dict)  # party -> MR seats won
    mr_independientes: int = 0  # MR seats won by independent candidates
    distritos_con_candidatura: Mapping[str, int] | None = None  # None: not checked
    ganador: str | None = None  # the winning planilla's party (ayuntamientos)

    def tamano(self) -> int:
        return self.rp + sum(self.mr.values()) + self.mr_independientes

    def validar(self) -> None:
        if self.rp < 0:
            raise EntradaInvalida("rp", "no puede ser negativo")
        if not self.votos:
            raise EntradaInvalida("votos", "debe tener al menos un partido")
        for p, v in self.votos.items():
            if not p:
                raise EntradaInvalida("votos", "un partido no tiene nombre")
            if v < 0:
                raise EntradaInvalida(f"votos.{p}", "no puede ser negativo")
        for campo, valor in (
            ("nulos", self.nulos),
            ("no_registrados", self.no_registrados),
            ("independientes", self.independientes),
            ("mr_independientes", self.mr_independientes),
        ):
            if valor < 0:
                raise EntradaInvalida(campo, "no puede ser negativo")
        for p, n in self.mr.items():
            if p not in self.votos:
                raise EntradaInvalida(f"mr.{p}", "partido sin votos en «votos»")
            if n < 0:
                raise EntradaInvalida(f"mr.{p}", "no puede ser negativo")
        if self.distritos_con_candidatura is not None:
            for p, n in self.distritos_con_candidatura.items():
                if p not in self.votos:
                    raise EntradaInvalida(
                        f"distritos_con_candidatura.{p}", "partido sin votos en «votos»"
                    )
                if n < 0:
                    raise EntradaInvalida(f"distritos_con_candidatura.{p}", "no puede ser negativo")
        if self.ganador is not None and self.ganador not in self.votos:
            raise EntradaInvalida("ganador", f"{self.ganador!r} no está en «votos»")
        if self.escanos is not None and self.escanos != self.tamano():
            raise EntradaInvalida(
                "escanos",
                f"son {self.escanos} pero mayoría relativa ({sum(self.mr.values())}) + "
                f"independientes ({self.mr_independientes}) + representación proporcional "
                f"({self.rp}) suman {self.tamano()}",
            )
        if sum(self.votos.values()) + self.independientes == 0:
            raise EntradaInvalida("votos", "la votación válida es cero")


@dataclass(frozen=True, slots=True)
class Paso:
    """One step of the trail. ``votos``: the votes the step weighed (after subtracting those
    used, if so); ``cociente``/``resto``: the round's cociente and the party's remainder."""

    tipo: str
    partido: str | None
    escanos: int
    detalle: str
    ronda: int = 0
    votos: Fraction | None = None
    cociente: Fraction | None = None
    resto: Fraction | None = None
    cede: str | None = None  # compensación: the party that gives up the seat


@dataclass(frozen=True)
class Limite:
    porcentaje: Fraction  # share of the limits' base (0..1)
    minimo: int
    maximo: int
    excepcion_mr: bool  # MR wins alone exceed the cap: keeps them, no RP


@dataclass(frozen=True)
class Resultado:
    rp: Mapping[str, int]  # party -> RP seats (every party of the input)
    total: Mapping[str, int]  # party -> MR + RP
    por_tipo: Mapping[str, Mapping[str, int]]  # party -> kind of RP seat -> seats
    pasos: tuple[Paso, ...]
    elegibles: tuple[str, ...]  # above threshold and districts, in order of votes
    participantes: tuple[str, ...]  # elegibles taking part (ayuntamiento: winner maybe not)
    limites: Mapping[str, Limite]  # elegibles only
    vte: int
    vve: int
    depurada: int
    avisos: tuple[str, ...]  # a cap or floor that could not hold, seats left unplaced
    sin_asignar: int  # RP seats no party could take
    incumplidos: tuple[str, ...]  # parties left below their floor (no donor could give)


def _redondear(x: Fraction, modo: str) -> int:
    if modo == "piso":
        return floor(x)
    if modo == "techo":
        return ceil(x)
    return floor(x + Fraction(1, 2))  # "cercano": half up


def pct(x: Fraction) -> str:
    """A share as a percentage with 4 decimals, truncated (for explanations only)."""
    diezmil = (x.numerator * 1_000_000) // x.denominator
    return f"{diezmil // 10_000}.{diezmil % 10_000:04d} %"


def num(x: Fraction | int) -> str:
    """A number for an explanation: an integer as is, a fraction with 4 decimals (truncated)."""
    f = Fraction(x)
    if f.denominator == 1:
        return f"{f.numerator:,}"
    entero = (f.numerator * 10_000) // f.denominator
    return f"{entero // 10_000:,}.{entero % 10_000:04d}"


def asignar(eleccion: Eleccion, reglas: Reglas) -> Resultado:
    """Allocate ``eleccion.rp`` seats under ``reglas`` (see the module's docstring)."""
    eleccion.validar()
    votos = dict(eleccion.votos)
    partidos = list(votos)
    mr = {p: eleccion.mr.get(p, 0) for p in partidos}
    escanos = eleccion.tamano()
    pasos: list[Paso] = []
    avisos: list[str] = []

    sorteo = {p: i for i, p in enumerate(reglas.orden_sorteo)}

    def clave(p: str) -> tuple[int, int, str]:
        """Sort key: first the party that wins a tie."""
        if reglas.desempate == "sorteo":
            return (sorteo.get(p, len(sorteo)), 0, p)
        return (0, -votos[p], p)

    # 1. Totals.
    suma_partidos = sum(votos.values())
    vve = suma_partidos + eleccion.independientes
    vte = vve + eleccion.nulos + eleccion.no_registrados
    base_umbral = vte if reglas.base_umbral == "vte" else vve
    umbral_votos = reglas.umbral * base_umbral

    # 2. Eligibility.
    por_votos = sorted(partidos, key=lambda p: (-votos[p], p))
    distritos = eleccion.distritos_con_candidatura
    elegibles: list[str] = []
    for p in por_votos:
        alcanza = base_umbral > 0 and votos[p] >= umbral_votos
        d = None if distritos is None else distritos.get(p, 0)
        cubre = d is None or d >= reglas.distritos_minimos
        razones = []
        if not alcanza:
            razones.append(f"no alcanza el umbral ({num(umbral_votos)} votos)")
        if not cubre:
            razones.append(
                f"registró candidaturas en {d} distritos de {reglas.distritos_minimos} requeridos"
            )
        if alcanza and cubre:
            elegibles.append(p)
        share = Fraction(votos[p], base_umbral) if base_umbral else CERO
        pasos.append(
            Paso(
                ELEGIBILIDAD,
                p,
                0,
                (
                    f"{p}: {num(votos[p])} votos, {pct(share)} de la {reglas.base_umbral.upper()}: "
                    + (
                        "tiene derecho a representación proporcional"
                        if not razones
                        else "; ".join(razones)
                    )
                ),
                votos=Fraction(votos[p]),
            )
        )
    depurada = vve - sum(votos[p] for p in partidos if votos[p] < umbral_votos or base_umbral == 0)
    depurada -= eleccion.independientes
    participantes = [p for p in elegibles if reglas.ganador_participa or p != eleccion.ganador]
    if (
        eleccion.ganador is not None
        and not reglas.ganador_participa
        and eleccion.ganador in elegibles
    ):
        pasos.append(
            Paso(
                ELEGIBILIDAD,
                eleccion.ganador,
                0,
                f"{eleccion.ganador}: planilla ganadora, no participa en la asignación",
            )
        )

    # 3. Limits.
    base_lim = vve if reglas.base_limites == "vve" else depurada
    limites: dict[str, Limite] = {}
    for p in elegibles:
        share = Fraction(votos[p], base_lim) if base_lim else CERO
        tope = _redondear((share + reglas.banda) * escanos, reglas.redondeo_tope)
        if reglas.tope_escanos is not None:
            tope = min(tope, reglas.tope_escanos)
        minimo = max(0, _redondear((share - reglas.banda) * escanos, reglas.redondeo_minimo))
        excepcion = mr[p] > tope
        limites[p] = Limite(share, minimo, max(tope, mr[p]), excepcion)
        if reglas.con_limites:
            texto = (
                f"{p}: {pct(share)} de la votación {'válida emitida' if reglas.base_limites == 'vve' else 'depurada'}; "
                f"mínimo {minimo}, máximo {tope} escaños"
            )
            if excepcion:
                texto += (
                    f"; sus {mr[p]} triunfos de mayoría relativa ya exceden su máximo: los conserva "
                    "y no recibe representación proporcional"
                )
            pasos.append(Paso(LIMITES, p, 0, texto, votos=Fraction(votos[p])))

    escanos_de = dict(mr)
    rp = dict.fromkeys(partidos, 0)
    por_tipo: dict[str, dict[str, int]] = {p: dict.fromkeys(TIPOS_ESCANO, 0) for p in partidos}
    # Each RP seat in order of assignment: (party, kind, remainder) — compensation's donor pool.
    asientos: list[tuple[str, str, Fraction | None]] = []
    restantes = eleccion.rp

    def dar(p: str, tipo: str, n: int, resto: Fraction | None = None) -> None:
        nonlocal restantes
        escanos_de[p] += n
        rp[p] += n
        por_tipo[p][tipo] += n
        restantes -= n
        asientos.extend((p, tipo, resto) for _ in range(n))

    def maximo(p: str) -> int:
        return limites[p].maximo if reglas.con_limites else escanos

    # 4. Direct assignment.
    usados: dict[str, Fraction] = dict.fromkeys(participantes, CERO)
    if reglas.asignacion_directa:
        for p in sorted(participantes, key=clave):
            if restantes == 0:
                pasos.append(
                    Paso(AVISO, p, 0, f"{p}: no quedan escaños para su asignación directa")
                )
                continue
            if escanos_de[p] + 1 > maximo(p):
                lim = limites.get(p)
                motivo = (
                    f"sus {mr[p]} triunfos de mayoría relativa exceden su máximo"
                    if lim is not None and lim.excepcion_mr
                    else f"con {escanos_de[p]} escaños ya está en su máximo de {maximo(p)}"
                )
                pasos.append(Paso(TOPE, p, 0, f"{p}: sin asignación directa, {motivo}"))
                continue
            dar(p, DIRECTA, 1)
            if reglas.restar_votos_usados:
                usados[p] = min(Fraction(votos[p]), umbral_votos)
            pasos.append(
                Paso(
                    DIRECTA,
                    p,
                    1,
                    f"{p}: asignación directa por alcanzar el umbral",
                    votos=Fraction(votos[p]),
                )
            )

    # 5. Cociente natural and resto mayor, again without any party that reaches its cap.
    ronda = 1
    while restantes > 0:
        activos = [p for p in participantes if escanos_de[p] < maximo(p)]
        if not activos:
            break
        ajustados = {p: Fraction(votos[p]) - usados[p] for p in activos}
        if reglas.base_cociente == "vve":
            dividendo = (
                vve
                - sum(votos[p] for p in elegibles if p not in ajustados)
                - sum(usados[p] for p in activos)
            )
        else:
            dividendo = sum(ajustados.values(), CERO)
        if dividendo <= 0:
            cn = CERO
            cocientes = dict.fromkeys(activos, 0)
            restos = dict.fromkeys(activos, CERO)
        else:
            cn = Fraction(dividendo) / restantes
            cocientes = {p: int(ajustados[p] // cn) for p in activos}
            restos = {p: ajustados[p] - cocientes[p] * cn for p in activos}
        por_resto = max(0, restantes - sum(cocientes.values()))
        ganan_resto = sorted(activos, key=lambda p: (-restos[p], clave(p)))[:por_resto]
        tentativo = {p: cocientes[p] + (1 if p in ganan_resto else 0) for p in activos}
        excedidos = sorted(
            (p for p in activos if escanos_de[p] + tentativo[p] > maximo(p)), key=clave
        )
        detalle_ronda = (
            f"Ronda {ronda}: {num(dividendo)} votos entre {restantes} escaños, cociente natural "
            f"{num(cn)}; participan {', '.join(activos)}"
        )
        pasos.append(
            Paso(
                RONDA,
                None,
                restantes,
                detalle_ronda,
                ronda=ronda,
                votos=Fraction(dividendo),
                cociente=cn,
            )
        )
        if excedidos:
            for p in excedidos:
                n = maximo(p) - escanos_de[p]
                pasos.append(
                    Paso(
                        TOPE,
                        p,
                        n,
                        f"{p}: le corresponderían {tentativo[p]} escaños y llegaría a "
                        f"{escanos_de[p] + tentativo[p]}; recibe {n} hasta su máximo de "
                        f"{maximo(p)} y sus votos salen de la base",
                        ronda=ronda,
                        votos=ajustados[p],
                        cociente=cn,
                        resto=restos[p],
                    )
                )
                dar(p, TOPE, n)
            ronda += 1
            continue
        for p in sorted(activos, key=clave):
            if cocientes[p]:
                pasos.append(
                    Paso(
                        COCIENTE,
                        p,
                        cocientes[p],
                        f"{p}: {num(ajustados[p])} votos contienen {cocientes[p]} {'vez' if cocientes[p] == 1 else 'veces'} el cociente "
                        f"{num(cn)}; queda un resto de {num(restos[p])}",
                        ronda=ronda,
                        votos=ajustados[p],
                        cociente=cn,
                        resto=restos[p],
                    )
                )
                dar(p, COCIENTE, cocientes[p])
        for p in ganan_resto:
            pasos.append(
                Paso(
                    RESTO,
                    p,
                    1,
                    f"{p}: resto mayor de {num(restos[p])}",
                    ronda=ronda,
                    votos=ajustados[p],
                    cociente=cn,
                    resto=restos[p],
                )
            )
            dar(p, RESTO, 1, restos[p])
        ronda += 1

    # Seats no party can take within its cap: shared among those taking part regardless of the
    # cap (the limits cannot all hold), or left unplaced when nobody has the right to RP.
    if restantes > 0 and participantes:
        avisos.append(
            f"Los límites de sobrerrepresentación impiden asignar {restantes} escaños; se "
            "reparten sin tope entre los partidos con derecho"
        )
        pasos.append(Paso(AVISO, None, restantes, avisos[-1], ronda=ronda))
        ajustados = {p: Fraction(votos[p]) - usados[p] for p in participantes}
        dividendo = sum(ajustados.values(), CERO)
        while restantes > 0:
            r = restantes
            cn = dividendo / r if dividendo > 0 else CERO
            cocientes = {p: int(ajustados[p] // cn) if cn else 0 for p in participantes}
            restos = {p: ajustados[p] - cocientes[p] * cn for p in participantes}
            for p in sorted(participantes, key=clave):
                if cocientes[p]:
                    pasos.append(
                        Paso(
                            EXCEDENTE,
                            p,
                            cocientes[p],
                            f"{p}: {cocientes[p]} escaños por cociente, sin tope",
                            ronda=ronda,
                            votos=ajustados[p],
                            cociente=cn,
                            resto=restos[p],
                        )
                    )
                    dar(p, EXCEDENTE, cocientes[p])
            faltan = r - sum(cocientes.values())
            for p in sorted(participantes, key=lambda p: (-restos[p], clave(p)))[:faltan]:
                pasos.append(
                    Paso(
                        EXCEDENTE,
                        p,
                        1,
                        f"{p}: resto mayor de {num(restos[p])}, sin tope",
                        ronda=ronda,
                        votos=ajustados[p],
                        cociente=cn,
                        resto=restos[p],
                    )
                )
                dar(p, EXCEDENTE, 1, restos[p])
            ronda += 1
    sin_asignar = restantes
    if sin_asignar:
        avisos.append(
            f"Ningún partido tiene derecho a representación proporcional: {sin_asignar} escaños "
            "quedan sin asignar"
        )
        pasos.append(Paso(AVISO, None, sin_asignar, avisos[-1]))

    # 6. Compensation of under-representation.
    incumplidos: list[str] = []
    if reglas.con_limites:
        incumplidos = _compensar(
            participantes,
            limites,
            escanos_de,
            rp,
            por_tipo,
            asientos,
            pasos,
            avisos,
            votos,
            escanos,
            reglas,
            clave,
            maximo,
        )

    return Resultado(
        rp=MappingProxyType(rp),
        total=MappingProxyType(escanos_de),
        por_tipo=MappingProxyType({p: MappingProxyType(t) for p, t in por_tipo.items()}),
        pasos=tuple(pasos),
        elegibles=tuple(elegibles),
        participantes=tuple(participantes),
        limites=MappingProxyType(limites),
        vte=vte,
        vve=vve,
        depurada=depurada,
        avisos=tuple(avisos),
        sin_asignar=sin_asignar,
        incumplidos=tuple(incumplidos),
    )


def _compensar(
    participantes: list[str],
    limites: Mapping[str, Limite],
    escanos_de: dict[str, int],
    rp: dict[str, int],
    por_tipo: dict[str, dict[str, int]],
    asientos: list[tuple[str, str, Fraction | None]],
    pasos: list[Paso],
    avisos: list[str],
    votos: Mapping[str, int],
    escanos: int,
    reglas: Reglas,
    clave: Callable[[str], tuple[int, int, str]],
    maximo: Callable[[str], int],
) -> list[str]:
    """Move seats to parties below their floor; returns those that stay below it."""
    sin_remedio: list[str] = []
    while True:
        faltan = [
            p for p in participantes if escanos_de[p] < limites[p].minimo and p not in sin_remedio
        ]
        if not faltan:
            break
        # The most under-represented first (largest shortfall, then the tie-break).
        p = min(faltan, key=lambda p: (escanos_de[p] - limites[p].minimo, clave(p)))
        if escanos_de[p] + 1 > maximo(p):
            sin_remedio.append(p)
            avisos.append(f"{p}: su mínimo ({limites[p].minimo}) excede su máximo ({maximo(p)})")
            pasos.append(Paso(AVISO, p, 0, avisos[-1]))
            continue
        donantes = [
            q
            for q in rp
            if q != p and rp[q] > 0 and (q not in limites or escanos_de[q] - 1 >= limites[q].minimo)
        ]
        if not donantes:
            sin_remedio.append(p)
            avisos.append(
                f"{p}: queda con {escanos_de[p]} escaños, debajo de su mínimo de "
                f"{limites[p].minimo}; ningún otro partido puede ceder un escaño sin quedar "
                "debajo del suyo"
            )
            pasos.append(Paso(AVISO, p, 0, avisos[-1]))
            continue
        indice = _donante(donantes, limites, escanos_de, asientos, votos, escanos, reglas, clave)
        q, tipo, resto = asientos.pop(indice)
        escanos_de[q] -= 1
        rp[q] -= 1
        por_tipo[q][tipo] -= 1
        escanos_de[p] += 1
        rp[p] += 1
        por_tipo[p][COMPENSACION] += 1
        asientos.append((p, COMPENSACION, None))
        origen = f"su escaño de {tipo}" + (f" (resto {num(resto)})" if resto is not None else "")
        pasos.append(
            Paso(
                COMPENSACION,
                p,
                1,
                f"{p}: con {escanos_de[p] - 1} escaños está debajo de su mínimo de "
                f"{limites[p].minimo}; {q} cede {origen} y queda con {escanos_de[q]}",
                votos=Fraction(votos[p]),
                resto=resto,
                cede=q,
            )
        )
    return sin_remedio


def _donante(
    donantes: list[str],
    limites: Mapping[str, Limite],
    escanos_de: Mapping[str, int],
    asientos: list[tuple[str, str, Fraction | None]],
    votos: Mapping[str, int],
    escanos: int,
    reglas: Reglas,
    clave: Callable[[str], tuple[int, int, str]],
) -> int:
    """Index in ``asientos`` of the seat to move, under ``reglas.compensacion``."""
    posibles = set(donantes)
    if reglas.compensacion == "ultimo_resto":
        restos = [
            (i, a)
            for i, a in enumerate(asientos)
            if a[0] in posibles and a[1] == RESTO and a[2] is not None
        ]
        if restos:
            # Smallest remainder; between equal remainders, the party that loses the tie.
            i, _ = min(
                restos,
                key=lambda ia: (ia[1][2], _inverso(clave(ia[1][0]))),
            )
            return i

    # mayor_sobrerrepresentacion (and the fallback when no resto seat can move): the party whose
    # seat share exceeds its vote share the most; its seat of the kind it gives up first.
    def exceso(q: str) -> Fraction:
        share = limites[q].porcentaje if q in limites else CERO
        return Fraction(escanos_de[q], escanos) - share

    q = min(donantes, key=lambda q: (-exceso(q), _inverso(clave(q))))
    for tipo in _CEDE_PRIMERO:
        for i in range(len(asientos) - 1, -1, -1):
            if asientos[i][0] == q and asientos[i][1] == tipo:
                return i
    raise AssertionError("un donante sin escaño de representación proporcional")


def _inverso(k: tuple[int, int, str]) -> tuple[int, int, tuple[int, ...]]:
    """A key that sorts the tie-break's loser first (the donor of a tie)."""
    return (-k[0], -k[1], tuple(-ord(c) for c in k[2]) + (1,))
