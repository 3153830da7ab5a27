"""The one anonymisation rule of everything the public registers publish (ADR 0045). Pure.

legal.md §4.5 and §6.4: the TEEA's bulletins redact the complainant's personal data; VPMRG
victims and complainants who are natural persons are never exposed. The rule:

1. A party is **protected** when it is a victim, or a complainant who is a natural person.
   Respondents, and complainants that are parties or other legal persons, are shown by name.
2. A protected party is published only as a label ("Persona denunciante", "Víctima"), never with
   its name or its identifier (CURP, RFC, clave de elector).
3. Every free text of a case that is published (conducts, notes of its stages, precautionary
   measures, rulings, document titles) is **redacted** against the protected parties of that
   case: their full names, each word of their names of three letters or more (except particles
   such as "de", "la", "del") and their identifiers are replaced by «[dato protegido]», ignoring
   case and accents. Over-redaction (a respondent's surname shared with a victim's) is accepted:
   the rule errs on the side of the victim.

The generator of the public site never sees a protected party's data: it reads the case through
`expediente_publico`, which applies this rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from ople.ley.permanencia import normalizar_nombre

PROTEGIDO: Final = "[dato protegido]"
PARTICULAS: Final = frozenset({"DE", "LA", "DEL", "LOS", "LAS", "Y", "E", "VDA", "VIUDA"})

_VARIANTES: Final = {
    "A": "AÁÀÄÂÃaáàäâã",
    "E": "EÉÈËÊeéèëê",
    "I": "IÍÌÏÎiíìïî",
    "O": "OÓÒÖÔÕoóòöôõ",
    "U": "UÚÙÜÛuúùüû",
    "N": "NÑnñ",
    "C": "CÇcç",
}


@dataclass(frozen=True)
class ParteDatos:
    rol: str  # denunciante, denunciado, victima
    tipo_persona: str  # fisica, moral
    nombre: str
    identificador: str = ""


def protegida(parte: ParteDatos) -> bool:
    return parte.rol == "victima" or (parte.rol == "denunciante" and parte.tipo_persona == "fisica")


def etiqueta_publica(parte: ParteDatos) -> str:
    if parte.rol == "victima":
        return "Víctima (datos protegidos)"
    if protegida(parte):
        return "Persona denunciante (datos protegidos)"
    return parte.nombre


def terminos_protegidos(partes: Iterable[ParteDatos]) -> tuple[str, ...]:
    """What must not appear: full names, name words and identifiers of the protected parties,
    longest first (so a full name is replaced before its words)."""
    terminos: set[str] = set()
    for parte in partes:
        if not protegida(parte):
            continue
        nombre = normalizar_nombre(parte.nombre)
        if nombre:
            terminos.add(nombre)
            terminos.update(p for p in nombre.split() if len(p) >= 3 and p not in PARTICULAS)
        ident = normalizar_nombre(parte.identificador)
        if ident:
            terminos.add(ident)
    return tuple(sorted(terminos, key=lambda t: (-len(t), t)))


def _patron(termino: str) -> str:
    piezas = []
    for palabra in termino.split():
        piezas.append(
            "".join(
                f"[{re.escape(_VARIANTES[c])}]" if c in _VARIANTES else re.escape(c)
                for c in palabra
            )
        )
    # Words of a name may be separated by spaces, hyphens or punctuation in the text.
    return r"(?<!\w)" + r"[\W_]+".join(piezas) + r"(?!\w)"


def censurar(texto: str, terminos: Sequence[str]) -> str:
    """`texto` with every protected term replaced by «[dato protegido]» (case and accents
    ignored).

    >>> censurar("La regidora María Ñúñez denunció", terminos_protegidos(
    ...     [ParteDatos("victima", "fisica", "Maria Nuñez")]))
    'La regidora [dato protegido] denunció'
    """
    if not terminos or not texto:
        return texto
    texto = unicodedata.normalize("NFC", texto)
    patron = re.compile("|".join(_patron(t) for t in terminos), re.IGNORECASE)
    return patron.sub(PROTEGIDO, texto)
