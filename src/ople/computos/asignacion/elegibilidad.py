"""The VPMRG register in the people step of the RP allocation (legal.md §2.3).

Before a version is allocated, every person on its lists is looked up in the register of persons
sanctioned for political gender violence (``registros.selectors.elegibilidad``, the seam
candidaturas uses too) **on the day the version takes effect** (``vigente_desde``). A person on
the current register is written into the body's ``inelegibles`` with the reason, and the law's
eligibility callable (``ople.ley.rp_personas``) reads it from there: the propietario's seat goes
to the suplente or the next fórmula as the profile says, and the published input carries the
reason, so ``rp-verificar`` re-runs it without the register (and a later change of the register
does not silently change a published version).

``marcar`` is pure (the look-up is given); ``consulta_registro()`` gives a look-up that reads the
registers' selector once per day asked (when that system is installed; otherwise "not on it").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

Consulta = Callable[[str, date | None], bool]

MOTIVO = (
    "aparece en el registro vigente de personas sancionadas por violencia política contra las "
    "mujeres en razón de género (VPMRG)"
)


def _fecha(texto: Any) -> date | None:
    try:
        return date.fromisoformat(str(texto))
    except ValueError:
        return None


def marcar(crudos: list[Any], consultar: Consulta) -> list[str]:
    """Add to each body's ``inelegibles`` the people of its ``listas`` on the register (an
    existing reason for the same person is kept). Returns one line per person added, for the
    session screen. Malformed input is left for ``versiones.leer`` to refuse with its field."""
    avisos: list[str] = []
    for version in crudos:
        if not isinstance(version, dict) or not isinstance(version.get("organos"), list):
            continue
        hoy = _fecha(version.get("vigente_desde"))
        for organo in version["organos"]:
            if not isinstance(organo, dict) or not isinstance(organo.get("listas"), dict):
                continue
            inelegibles = organo.setdefault("inelegibles", {})
            if not isinstance(inelegibles, dict):
                continue
            for partido, formulas in organo["listas"].items():
                if not isinstance(formulas, list):
                    continue
                for f in formulas:
                    if not isinstance(f, dict):
                        continue
                    for papel in ("propietario", "suplente"):
                        p = f.get(papel)
                        if not isinstance(p, dict):
                            continue
                        clave, nombre = p.get("clave"), p.get("nombre")
                        if not isinstance(clave, str) or not isinstance(nombre, str):
                            continue
                        if clave in inelegibles or not consultar(nombre, hoy):
                            continue
                        inelegibles[clave] = MOTIVO
                        avisos.append(
                            f"Versión {version.get('numero')}, {organo.get('nombre')}: "
                            f"{nombre} ({partido}, {papel} del lugar {f.get('posicion')}) {MOTIVO}."
                        )
    return avisos


def consulta_registro() -> Consulta:
    """A look-up on the current VPMRG register (the registers' selector ``registro``, read once
    per day asked, then matched by normalised name as ``registros.selectors.elegibilidad``
    does); "not on it" when that system is not installed."""
    from django.apps import apps

    if not apps.is_installed("ople.registros"):
        return lambda nombre, hoy: False
    from ople.ley.permanencia import normalizar_nombre
    from ople.registros import selectors as registros

    por_dia: dict[date | None, set[str]] = {}

    def consultar(nombre: str, hoy: date | None) -> bool:
        if hoy not in por_dia:
            vigentes, _ = registros.registro(hoy)
            por_dia[hoy] = {normalizar_nombre(e.nombre) for e in vigentes}
        buscado = normalizar_nombre(nombre)
        return bool(buscado) and buscado in por_dia[hoy]

    return consultar
