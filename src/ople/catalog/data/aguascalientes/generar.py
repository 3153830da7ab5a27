"""Regenerate the Aguascalientes reference files shipped beside this script.

    python src/ople/catalog/data/aguascalientes/generar.py [--fuente /work/shared/data]

Inputs (copies of public files; provenance in NOTICE at the repository root):
  aguascalientes_secciones_2015.csv   sección → municipio, distrito federal, distrito local
  unRob_01-aguascalientes.json        602 sección polygons (not valid GeoJSON: see below)

Outputs (the loader `ople load-catalog aguascalientes` reads only these):
  entidad.json, municipios.csv, distritos_locales.csv, distritos_federales.csv, secciones.csv,
  secciones.geojson, casillas.csv (SYNTHETIC), partidos.csv, coaliciones.csv (ILLUSTRATIVE),
  proceso.json, candidaturas.csv (ILLUSTRATIVE, fictitious names).

Everything is deterministic: the same inputs give byte-identical outputs.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import random
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from shapely.geometry import Point, mapping, shape
from shapely.validation import make_valid

AQUI = Path(__file__).resolve().parent
SEMILLA = 20240602
LN_OBJETIVO = 1_050_000
CASILLAS_OBJETIVO = 1_842  # including the especiales
ESPECIALES = 10
ELECTORES_POR_CASILLA = 750
AVISO_SINTETICO = (
    "# DATOS SINTÉTICOS DE DEMOSTRACIÓN: casillas, lista nominal, domicilios y coordenadas "
    "fueron generados por generar.py (semilla 20240602). No son datos oficiales del INE ni del IEE."
)
AVISO_ILUSTRATIVO = (
    "# DATOS ILUSTRATIVOS DE DEMOSTRACIÓN generados por generar.py; no son registros oficiales."
)


# --- geography -------------------------------------------------------------------------------


def _redondear(coords: Any) -> Any:
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 6), round(coords[1], 6)]
    return [_redondear(c) for c in coords]


def leer_poligonos(ruta: Path) -> dict[int, Any]:
    """unRob's array of {seccion, coords}; its coordinates sit one level too deep: unwrap it."""
    datos = json.loads(ruta.read_text(encoding="utf-8"))
    poligonos: dict[int, Any] = {}
    for obj in datos:
        tipo = obj["coords"]["type"]
        coords = obj["coords"]["coordinates"][0]  # the extra nesting level
        if tipo == "MultiPolygon":  # each member polygon is wrapped once more
            coords = [parte[0] for parte in coords]
        geom = shape({"type": tipo, "coordinates": _redondear(coords)})
        if not geom.is_valid:
            geom = make_valid(geom)
            if geom.geom_type == "GeometryCollection":
                partes = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
                geom = (
                    partes[0]
                    if len(partes) == 1
                    else shape(
                        {
                            "type": "MultiPolygon",
                            "coordinates": [
                                mapping(p)["coordinates"]
                                for g in partes
                                for p in getattr(g, "geoms", [g])
                            ],
                        }
                    )
                )
        poligonos[int(obj["seccion"])] = geom
    return poligonos


# The municipios' names as INEGI writes them (Catálogo Único de Claves de Áreas Geoestadísticas
# Estatales, Municipales y Localidades, entidad 01 Aguascalientes, https://www.inegi.org.mx/app/ageeml/):
# the INE sección file writes them in capitals without accents ("COSIO", "JESUS MARIA"). Matched by
# that spelling, not by number: INE's municipio keys 10 and 11 are INEGI's 011 and 010.
NOMBRES_INEGI = {
    "AGUASCALIENTES": "Aguascalientes",
    "ASIENTOS": "Asientos",
    "CALVILLO": "Calvillo",
    "COSIO": "Cosío",
    "JESUS MARIA": "Jesús María",
    "PABELLON DE ARTEAGA": "Pabellón de Arteaga",
    "RINCON DE ROMOS": "Rincón de Romos",
    "SAN JOSE DE GRACIA": "San José de Gracia",
    "TEPEZALA": "Tepezalá",
    "SAN FRANCISCO DE LOS ROMO": "San Francisco de los Romo",
    "EL LLANO": "El Llano",
}


def nombre_municipio(nombre_ine: str) -> str:
    """The municipio's proper name (`NOMBRES_INEGI`); an unknown one as INE wrote it."""
    return NOMBRES_INEGI.get(nombre_ine.strip().upper(), nombre_ine.strip())


