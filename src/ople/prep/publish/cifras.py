"""Figures of a cut: the 13 header figures and per-level totals (prep.md §5.2, §5.3).

Pure. The same functions serve the builder (from `modelo` actas) and `verificar` (from the
CSV rows), so a published figure and its recomputation cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ople.ley import tally

ENCABEZADO = tally.CAMPOS_ENCABEZADO


def trunc4(numerador: int, denominador: int) -> str:
    """100·num/den truncated (not rounded) to 4 decimals, printed with exactly 4 decimals:
    `tally.formato4(tally.porcentaje(num, den))` in integer arithmetic (a cut prints hundreds
    of thousands; `test_trunc4_como_tally` checks they agree)."""
    if denominador <= 0:
        return "0.0000"
    q = (1_000_000 * numerador) // denominador
    if q < 0:
        return f"-{-q // 10_000}.{-q % 10_000:04d}"
    return f"{q // 10_000}.{q % 10_000:04d}"


def texto4(x: Decimal) -> str:
    """A percentage of `tally.porcentaje` (exponent -4) as printed: `tally.formato4(x)`."""
    s = str(x)
    return s if len(s) > 5 and s[-5] == "." else tally.formato4(x)


@dataclass(frozen=True, slots=True)
class Fila:
    """What the figures need from one registered acta (from the model or from a CSV row)."""

    tipo_casilla: str
    lista_nominal: int
    total_votos_calculado: int
    contabilizada: bool
    inconsistente: bool


@dataclass(frozen=True, slots=True)
class Cifras:
    esperadas: int
    registradas: int
    fuera_catalogo: int
    capturadas: int
    contabilizadas: int
    inconsistentes: int
    lista_nominal: int
    votos_c_cs: int
    votos_s_cs: int
    final: bool
    especiales_hasta_corte_final: bool = True

    def encabezado(self) -> tally.Encabezado:
        return tally.encabezado_de_cuentas(
            actas_esperadas=self.esperadas,
            fuera_catalogo=self.fuera_catalogo,
            capturadas=self.capturadas,
            contabilizadas=self.contabilizadas,
            inconsistentes=self.inconsistentes,
            lista_nominal=self.lista_nominal,
            votos_c_cs=self.votos_c_cs,
            votos_s_cs=self.votos_s_cs,
            corte_final=self.final,
            especiales_hasta_corte_final=self.especiales_hasta_corte_final,
        )

    @property
    def participacion(self) -> str:
        return self.encabezado().valores()[12]

    def valores(self) -> tuple[str, ...]:
        """The 13 header values as printed, in INE order."""
        return self.encabezado().valores()

    def como_dict(self) -> dict[str, int | str]:
        return {
            "actas_esperadas": self.esperadas,
            "actas_capturadas": self.capturadas,
            "actas_contabilizadas": self.contabilizadas,
            "porcentaje_actas_capturadas": trunc4(self.capturadas, self.esperadas),
            "porcentaje_actas_contabilizadas": trunc4(self.contabilizadas, self.esperadas),
            "lista_nominal_actas_contabilizadas": self.lista_nominal,
            "total_votos_c_cs": self.votos_c_cs,
            "total_votos_s_cs": self.votos_s_cs,
            "participacion_ciudadana": self.participacion,
        }


def calcular(
    filas: Iterable[Fila],
    *,
    esperadas: int,
    final: bool,
    fuera: int = 0,
    especiales_hasta_corte_final: bool = True,
) -> Cifras:
    """The header figures of a set of registered (in-catalogue) actas."""
    capt = cont = inc = ln = c_cs = s_cs = 0
    for f in filas:
        capt += 1
        if f.inconsistente:
            inc += 1
        if f.contabilizada:
            cont += 1
            ln += 0 if f.tipo_casilla == "S" else f.lista_nominal
            c_cs += f.total_votos_calculado
            if f.tipo_casilla != "S":
                s_cs += f.total_votos_calculado
    return Cifras(
        esperadas=esperadas,
        registradas=capt + fuera,
        fuera_catalogo=fuera,
        capturadas=capt,
        contabilizadas=cont,
        inconsistentes=inc,
        lista_nominal=ln,
        votos_c_cs=c_cs,
        votos_s_cs=s_cs,
        final=final,
        especiales_hasta_corte_final=especiales_hasta_corte_final,
    )
