"""The cómputo estatal from the cómputos' own records (reads only): the version file of the
allocation built from the closed distrital and municipal cómputos, with the Congress's RP lists
approved in candidaturas (``candidaturas.selectors.listas_rp``) and the VPMRG register applied
to them. Shared by the Consejo General's session (`views.sesion`, «Sumar los
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
    one). ``listas``: the Congress's RP lists (a version file's ``listas``); by default those
    approved in candidaturas (none: the seats are allocated without persons). The VPMRG register
    is applied to them on ``vigente_desde``."""
    if listas is None:
        listas = listas_aprobadas(proceso)
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


# candidaturas' Genero → the people step's (ople.ley.rp_personas): "X" is a non-binary person.
_GENERO = {"M": "M", "H": "H", "X": "NB"}


def listas_aprobadas(proceso: Any | None = None) -> dict[str, Any]:
    """The Congress's RP lists approved in candidaturas for ``proceso`` (default: the active one),
    in a version file's ``listas`` format. A person's ``clave`` is the party and place (never the
    CURP: the input is published); the place's affirmative action is the group the propietario
    proved (candidaturas asks the proof of the propietario only, so the suplente has none)."""
    from django.apps import apps

    from ople.catalog import selectors as catalogo

    proceso = proceso or catalogo.proceso_activo()
    if proceso is None or not apps.is_installed("ople.candidaturas"):
        return {}
    from ople.candidaturas import selectors as candidaturas

    listas: dict[str, Any] = {}
    for siglas, lista in candidaturas.listas_rp(proceso=proceso).items():
        formulas = []
        for c in lista:
            accion = c.accion_afirmativa or None
            clave = f"{siglas}-{c.posicion}"
            f: dict[str, Any] = {
                "posicion": c.posicion,
                "accion_afirmativa": accion,
                "propietario": {
                    "clave": clave,
                    "nombre": c.propietario.nombre_completo,
                    "genero": _GENERO[c.propietario.genero],
                    "grupo": accion,
                },
            }
            if c.suplente is not None:
                f["suplente"] = {
                    "clave": f"{clave}s",
                    "nombre": c.suplente.nombre_completo,
                    "genero": _GENERO[c.suplente.genero],
                    "grupo": None,
                }
            formulas.append(f)
        listas[siglas] = formulas
    return listas