def leer_secciones(ruta: Path) -> list[dict[str, Any]]:
    with ruta.open(encoding="utf-8", newline="") as f:
        filas = list(csv.DictReader(f))
    return [
        {
            "seccion": int(r["SECCION"]),
            "municipio": int(r["MUNICIPIO"]),
            "nombre_municipio": nombre_municipio(r["NOMBRE_MUNICIPIO"]),
            "distrito_federal": int(r["DISTRITO_FEDERAL"]),
            "distrito_local": int(r["DISTRITO_LOCAL"]) if r["DISTRITO_LOCAL"].strip() else None,
        }
        for r in filas
    ]


def frontera_compartida(a: Any, b: Any) -> float:
    """Length (degrees) of a's boundary lying within ~1 m of b: robust to tiny slivers/gaps."""
    return float(a.boundary.intersection(b.buffer(1e-5)).length)


def asignar_por_adyacencia(
    secciones: list[dict[str, Any]], poligonos: dict[int, Any]
) -> dict[int, int]:
    """Give each sección without a local district the district it shares the longest border with.

    Runs in rounds (a sección whose neighbours are all unassigned waits for the next round);
    ties go to the lower district number. Returns {seccion: distrito asignado}.
    """
    distrito = {s["seccion"]: s["distrito_local"] for s in secciones}
    pendientes = sorted(n for n, d in distrito.items() if d is None)
    asignadas: dict[int, int] = {}
    while pendientes:
        ronda: dict[int, int] = {}
        for n in pendientes:
            geom = poligonos[n]
            longitudes: dict[int, float] = defaultdict(float)
            for m, d in distrito.items():
                if d is None or m == n or not geom.buffer(1e-5).intersects(poligonos[m]):
                    continue
                longitudes[d] += frontera_compartida(geom, poligonos[m])
            if longitudes:
                ronda[n] = max(sorted(longitudes), key=lambda d: (longitudes[d], -d))
        if not ronda:
            raise SystemExit(f"sin vecinos con distrito: {pendientes}")
        distrito.update(ronda)
        asignadas.update(ronda)
        pendientes = [n for n in pendientes if n not in ronda]
    return asignadas


NOMBRES_PROPIOS = {
    1: "Aguascalientes",
    2: "Asientos",
    3: "Calvillo",
    4: "Cosío",
    5: "Jesús María",
    6: "Pabellón de Arteaga",
    7: "Rincón de Romos",
    8: "San José de Gracia",
    9: "Tepezalá",
    10: "San Francisco de los Romo",
    11: "El Llano",
}


def cabeceras(secciones: list[dict[str, Any]], clave: str) -> dict[int, str]:
    """No official source at hand: the municipio holding most of the district's secciones."""
    por_distrito: dict[int, Counter[tuple[int, str]]] = defaultdict(Counter)
    for s in secciones:
        por_distrito[s[clave]][(s["municipio"], s["nombre_municipio"])] += 1
    return {
        d: NOMBRES_PROPIOS.get(mun, nombre.title())
        for d, c in por_distrito.items()
        for mun, nombre in [max(sorted(c), key=lambda k: (c[k], -k[0]))]
    }


# --- synthetic casillas ----------------------------------------------------------------------

CALLES = [
    "Av. Independencia",
    "Calle Morelos",
    "Calle Hidalgo",
    "Av. Convención de 1914",
    "Calle Juárez",
    "Calle Allende",
    "Av. Aguascalientes",
    "Calle Zaragoza",
    "Calle Madero",
    "Calle Guerrero",
    "Calle Nieto",
    "Calle 5 de Mayo",
    "Av. López Mateos",
    "Calle Libertad",
    "Calle Reforma",
    "Calle Primavera",
    "Calle Los Pinos",
    "Calle Fresno",
    "Calle Encino",
    "Calle Sauce",
    "Calle Jacarandas",
    "Calle Durazno",
    "Calle Guayabo",
    "Calle Nogal",
]
LUGARES = [
    "Escuela Primaria",
    "Escuela Secundaria Técnica",
    "Jardín de Niños",
    "Salón de usos múltiples",
    "Centro comunitario",
    "Casa particular",
    "Biblioteca pública",
    "Cancha de usos múltiples",
    "Escuela Telesecundaria",
    "Delegación municipal",
]
NOMBRES_ESCUELA = [
    "Benito Juárez",
    "Miguel Hidalgo",
    "José María Morelos",
    "Leona Vicario",
    "Josefa Ortiz",
    "Niños Héroes",
    "Francisco I. Madero",
    "Sor Juana Inés de la Cruz",
    "Emiliano Zapata",
    "Venustiano Carranza",
    "Gabriela Mistral",
    "Vicente Guerrero",
    "Ignacio Zaragoza",
    "Amado Nervo",
    "Rosario Castellanos",
    "Jesús Terán",
    "José Guadalupe Posada",
]
REFERENCIAS = [
    "Frente a la plaza principal",
    "A un costado del templo",
    "Entre la tienda y la farmacia",
    "Junto a la cancha",
    "Frente al parque",
    "Esquina con el mercado",
    "Cerca de la clínica",
]
ESPECIALES_LUGARES = [
    "Central de autobuses",
    "Hospital general",
    "Ciudad universitaria",
    "Terminal del aeropuerto",
    "Plaza comercial",
    "Zona industrial",
    "Hospital Hidalgo",
    "Centro de la ciudad",
    "Mercado de abastos",
    "Feria de San Marcos",
]


