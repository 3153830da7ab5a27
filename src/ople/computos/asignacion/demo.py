"""The demo's allocation and a simulated one for the tests and the session's example files.

``resolucion_del_tribunal``: the demo's version 2, a state-court ruling on version 1 (the cómputo
estatal of the demo's closed cómputos, ``ople computos rp-publicar --demo``).

``versiones_json`` …: a fixed simulated allocation (no cómputos needed): the Congress with the
figures of legal.md §2.1's second worked example (the MR exception and a compensation bind)
under party names, the eleven ayuntamientos with seeded votes, and the Congress's RP seats filled
from simulated lists, in three versions modelled on 2024. Simulated data, labelled as such
wherever shown. Pure."""

from __future__ import annotations

import copy
import random
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from ople.computos.asignacion import versiones as versiones_rp
from ople.computos.asignacion.perfil import SeccionAsignacion
from ople.computos.asignacion.sitio import OrganoPublicado, Version
from ople.ley.rp_personas import Formula, Genero, Persona

# legal.md §2.1, example 2: A 232,000 … G 11,600; MR A 15, B 1, C 2.
VOTOS_CONGRESO: dict[str, int] = {
    "PAN": 232_000,
    "MORENA": 145_000,
    "PRI": 81_200,
    "MC": 46_400,
    "PVEM": 35_300,
    "PT": 22_700,
    "PRD": 11_600,
}
CONGRESO: dict[str, object] = {
    "organo": "congreso",
    "votos": VOTOS_CONGRESO,
    "nulos": 18_000,
    "no_registrados": 2_000,
    "independientes": 5_800,
    "mr": {"PAN": 15, "MORENA": 1, "PRI": 2},
    "mr_independientes": 0,
    "distritos_con_candidatura": {
        "PAN": 18,
        "MORENA": 18,
        "PRI": 18,
        "MC": 18,
        "PVEM": 16,
        "PT": 15,
        "PRD": 14,
    },
}

NOMBRES_M = ("Ana", "Beatriz", "Carmen", "Diana", "Elena", "Fernanda", "Gabriela", "Irma")
NOMBRES_H = ("Alberto", "Bruno", "Carlos", "Daniel", "Ernesto", "Fabián", "Gustavo", "Hugo")
APELLIDOS = ("Martínez", "López", "Romo", "Esparza", "Macías", "Delgado", "Ruiz", "Medina")


def listas(partidos: list[str], azar: random.Random) -> dict[str, tuple[Formula, ...]]:
    """Alternating lists of 6 fórmulas per party, a woman first in half of them."""
    r: dict[str, tuple[Formula, ...]] = {}
    for i, p in enumerate(partidos):
        formulas = []
        for pos in range(1, 7):
            mujer = (pos + i) % 2 == 1
            nombres = NOMBRES_M if mujer else NOMBRES_H
            genero: Genero = "M" if mujer else "H"
            prop = Persona(
                f"{p}-{pos}-p", f"{azar.choice(nombres)} {azar.choice(APELLIDOS)}", genero
            )
            sup = Persona(
                f"{p}-{pos}-s", f"{azar.choice(nombres)} {azar.choice(APELLIDOS)}", genero
            )
            if pos == 2:  # a place reserved to a priority group; both registered as members
                prop = Persona(prop.clave, prop.nombre, prop.genero, "indígena")
                sup = Persona(sup.clave, sup.nombre, sup.genero, "indígena")
                formulas.append(Formula(pos, prop, sup, "indígena"))
            else:
                formulas.append(Formula(pos, prop, sup))
        r[p] = tuple(formulas)
    return r


def _persona_json(p: Persona) -> dict[str, Any]:
    return {"clave": p.clave, "nombre": p.nombre, "genero": p.genero, "grupo": p.grupo}


def _lista_json(lista: tuple[Formula, ...]) -> list[dict[str, Any]]:
    return [
        {
            "posicion": f.posicion,
            "accion_afirmativa": f.accion_afirmativa,
            "propietario": _persona_json(f.propietario),
            "suplente": _persona_json(f.suplente) if f.suplente else None,
        }
        for f in lista
    ]


def organos_json(
    seccion: SeccionAsignacion,
    semilla: int = 2024,
    *,
    inelegibles: Mapping[str, str] | None = None,
    cambio_votos: Mapping[str, int] | None = None,
) -> list[dict[str, Any]]:
    """The bodies of one version as a version file holds them: ``inelegibles`` (person's key →
    reason) and ``cambio_votos`` (party → votes added or taken by a ruling) model what a court
    changed."""
    azar = random.Random(semilla)
    datos = dict(CONGRESO)
    if cambio_votos:
        datos["votos"] = {p: v + cambio_votos.get(p, 0) for p, v in VOTOS_CONGRESO.items()}
    resultado: list[dict[str, Any]] = [
        {
            "clave": "congreso",
            "nombre": "Congreso del Estado",
            "entrada": datos,
            "listas": {
                p: _lista_json(lista) for p, lista in listas(list(VOTOS_CONGRESO), azar).items()
            },
            "inelegibles": dict(inelegibles or {}),
            "mujeres_mr": 8,
        }
    ]
    for municipio in seccion.cabildos:
        votos: Mapping[str, int] = {
            p: int(azar.gammavariate(1.2, 1.0) * 8_000) + 300 for p in VOTOS_CONGRESO
        }
        ganador = max(votos, key=lambda p: votos[p])
        cabildo = seccion.cabildos[municipio]
        resultado.append(
            {
                "clave": f"ayuntamiento-{_slug(municipio)}",
                "nombre": f"Ayuntamiento de {municipio}",
                "entrada": {
                    "organo": "ayuntamiento",
                    "municipio": municipio,
                    "votos": dict(votos),
                    "nulos": azar.randint(200, 1_500),
                    "ganador": ganador,
                    "mr": {ganador: cabildo.escanos - cabildo.rp},  # the winning planilla
                },
            }
        )
    return resultado


