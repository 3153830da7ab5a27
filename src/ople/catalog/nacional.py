"""A SYNTHETIC national-scale electoral catalog, deterministic from a seed (pure, no Django).

Shaped like the geography the federal PREP counts against: 32 entidades, 300 distritos
federales, ~670 distritos locales, ~2,480 municipios, ~68,000 secciones, ~170,000 casillas
(básicas, contiguas, extraordinarias and their contiguas, especiales) and ~93 million electors.
The per-entidad sizes follow the proportions of the real country (distritos federales of the
2023 distritación, municipios and local districts per state), but every name is invented and
marked: "ENTIDAD SINTÉTICA 07", "MUNICIPIO SINTÉTICO 07-012". Nothing here is official data.

`generar(escala=0.01)` gives a smaller country of the same shape (every entidad keeps at least
one distrito of each kind, one municipio and one sección): tests use it. The CSV writers emit
the catalog import formats (docs/catalogo.md) so the loader goes through the same importers as
a real catalog.
"""

from __future__ import annotations

import csv
import io
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ople.ley.actas import TIPOS_ELECCION

# Legal cap: one casilla per 750 electors of a sección (básica, then contiguas).
ELECTORES_POR_CASILLA = 750
# Planning figure this generator uses (below the cap, as the real planning does): with the
# lista nominal below it yields ~170,000 casillas for ~68,000 secciones.
ELECTORES_POR_CASILLA_PLANEACION = 700


def casillas_de_seccion(
    lista_nominal: int, electores_por_casilla: int = ELECTORES_POR_CASILLA
) -> int:
    """Ordinary casillas (one básica plus contiguas) a sección of this lista nominal gets.

    Shared with `ople.prep.publish.sintetico` (the database-free cut generator).
    """
    return 1 + lista_nominal // electores_por_casilla


# (distritos federales, distritos locales, municipios) per entidad, in INE entidad order.
# Proportions of the real country; the entidades themselves are synthetic.
TAMANOS: tuple[tuple[int, int, int], ...] = (
    (3, 18, 11),
    (9, 17, 7),
    (2, 16, 5),
    (2, 21, 13),
    (8, 16, 38),
    (2, 16, 10),
    (13, 24, 124),
    (9, 22, 67),
    (22, 33, 16),
    (4, 15, 39),
    (15, 22, 46),
    (8, 28, 85),
    (7, 18, 84),
    (20, 20, 125),
    (40, 45, 125),
    (11, 24, 113),
    (5, 12, 36),
    (3, 18, 20),
    (14, 26, 51),
    (10, 25, 570),
    (16, 26, 217),
    (6, 15, 18),
    (4, 15, 11),
    (7, 15, 58),
    (7, 24, 20),
    (7, 21, 72),
    (6, 21, 17),
    (8, 22, 43),
    (3, 15, 60),
    (19, 30, 212),
    (6, 15, 106),
    (4, 18, 58),
)
SECCIONES_POR_DISTRITO_FEDERAL = 227  # 300 × 227 ≈ 68,000 secciones
LISTA_NOMINAL_SECCION = (400, 2_340)  # uniform per sección: mean 1,370, ≈ 93 million in all
PROB_EXTRAORDINARIA = 0.04  # secciones with a rural locality that gets an extraordinaria
ESPECIALES_POR_DISTRITO_FEDERAL = (3, 4)  # ~1,050 especiales in the country

PARTIDOS = (
    ("PAN", "Partido Acción Nacional", "#0059b3"),
    ("PRI", "Partido Revolucionario Institucional", "#e3001b"),
    ("PRD", "Partido de la Revolución Democrática", "#ffcc00"),
    ("PVEM", "Partido Verde Ecologista de México", "#2e9e3e"),
    ("PT", "Partido del Trabajo", "#d52b1e"),
    ("MC", "Movimiento Ciudadano", "#ff8300"),
    ("MORENA", "Morena", "#a50021"),
)
COALICIONES = (
    ("Coalición ilustrativa A", ("PAN", "PRI", "PRD")),
    ("Coalición ilustrativa B", ("PVEM", "PT", "MORENA")),
)
AVISO = "DATOS SINTÉTICOS DE DEMOSTRACIÓN (ople.catalog.nacional): no son datos oficiales del INE."