def punto_dentro(geom: Any, rng: random.Random) -> tuple[float, float]:
    minx, miny, maxx, maxy = geom.bounds
    for _ in range(200):
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if geom.contains(p):
            return round(p.y, 6), round(p.x, 6)
    p = geom.representative_point()
    return round(p.y, 6), round(p.x, 6)


def repartir(total: int, partes: int) -> list[int]:
    base, resto = divmod(total, partes)
    return [base + (1 if i < resto else 0) for i in range(partes)]


def generar_casillas(
    secciones: list[dict[str, Any]], poligonos: dict[int, Any], municipios: dict[int, str]
) -> list[dict[str, Any]]:
    rng = random.Random(SEMILLA)
    orden = sorted(secciones, key=lambda s: s["seccion"])
    # Rural: outside the capital, or a large sección (> ~8 km²) in the capital's countryside.
    area = {s["seccion"]: poligonos[s["seccion"]].area for s in orden}
    umbral = sorted(area.values())[int(len(area) * 0.8)]
    rural = {
        s["seccion"]: s["municipio"] != 1
        and area[s["seccion"]] > umbral / 4
        or area[s["seccion"]] > umbral
        for s in orden
    }
    z = {s["seccion"]: rng.gauss(0.0, 1.0) for s in orden}

    def lista_nominal(sigma: float) -> dict[int, int]:
        """Lognormal sizes, clipped to 100–9,000 voters, scaled so the total is exact."""
        ln = {n: math.exp(sigma * v) for n, v in z.items()}
        for _ in range(20):
            escala = LN_OBJETIVO / sum(ln.values())
            ln = {n: min(9000.0, max(100.0, v * escala)) for n, v in ln.items()}
        enteros = {n: int(v) for n, v in ln.items()}
        faltan = LN_OBJETIVO - sum(enteros.values())
        for n in sorted(ln, key=lambda n: (enteros[n] - ln[n], n))[:faltan]:
            enteros[n] += 1
        return enteros

    def contar(ln: dict[int, int], extra: dict[int, int], tope: int) -> int:
        total = 0
        for n, v in ln.items():
            total += max(1, math.ceil((v - extra.get(n, 0)) / tope))
            if n in extra:
                total += math.ceil(extra[n] / tope)
        return total

    objetivo = CASILLAS_OBJETIVO - ESPECIALES
    ln = lista_nominal(0.6)
    # Extraordinarias in the 45 largest rural secciones, each serving 20–50 % of the voters.
    candidatas = sorted((n for n in ln if rural[n] and ln[n] >= 300), key=lambda n: (-area[n], n))
    extra = {n: round(ln[n] * rng.uniform(0.2, 0.5)) for n in candidatas[:45]}
    # Voters per casilla when planning contiguas: the legal maximum is 750; the districts split
    # earlier where the sección is spread out. Lower the planning figure until the target fits.
    tope = ELECTORES_POR_CASILLA
    while contar(ln, extra, tope) < objetivo:
        tope -= 1
    for n in sorted(extra, key=lambda n: (extra[n], n)):
        if contar(ln, extra, tope) <= objetivo:
            break
        del extra[n]

    especiales = sorted(
        (s["seccion"] for s in orden if s["municipio"] == 1 and not rural[s["seccion"]]),
        key=lambda n: (rng.random(), n),
    )[: ESPECIALES - 3]
    for mun in (5, 3, 7):  # Jesús María, Calvillo, Rincón de Romos cabeceras
        especiales.append(min(s["seccion"] for s in orden if s["municipio"] == mun))

    casillas: list[dict[str, Any]] = []

    def agregar(s: dict[str, Any], tipo: str, id_c: int, ext: int, lista: int) -> None:
        n = s["seccion"]
        urbana = not rural[n] or (tipo != "E" and rng.random() < 0.35)
        if tipo == "S":
            lugar = ESPECIALES_LUGARES[len([c for c in casillas if c["TIPO_CASILLA"] == "S"])]
            numero = rng.randint(100, 2500)
            domicilio = f"{lugar}, {rng.choice(CALLES)} {numero}, {municipios[s['municipio']]}"
        else:
            lugar = rng.choice(LUGARES)
            nombre = (
                f" {rng.choice(NOMBRES_ESCUELA)}" if lugar.startswith(("Escuela", "Jard")) else ""
            )
            numero = rng.randint(1, 1500)
            zona = "Col. Centro" if urbana else f"Localidad {rng.choice(NOMBRES_ESCUELA)}"
            domicilio = (
                f"{lugar}{nombre}, {rng.choice(CALLES)} {numero}, {zona}, "
                f"{municipios[s['municipio']]}"
            )
        if urbana:
            traslado = "D" if rng.random() < 0.8 else "F"
        else:
            traslado = "I" if rng.random() < 0.6 else "F"
        lat, lon = punto_dentro(poligonos[n], rng)
        casillas.append(
            {
                "ENTIDAD": 1,
                "SECCION": n,
                "TIPO_CASILLA": tipo,
                "ID_CASILLA": id_c,
                "EXT_CONTIGUA": ext,
                "UBICACION_CASILLA": 1 if urbana else 2,
                "LISTA_NOMINAL": lista,
                "DOMICILIO": domicilio,
                "REFERENCIA": rng.choice(REFERENCIAS),
                "LATITUD": lat,
                "LONGITUD": lon,
                "MECANISMOS_TRASLADO": traslado,
            }
        )

    for s in orden:
        n = s["seccion"]
        ordinaria = ln[n] - extra.get(n, 0)
        k = max(1, math.ceil(ordinaria / tope))
        for i, lista in enumerate(repartir(ordinaria, k)):
            agregar(s, "B" if i == 0 else "C", 1 if i == 0 else i, 0, lista)
        if n in extra:
            k = math.ceil(extra[n] / tope)
            for i, lista in enumerate(repartir(extra[n], k)):
                agregar(s, "E", 1, i, lista)
        if n in especiales:
            agregar(s, "S", 1, 0, 0)
    print(f"electores por casilla al planear contiguas: {tope}")
    return casillas


