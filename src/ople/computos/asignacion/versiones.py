"""A version of the allocation as a JSON file (pure), for ``ople computos rp-publicar --versiones``.

    {"numero": 2, "origen": "TEEA", "expediente": "TEEA-JDC-…/2024", "vigente_desde": "2024-07-15",
     "motivo": "…",
     "organos": [
       {"clave": "congreso", "nombre": "Congreso del Estado",
        "entrada": {…the input of `ople computos rp`…},
        "listas": {"MORENA": [{"posicion": 1, "accion_afirmativa": null,
                               "propietario": {"clave": "M-1", "nombre": "…", "genero": "M"},
                               "suplente": {"clave": "M-1s", "nombre": "…", "genero": "M",
                                            "grupo": null}}, …]},
        "inelegibles": {"M-2": "no acreditó …"},
        "mujeres_mr": 8}
     ]}

Each body is allocated under the profile (``entrada``), then, when ``listas`` are given, its RP
seats are filled from them under the profile's people rules. Errors name the field.
"""

from __future__ import annotations

import re
from typing import Any, Final

from ople.computos.asignacion import entrada as entrada_rp
from ople.computos.asignacion.perfil import SeccionAsignacion
from ople.computos.asignacion.sitio import ORIGENES, OrganoPublicado, Version
from ople.ley.rp import EntradaInvalida, asignar
from ople.ley.rp_personas import Formula, Persona, asignar_personas

GENEROS: Final = ("M", "H", "NB")
_CLAVE: Final = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")


def _texto(datos: dict[str, Any], campo: str, prefijo: str) -> str:
    v = datos.get(campo)
    if not isinstance(v, str) or not v.strip():
        raise EntradaInvalida(prefijo + campo, "debe ser un texto no vacío")
    return v


def _persona(datos: Any, campo: str) -> Persona:
    if not isinstance(datos, dict):
        raise EntradaInvalida(campo, "debe ser un objeto con clave, nombre y genero")
    genero = datos.get("genero")
    if genero not in GENEROS:
        raise EntradaInvalida(f"{campo}.genero", f"debe ser uno de: {', '.join(GENEROS)}")
    grupo = datos.get("grupo")
    if grupo is not None and not isinstance(grupo, str):
        raise EntradaInvalida(f"{campo}.grupo", "debe ser un texto o null")
    return Persona(
        _texto(datos, "clave", f"{campo}."), _texto(datos, "nombre", f"{campo}."), genero, grupo
    )


def _listas(datos: Any, campo: str) -> dict[str, tuple[Formula, ...]]:
    if not isinstance(datos, dict):
        raise EntradaInvalida(campo, 'debe ser un objeto {"PARTIDO": [fórmulas…]}')
    listas: dict[str, tuple[Formula, ...]] = {}
    for partido, formulas in datos.items():
        if not isinstance(formulas, list):
            raise EntradaInvalida(f"{campo}.{partido}", "debe ser una lista de fórmulas")
        lista = []
        for k, f in enumerate(formulas):
            c = f"{campo}.{partido}[{k}]"
            if not isinstance(f, dict):
                raise EntradaInvalida(c, "debe ser un objeto")
            posicion = f.get("posicion", k + 1)
            if type(posicion) is not int or posicion < 1:
                raise EntradaInvalida(f"{c}.posicion", "debe ser un entero desde 1")
            aa = f.get("accion_afirmativa")
            if aa is not None and not isinstance(aa, str):
                raise EntradaInvalida(f"{c}.accion_afirmativa", "debe ser un texto o null")
            suplente = f.get("suplente")
            lista.append(
                Formula(
                    posicion,
                    _persona(f.get("propietario"), f"{c}.propietario"),
                    _persona(suplente, f"{c}.suplente") if suplente is not None else None,
                    aa,
                )
            )
        if len({f.posicion for f in lista}) != len(lista):
            raise EntradaInvalida(f"{campo}.{partido}", "dos fórmulas en el mismo lugar")
        listas[partido] = tuple(lista)
    return listas


def leer(datos: Any, seccion: SeccionAsignacion) -> Version:
    """A ``Version`` from its JSON (parsed), allocated under ``seccion``."""
    if not isinstance(datos, dict):
        raise EntradaInvalida("VERSION", "debe ser un objeto JSON")
    numero = datos.get("numero")
    if type(numero) is not int or numero < 1:
        raise EntradaInvalida("numero", "debe ser un entero desde 1")
    origen = datos.get("origen")
    if origen not in ORIGENES:
        raise EntradaInvalida("origen", f"debe ser uno de: {', '.join(ORIGENES)}")
    organos_t = datos.get("organos")
    if not isinstance(organos_t, list) or not organos_t:
        raise EntradaInvalida("organos", "debe ser una lista de órganos")
    organos = []
    for k, o in enumerate(organos_t):
        campo = f"organos[{k}]"
        if not isinstance(o, dict):
            raise EntradaInvalida(campo, "debe ser un objeto")
        clave = _texto(o, "clave", f"{campo}.")
        if not _CLAVE.fullmatch(clave):
            raise EntradaInvalida(
                f"{campo}.clave", "minúsculas, cifras y guiones (es el nombre de su carpeta)"
            )
        try:
            e = entrada_rp.leer(o.get("entrada"), seccion)
        except EntradaInvalida as exc:
            raise EntradaInvalida(f"{campo}.entrada.{exc.campo}", exc.mensaje) from None
        r = asignar(e.eleccion, e.reglas)
        personas = None
        if "listas" in o:
            inelegibles = o.get("inelegibles", {})
            if not isinstance(inelegibles, dict) or not all(
                isinstance(v, str) for v in inelegibles.values()
            ):
                raise EntradaInvalida(f"{campo}.inelegibles", 'debe ser {"clave": "motivo"}')
            mujeres_mr = o.get("mujeres_mr", 0)
            if type(mujeres_mr) is not int or mujeres_mr < 0:
                raise EntradaInvalida(f"{campo}.mujeres_mr", "debe ser un entero no negativo")
            personas = asignar_personas(
                {p: n for p, n in r.rp.items() if n},
                _listas(o["listas"], f"{campo}.listas"),
                seccion.personas,
                lambda p, ine=inelegibles: ine.get(p.clave),  # type: ignore[misc]
                votos=e.eleccion.votos,
                mujeres_mr=mujeres_mr,
                integrantes_mr=e.eleccion.tamano() - e.eleccion.rp,
            )
        organos.append(
            OrganoPublicado(
                clave, _texto(o, "nombre", f"{campo}."), entrada_rp.completa(e), r, personas
            )
        )
    return Version(
        numero,
        origen,
        _texto(datos, "expediente", ""),
        _texto(datos, "vigente_desde", ""),
        _texto(datos, "motivo", ""),
        organos,
    )
