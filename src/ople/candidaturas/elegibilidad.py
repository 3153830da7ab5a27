"""The VPMRG register check (legal.md §3.3, §4.2), through the registers' selector when installed.

The public registers are another system (`ople.registros`). This adapter asks it when the app
is installed and otherwise answers "registro no disponible", so a check is always recorded with
what was known at the time.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class Consulta:
    disponible: bool
    sancionado: bool
    detalle: str
    # The matched entries as staff read them («expediente …, en el registro hasta el …»).
    entradas: tuple[str, ...] = ()

    def como_dict(self) -> dict[str, Any]:
        return {
            "disponible": self.disponible,
            "sancionado": self.sancionado,
            "detalle": self.detalle,
        }


def _entrada(e: Any) -> str:
    por = "la CURP" if getattr(e, "coincide_por", "") == "curp" else "el nombre"
    return (
        f"expediente {e.expediente} ({e.autoridad_sancionadora}), en el registro hasta el "
        f"{e.fecha_baja:%d/%m/%Y}; coincide por {por}"
    )


def consultar_vpmrg(*, nombre: str, curp: str) -> Consulta:
    if not apps.is_installed("ople.registros"):
        return Consulta(False, False, "registro no disponible")
    selectors = import_module("ople.registros.selectors")
    respuesta = selectors.elegibilidad(nombre=nombre, curp=curp)
    entradas = tuple(_entrada(e) for e in getattr(respuesta, "entradas", ()) or ())
    sancionado = bool(respuesta.sancionado)
    detalle = (
        "aparece en el registro de personas sancionadas por VPMRG: " + " y ".join(entradas)
        if sancionado
        else "no aparece en el registro de personas sancionadas por VPMRG"
    )
    return Consulta(True, sancionado, detalle, entradas if sancionado else ())