# --- illustrative process ----------------------------------------------------------------------

PARTIDOS = [
    ("PAN", "Partido Acción Nacional", "#0059b3"),
    ("PRI", "Partido Revolucionario Institucional", "#e3001b"),
    ("PRD", "Partido de la Revolución Democrática", "#ffcc00"),
    ("PVEM", "Partido Verde Ecologista de México", "#2e9e3e"),
    ("PT", "Partido del Trabajo", "#d52b1e"),
    ("MC", "Movimiento Ciudadano", "#ff8300"),
    ("MORENA", "Morena", "#a50021"),
]
NOMBRES_M = [
    "Ana",
    "Beatriz",
    "Carmen",
    "Diana",
    "Elena",
    "Fernanda",
    "Gabriela",
    "Irma",
    "Julia",
    "Lucía",
    "Marta",
    "Norma",
    "Olga",
    "Paula",
    "Rosa",
    "Sofía",
    "Teresa",
]
NOMBRES_H = [
    "Alberto",
    "Bruno",
    "Carlos",
    "Daniel",
    "Emilio",
    "Felipe",
    "Gerardo",
    "Hugo",
    "Iván",
    "Jorge",
    "Luis",
    "Mario",
    "Néstor",
    "Óscar",
    "Pablo",
    "Raúl",
    "Tomás",
]
APELLIDOS = [
    "Ejemplo",
    "Muestra",
    "Ficticio",
    "Prueba",
    "Simulado",
    "Modelo",
    "Ensayo",
    "Borrador",
    "Maqueta",
    "Boceto",
    "Supuesto",
    "Imaginario",
]


