"""Totals of a PREP cut (prep.md §5.2–5.3): pure, typed, no Django.

* ``trunc4`` / ``porcentaje`` / ``formato4``: percentages truncated (never rounded) to 4 decimals,
  computed with exact integer arithmetic.
* ``calcular_encabezado``: the 13 header figures from per-acta summaries (``ResumenActa``).
* ``TablaActas``: a columnar (numpy) table of one election at one cut, built once and aggregated
  many times: the header for the whole election or per group (distrito, municipio, sección,
  casilla) and the sum of every vote column per group. 510,000 actas aggregate in well under a
  second (bench/tally.py).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final, NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt

from ople.ley.memo import MemoAcotado

CAMPOS_ENCABEZADO: Final[tuple[str, ...]] = (
    "ACTAS_ESPERADAS",
    "ACTAS_REGISTRADAS",
    "ACTAS_FUERA_CATALOGO",
    "ACTAS_CAPTURADAS",
    "PORCENTAJE_ACTAS_CAPTURADAS",
    "ACTAS_CONTABILIZADAS",
    "PORCENTAJE_ACTAS_CONTABILIZADAS",
    "PORCENTAJE_ACTAS_INCONSISTENCIAS",
    "ACTAS_NO_CONTABILIZADAS",
    "LISTA_NOMINAL_ACTAS_CONTABILIZADAS",
    "TOTAL_VOTOS_C_CS",
    "TOTAL_VOTOS_S_CS",
    "PORCENTAJE_PARTICIPACION_CIUDADANA",
)

_DIEZ_MIL: Final = 10_000
_CERO4: Final = Decimal("0.0000")

K = TypeVar("K", bound=Hashable)


def trunc4(x: Fraction | Decimal | int) -> Decimal:
    """floor(x · 10⁴) / 10⁴ as a Decimal with exactly 4 decimals (``95.0842``).

    Floats are refused: their binary error can cross a truncation boundary.
    """
    if isinstance(x, float):  # pragma: no cover - guarded by the type, checked at run time too
        raise TypeError("trunc4 no acepta float; use Fraction, Decimal o int")
    f = Fraction(x)
    diezmilesimos = (f.numerator * _DIEZ_MIL) // f.denominator  # floor, also for negatives
    return _de_diezmilesimos(diezmilesimos)


def _de_diezmilesimos(q: int) -> Decimal:
    """q ten-thousandths as a Decimal with exactly 4 decimals."""
    return Decimal(q).scaleb(-4).quantize(_CERO4)


def porcentaje(numerador: int, denominador: int) -> Decimal:
    """trunc4(100 · numerador / denominador); 0.0000 when the denominator is 0."""
    if denominador == 0:
        return _CERO4
    return _de_diezmilesimos((100 * _DIEZ_MIL * numerador) // denominador)


# One shared Decimal per truncated value (Decimals are immutable): a cut computes the figures of
# ~200,000 groups, and the percentages of acta counts (a sección has a few actas) repeat.
_PORCENTAJES: MemoAcotado[int, Decimal] = MemoAcotado(_de_diezmilesimos, 1 << 16)


def porcentaje_actas(numerador: int, denominador: int) -> Decimal:
    """`porcentaje` for a count of actas over actas esperadas: the same value, one shared
    object per distinct result (bounded memo; participation, over lista nominal, rarely
    repeats and is not memoized)."""
    if denominador == 0:
        return _CERO4
    return _PORCENTAJES[(100 * _DIEZ_MIL * numerador) // denominador]


def formato4(x: Decimal) -> str:
    """Print with exactly 4 decimals, no exponent (``100.0000``)."""
    return f"{x.quantize(_CERO4):f}"


class ResumenActa(NamedTuple):
    """What the header needs to know about one registered acta."""

    en_catalogo: bool
    contabilizada: bool
    inconsistente: bool  # flagged ILEGIBLE, SIN_DATO, EXCEDE_LN or TODOS_* (not sin acta)
    especial: bool  # TIPO_CASILLA in the profile's especial types ('S')
    lista_nominal: int
    total_votos: int  # TOTAL_VOTOS_CALCULADO


@dataclass(frozen=True, slots=True)
class Encabezado:
    """The 13 figures of §5.2, in CSV order."""

    actas_esperadas: int
    actas_registradas: int
    actas_fuera_catalogo: int
    actas_capturadas: int
    porcentaje_actas_capturadas: Decimal
    actas_contabilizadas: int
    porcentaje_actas_contabilizadas: Decimal
    porcentaje_actas_inconsistencias: Decimal
    actas_no_contabilizadas: int
    lista_nominal_actas_contabilizadas: int
    total_votos_c_cs: int
    total_votos_s_cs: int
    porcentaje_participacion_ciudadana: Decimal

    def valores(self) -> tuple[str, ...]:
        """The figures as printed in the CSV (percentages with 4 decimals)."""
        return tuple(
            formato4(v) if isinstance(v, Decimal) else str(v)
            for v in (getattr(self, n.lower()) for n in CAMPOS_ENCABEZADO)
        )

    def como_dict(self) -> dict[str, str]:
        """INE field name → printed value."""
        return dict(zip(CAMPOS_ENCABEZADO, self.valores(), strict=True))


def encabezado_de_cuentas(
    *,
    actas_esperadas: int,
    fuera_catalogo: int,
    capturadas: int,
    contabilizadas: int,
    inconsistentes: int,
    lista_nominal: int,
    votos_c_cs: int,
    votos_s_cs: int,
    corte_final: bool,
    especiales_hasta_corte_final: bool = True,
) -> Encabezado:
    """The header from already-counted figures (the formulas of §5.2, in one place)."""
    participacion_votos = (
        votos_c_cs if (corte_final or not especiales_hasta_corte_final) else votos_s_cs
    )
    return Encabezado(
        actas_esperadas=actas_esperadas,
        actas_registradas=capturadas + fuera_catalogo,
        actas_fuera_catalogo=fuera_catalogo,
        actas_capturadas=capturadas,
        porcentaje_actas_capturadas=porcentaje_actas(capturadas, actas_esperadas),
        actas_contabilizadas=contabilizadas,
        porcentaje_actas_contabilizadas=porcentaje_actas(contabilizadas, actas_esperadas),
        porcentaje_actas_inconsistencias=porcentaje_actas(inconsistentes, actas_esperadas),
        actas_no_contabilizadas=capturadas - contabilizadas,
        lista_nominal_actas_contabilizadas=lista_nominal,
        total_votos_c_cs=votos_c_cs,
        total_votos_s_cs=votos_s_cs,
        porcentaje_participacion_ciudadana=porcentaje(participacion_votos, lista_nominal),
    )


def calcular_encabezado(
    actas: Iterable[ResumenActa],
    *,
    actas_esperadas: int,
    corte_final: bool,
    especiales_hasta_corte_final: bool = True,
) -> Encabezado:
    """The 13 header figures of one election at one cut from its registered actas (§5.2).

    Participation uses TOTAL_VOTOS_S_CS during operation and TOTAL_VOTOS_C_CS at the final cut
    (or always C_CS when the profile does not leave especiales out).
    """
    fuera = capturadas = contabilizadas = inconsistentes = ln = c_cs = s_cs = 0
    for a in actas:
        if not a.en_catalogo:
            fuera += 1
            continue
        capturadas += 1
        if a.inconsistente:
            inconsistentes += 1
        if a.contabilizada:
            contabilizadas += 1
            ln += a.lista_nominal
            c_cs += a.total_votos
            if not a.especial:
                s_cs += a.total_votos
    return encabezado_de_cuentas(
        actas_esperadas=actas_esperadas,
        fuera_catalogo=fuera,
        capturadas=capturadas,
        contabilizadas=contabilizadas,
        inconsistentes=inconsistentes,
        lista_nominal=ln,
        votos_c_cs=c_cs,
        votos_s_cs=s_cs,
        corte_final=corte_final,
        especiales_hasta_corte_final=especiales_hasta_corte_final,
    )


Entero = npt.NDArray[np.int64]
Logico = npt.NDArray[np.bool_]


class TablaActas:
    """Columnar data of the registered actas of one election at one cut.

    Build it with ``agregar`` (one call per acta, values already numeric: ``valor_numerico``)
    or ``desde_arreglos``; then ``encabezado()``, ``sumar(claves)`` and ``encabezados(claves,
    esperadas)`` aggregate with numpy. Vote columns are in the order given (INE order).
    """

    def __init__(self, columnas: Sequence[str], capacidad: int = 0) -> None:
        # ``capacidad`` is accepted for compatibility; rows are buffered in Python lists and
        # turned into numpy arrays once, on the first aggregate after new rows.
        self.columnas: tuple[str, ...] = tuple(columnas)
        c = len(self.columnas)
        self._votos: Entero = np.zeros((0, c), dtype=np.int64)
        self._ln: Entero = np.zeros(0, dtype=np.int64)
        self._total: Entero = np.zeros(0, dtype=np.int64)
        self._contab: Logico = np.zeros(0, dtype=np.bool_)
        self._catalogo: Logico = np.zeros(0, dtype=np.bool_)
        self._incons: Logico = np.zeros(0, dtype=np.bool_)
        self._especial: Logico = np.zeros(0, dtype=np.bool_)
        self._p_votos: list[int] = []
        self._p_ln: list[int] = []
        self._p_total: list[int] = []
        self._p_contab: list[bool] = []
        self._p_catalogo: list[bool] = []
        self._p_incons: list[bool] = []
        self._p_especial: list[bool] = []

    @classmethod
    def desde_arreglos(
        cls,
        columnas: Sequence[str],
        *,
        votos: npt.ArrayLike,
        lista_nominal: npt.ArrayLike,
        contabilizada: npt.ArrayLike,
        en_catalogo: npt.ArrayLike,
        inconsistente: npt.ArrayLike,
        especial: npt.ArrayLike,
        total_votos: npt.ArrayLike | None = None,
    ) -> TablaActas:
        v = np.asarray(votos, dtype=np.int64)
        if v.ndim != 2 or v.shape[1] != len(columnas):
            raise ValueError("votos debe tener una fila por acta y una columna por opción")
        n = v.shape[0]
        t = cls(columnas)
        t._votos = v
        t._ln = np.asarray(lista_nominal, dtype=np.int64)
        t._total = v.sum(axis=1) if total_votos is None else np.asarray(total_votos, np.int64)
        t._contab = np.asarray(contabilizada, dtype=np.bool_)
        t._catalogo = np.asarray(en_catalogo, dtype=np.bool_)
        t._incons = np.asarray(inconsistente, dtype=np.bool_)
        t._especial = np.asarray(especial, dtype=np.bool_)
        for a in (t._ln, t._total, t._contab, t._catalogo, t._incons, t._especial):
            if a.shape != (n,):
                raise ValueError("todas las columnas deben tener una entrada por acta")
        return t

    def __len__(self) -> int:
        return int(self._ln.shape[0]) + len(self._p_ln)

    def agregar(
        self,
        votos: Sequence[int],
        *,
        contabilizada: bool,
        lista_nominal: int,
        especial: bool = False,
        en_catalogo: bool = True,
        inconsistente: bool = False,
        total_votos: int | None = None,
    ) -> int:
        """Append one acta; returns its row index. ``total_votos`` defaults to Σ votos."""
        if len(votos) != len(self.columnas):
            raise ValueError(
                f"se esperaban {len(self.columnas)} valores de votos, llegaron {len(votos)}"
            )
        self._p_votos.extend(votos)
        self._p_ln.append(lista_nominal)
        self._p_total.append(sum(votos) if total_votos is None else total_votos)
        self._p_contab.append(contabilizada)
        self._p_catalogo.append(en_catalogo)
        self._p_incons.append(inconsistente)
        self._p_especial.append(especial)
        return len(self) - 1

    def _materializar(self) -> None:
        if not self._p_ln:
            return
        c = len(self.columnas)
        nuevos = np.array(self._p_votos, dtype=np.int64).reshape(len(self._p_ln), c)
        if np.any(nuevos < 0):
            raise ValueError("hay valores de votos negativos")
        self._votos = np.concatenate([self._votos, nuevos]) if len(self._votos) else nuevos
        pares: list[tuple[str, list[int] | list[bool], type]] = [
            ("_ln", self._p_ln, np.int64),
            ("_total", self._p_total, np.int64),
            ("_contab", self._p_contab, np.bool_),
            ("_catalogo", self._p_catalogo, np.bool_),
            ("_incons", self._p_incons, np.bool_),
            ("_especial", self._p_especial, np.bool_),
        ]
        for nombre, lista, tipo in pares:
            setattr(
                self, nombre, np.concatenate([getattr(self, nombre), np.array(lista, dtype=tipo)])
            )
            lista.clear()
        self._p_votos.clear()

    # -- views --------------------------------------------------------------------------------
    @property
    def votos(self) -> Entero:
        self._materializar()
        return self._votos

    @property
    def total_votos(self) -> Entero:
        self._materializar()
        return self._total

    @property
    def contabilizada(self) -> Logico:
        self._materializar()
        return self._contab

    # -- aggregates ---------------------------------------------------------------------------
    def encabezado(
        self, *, actas_esperadas: int, corte_final: bool, especiales_hasta_corte_final: bool = True
    ) -> Encabezado:
        self._materializar()
        n = len(self._ln)
        cat = self._catalogo
        cont = self._contab & cat
        total = self._total
        return encabezado_de_cuentas(
            actas_esperadas=actas_esperadas,
            fuera_catalogo=int(n - np.count_nonzero(cat)),
            capturadas=int(np.count_nonzero(cat)),
            contabilizadas=int(np.count_nonzero(cont)),
            inconsistentes=int(np.count_nonzero(self._incons & cat)),
            lista_nominal=int(self._ln[cont].sum()),
            votos_c_cs=int(total[cont].sum()),
            votos_s_cs=int(total[cont & ~self._especial].sum()),
            corte_final=corte_final,
            especiales_hasta_corte_final=especiales_hasta_corte_final,
        )

    def totales(self, *, solo_contabilizadas: bool = True) -> dict[str, int]:
        """Σ of every vote column (counted actas only by default), in column order."""
        mask = self._mascara(solo_contabilizadas)
        sumas = self.votos[mask].sum(axis=0)
        return {c: int(s) for c, s in zip(self.columnas, sumas.tolist(), strict=True)}

    def _mascara(self, solo_contabilizadas: bool) -> Logico:
        self._materializar()
        return (self._contab & self._catalogo) if solo_contabilizadas else self._catalogo

    @staticmethod
    def _factorizar(claves: Sequence[K]) -> tuple[list[K], npt.NDArray[np.intp]]:
        posiciones: dict[K, int] = {}
        idx = np.fromiter(
            (posiciones.setdefault(k, len(posiciones)) for k in claves),
            dtype=np.intp,
            count=len(claves),
        )
        return list(posiciones), idx

    def _agrupar(
        self, claves: Sequence[K], columnas: Sequence[Entero]
    ) -> tuple[list[K], list[Entero]]:
        """Σ of each given per-acta column (1-D or 2-D) by key, exact.

        ``np.bincount`` sums in float64, exact for integers below 2**53; vote counts are far
        below (the check below refuses anything that could lose precision).
        """
        if len(claves) != len(self):
            raise ValueError("debe haber una clave por acta")
        grupos, idx = self._factorizar(claves)
        g = len(grupos)
        resultado: list[Entero] = []
        for c in columnas:
            if c.size and int(np.abs(c).sum()) >= 2**53:
                raise ValueError("sumas demasiado grandes para agregarse con exactitud")
            if c.ndim == 1:
                resultado.append(np.bincount(idx, weights=c, minlength=g).astype(np.int64))
            else:
                resultado.append(
                    np.stack(
                        [
                            np.bincount(idx, weights=c[:, j], minlength=g).astype(np.int64)
                            for j in range(c.shape[1])
                        ],
                        axis=1,
                    )
                    if c.shape[1]
                    else np.zeros((g, 0), dtype=np.int64)
                )
        return grupos, resultado

    def sumar(
        self, claves: Sequence[K], *, solo_contabilizadas: bool = True
    ) -> dict[K, tuple[int, ...]]:
        """Σ of every vote column per key (one key per acta, e.g. its distrito or sección)."""
        mask = self._mascara(solo_contabilizadas)
        votos = self.votos * mask[:, None]
        grupos, (sumas,) = self._agrupar(claves, [votos])
        filas: list[list[int]] = sumas.tolist()
        return {g: tuple(f) for g, f in zip(grupos, filas, strict=True)}

    def encabezados(
        self,
        claves: Sequence[K],
        esperadas: dict[K, int],
        *,
        corte_final: bool,
        especiales_hasta_corte_final: bool = True,
    ) -> dict[K, Encabezado]:
        """The 13 figures per group. Groups with expected actas but none registered are included."""
        self._materializar()
        n = len(self._ln)
        cat = self._catalogo
        cont = self._contab & cat
        total = self._total
        uno = np.ones(n, dtype=np.int64)
        cols = [
            uno,
            cat.astype(np.int64),
            cont.astype(np.int64),
            (self._incons & cat).astype(np.int64),
            self._ln * cont,
            total * cont,
            total * (cont & ~self._especial),
        ]
        grupos, sumas = self._agrupar(claves, cols)
        por_grupo = {g: [int(s[i]) for s in sumas] for i, g in enumerate(grupos)}
        resultado: dict[K, Encabezado] = {}
        for g in list(esperadas) + [g for g in grupos if g not in esperadas]:
            reg, capt, contab, inc, ln, c_cs, s_cs = por_grupo.get(g, [0] * 7)
            resultado[g] = encabezado_de_cuentas(
                actas_esperadas=esperadas.get(g, 0),
                fuera_catalogo=reg - capt,
                capturadas=capt,
                contabilizadas=contab,
                inconsistentes=inc,
                lista_nominal=ln,
                votos_c_cs=c_cs,
                votos_s_cs=s_cs,
                corte_final=corte_final,
                especiales_hasta_corte_final=especiales_hasta_corte_final,
            )
        return resultado
