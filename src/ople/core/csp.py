"""Content-Security-Policy: the policy ople's responses and the published site carry. Pure.

A policy is a mapping from directive to its sources. `BASE` allows only this origin, no inline
script or style, no plugins, no framing; `ampliar` adds sources (a deployment's
`OPLE_CSP_EXTRA`, read by `leer`, or one view's needs such as a camera page's `blob:` photo
preview); `cabecera` writes the header's value; an image or PDF answer (`es_medio`) lets the
browser's own viewer style itself (`MEDIOS`). The same text goes into the nginx configuration of
the published site (written by the system that publishes it), which has no Django.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

Politica = Mapping[str, Sequence[str]]

BASE: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}

# A browser shows an image or a PDF opened by itself in a document it builds, styled by inline
# style attributes of its own (Chromium's image viewer): that document carries no script and no
# style of ours, so its answer's policy lets those attributes be.
MEDIOS = {"style-src-attr": ("'unsafe-inline'",)}

_DIRECTIVA = re.compile(r"[a-z][a-z-]*")
# A source expression: a quoted keyword or hash ('self', 'none', 'sha256-...'), or printable
# ASCII without the quote and the header's separators ";" and "," (a scheme, host or URL).
_FUENTE = re.compile(r"'[A-Za-z0-9+/=_-]+'|[\x21-\x26\x28-\x2b\x2d-\x3a\x3c-\x7e]+")


class PoliticaInvalida(ValueError):
    """A directive or source that cannot go into the header (message in Spanish)."""


def ampliar(politica: Politica, extra: Politica) -> dict[str, tuple[str, ...]]:
    """`politica` with the sources of `extra` added after its own (repeats dropped). A directive
    that was `'none'` takes the new sources instead; one `extra` lacks is kept as it is."""
    resultado = {d: tuple(f) for d, f in politica.items()}
    for directiva, fuentes in extra.items():
        actuales = [f for f in resultado.get(directiva, ()) if f != "'none'" or not fuentes]
        for f in fuentes:
            if f not in actuales:
                actuales.append(f)
        resultado[directiva] = tuple(actuales)
    return resultado


def leer(texto: str) -> dict[str, tuple[str, ...]]:
    """Parse `"img-src https://a.example; connect-src https://b.example"` (the form of the
    header) into a policy; an empty text is an empty policy. Raises `PoliticaInvalida`."""
    politica: dict[str, tuple[str, ...]] = {}
    for parte in texto.split(";"):
        palabras = parte.split()
        if not palabras:
            continue
        directiva, fuentes = palabras[0].lower(), palabras[1:]
        if not _DIRECTIVA.fullmatch(directiva):
            raise PoliticaInvalida(f"Directiva de CSP no válida: {directiva!r}.")
        for f in fuentes:
            if not _FUENTE.fullmatch(f):
                raise PoliticaInvalida(f"Fuente no válida en la directiva {directiva}: {f!r}.")
        politica[directiva] = politica.get(directiva, ()) + tuple(fuentes)
    return politica


def es_medio(tipo: str) -> bool:
    """Whether an answer of this Content-Type is shown in the browser's own media viewer: a
    raster image or a PDF (not SVG, which is a document that may carry script)."""
    tipo = tipo.split(";", 1)[0].strip().lower()
    return (tipo.startswith("image/") and not tipo.startswith("image/svg")) or (
        tipo == "application/pdf"
    )


def cabecera(politica: Politica) -> str:
    """The header's value: directives in the policy's order, `; ` between them."""
    return "; ".join(" ".join((d, *f)) for d, f in politica.items())