def _nombre(rng: random.Random, genero: str) -> str:
    pila = rng.choice(NOMBRES_M if genero == "M" else NOMBRES_H)
    a, b = rng.sample(APELLIDOS, 2)
    if genero == "M":
        a, b = (
            x.replace("Ficticio", "Ficticia")
            .replace("Simulado", "Simulada")
            .replace("Imaginario", "Imaginaria")
            for x in (a, b)
        )
    return f"{pila} {a} {b}"


def generar_proceso() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    proceso = {
        "clave": "2023-2024",
        "nombre": "Proceso Electoral Local Ordinario 2023-2024",
        "fecha_jornada": "2024-06-02",
        "perfil": "ieeags-2024",
        "elecciones": [
            {
                "tipo": "DIP_LOC",
                "nombre": "DIPUTACIONES LOCALES",
                "orden": 1,
                "demarcaciones": "DISTRITO_LOCAL",
            },
            {"tipo": "AYUN", "nombre": "AYUNTAMIENTOS", "orden": 2, "demarcaciones": "MUNICIPIO"},
        ],
        "ilustrativo": True,
        "nota": "Partidos, coaliciones y candidaturas son ilustrativos; nombres ficticios.",
    }
    coaliciones = [
        {
            "ELECCION": "DIP_LOC",
            "TIPO": "COALICION",
            "NOMBRE": "Coalición ilustrativa A",
            "PARTIDOS": "PAN+PRI+PRD",
            "DEMARCACIONES": "*",
        },
        {
            "ELECCION": "DIP_LOC",
            "TIPO": "COALICION",
            "NOMBRE": "Coalición ilustrativa B",
            "PARTIDOS": "PVEM+PT+MORENA",
            "DEMARCACIONES": "1;2;3;4;5;6;7;8;9;10;11;12",
        },
        {
            "ELECCION": "AYUN",
            "TIPO": "COALICION",
            "NOMBRE": "Coalición ilustrativa A",
            "PARTIDOS": "PAN+PRI+PRD",
            "DEMARCACIONES": "*",
        },
        {
            "ELECCION": "AYUN",
            "TIPO": "COALICION",
            "NOMBRE": "Coalición ilustrativa B",
            "PARTIDOS": "PVEM+PT+MORENA",
            "DEMARCACIONES": "1;2;3;4;5;6",
        },
        {
            "ELECCION": "AYUN",
            "TIPO": "CAND_COMUN",
            "NOMBRE": "Candidatura común ilustrativa",
            "PARTIDOS": "PT+MC",
            "DEMARCACIONES": "9",
        },
    ]
    # Independent candidacies: DIP_LOC district 4 and AYUN municipio 1.
    independientes = {("DIP_LOC", 4): 1, ("AYUN", 1): 2}
    rng = random.Random(SEMILLA + 1)
    candidaturas: list[dict[str, Any]] = []
    for eleccion, n_dem in (("DIP_LOC", 18), ("AYUN", 11)):
        coal = [c for c in coaliciones if c["ELECCION"] == eleccion]
        postulantes_vistos: Counter[str] = Counter()
        for dem in range(1, n_dem + 1):
            en_alianza: set[str] = set()
            postulantes: list[str] = []
            for c in coal:
                dems = c["DEMARCACIONES"]
                if dems == "*" or str(dem) in dems.split(";"):
                    postulantes.append(c["NOMBRE"])
                    en_alianza.update(c["PARTIDOS"].split("+"))
            postulantes += [p for p, _, _ in PARTIDOS if p not in en_alianza]
            postulantes += [
                f"CAND_IND_{i}" for i in range(1, independientes.get((eleccion, dem), 0) + 1)
            ]
            for p in postulantes:
                # Parity: each postulante alternates women/men across its demarcaciones.
                genero = "M" if postulantes_vistos[p] % 2 == 0 else "H"
                postulantes_vistos[p] += 1
                candidaturas.append(
                    {
                        "ELECCION": eleccion,
                        "DEMARCACION": dem,
                        "POSTULA": p,
                        "PROPIETARIA": _nombre(rng, genero),
                        "SUPLENTE": _nombre(rng, genero),
                        "GENERO": genero,
                    }
                )
    return proceso, coaliciones, candidaturas


# --- writing ---------------------------------------------------------------------------------


