"""The fields of an acta, in the order the Acta PREP prints them.

The acta first asks for the auxiliary figures (boletas sobrantes, personas que votaron,
representantes que votaron, votos sacados de la urna), then the votes of every option that
applies to the acta's demarcación in INE order (parties, coalition combinations, candidaturas
comunes, independientes, no registradas, nulos) and finally the total written on the acta.
The capture page shows the fields in this order and the capture service requires all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ople.ley import actas
from ople.prep import rules

ILEGIBLE = rules.ILEGIBLE
SIN_DATO = rules.SIN_DATO

# A figure on a paper acta: generous but bounded (a casilla has at most a few thousand voters).
MAXIMO_VALOR = 99_999


@dataclass(frozen=True, slots=True)
class Campo:
    clave: str  # the CSV column name (e.g. PAN, C_PAN_PRD, NULOS, TOTAL_PERSONAS_VOTARON)
    etiqueta: str
    tipo: Literal["AUXILIAR", "VOTO"]
    tipo_opcion: str = ""  # OpcionBoleta.tipo for vote fields


def _opciones(acta: Any) -> list[Any]:
    from ople.catalog.selectors import opciones_de

    return list(opciones_de(acta.demarcacion))


def _columna(opcion: Any) -> str:
    return opcion if isinstance(opcion, str) else str(opcion.columna)


def _etiqueta_opcion(opcion: Any) -> str:
    if isinstance(opcion, str):
        return opcion
    tipo = getattr(opcion, "tipo", "")
    return actas.ETIQUETAS_TIPO_OPCION.get(tipo, str(opcion.columna).replace("_", " "))


def campos_de(acta: Any) -> list[Campo]:
    """Every field of `acta` (an ActaEsperada with its demarcación), in printed order."""
    aux = actas.AUXILIAR
    campos = [Campo(c, aux[c].etiqueta, "AUXILIAR") for c in actas.AUXILIARES_INICIO]
    for opcion in _opciones(acta):
        campos.append(
            Campo(
                _columna(opcion),
                _etiqueta_opcion(opcion),
                "VOTO",
                str(getattr(opcion, "tipo", "")),
            )
        )
    asentado = aux[actas.TOTAL_ASENTADO]
    campos.append(Campo(asentado.clave, asentado.etiqueta, "AUXILIAR"))
    return campos


def columnas_voto(campos: list[Campo]) -> list[str]:
    return [c.clave for c in campos if c.tipo == "VOTO"]


def n_opciones(campos: list[Campo]) -> int:
    """Parties and independent candidacies in the race (for the representatives' allowance)."""
    return sum(1 for c in campos if c.tipo_opcion in ("PARTIDO", "CI"))


class ValoresInvalidos(ValueError):
    """The captured values do not fit the acta; `errores` maps field (or "") to a message."""

    def __init__(self, errores: dict[str, str]):
        self.errores = errores
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in errores.items()))


def normalizar_valor(valor: object) -> int | str:
    """One captured value: a non-negative int, ILEGIBLE or SIN DATO (ValueError otherwise).

    Also accepts a string of digits (what a form sends) and the one-letter keys I and S.
    """
    if isinstance(valor, bool):
        raise ValueError("no es un número")
    if isinstance(valor, int):
        if valor < 0:
            raise ValueError("no puede ser negativo")
        if valor > MAXIMO_VALOR:
            raise ValueError(f"es mayor que {MAXIMO_VALOR}")
        return valor
    if isinstance(valor, str):
        texto = valor.strip().upper()
        if texto in (ILEGIBLE, "I"):
            return ILEGIBLE
        if texto in (SIN_DATO, "S"):
            return SIN_DATO
        if texto.isascii() and texto.isdigit():
            return normalizar_valor(int(texto))
        if texto == "":
            raise ValueError("está vacío (escriba un número, I = ilegible o S = sin dato)")
    raise ValueError("debe ser un número entero, ILEGIBLE o SIN DATO")


def validar_valores(campos: list[Campo], valores: object) -> dict[str, int | str]:
    """Return the normalised values of every field, or raise ValoresInvalidos (in Spanish)."""
    if not isinstance(valores, dict):
        raise ValoresInvalidos({"": "Los valores deben ser un objeto campo → valor."})
    errores: dict[str, str] = {}
    limpios: dict[str, int | str] = {}
    esperados = {c.clave for c in campos}
    for campo in campos:
        if campo.clave not in valores:
            errores[campo.clave] = f"Falta el campo «{campo.etiqueta}»."
            continue
        try:
            limpios[campo.clave] = normalizar_valor(valores[campo.clave])
        except ValueError as exc:
            errores[campo.clave] = f"«{campo.etiqueta}» {exc}."
    sobrantes = sorted(str(k) for k in valores if k not in esperados)
    if sobrantes:
        errores[""] = f"Campos que no pertenecen a esta acta: {', '.join(sobrantes)}."
    if errores:
        raise ValoresInvalidos(errores)
    return limpios