@dataclass(frozen=True)
class EntidadSintetica:
    clave: int
    distritos_federales: int
    distritos_locales: int
    municipios: int
    secciones: int

    @property
    def nombre(self) -> str:
        return f"ENTIDAD SINTÉTICA {self.clave:02d}"

    @property
    def abreviatura(self) -> str:
        return f"ES{self.clave:02d}"

    def nombre_municipio(self, clave: int) -> str:
        return f"MUNICIPIO SINTÉTICO {self.clave:02d}-{clave:03d}"


@dataclass(frozen=True)
class SeccionSintetica:
    entidad: int
    numero: int
    municipio: int
    distrito_federal: int
    distrito_local: int


@dataclass(frozen=True)
class CasillaSintetica:
    entidad: int
    seccion: int
    tipo: str  # B, C, E, S
    id_casilla: int
    ext_contigua: int
    ubicacion: int  # 1 urbana, 2 no urbana
    lista_nominal: int
    mecanismo_traslado: str
    representantes: int


@dataclass(frozen=True)
class CatalogoNacional:
    entidades: tuple[EntidadSintetica, ...]
    secciones: tuple[SeccionSintetica, ...]
    casillas: tuple[CasillaSintetica, ...]
    escala: float
    semilla: int

    def resumen(self) -> dict[str, int]:
        tipos = {t: 0 for t in "BCES"}
        for c in self.casillas:
            tipos[c.tipo] += 1
        return {
            "entidades": len(self.entidades),
            "distritos_federales": sum(e.distritos_federales for e in self.entidades),
            "distritos_locales": sum(e.distritos_locales for e in self.entidades),
            "municipios": sum(e.municipios for e in self.entidades),
            "secciones": len(self.secciones),
            "casillas": len(self.casillas),
            "basicas": tipos["B"],
            "contiguas": tipos["C"],
            "extraordinarias": tipos["E"],
            "especiales": tipos["S"],
            "lista_nominal": sum(c.lista_nominal for c in self.casillas),
        }


def _escalar(n: int, escala: float) -> int:
    return max(1, round(n * escala))


def _bloques(total: int, pesos: Sequence[float]) -> list[int]:
    """Split `total` items into len(pesos) blocks of at least one, proportional to the weights."""
    n = len(pesos)
    extra = total - n
    suma = sum(pesos)
    cuotas = [extra * p / suma for p in pesos]
    tamanos = [1 + math.floor(q) for q in cuotas]
    faltan = total - sum(tamanos)
    por_resto = sorted(range(n), key=lambda i: (-(cuotas[i] - math.floor(cuotas[i])), i))
    for i in por_resto[:faltan]:
        tamanos[i] += 1
    return tamanos


def _parte(total: int, n: int, k: int) -> int:
    """The k-th of n near-equal shares of `total` (the first `total % n` get one more)."""
    return total // n + (1 if k < total % n else 0)


def _asignar(tamanos: Sequence[int]) -> list[int]:
    """Block number (1-based) of each item, blocks laid out one after the other."""
    salida: list[int] = []
    for numero, n in enumerate(tamanos, start=1):
        salida.extend([numero] * n)
    return salida


