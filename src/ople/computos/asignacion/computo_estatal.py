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
    approved in candidaturas (none: the seats are allocated without persons). Each
    ayuntamiento's regiduría lists are those approved in candidaturas for its municipio. The
    VPMRG register is applied to every list on ``vigente_desde``."""
    if listas is None:
        listas = listas_aprobadas(proceso)
    cabildos = {m: (c.escanos, c.rp) for m, c in seccion.cabildos.items()}
    cerrados = computos_selectors.computos_cerrados(proceso)
    desde = desde_computos.version_desde_computos(
        cerrados, cabildos=cabildos, vigente_desde=vigente_desde.isoformat()
    )
    avisos = list(desde.avisos)
    # municipio → its demarcación's clave (the key of candidaturas' lists by demarcación)
    demarcacion = {c.municipio: c.numero for c in cerrados if c.tipo == "MUNICIPAL"}
    regidurias = listas_regidurias(proceso)
    con_listas = False
    for o in desde.version["organos"]:
        if o["clave"] == "congreso":
            if listas:
                o["listas"] = listas
                con_listas = True
        else:
            de_municipio = regidurias.get(demarcacion.get(o["entrada"]["municipio"], -1))
            if de_municipio:
                o["listas"] = de_municipio
                con_listas = True
    if con_listas:
        avisos += elegibilidad.marcar([desde.version], elegibilidad.consulta_registro())
    return desde_computos.Desde(desde.version, tuple(avisos))


# candidaturas' Genero → the people step's (ople.ley.rp_personas): "X" is a non-binary person.
_GENERO = {"M": "M", "H": "H", "X": "NB"}


def _formulas(siglas: str, lista: list[Any]) -> list[dict[str, Any]]:
    """One party's approved list in a version file's format. A person's ``clave`` is the party
    and place (never the CURP: the input is published); the place's affirmative action is the
    group the propietario proved (candidaturas asks the proof of the propietario only, so the
    suplente has none)."""
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
    return formulas


def _candidaturas(proceso: Any | None) -> tuple[Any, Any]:
    """(the process, candidaturas' selectors), or (…, None) when that system is not installed."""
    from django.apps import apps

    from ople.catalog import selectors as catalogo

    proceso = proceso or catalogo.proceso_activo()
    if proceso is None or not apps.is_installed("ople.candidaturas"):
        return proceso, None
    from ople.candidaturas import selectors as candidaturas

    return proceso, candidaturas


def listas_aprobadas(proceso: Any | None = None) -> dict[str, Any]:
    """The Congress's RP lists approved in candidaturas for ``proceso`` (default: the active one),
    in a version file's ``listas`` format (see ``_formulas``)."""
    proceso, candidaturas = _candidaturas(proceso)
    if candidaturas is None:
        return {}
    return {
        siglas: _formulas(siglas, lista)
        for siglas, lista in candidaturas.listas_rp(proceso=proceso).items()
    }


def listas_regidurias(proceso: Any | None = None) -> dict[int, dict[str, Any]]:
    """Each municipio's regiduría RP lists approved in candidaturas for ``proceso``, by its
    demarcación's clave, in a version file's ``listas`` format."""
    proceso, candidaturas = _candidaturas(proceso)
    if candidaturas is None:
        return {}
    return {
        clave: {siglas: _formulas(siglas, lista) for siglas, lista in por_partido.items()}
        for clave, por_partido in candidaturas.listas_rp_por_demarcacion(proceso=proceso).items()
    }
