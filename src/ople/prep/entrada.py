"""What the PREP accepts from a client, before it reaches a query, a file name or a row.

Pure module (no Django). Every text a PREP page or the PREP Casilla API receives — the path,
query and form fields, the API's multipart and JSON fields — goes through `caracter_prohibido`
(once, in `ople.prep.middleware` and in `ople.prep.api`), every whole number typed in a form
through `entero`. (The dates a device reports are checked by the law profile's
`VentanaRecepcion`, in `ople.prep.services.intake`.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

# C0 but tab and line breaks (ordinary text in a textarea: a list of casillas, a motivo), DEL, C1.
_PROHIBIDO: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# The largest id a form may name: PostgreSQL's bigint (a bigger number is an error there).
MAX_ID: Final = 2**63 - 1


def caracter_prohibido(texto: str) -> str | None:
    """The first control character of `texto` (C0 but tab and line breaks, DEL, C1), or None.

    NUL in particular: PostgreSQL refuses it in text and the file system in a path, so a field
    carrying one would fail deep inside a view instead of being refused.
    """
    encontrado = _PROHIBIDO.search(texto)
    return encontrado.group() if encontrado is not None else None


def primer_prohibido(textos: Iterable[str]) -> str | None:
    """`caracter_prohibido` over several texts: the first one found, or None."""
    for texto in textos:
        encontrado = caracter_prohibido(texto)
        if encontrado is not None:
            return encontrado
    return None


def describir(caracter: str) -> str:
    """How a refused character is named in a Spanish message: «NUL, U+0000»."""
    punto = ord(caracter)
    return f"NUL, U+{punto:04X}" if punto == 0 else f"U+{punto:04X}"


def mensaje(caracter: str) -> str:
    """The Spanish refusal of a text carrying `caracter`."""
    return (
        f"La solicitud contiene un carácter de control no permitido ({describir(caracter)}). "
        "Revise lo que escribió o pegó y vuelva a intentarlo."
    )


def entero(texto: str | None, *, minimo: int = 1, maximo: int = MAX_ID) -> int | None:
    """`texto` as a whole number within [minimo, maximo], or None (missing, not one, out of range).

    Only ASCII digits with an optional sign: int() would also take '١٢', '1_000' or 4,000
    digits' worth of work.
    """
    limpio = (texto or "").strip()
    digitos = limpio[1:] if limpio[:1] in ("-", "+") else limpio
    if not digitos or not digitos.isascii() or not digitos.isdigit() or len(digitos) > 19:
        return None
    valor = int(limpio)
    return valor if minimo <= valor <= maximo else None