def _entidad(
    rng: random.Random, e: EntidadSintetica
) -> tuple[list[SeccionSintetica], list[CasillaSintetica]]:
    s = e.secciones
    pesos_mun = [rng.lognormvariate(0.0, 1.1) for _ in range(e.municipios)]
    municipio = _asignar(_bloques(s, pesos_mun))
    df = _asignar(_bloques(s, [1.0] * e.distritos_federales))
    dl = _asignar(_bloques(s, [1.0] * e.distritos_locales))
    secciones = [SeccionSintetica(e.clave, i + 1, municipio[i], df[i], dl[i]) for i in range(s)]
    casillas: list[CasillaSintetica] = []
    for sec in secciones:
        ln = rng.randint(*LISTA_NOMINAL_SECCION)
        urbana = rng.random() < 0.72
        ubic = 1 if urbana else 2
        if rng.random() < PROB_EXTRAORDINARIA:
            # A remote locality votes in an extraordinaria (and its contiguas past the cap).
            ln_ext = int(ln * rng.uniform(0.2, 0.5))
            ln -= ln_ext
            n_ext = casillas_de_seccion(ln_ext, ELECTORES_POR_CASILLA_PLANEACION)
            for k in range(n_ext):
                casillas.append(
                    CasillaSintetica(
                        e.clave,
                        sec.numero,
                        "E",
                        1,
                        k,
                        2,
                        _parte(ln_ext, n_ext, k),
                        rng.choice("FI"),
                        rng.randint(0, 8),
                    )
                )
        n = casillas_de_seccion(ln, ELECTORES_POR_CASILLA_PLANEACION)
        for k in range(n):
            casillas.append(
                CasillaSintetica(
                    e.clave,
                    sec.numero,
                    "B" if k == 0 else "C",
                    1 if k == 0 else k,
                    0,
                    ubic,
                    _parte(ln, n, k),
                    rng.choice("DDDF") if urbana else rng.choice("FII"),
                    rng.randint(0, 10),
                )
            )
    # Especiales: a few per distrito federal (bus stations, hospitals), lista nominal 0.
    por_df: dict[int, list[SeccionSintetica]] = {}
    for sec in secciones:
        por_df.setdefault(sec.distrito_federal, []).append(sec)
    ids: dict[int, int] = {}
    for numero in sorted(por_df):
        # 3 or 4 per distrito federal of national size; fewer (rounded at random) when smaller.
        esperadas = rng.randint(*ESPECIALES_POR_DISTRITO_FEDERAL) * min(
            1.0, len(por_df[numero]) / SECCIONES_POR_DISTRITO_FEDERAL
        )
        n_esp = math.floor(esperadas) + (1 if rng.random() < esperadas % 1 else 0)
        for _ in range(n_esp):
            sec = rng.choice(por_df[numero])
            ids[sec.numero] = ids.get(sec.numero, 0) + 1
            casillas.append(
                CasillaSintetica(e.clave, sec.numero, "S", ids[sec.numero], 0, 1, 0, "D", 0)
            )
    return secciones, casillas


def generar(*, escala: float = 1.0, semilla: int = 2024) -> CatalogoNacional:
    """The synthetic country at `escala` (1.0 = national size). Same seed, same catalog."""
    if not 0 < escala <= 1:
        raise ValueError("la escala debe estar entre 0 (exclusivo) y 1")
    rng = random.Random(semilla)
    entidades = []
    for clave, (df, dl, mun) in enumerate(TAMANOS, start=1):
        dfe, dle, mune = _escalar(df, escala), _escalar(dl, escala), _escalar(mun, escala)
        secc = max(dfe, dle, mune, round(df * SECCIONES_POR_DISTRITO_FEDERAL * escala))
        entidades.append(EntidadSintetica(clave, dfe, dle, mune, secc))
    secciones: list[SeccionSintetica] = []
    casillas: list[CasillaSintetica] = []
    for e in entidades:
        s, c = _entidad(rng, e)
        secciones += s
        casillas += c
    return CatalogoNacional(tuple(entidades), tuple(secciones), tuple(casillas), escala, semilla)


# --- CSV in the catalog import formats (docs/catalogo.md) --------------------------------------


