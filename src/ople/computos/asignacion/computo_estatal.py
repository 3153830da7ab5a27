"""The cómputo estatal from the cómputos' own records (reads only): the version file of the
allocation built from the closed distrital and municipal cómputos, with the VPMRG register
applied to its lists. Shared by the Consejo General's session (`views.sesion`, «Sumar los
cómputos cerrados») and `ople computos rp-publicar --computos` (the simulacro's continuation)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ople.computos import selectors as computos_selectors
from ople.computos.asignacion import desde_computos, elegibilidad
from ople.computos.asignacion.perfil import SeccionAsignacion


def version_de_los_computos(
    seccion: SeccionAsignacion,
    *,
    vigente_desde: date,
    proceso: Any | None = None,
    listas: dict[str, Any] | None = None,
) -> desde_computos.Desde:
    """Version 1 of the allocation from the closed cómputos of ``proceso`` (default: the active
    one). ``listas``: the registered RP lists of the Congress (a version file's ``listas``), when
    known; the VPMRG register is applied to them on ``vigente_desde``."""
    cabildos = {m: (c.escanos, c.rp) for m, c in seccion.cabildos.items()}
    desde = desde_computos.version_desde_computos(
        computos_selectors.computos_cerrados(proceso),
        cabildos=cabildos,
        vigente_desde=vigente_desde.isoformat(),
    )
    avisos = list(desde.avisos)
    if listas:
        for o in desde.version["organos"]:
            if o["clave"] == "congreso":
                o["listas"] = listas
        avisos += elegibilidad.marcar([desde.version], elegibilidad.consulta_registro())
    return desde_computos.Desde(desde.version, tuple(avisos))