def escribir_csv(ruta: Path, filas: list[dict[str, Any]], aviso: str = "") -> None:
    buf = io.StringIO()
    if aviso:
        buf.write(aviso + "\n")
    w = csv.DictWriter(buf, fieldnames=list(filas[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(filas)
    ruta.write_text(buf.getvalue(), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fuente", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--destino", type=Path, default=AQUI)
    args = ap.parse_args()
    destino: Path = args.destino

    secciones = leer_secciones(args.fuente / "aguascalientes_secciones_2015.csv")
    poligonos = leer_poligonos(args.fuente / "unRob_01-aguascalientes.json")
    assert set(poligonos) == {s["seccion"] for s in secciones}, "polígonos y catálogo difieren"
    asignadas = asignar_por_adyacencia(secciones, poligonos)
    for s in secciones:
        if s["distrito_local"] is None:
            s["distrito_local"] = asignadas[s["seccion"]]
            s["asignada_por_adyacencia"] = True
    municipios = {s["municipio"]: s["nombre_municipio"] for s in secciones}
    nombres_mun = {k: NOMBRES_PROPIOS.get(k, v.title()) for k, v in municipios.items()}

    (destino / "entidad.json").write_text(
        json.dumps(
            {"clave": 1, "nombre": "AGUASCALIENTES", "abreviatura": "AGS"},
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    escribir_csv(
        destino / "municipios.csv",
        [{"MUNICIPIO": k, "NOMBRE_MUNICIPIO": municipios[k]} for k in sorted(municipios)],
    )
    cab_l = cabeceras(secciones, "distrito_local")
    cab_f = cabeceras(secciones, "distrito_federal")
    escribir_csv(
        destino / "distritos_locales.csv",
        [{"DISTRITO_LOCAL": d, "CABECERA": cab_l[d]} for d in sorted(cab_l)],
        "# CABECERA: municipio con más secciones del distrito (sin fuente oficial a la mano).",
    )
    escribir_csv(
        destino / "distritos_federales.csv",
        [{"DISTRITO_FEDERAL": d, "CABECERA": cab_f[d]} for d in sorted(cab_f)],
        "# CABECERA: municipio con más secciones del distrito (sin fuente oficial a la mano).",
    )
    escribir_csv(
        destino / "secciones.csv",
        [
            {
                "ENTIDAD": 1,
                "SECCION": s["seccion"],
                "MUNICIPIO": s["municipio"],
                "NOMBRE_MUNICIPIO": s["nombre_municipio"],
                "DISTRITO_FEDERAL": s["distrito_federal"],
                "DISTRITO_LOCAL": s["distrito_local"],
            }
            for s in sorted(secciones, key=lambda s: s["seccion"])
        ],
    )
    features = []
    for s in sorted(secciones, key=lambda s: s["seccion"]):
        props = {
            "entidad": 1,
            "seccion": s["seccion"],
            "municipio": s["municipio"],
            "distrito_local": s["distrito_local"],
            "distrito_federal": s["distrito_federal"],
        }
        if s.get("asignada_por_adyacencia"):
            props["distrito_local_por_adyacencia"] = True
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {
                    "type": poligonos[s["seccion"]].geom_type,
                    "coordinates": _redondear(mapping(poligonos[s["seccion"]])["coordinates"]),
                },
            }
        )
    geo = {
        "type": "FeatureCollection",
        "name": "Secciones electorales de Aguascalientes (unRob/distritos-electorales-mx, convertido)",
        "features": features,
    }
    (destino / "secciones.geojson").write_text(
        json.dumps(geo, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )

    casillas = generar_casillas(secciones, poligonos, nombres_mun)
    escribir_csv(destino / "casillas.csv", casillas, AVISO_SINTETICO)

    proceso, coaliciones, candidaturas = generar_proceso()
    (destino / "proceso.json").write_text(
        json.dumps(proceso, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    escribir_csv(
        destino / "partidos.csv",
        [
            {"SIGLAS": s, "NOMBRE": n, "COLOR": c, "ORDEN": i, "LOCAL": 0, "ILUSTRATIVO": 1}
            for i, (s, n, c) in enumerate(PARTIDOS, start=1)
        ],
        AVISO_ILUSTRATIVO,
    )
    escribir_csv(destino / "coaliciones.csv", coaliciones, AVISO_ILUSTRATIVO)
    escribir_csv(
        destino / "candidaturas.csv", candidaturas, AVISO_ILUSTRATIVO + " Nombres ficticios."
    )

    ln = sum(c["LISTA_NOMINAL"] for c in casillas)
    tipos = Counter(c["TIPO_CASILLA"] for c in casillas)
    print(
        json.dumps(
            {
                "secciones": len(secciones),
                "adyacencia": asignadas,
                "casillas": len(casillas),
                "por_tipo": dict(sorted(tipos.items())),
                "lista_nominal": ln,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
