"""A synthetic election for tests and benchmarks (no database): deterministic from a seed.

`eleccion_sintetica(casillas=..., elecciones=...)` returns an `EntradaCorte` with a realistic mix:
B/C/E/S casillas, about 20 % of actas flagged ILEGIBLE/SIN DATO, 1.5 % "todos ilegibles" (not
counted), 3.5 % sin acta, CATD/CASILLA origins. Optionally writes a small stand-in image per acta.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ople.catalog.nacional import casillas_de_seccion
from ople.ley.actas import (
    BOLETAS_SOBRANTES,
    CAMPOS_AUXILIARES,
    PERSONAS_VOTARON,
    REPRESENTANTES_VOTARON,
    TIPO_ELECCION,
    TOTAL_ASENTADO,
    VOTOS_SACADOS,
)
from ople.prep.publish.modelo import (
    ActaCorte,
    CandidaturaCorte,
    CasillaCorte,
    EleccionCorte,
    EntradaCorte,
    ResultadoActa,
    ValoresActa,
)

PARTIDOS = ("PAN", "PRI", "PRD", "PVEM", "PT", "MC", "MORENA")
COMBINACIONES = ("C_PAN_PRI_PRD", "C_PAN_PRI", "C_PAN_PRD", "C_PRI_PRD", "C_PVEM_PT_MORENA")
COLUMNAS = (*PARTIDOS, *COMBINACIONES, "CAND_IND_1", "NO_REGISTRADOS", "NULOS")
COLORES = {
    "PAN": "#0059b3",
    "PRI": "#e3001b",
    "PRD": "#ffcc00",
    "PVEM": "#2e9e3e",
    "PT": "#d52b1e",
    "MC": "#ff8300",
    "MORENA": "#a50021",
}
ILEGIBLE = "ALGUN DATO ILEGIBLE O SIN DATO"
TODOS = "TODOS ILEGIBLES O SIN DATO"
SIN_ACTA = "SIN ACTA POR PAQUETE NO ENTREGADO"
INICIO = datetime(2024, 6, 3, 2, 0, tzinfo=UTC)  # 20:00 central time


def _casillas(n: int, rnd: random.Random, distritos: int, municipios: int) -> list[CasillaCorte]:
    out = []
    # one name string per distrito and municipio, shared by its casillas (as one catalog row)
    nombres_d: dict[int, str] = {}
    nombres_m: dict[int, str] = {}
    seccion = 0
    i = 0
    while i < n:
        seccion += 1
        dist = 1 + (seccion * distritos) // max(1, (n // 2) + 1) % distritos
        mun = 1 + (seccion * 7919) % municipios
        ln_secc = rnd.randint(400, 2600)
        ncas = min(n - i, casillas_de_seccion(ln_secc))
        for k in range(ncas):
            if k == 0:
                tipo, idc, ext = "B", 1, 0
            else:
                tipo, idc, ext = "C", k, 0
            if rnd.random() < 0.05 and k > 0:
                tipo, idc, ext = "E", 1, k
            especial = rnd.random() < 0.006
            if especial:
                tipo, idc, ext = "S", 1, 0
            clave = f"{seccion:04d}{tipo}{idc:02d}{ext:02d}"
            ln = 0 if tipo == "S" else ln_secc // ncas
            out.append(
                CasillaCorte(
                    clave=f"01{clave}" if len(clave) < 11 else clave,
                    seccion=seccion,
                    id_casilla=idc,
                    tipo=tipo,
                    ext_contigua=ext,
                    ubicacion=1 if rnd.random() < 0.75 else 2,
                    distrito=dist,
                    distrito_nombre=nombres_d.get(dist)
                    or nombres_d.setdefault(dist, f"DISTRITO {dist}"),
                    municipio=mun,
                    municipio_nombre=nombres_m.get(mun)
                    or nombres_m.setdefault(mun, f"MUNICIPIO {mun}"),
                    lista_nominal=ln,
                    representantes=rnd.randint(0, 10),
                    mecanismo_traslado=rnd.choice("DDDF"),
                )
            )
            i += 1
    # unique keys
    vistos: set[str] = set()
    unicas = []
    for c in out:
        clave = c.clave
        while clave in vistos:
            clave = clave[:-2] + f"{(int(clave[-2:]) + 1) % 100:02d}"
        vistos.add(clave)
        unicas.append(replace(c, clave=clave) if clave != c.clave else c)
    return unicas


def resultado_sintetico(
    rnd: random.Random,
    c: CasillaCorte,
    t: datetime,
    imagenes: Path | None,
    version: int = 1,
    fechas: dict[datetime, datetime] | None = None,
) -> ResultadoActa:
    """One acta's verified values. `fechas` (value -> one shared object) lets the actas of an
    entrada share their equal acopio, captura and verification times, as the three actas of a
    casilla and the casillas processed in the same second do."""
    if fechas is None:
        fechas = {}
    t = _compartida(fechas, t)
    u = rnd.random()
    valores: dict[str, int | str] = {}
    obs: tuple[str, ...] = ()
    incons = False
    contab = True
    base_ln = c.lista_nominal or 600
    if u < 0.035:
        for col in COLUMNAS:
            valores[col] = 0
        for col in CAMPOS_AUXILIARES:
            valores[col] = 0
        return ResultadoActa(
            valores=ValoresActa.de(valores, COLUMNAS),
            total_votos_calculado=0,
            contabilizada=False,
            observaciones=(SIN_ACTA,),
            inconsistente=False,
            sha256="",
            imagen=None,
            imagen_ext="",
            acopio=None,
            captura=t,
            verificacion=_compartida(fechas, t + timedelta(seconds=60)),
            origen="CATD",
            digitalizacion="ESCANER",
            tipo_documento="",
            version=version,
        )
    participacion = rnd.uniform(0.35, 0.7)
    votantes = int(base_ln * participacion)
    total = 0
    for col in COLUMNAS:
        v = rnd.randint(0, max(1, votantes // 6)) if not col.startswith("C_") else rnd.randint(0, 6)
        valores[col] = v
    if u < 0.05:
        obs, incons, contab = (TODOS,), True, False
        for col in COLUMNAS:
            valores[col] = "ILEGIBLE" if rnd.random() < 0.5 else "SIN DATO"
    elif u < 0.25:
        obs, incons = (ILEGIBLE,), True
        valores[rnd.choice(COLUMNAS)] = rnd.choice(("ILEGIBLE", "SIN DATO"))
    total = sum(v for v in valores.values() if isinstance(v, int))
    valores.update(
        {
            BOLETAS_SOBRANTES: max(0, base_ln - votantes),
            PERSONAS_VOTARON: votantes,
            REPRESENTANTES_VOTARON: rnd.randint(0, 8),
            VOTOS_SACADOS: total,
            TOTAL_ASENTADO: total,
        }
    )
    datos = f"imagen {c.clave} {t.isoformat()} {version} {rnd.random()}".encode()
    sha = hashlib.sha256(datos).hexdigest()
    ruta = None
    if imagenes is not None:
        p = imagenes / sha[:2] / f"{sha}.jpg"
        if not p.exists():
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(datos)
        ruta = str(p)
    movil = rnd.random() < 0.3
    return ResultadoActa(
        valores=ValoresActa.de(valores, COLUMNAS),
        total_votos_calculado=total,
        contabilizada=contab,
        observaciones=obs,
        inconsistente=incons,
        sha256=sha,
        imagen=ruta,
        imagen_ext=".jpg",
        acopio=_compartida(fechas, t - timedelta(minutes=5)),
        captura=t,
        verificacion=_compartida(fechas, t + timedelta(seconds=90)),
        origen="CASILLA" if movil else "CATD",
        digitalizacion="MOVIL" if movil else "ESCANER",
        tipo_documento="ACTA PREP",
        version=version,
    )


def _compartida(fechas: dict[datetime, datetime], t: datetime) -> datetime:
    """`t`, or the equal datetime already in `fechas` (one object per distinct time)."""
    return fechas.setdefault(t, t)


def eleccion_sintetica(
    *,
    casillas: int,
    elecciones: tuple[str, ...] = ("GUB", "DIP_LOC", "AYUN"),
    verificadas: float = 1.0,
    semilla: int = 2024,
    imagenes: Path | None = None,
    distritos: int = 18,
    municipios: int = 11,
    final: bool = False,
    corte_en: datetime | None = None,
) -> EntradaCorte:
    rnd = random.Random(semilla)
    cas = _casillas(casillas, rnd, distritos, municipios)
    els = []
    fechas: dict[datetime, datetime] = {}
    for tipo in elecciones:
        actas = []
        for i, c in enumerate(cas):
            t = INICIO + timedelta(seconds=int(i * 36000 / max(1, len(cas))))
            r = (
                resultado_sintetico(rnd, c, t, imagenes, fechas=fechas)
                if rnd.random() < verificadas
                else None
            )
            actas.append(
                ActaCorte(
                    clave=f"{c.clave}{ {'GUB': '01', 'DIP_LOC': '02', 'AYUN': '03'}[tipo] }",
                    tipo_acta={"GUB": "1", "DIP_LOC": "2", "AYUN": "3"}[tipo],
                    casilla=c,
                    resultado=r,
                )
            )
        dems = (
            sorted({c.distrito for c in cas})
            if tipo == "DIP_LOC"
            else (sorted({c.municipio for c in cas}) if tipo == "AYUN" else [0])
        )
        cands = []
        for d in dems:
            for col in COLUMNAS[:-2]:
                nombre = {
                    "C_PAN_PRI_PRD": "PAN",
                    "C_PAN_PRI": "PAN",
                    "C_PAN_PRD": "PAN",
                    "C_PRI_PRD": "PAN",
                    "PRI": "PAN",
                    "PRD": "PAN",
                    "C_PVEM_PT_MORENA": "MORENA",
                    "PVEM": "MORENA",
                    "PT": "MORENA",
                }.get(col, col)
                cands.append(
                    CandidaturaCorte(d, col, f"CANDIDATURA {nombre} {d}", f"SUPLENCIA {nombre} {d}")
                )
        els.append(
            EleccionCorte(
                clave=tipo,
                tipo=tipo,
                nombre=TIPO_ELECCION[tipo].nombre,
                anio=2024,
                columnas_votos=COLUMNAS,
                actas=tuple(actas),
                candidaturas=tuple(cands),
                colores=COLORES,
            )
        )
    return EntradaCorte(
        entidad_id=1,
        entidad_nombre="AGUASCALIENTES",
        entidad_abrev="AGS",
        instituto="Instituto Estatal Electoral de Aguascalientes",
        perfil="ieeags-2024",
        variante="B",
        variantes=("B", "A"),
        zona="America/Mexico_City",
        corte_en=corte_en or INICIO + timedelta(hours=10),
        final=final,
        elecciones=tuple(els),
        etiquetas_inconsistencia=frozenset({ILEGIBLE, TODOS}),
    )


def con_cambios(
    entrada: EntradaCorte,
    rnd: random.Random,
    elegir: Callable[[EleccionCorte], Iterable[int]],
    *,
    corte_en: datetime,
    verificadas_en: datetime | None = None,
    imagenes: Path | None = None,
    pendiente: Callable[[int], bool] = lambda _i: False,
) -> EntradaCorte:
    """The entrada of a later cut (`corte_en`): in each election the actas at the positions
    `elegir` gives have a new verification (the next version, at `verificadas_en`, default the
    cut time), or go back to not verified where `pendiente(position)` says so."""
    elecciones = []
    fechas: dict[datetime, datetime] = {}
    for e in entrada.elecciones:
        actas = list(e.actas)
        for i in elegir(e):
            a = actas[i]
            r = None
            if not pendiente(i):
                v = (a.resultado.version + 1) if a.resultado else 1
                r = resultado_sintetico(
                    rnd, a.casilla, verificadas_en or corte_en, imagenes, v, fechas=fechas
                )
            actas[i] = replace(a, resultado=r)
        elecciones.append(replace(e, actas=tuple(actas)))
    return replace(entrada, elecciones=tuple(elecciones), corte_en=corte_en)


def al_azar(rnd: random.Random, fraccion: float) -> Callable[[EleccionCorte], list[int]]:
    """`elegir` for `con_cambios`: `fraccion` of each election's actas, drawn from `rnd`."""
    return lambda e: rnd.sample(range(len(e.actas)), int(len(e.actas) * fraccion))