def organos(
    seccion: SeccionAsignacion,
    semilla: int = 2024,
    *,
    inelegibles: Mapping[str, str] | None = None,
    cambio_votos: Mapping[str, int] | None = None,
) -> list[OrganoPublicado]:
    """The bodies of one version, allocated (through the version file's own reader)."""
    datos = {
        "numero": 1,
        "origen": "IEE",
        "expediente": "simulación",
        "vigente_desde": "2024-06-09",
        "motivo": "simulación",
        "organos": organos_json(
            seccion, semilla, inelegibles=inelegibles, cambio_votos=cambio_votos
        ),
    }
    return list(versiones_rp.leer(datos, seccion).organos)


def versiones_json(seccion: SeccionAsignacion) -> list[dict[str, Any]]:
    """Three version files modelled on 2024: the Consejo General's acuerdo; a state-court ruling
    that finds the propietario of an affirmative-action place without proof of the group (the
    constancia goes to the suplente); a regional-court ruling that annuls casillas and moves a
    seat."""
    fallo = {"MORENA-2-p": "sin constancia del grupo (resolución)"}
    return [
        {
            "numero": 1,
            "origen": "IEE",
            "expediente": "CG-A-70/24 (simulación)",
            "vigente_desde": "2024-06-09",
            "motivo": "Asignación del Consejo General",
            "organos": organos_json(seccion),
        },
        {
            "numero": 2,
            "origen": "TEEA",
            "expediente": "TEEA-JDC-000/2024 (simulación)",
            "vigente_desde": "2024-07-15",
            "motivo": "La persona propietaria del lugar 2 de MORENA no acreditó pertenecer al "
            "grupo de atención prioritaria: la constancia pasa a su suplente",
            "organos": organos_json(seccion, inelegibles=fallo),
        },
        {
            "numero": 3,
            "origen": "SM",
            "expediente": "SM-JRC-000/2024 (simulación)",
            "vigente_desde": "2024-08-20",
            "motivo": "Se anulan casillas: el PRI pierde 20,000 votos, y un escaño de "
            "representación proporcional pasa del PRI a MORENA",
            "organos": organos_json(seccion, inelegibles=fallo, cambio_votos={"PRI": -20_000}),
        },
    ]


def versiones(seccion: SeccionAsignacion) -> list[Version]:
    """The three versions of ``versiones_json``, read as any version file is."""
    return [versiones_rp.leer(d, seccion) for d in versiones_json(seccion)]


def _slug(texto: str) -> str:
    import unicodedata

    base = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return "-".join(base.lower().split())


def resolucion_del_tribunal(version: dict[str, Any], seccion: SeccionAsignacion) -> dict[str, Any]:
    """Version 2 of the demo, modelled on 2024's state-court ruling: the propietario who holds
    the Congress's first RP seat on an affirmative-action place is found without proof of the
    group (or, when no such place got a seat, the first RP propietario did not leave a public post
    in time); the rest of ``version`` (version 1) stands. Needs the Congress's lists."""
    leida = versiones_rp.leer(copy.deepcopy(version), seccion)
    congreso = next((o for o in leida.organos if o.clave == "congreso"), None)
    if congreso is None or congreso.personas is None or not congreso.personas.integrantes:
        raise ValueError("la versión 1 no tiene personas en el Congreso")
    integrantes = congreso.personas.integrantes
    accion = [i for i in integrantes if i.formula.accion_afirmativa and i.propietario.grupo]
    elegido = (accion or list(integrantes))[0]
    motivo = (
        f"no acreditó pertenecer al grupo ({elegido.formula.accion_afirmativa}) del lugar "
        f"{elegido.formula.posicion} (resolución)"
        if accion
        else "no se separó de su cargo público en el plazo (resolución)"
    )
    v2 = copy.deepcopy(version)
    for o in v2["organos"]:
        if o["clave"] == "congreso":
            o.setdefault("inelegibles", {})[elegido.propietario.clave] = motivo
    desde = date.fromisoformat(version["vigente_desde"]) + timedelta(days=36)
    v2.update(
        numero=2,
        origen="TEEA",
        expediente="TEEA-JDC-000/2024 (simulación)",
        vigente_desde=desde.isoformat(),
        motivo=f"{elegido.propietario.nombre} ({elegido.partido}, lugar "
        f"{elegido.formula.posicion}) {motivo}: su escaño pasa a quien sigue en la lista de "
        "su partido",
    )
    return v2
