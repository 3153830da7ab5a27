"""A simulated allocation for the demo and the tests: the Congress with the figures of legal.md
§2.1's second worked example (the MR exception and a compensation bind) under party names, the
eleven ayuntamientos with seeded votes, and the Congress's RP seats filled from simulated lists.
Simulated data, labelled as such wherever shown. Pure."""

from __future__ import annotations

import random
from collections.abc import Mapping

from ople.computos.asignacion import entrada as entrada_rp
from ople.computos.asignacion.perfil import SeccionAsignacion
from ople.computos.asignacion.sitio import OrganoPublicado, Version
from ople.ley.rp import asignar
from ople.ley.rp_personas import Formula, Genero, Persona, asignar_personas

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


def organos(
    seccion: SeccionAsignacion,
    semilla: int = 2024,
    *,
    inelegibles: Mapping[str, str] | None = None,
    cambio_votos: Mapping[str, int] | None = None,
) -> list[OrganoPublicado]:
    """The bodies of one version: ``inelegibles`` (person's key → reason) and ``cambio_votos``
    (party → votes added or taken by a ruling) model what a court changed."""
    azar = random.Random(semilla)
    datos = dict(CONGRESO)
    if cambio_votos:
        datos["votos"] = {p: v + cambio_votos.get(p, 0) for p, v in VOTOS_CONGRESO.items()}
    e = entrada_rp.leer(datos, seccion)
    r = asignar(e.eleccion, e.reglas)
    razones = dict(inelegibles or {})
    personas = asignar_personas(
        {p: n for p, n in r.rp.items() if n},
        listas(list(VOTOS_CONGRESO), azar),
        seccion.personas,
        lambda p: razones.get(p.clave),
        votos=e.eleccion.votos,
        mujeres_mr=8,
        integrantes_mr=18,
    )
    resultado = [
        OrganoPublicado("congreso", "Congreso del Estado", entrada_rp.completa(e), r, personas)
    ]
    for municipio in seccion.cabildos:
        votos: Mapping[str, int] = {
            p: int(azar.gammavariate(1.2, 1.0) * 8_000) + 300 for p in VOTOS_CONGRESO
        }
        ganador = max(votos, key=lambda p: votos[p])
        cabildo = seccion.cabildos[municipio]
        em = entrada_rp.leer(
            {
                "organo": "ayuntamiento",
                "municipio": municipio,
                "votos": dict(votos),
                "nulos": azar.randint(200, 1_500),
                "ganador": ganador,
                "mr": {ganador: cabildo.escanos - cabildo.rp},  # the winning planilla
            },
            seccion,
        )
        resultado.append(
            OrganoPublicado(
                f"ayuntamiento-{_slug(municipio)}",
                f"Ayuntamiento de {municipio}",
                entrada_rp.completa(em),
                asignar(em.eleccion, em.reglas),
            )
        )
    return resultado


def _slug(texto: str) -> str:
    import unicodedata

    base = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return "-".join(base.lower().split())


def versiones(seccion: SeccionAsignacion) -> list[Version]:
    """Three versions modelled on 2024: the Consejo General's acuerdo; a state-court ruling that
    finds the propietario of an affirmative-action place without proof of the group (his
    constancia goes to his suplente); a regional-court ruling that annuls casillas and moves a
    seat."""
    return [
        Version(
            1,
            "IEE",
            "CG-A-70/24 (simulación)",
            "2024-06-09",
            "Asignación del Consejo General",
            organos(seccion),
        ),
        Version(
            2,
            "TEEA",
            "TEEA-JDC-000/2024 (simulación)",
            "2024-07-15",
            "La persona propietaria del lugar 2 de MORENA no acreditó pertenecer al grupo de "
            "atención prioritaria: la constancia pasa a su suplente",
            organos(seccion, inelegibles={"MORENA-2-p": "sin constancia del grupo (resolución)"}),
        ),
        Version(
            3,
            "SM",
            "SM-JRC-000/2024 (simulación)",
            "2024-08-20",
            "Se anulan casillas: el PRI pierde 20,000 votos, y un escaño de representación "
            "proporcional pasa del PRI a MORENA",
            organos(
                seccion,
                inelegibles={"MORENA-2-p": "sin constancia del grupo (resolución)"},
                cambio_votos={"PRI": -20_000},
            ),
        ),
    ]
