"""Gender parity, affirmative-action quotas and parity-safe substitutions of candidacies. Pure.

The rules of legal.md §3.1, §3.2 and §3.5. What the law or the jurisprudence fixes is code; what
it leaves open (legal.md §8 questions 8 and 9) is a field of ``ReglasParidad``, which the
profile hands in with its legal basis:

* **Vertical parity** (fórmulas): propietario and suplente of the same gender; the one permitted
  exception is a male propietario with a female suplente (``excepcion_hombre_mujer``; the
  reverse would let a woman's seat pass to a man if she resigns).
* **Alternation** (RP lists and planillas): consecutive positions alternate between women and
  men. A non-binary person neither breaks nor continues the sequence (``no_binaria``).
* **Horizontal parity** (a party's or coalition's MR nominations in one election): at least half
  go to women, and with an odd total the extra one too — ``mujeres >= ceil(n / 2)``
  (the IEE's 2025 rules give the odd place to women, legal.md §3.1 [P: S44]).
* **Competitiveness blocks** (SM-JRC-42/2023): the party's demarcaciones ranked by its vote
  share in the previous process (ascending), split in thirds low/medium/high; where the
  remainder goes and what to do with demarcaciones without history are parameters. The tests
  per block: women in the high block at least ``minimo_mujeres_alto`` of it, women in the low
  block at most ``maximo_mujeres_bajo`` of it.
* **Quotas** per affirmative-action group (a minimum number of nominations per party).
* **Substitutions** (§3.5): same gender, or a man replaced by a woman, never the reverse; a
  non-binary person replaced as the profile says (default: by anyone, the IEE's 2025 rule).

Every check returns ``Incumplimiento`` values: a code, where (``donde``, e.g. "Distrito 07" or
"Lista RP, posición 3") and a Spanish sentence saying what fails. An empty list passes.

Worked example: a party nominating women in districts 01, 02 and 03 and men in 04 and 05, with
shares 1 %, 2 %, 3 %, 20 %, 30 %, and the remainder to the low block: blocks low (01, 02), medium
(03, 04), high (05). The horizontal test passes (3 of 5 women, ceil(5/2) = 3) but the high block
has no woman (``BLOQUE_ALTO``) and the low one only women (``BLOQUE_BAJO``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Final, Literal

Genero = Literal["M", "H", "X"]  # mujer, hombre, no binaria (legal.md §3.2: CG-A-26/21)
GENEROS: Final[tuple[Genero, ...]] = ("M", "H", "X")
NOMBRE_GENERO: Final[dict[str, str]] = {"M": "mujer", "H": "hombre", "X": "persona no binaria"}

# How a non-binary candidacy counts in horizontal parity and blocks (legal.md §8 question 8):
# "neutral": counted neither as a woman nor as a man, and left out of the total;
# "mujer": counted as a woman's nomination; "hombre": counted as a man's.
CuentaNoBinaria = Literal["neutral", "mujer", "hombre"]
# Where the remainder of n / 3 goes: "bajo", "medio" or "alto" (one unit each from that block
# outward: with remainder 2 and "medio", the medium block takes both).
Remanente = Literal["bajo", "medio", "alto"]
# Units without a previous result: ranked "bajo" (as 0 %), or "excluir" from the blocks.
SinHistoria = Literal["bajo", "excluir"]
# Who may replace a non-binary person: "cualquiera" (IEE 2025, S44) or "mismo" (only non-binary).
SustitucionNoBinaria = Literal["cualquiera", "mismo", "mujer_o_no_binaria"]


class ParidadInvalida(ValueError):
    """Data that cannot be checked (message in Spanish)."""


@dataclass(frozen=True, slots=True)
class ReglasParidad:
    """What a profile decides (each with its basis in the profile's file)."""

    excepcion_hombre_mujer: bool = True
    no_binaria: CuentaNoBinaria = "neutral"
    remanente: Remanente = "bajo"
    sin_historia: SinHistoria = "bajo"
    minimo_mujeres_alto: Fraction = Fraction(1, 2)
    maximo_mujeres_bajo: Fraction = Fraction(1, 2)
    lista_encabezada_por_mujer: bool = False
    sustitucion_no_binaria: SustitucionNoBinaria = "cualquiera"
    cuotas: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for nombre, valor in (
            ("minimo_mujeres_alto", self.minimo_mujeres_alto),
            ("maximo_mujeres_bajo", self.maximo_mujeres_bajo),
        ):
            if not 0 <= valor <= 1:
                raise ParidadInvalida(f"{nombre} debe estar entre 0 y 1 (es {valor}).")
        for grupo, minimo in self.cuotas.items():
            if minimo < 0:
                raise ParidadInvalida(f"La cuota de {grupo} no puede ser negativa ({minimo}).")


@dataclass(frozen=True, slots=True)
class Formula:
    """A fórmula: propietario and suplente (a planilla's síndico or a list position too)."""

    propietario: Genero
    suplente: Genero | None = None  # None: an office without suplente

    def __post_init__(self) -> None:
        if self.propietario not in GENEROS or (
            self.suplente is not None and self.suplente not in GENEROS
        ):
            raise ParidadInvalida(f"Género desconocido en la fórmula {self!r}.")


@dataclass(frozen=True, slots=True)
class Postulacion:
    """One MR nomination of a party or coalition: the demarcación, the fórmula, its groups."""

    demarcacion: str
    formula: Formula
    grupos: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Incumplimiento:
    codigo: str
    donde: str
    mensaje: str

    def __str__(self) -> str:
        return f"{self.donde}: {self.mensaje}"


@dataclass(frozen=True, slots=True)
class Bloques:
    """Demarcaciones ranked ascending by the party's previous vote share, split in three."""

    bajo: tuple[str, ...]
    medio: tuple[str, ...]
    alto: tuple[str, ...]
    excluidas: tuple[str, ...] = ()

    def de(self, demarcacion: str) -> str | None:
        for nombre in ("bajo", "medio", "alto"):
            if demarcacion in getattr(self, nombre):
                return nombre
        return None


# --- vertical -----------------------------------------------------------------------------------


def verificar_formula(formula: Formula, reglas: ReglasParidad, donde: str) -> list[Incumplimiento]:
    """Propietario and suplente of the same gender, except a man with a woman as suplente."""
    p, s = formula.propietario, formula.suplente
    if s is None or p == s:
        return []
    # A woman's place never passes to a suplente who is not a woman; a man's may pass to a
    # woman (the permitted exception) or to a non-binary person; a non-binary propietario's
    # suplente is free (legal.md §3.2, §8 question 8: the profile may tighten it later).
    if p == "X" or (p == "H" and s == "X"):
        return []
    if p == "H" and s == "M" and reglas.excepcion_hombre_mujer:
        return []
    return [
        Incumplimiento(
            "FORMULA",
            donde,
            f"La fórmula tiene propietario {NOMBRE_GENERO[p]} y suplente {NOMBRE_GENERO[s]}: "
            "deben ser del mismo género (solo se permite propietario hombre con suplente mujer).",
        )
    ]


def verificar_lista(
    formulas: Sequence[Formula], reglas: ReglasParidad, donde: str
) -> list[Incumplimiento]:
    """An RP list or a planilla: each fórmula, and alternation of genders position by position.

    A non-binary propietario is skipped: the positions before and after it must alternate with
    each other.
    """
    fallas: list[Incumplimiento] = []
    for i, f in enumerate(formulas, start=1):
        fallas += verificar_formula(f, reglas, f"{donde}, posición {i}")
    anterior: tuple[int, Genero] | None = None
    for i, f in enumerate(formulas, start=1):
        if f.propietario == "X":
            continue
        if anterior is not None and anterior[1] == f.propietario:
            fallas.append(
                Incumplimiento(
                    "ALTERNANCIA",
                    f"{donde}, posición {i}",
                    f"Las posiciones {anterior[0]} y {i} son ambas de "
                    f"{NOMBRE_GENERO[f.propietario]}: los géneros deben alternarse.",
                )
            )
        anterior = (i, f.propietario)
    if reglas.lista_encabezada_por_mujer and formulas and formulas[0].propietario == "H":
        fallas.append(
            Incumplimiento(
                "ENCABEZADO",
                f"{donde}, posición 1",
                "La lista debe encabezarla una mujer.",
            )
        )
    return fallas


# --- horizontal ---------------------------------------------------------------------------------


def _cuenta(genero: Genero, reglas: ReglasParidad) -> Genero | None:
    """The gender a nomination counts as for horizontal parity and the blocks (None: not at all)."""
    if genero != "X":
        return genero
    return (
        None if reglas.no_binaria == "neutral" else ("M" if reglas.no_binaria == "mujer" else "H")
    )


def minimo_de_mujeres(total: int) -> int:
    """At least half, the odd one a woman: ceil(total / 2)."""
    return -(-total // 2)


def verificar_horizontal(
    postulaciones: Sequence[Postulacion], reglas: ReglasParidad, donde: str
) -> list[Incumplimiento]:
    contadas = [_cuenta(p.formula.propietario, reglas) for p in postulaciones]
    total = sum(1 for c in contadas if c is not None)
    mujeres = sum(1 for c in contadas if c == "M")
    minimo = minimo_de_mujeres(total)
    if mujeres >= minimo:
        return []
    return [
        Incumplimiento(
            "HORIZONTAL",
            donde,
            f"{mujeres} de {total} postulaciones son de mujeres; se requieren al menos {minimo} "
            "(la mitad, y la impar a una mujer).",
        )
    ]


# --- competitiveness blocks ---------------------------------------------------------------------


def tamanos_de_bloques(n: int, remanente: Remanente) -> tuple[int, int, int]:
    """(bajo, medio, alto) sizes: n // 3 each, the remainder to ``remanente`` first.

    With remainder 2 the second unit goes to the next block toward the middle ("bajo": bajo and
    medio; "alto": alto and medio; "medio": both to medio).
    """
    if n < 0:
        raise ParidadInvalida(f"No hay {n} demarcaciones.")
    k, r = divmod(n, 3)
    tam = {"bajo": k, "medio": k, "alto": k}
    orden = {"bajo": ("bajo", "medio"), "alto": ("alto", "medio"), "medio": ("medio", "medio")}
    for nombre in orden[remanente][:r]:
        tam[nombre] += 1
    return tam["bajo"], tam["medio"], tam["alto"]


def bloques_de_competitividad(
    votacion: Mapping[str, Fraction | None], reglas: ReglasParidad
) -> Bloques:
    """Rank the demarcaciones by the party's previous share (ascending; ties by key) and split.

    ``None`` is a demarcación without a previous result: ranked as 0 % or left out, as the
    profile says.
    """
    for clave, v in votacion.items():
        if v is not None and not 0 <= v <= 1:
            raise ParidadInvalida(f"La votación previa de {clave} no es una proporción: {v}.")
    excluidas = tuple(sorted(c for c, v in votacion.items() if v is None))
    if reglas.sin_historia == "excluir":
        unidades = [(v, c) for c, v in votacion.items() if v is not None]
        fuera = excluidas
    else:
        unidades = [(v if v is not None else Fraction(0), c) for c, v in votacion.items()]
        fuera = ()
    ordenadas = [c for _, c in sorted(unidades)]
    nb, nm, _ = tamanos_de_bloques(len(ordenadas), reglas.remanente)
    return Bloques(
        bajo=tuple(ordenadas[:nb]),
        medio=tuple(ordenadas[nb : nb + nm]),
        alto=tuple(ordenadas[nb + nm :]),
        excluidas=fuera,
    )


def verificar_bloques(
    postulaciones: Sequence[Postulacion],
    votacion: Mapping[str, Fraction | None],
    reglas: ReglasParidad,
    donde: str,
) -> list[Incumplimiento]:
    """The low block is not mainly women's; the high block has at least its share of women.

    Only the demarcaciones where the party nominates count (``votacion`` may hold more).
    """
    por_dem = {p.demarcacion: p for p in postulaciones}
    faltan = sorted(set(por_dem) - set(votacion))
    if faltan:
        raise ParidadInvalida(
            "Falta la votación previa de: " + ", ".join(faltan) + " (use None si no la hay)."
        )
    bloques = bloques_de_competitividad({d: votacion[d] for d in por_dem}, reglas)
    fallas: list[Incumplimiento] = []
    for unidades, prueba in (
        (bloques.alto, "minimo"),
        (bloques.bajo, "maximo"),
    ):
        contadas = [_cuenta(por_dem[u].formula.propietario, reglas) for u in unidades]
        total = sum(1 for c in contadas if c is not None)
        if total == 0:
            continue
        mujeres = sum(1 for c in contadas if c == "M")
        proporcion = Fraction(mujeres, total)
        lista = ", ".join(unidades)
        if prueba == "minimo" and proporcion < reglas.minimo_mujeres_alto:
            fallas.append(
                Incumplimiento(
                    "BLOQUE_ALTO",
                    f"{donde}, bloque alto ({lista})",
                    f"Solo {mujeres} de {total} postulaciones del bloque de mayor votación son de "
                    f"mujeres; se requiere al menos {_pct(reglas.minimo_mujeres_alto)}.",
                )
            )
        if prueba == "maximo" and proporcion > reglas.maximo_mujeres_bajo:
            fallas.append(
                Incumplimiento(
                    "BLOQUE_BAJO",
                    f"{donde}, bloque bajo ({lista})",
                    f"{mujeres} de {total} postulaciones del bloque de menor votación son de "
                    f"mujeres; el máximo es {_pct(reglas.maximo_mujeres_bajo)}.",
                )
            )
    return fallas


def _pct(f: Fraction) -> str:
    entero, resto = divmod(f.numerator * 100, f.denominator)
    return f"{entero} %" if not resto else f"{float(f) * 100:.2f} %"


# --- quotas -------------------------------------------------------------------------------------


def verificar_cuotas(
    postulaciones: Sequence[Postulacion], reglas: ReglasParidad, donde: str
) -> list[Incumplimiento]:
    fallas = []
    for grupo, minimo in sorted(reglas.cuotas.items()):
        n = sum(1 for p in postulaciones if grupo in p.grupos)
        if n < minimo:
            fallas.append(
                Incumplimiento(
                    "CUOTA",
                    f"{donde}, acción afirmativa {grupo}",
                    f"{n} postulaciones por la acción afirmativa {grupo}; se requieren al menos "
                    f"{minimo}.",
                )
            )
    return fallas


# --- all of a party's slate ---------------------------------------------------------------------


def verificar_postulaciones(
    postulaciones: Sequence[Postulacion],
    reglas: ReglasParidad,
    *,
    votacion: Mapping[str, Fraction | None] | None = None,
    listas: Mapping[str, Sequence[Formula]] | None = None,
    donde: str = "",
) -> list[Incumplimiento]:
    """Every check of one party's (or coalition's) slate in one election, in a stable order."""
    veces = Counter(p.demarcacion for p in postulaciones)
    repetidas = sorted(d for d, n in veces.items() if n > 1)
    if repetidas:
        raise ParidadInvalida("Demarcación postulada dos veces: " + ", ".join(repetidas) + ".")
    fallas: list[Incumplimiento] = []
    for p in postulaciones:
        fallas += verificar_formula(p.formula, reglas, _lugar(donde, p.demarcacion))
    fallas += verificar_horizontal(postulaciones, reglas, donde or "Postulaciones")
    if votacion is not None:
        fallas += verificar_bloques(postulaciones, votacion, reglas, donde or "Postulaciones")
    fallas += verificar_cuotas(postulaciones, reglas, donde or "Postulaciones")
    for nombre, lista in sorted((listas or {}).items()):
        fallas += verificar_lista(lista, reglas, _lugar(donde, nombre))
    return fallas


def _lugar(donde: str, que: str) -> str:
    return f"{donde}, {que}" if donde else que


# --- substitutions ------------------------------------------------------------------------------


def verificar_sustitucion(
    saliente: Genero,
    entrante: Genero,
    reglas: ReglasParidad,
    donde: str,
    *,
    en_periodo_de_registro: bool = False,
    causa: str = "",
    causas_permitidas: frozenset[str] = frozenset(),
) -> list[Incumplimiento]:
    """Whether ``entrante`` may replace ``saliente`` (legal.md §3.5).

    Within the registration period a substitution is free as to cause; afterwards only the
    causes the profile lists (death, incapacity, disqualification, resignation…). Parity holds
    always: same gender, or a man replaced by a woman; a non-binary person as the profile says.
    """
    fallas = []
    if not en_periodo_de_registro and causa not in causas_permitidas:
        permitidas = ", ".join(sorted(causas_permitidas)) or "ninguna"
        fallas.append(
            Incumplimiento(
                "CAUSA",
                donde,
                f"Fuera del periodo de registro solo se sustituye por causa de: {permitidas} "
                f"(se indicó «{causa or 'ninguna'}»).",
            )
        )
    permitido: bool
    if saliente == "X":
        permitido = {
            "cualquiera": True,
            "mismo": entrante == "X",
            "mujer_o_no_binaria": entrante in ("M", "X"),
        }[reglas.sustitucion_no_binaria]
    elif saliente == entrante:
        permitido = True
    else:
        permitido = saliente == "H" and entrante == "M"
    if not permitido:
        fallas.append(
            Incumplimiento(
                "SUSTITUCION_GENERO",
                donde,
                f"No se puede sustituir a {_articulo(saliente)} por {_articulo(entrante)}: "
                "la sustitución es por el mismo género o de un hombre por una mujer, "
                "nunca a la inversa.",
            )
        )
    return fallas


def _articulo(g: Genero) -> str:
    return {"M": "una mujer", "H": "un hombre", "X": "una persona no binaria"}[g]


# --- report -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResumenParidad:
    """Counts of one party's slate for the parity report (like the SNR's)."""

    total: int
    mujeres: int
    hombres: int
    no_binarias: int
    minimo_mujeres: int
    por_bloque: Mapping[str, tuple[int, int]]  # bloque -> (mujeres, total)
    cumple: bool


def resumen(
    postulaciones: Sequence[Postulacion],
    reglas: ReglasParidad,
    *,
    votacion: Mapping[str, Fraction | None] | None = None,
    fallas: Sequence[Incumplimiento] = (),
) -> ResumenParidad:
    generos = [p.formula.propietario for p in postulaciones]
    contadas = [_cuenta(g, reglas) for g in generos]
    por_bloque: dict[str, tuple[int, int]] = {}
    if votacion is not None:
        por_dem = {p.demarcacion: p.formula.propietario for p in postulaciones}
        bloques = bloques_de_competitividad({d: votacion.get(d) for d in por_dem}, reglas)
        for nombre in ("bajo", "medio", "alto"):
            unidades = getattr(bloques, nombre)
            por_bloque[nombre] = (
                sum(1 for u in unidades if por_dem[u] == "M"),
                len(unidades),
            )
    return ResumenParidad(
        total=len(generos),
        mujeres=generos.count("M"),
        hombres=generos.count("H"),
        no_binarias=generos.count("X"),
        minimo_mujeres=minimo_de_mujeres(sum(1 for c in contadas if c is not None)),
        por_bloque=por_bloque,
        cumple=not fallas,
    )
