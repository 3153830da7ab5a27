"""Reading the input of ``ople computos reparto`` (a JSON document) into the split's arguments.

Format::

    {"partidos": {"PAN": 20000, "PRI": 9500, "PRD": 1200},
     "combinaciones": {"PAN+PRI+PRD": 1001, "PAN+PRI": 350, "PAN+PRD": 77, "PRI+PRD": 40},
     "desempate": ["PAN", "PRI", "PRD"]}          # optional; default: the order of "partidos"

No Django: the command and the tests call it directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ople.ley.distribucion import Asignacion, RepartoInvalido, asignaciones, distribuir


@dataclass(frozen=True)
class Reparto:
    propios: dict[str, int]
    combinaciones: dict[tuple[str, ...], int]
    desempate: tuple[str, ...]

    def distribuido(self) -> dict[str, int]:
        return distribuir(self.propios, self.combinaciones, desempate=self.desempate)

    def detalle(self) -> list[Asignacion]:
        return asignaciones(self.propios, self.combinaciones, desempate=self.desempate)


def _entero(valor: object, nombre: str) -> int:
    if not isinstance(valor, int) or isinstance(valor, bool) or valor < 0:
        raise RepartoInvalido(f"los votos de «{nombre}» deben ser un entero no negativo")
    return valor


def leer(texto: str | bytes) -> Reparto:
    """The split's arguments from the JSON text; `RepartoInvalido` (Spanish) on any bad input."""
    try:
        datos = json.loads(texto)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RepartoInvalido(f"la entrada no es JSON válido: {exc}") from None
    if not isinstance(datos, dict):
        raise RepartoInvalido("la entrada debe ser un objeto JSON con «partidos» y «combinaciones»")
    desconocidas = sorted(set(datos) - {"partidos", "combinaciones", "desempate"})
    if desconocidas:
        raise RepartoInvalido(f"claves desconocidas en la entrada: {', '.join(desconocidas)}")
    partidos = datos.get("partidos")
    if not isinstance(partidos, dict) or not partidos:
        raise RepartoInvalido("«partidos» debe ser un objeto no vacío: siglas → votos propios")
    propios = {str(p): _entero(v, str(p)) for p, v in partidos.items()}
    combos_crudos = datos.get("combinaciones", {})
    if not isinstance(combos_crudos, dict):
        raise RepartoInvalido("«combinaciones» debe ser un objeto: «A+B» → votos")
    combinaciones: dict[tuple[str, ...], int] = {}
    for nombre, v in combos_crudos.items():
        combo = tuple(p.strip() for p in str(nombre).split("+"))
        if combo in combinaciones:
            raise RepartoInvalido(f"combinación repetida: «{nombre}»")
        combinaciones[combo] = _entero(v, str(nombre))
    desempate_crudo = datos.get("desempate", list(propios))
    if not isinstance(desempate_crudo, list) or not all(
        isinstance(p, str) for p in desempate_crudo
    ):
        raise RepartoInvalido("«desempate» debe ser una lista de siglas")
    reparto = Reparto(propios, combinaciones, tuple(desempate_crudo))
    reparto.distribuido()  # validates (RepartoInvalido)
    return reparto
