"""Folio text in the institute's format, e.g. `IEE/CZLS/032/2023`. Pure (no Django).

The pattern is a `str.format` template over four names: `institucion` (the institute's
acronym), `area` (initials of the area or person), `numero` (the series' number, an int: give
it a width such as `{numero:03d}`) and `anio` (the series' year).
"""

from __future__ import annotations

import re
import string

CAMPOS = frozenset({"institucion", "area", "numero", "anio"})  # the last three are required
_AREA = re.compile(r"[A-ZÑ0-9][A-ZÑ0-9.-]{0,19}")


class FolioError(ValueError):
    """A folio cannot be formed; the message is Spanish, for the person who asked."""


def validar_area(area: str) -> str:
    if not _AREA.fullmatch(area):
        raise FolioError(
            f"Área no válida para un folio: {area!r}; use de 1 a 20 mayúsculas, dígitos, "
            "punto o guion (p. ej. CZLS)."
        )
    return area


def validar_formato(patron: str) -> str:
    """The pattern names only known fields and includes `area`, `numero` and `anio`: without
    any of them two series, or two years of one, would print the same folio."""
    try:
        campos = {c for _, c, _, _ in string.Formatter().parse(patron) if c is not None}
    except ValueError as exc:
        raise FolioError(f"Formato de folio no válido {patron!r}: {exc}") from exc
    desconocidos = campos - CAMPOS
    if desconocidos:
        raise FolioError(
            f"Formato de folio no válido {patron!r}: campos desconocidos "
            f"{', '.join(sorted(desconocidos))} (se admiten {', '.join(sorted(CAMPOS))})."
        )
    faltan = sorted({"area", "numero", "anio"} - campos)
    if faltan:
        raise FolioError(
            f"Formato de folio no válido {patron!r}: falta "
            + ", ".join(f"{{{c}}}" for c in faltan)
            + "."
        )
    return patron


def formatear(*, patron: str, institucion: str, area: str, numero: int, anio: int) -> str:
    validar_formato(patron)
    try:
        return patron.format(
            institucion=institucion, area=validar_area(area), numero=numero, anio=anio
        )
    except (ValueError, IndexError, KeyError) as exc:
        raise FolioError(f"Formato de folio no válido {patron!r}: {exc}") from exc
