"""The package's key and its check digits, as printed on the label and read back. Pure, typed.

A package is one casilla's documentation of one election. Its key is the casilla's key
(``CLAVE_CASILLA``: entidad 2, sección 4, tipo 1, número 2, extensión contigua 2) followed by the
election's digit (the acta type a casilla produces: 1 gubernatura, 2 diputaciones, 4
ayuntamientos), twelve symbols in all, and two check digits computed with ISO/IEC 7064 MOD 97-10
(the IBAN's) over the *process* key and the package key together::

    >>> digitos("2023-2024", "010393B01002")
    '95'
    >>> texto_qr("2023-2024", "010393B01002")
    'OPLE-PAQ:2023-2024:010393B0100295'
    >>> impresa("2023-2024", "010393B01002")
    '010393B0100-2-95'

MOD 97-10 catches every change of one symbol and every swap of two neighbours; folding the
process into the digits makes a label printed for another process fail its check even when the
same casilla exists in both. Reading (``leer``) accepts the QR's text or the printed key typed by
hand (spaces, hyphens and case do not matter) and refuses, with a Spanish message, a QR that is
not a package label (an acta's QR, a web address), a label of another process, a key of the wrong
shape, and a key whose check digits do not match — before anything is looked up or recorded.

This is not law (no statute fixes it): it is this system's own format, the one place to change
it (ADR 0037).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from ople.core.errors import OpleError

PREFIJO_QR: Final = "OPLE-PAQ"
LARGO: Final = 12  # casilla (11) + election digit (1)
_FORMA: Final = re.compile(r"\d{6}[A-Z]\d{4}\d")
_DIGITOS_ELECCION: Final = frozenset("124")


class ClaveInvalida(OpleError):
    """A label or key that is not a package of this process (Spanish message, HTTP 422)."""

    estado = 422


def _normalizar(texto: str) -> str:
    return "".join(c for c in texto.upper() if c.isalnum())


def _numero(texto: str) -> int:
    """The symbols as ISO 7064 reads them: digits as they are, A = 10 … Z = 35."""
    return int("".join(str(int(c, 36)) for c in texto))


def digitos(proceso: str, clave: str) -> str:
    """The two check digits (``"02"`` … ``"98"``) of ``clave`` in process ``proceso``."""
    base = _normalizar(proceso) + _normalizar(clave)
    if not base:
        raise ClaveInvalida("clave_vacia", "La clave del paquete está vacía.")
    return f"{98 - (_numero(base) * 100) % 97:02d}"


def valida(proceso: str, clave: str, dv: str) -> bool:
    """Whether ``dv`` are the check digits of ``clave`` in ``proceso`` (ISO 7064: remainder 1)."""
    if not re.fullmatch(r"\d\d", dv):
        return False
    return _numero(_normalizar(proceso) + _normalizar(clave) + dv) % 97 == 1


def clave_de(clave_casilla: str, digito_eleccion: str) -> str:
    """The package key of a casilla and an election digit (``"010393B0100"``, ``"2"``)."""
    clave = clave_casilla + digito_eleccion
    if not _FORMA.fullmatch(clave) or digito_eleccion not in _DIGITOS_ELECCION:
        raise ClaveInvalida(
            "clave_invalida", f"No se puede formar la clave de paquete con {clave!r}."
        )
    return clave


def texto_qr(proceso: str, clave: str) -> str:
    """What the label's QR holds: prefix, process and the key with its check digits."""
    return f"{PREFIJO_QR}:{proceso}:{clave}{digitos(proceso, clave)}"


def impresa(proceso: str, clave: str) -> str:
    """The key as printed under the QR, to be typed when the camera cannot read it."""
    return f"{clave[:11]}-{clave[11:]}-{digitos(proceso, clave)}"


@dataclass(frozen=True, slots=True)
class Lectura:
    clave: str  # the 12-symbol package key
    clave_casilla: str
    digito_eleccion: str


def leer(texto: str, *, proceso: str) -> Lectura:
    """Read a scanned QR or a typed key; raise ``ClaveInvalida`` unless it is a package of
    ``proceso`` with valid check digits."""
    texto = (texto or "").strip()
    if not texto:
        raise ClaveInvalida("clave_vacia", "Escanee la etiqueta o escriba la clave del paquete.")
    if ":" in texto or "/" in texto:
        partes = texto.split(":")
        if len(partes) != 3 or partes[0] != PREFIJO_QR:
            raise ClaveInvalida(
                "qr_ajeno",
                "Este código QR no es la etiqueta de un paquete electoral. Escanee la etiqueta "
                "del paquete o escriba la clave impresa bajo el código.",
            )
        if partes[1] != proceso:
            raise ClaveInvalida(
                "otro_proceso",
                f"La etiqueta es de un paquete del proceso {partes[1]}, no del proceso {proceso}.",
            )
        texto = partes[2]
    simbolos = _normalizar(texto)
    if len(simbolos) != LARGO + 2 or not _FORMA.fullmatch(simbolos[:LARGO]):
        raise ClaveInvalida(
            "clave_mal_formada",
            "La clave del paquete tiene 14 caracteres: la casilla (11), la elección (1) y dos "
            "dígitos verificadores, p. ej. 010393B0100-2-95. Revise lo que escribió.",
        )
    clave, dv = simbolos[:LARGO], simbolos[LARGO:]
    if clave[-1] not in _DIGITOS_ELECCION:
        raise ClaveInvalida("clave_mal_formada", "El dígito de la elección no existe (1, 2 o 4).")
    if not valida(proceso, clave, dv):
        raise ClaveInvalida(
            "digito_verificador",
            "Los dígitos verificadores no corresponden a la clave: hay un error de captura o la "
            "etiqueta no es de este proceso. Revise la clave; no se registró nada.",
        )
    return Lectura(clave=clave, clave_casilla=clave[:11], digito_eleccion=clave[11])
