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
4. A VPMRG register entry's conduct and sanction are redacted the same way against the protected
   parties of the case the entry comes from: the case whose institute key or tribunal case
   number is the entry's `expediente` (`publica.datos.terminos_por_expediente`). An entry from a
   case the institute did not instruct (another authority's) has no parties here to redact
   against: staff write its conduct without the victim's name.

The generator of the public site never sees a protected party's data: it reads the case through
`expediente_publico`, which applies this rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ople.ley.permanencia import normalizar_nombre

PROTEGIDO: Final = "[dato protegido]"
PARTICULAS: Final = frozenset({"DE", "LA", "DEL", "LOS", "LAS", "Y", "E", "VDA", "VIUDA"})

_PALABRA: Final = re.compile(r"[^\W_]+")


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
    por_inicio = _por_inicio(tuple(terminos))
    # The text's words (letters and digits), each folded as names are (case, accents).
    fichas = [(m.start(), m.end(), normalizar_nombre(m.group())) for m in _PALABRA.finditer(texto)]
    partes: list[str] = []
    ultimo = i = 0
    while i < len(fichas):
        for palabras in por_inicio.get(fichas[i][2], ()):
            k = len(palabras)
            if tuple(f[2] for f in fichas[i : i + k]) == palabras:
                partes += [texto[ultimo : fichas[i][0]], PROTEGIDO]
                ultimo = fichas[i + k - 1][1]
                i += k
                break
        else:
            i += 1
    partes.append(texto[ultimo:])
    return "".join(partes)


@lru_cache(maxsize=256)
def _por_inicio(terminos: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """The terms as word sequences, grouped by their first word, longest first."""
    grupos: dict[str, list[tuple[str, ...]]] = {}
    for termino in terminos:
        palabras = tuple(termino.split())
        if palabras:
            grupos.setdefault(palabras[0], []).append(palabras)
    for lista in grupos.values():
        lista.sort(key=len, reverse=True)
    return grupos