def _csv(encabezado: Sequence[str], filas: Iterable[Sequence[object]]) -> str:
    buf = io.StringIO()
    buf.write(f"# {AVISO}\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(encabezado)
    w.writerows(filas)
    return buf.getvalue()


def csv_secciones(cat: CatalogoNacional) -> str:
    por_clave = {e.clave: e for e in cat.entidades}
    return _csv(
        (
            "ENTIDAD",
            "SECCION",
            "MUNICIPIO",
            "NOMBRE_MUNICIPIO",
            "DISTRITO_FEDERAL",
            "DISTRITO_LOCAL",
        ),
        (
            (
                s.entidad,
                s.numero,
                s.municipio,
                por_clave[s.entidad].nombre_municipio(s.municipio),
                s.distrito_federal,
                s.distrito_local,
            )
            for s in cat.secciones
        ),
    )


def csv_distritos(e: EntidadSintetica, tipo: str) -> str:
    """Cabeceras of the entidad's 'DISTRITO_LOCAL' or 'DISTRITO_FEDERAL' districts."""
    n = e.distritos_locales if tipo == "DISTRITO_LOCAL" else e.distritos_federales
    sufijo = "L" if tipo == "DISTRITO_LOCAL" else "F"
    return _csv(
        (tipo, "CABECERA"),
        ((i, f"CABECERA SINTÉTICA {e.clave:02d}-{sufijo}{i:02d}") for i in range(1, n + 1)),
    )


def csv_casillas(casillas: Iterable[CasillaSintetica]) -> str:
    return _csv(
        (
            "ENTIDAD",
            "SECCION",
            "TIPO_CASILLA",
            "ID_CASILLA",
            "EXT_CONTIGUA",
            "UBICACION_CASILLA",
            "LISTA_NOMINAL",
            "MECANISMOS_TRASLADO",
            "REPRESENTANTES",
        ),
        (
            (
                c.entidad,
                c.seccion,
                c.tipo,
                c.id_casilla,
                c.ext_contigua,
                c.ubicacion,
                c.lista_nominal,
                c.mecanismo_traslado,
                c.representantes,
            )
            for c in casillas
        ),
    )


def csv_partidos() -> str:
    return _csv(
        ("SIGLAS", "NOMBRE", "COLOR", "ORDEN", "LOCAL", "ILUSTRATIVO"),
        ((s, n, color, i, 0, 1) for i, (s, n, color) in enumerate(PARTIDOS, start=1)),
    )


def csv_coaliciones(elecciones: Sequence[str]) -> str:
    return _csv(
        ("ELECCION", "TIPO", "NOMBRE", "PARTIDOS", "DEMARCACIONES"),
        (
            (el, "COALICION", nombre, "+".join(partidos), "*")
            for el in elecciones
            for nombre, partidos in COALICIONES
        ),
    )


# --- demarcaciones of a national process -------------------------------------------------------
# A demarcación's clave is unique within its election; in a process that spans the 32 entidades
# the entidad goes in front: distrito local 5 of entidad 7 is 705, municipio 12 of entidad 7 is
# 7012. The published cut numbers distritos, municipios and secciones the same way.


def clave_distrito_local(entidad: int, numero: int) -> int:
    return entidad * 100 + numero


def clave_municipio(entidad: int, clave: int) -> int:
    return entidad * 1000 + clave


def clave_seccion(entidad: int, numero: int) -> int:
    return entidad * 10000 + numero


# --- the synthetic national process ------------------------------------------------------------

CLAVE_PROCESO = "SINTETICO-NACIONAL"
NOMBRE_PROCESO = "Simulacro nacional · catálogo SINTÉTICO (32 entidades)"
FECHA_JORNADA = "2024-06-02"
PERFIL = "ieeags-2024"  # its elections: DIP_LOC by distrito local, AYUN by municipio
DEMARCACION_DE_ELECCION = {t.clave: t.demarcacion for t in TIPOS_ELECCION}
