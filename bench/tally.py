"""Benchmark of the pure PREP core at national scale: 510,000 synthetic actas.

Measures (1) building the columnar table, (2) the 13 header figures, (3) vote sums per
distrito / sección / casilla, (4) the header from per-acta summaries (pure Python path the CSV
writer uses), (5) writing the results CSV in variant A and B. The last printed line is JSON.

    .venv/bin/python bench/tally.py [--actas 510000]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import time

from ople import profiles
from ople.computos.asignacion import perfil as _perfil_asignacion  # noqa: F401  ([asignacion])
from ople.ley.tally import TablaActas, calcular_encabezado
from ople.prep import ine_csv
from ople.prep import perfil as perfil_prep

OPCIONES = [
    "PAN",
    "PRI",
    "PRD",
    "PVEM",
    "PT",
    "MC",
    "MORENA",
    "PAN_PRI_PRD",
    "PAN_PRI",
    "PAN_PRD",
    "PRI_PRD",
    "PVEM_PT_MORENA",
    "PVEM_PT",
    "PVEM_MORENA",
    "PT_MORENA",
    "CI_01",
    "NO_REGISTRADAS",
    "NULOS",
]


def _reloj() -> float:
    """CPU time of this process: the machine is shared (2 cores), wall time is reported apart."""
    return time.process_time()


def sintetico(
    n: int, semilla: int = 2024
) -> tuple[tuple[str, ...], list[dict[str, object]], list[list[int]]]:
    perfil = perfil_prep.de(profiles.cargar("ieeags-2024"))
    columnas = ine_csv.columnas_resultados(perfil.csv.columnas, OPCIONES)
    rnd = random.Random(semilla)
    filas: list[dict[str, object]] = []
    numericos: list[list[int]] = []
    for i in range(n):
        seccion = 1 + i // 6
        tipo = "S" if i % 997 == 0 else ("B" if i % 2 else "C")
        ln = 0 if tipo == "S" else rnd.randint(300, 750)
        votos = [rnd.randint(0, 40) for _ in OPCIONES]
        celdas: list[object] = list(votos)
        obs = ""
        contab = 1
        r = rnd.random()
        if r < 0.2:  # partially blank: counted, flagged
            celdas[rnd.randrange(len(OPCIONES))] = "SIN DATO"
            obs = "Sin dato"
        elif r < 0.21:
            celdas = ["ILEGIBLE"] * len(OPCIONES)
            obs, contab = "Todos los campos ilegibles", 0
        elif r < 0.24:
            celdas = [0] * len(OPCIONES)
            obs, contab = "Sin Acta por paquete no entregado", 0
        numero = [v if isinstance(v, int) else 0 for v in celdas]
        numericos.append(numero)
        clave = f"01{seccion % 10000:04d}{tipo}0{i % 6}00"
        fila: dict[str, object] = dict(zip(OPCIONES, celdas, strict=True))
        fila.update(
            CLAVE_CASILLA=clave,
            CLAVE_ACTA=clave + "2",
            ID_ENTIDAD=1,
            ENTIDAD="AGUASCALIENTES",
            ID_DISTRITO_LOCAL=1 + seccion % 300,
            DISTRITO_LOCAL=f"DISTRITO {1 + seccion % 300}",
            SECCION=seccion,
            ID_CASILLA=i % 6,
            TIPO_CASILLA=tipo,
            EXT_CONTIGUA=0,
            UBICACION_CASILLA=1,
            TIPO_ACTA="2",
            TOTAL_BOLETAS_SOBRANTES=100,
            TOTAL_PERSONAS_VOTARON=sum(numero),
            TOTAL_REP_PARTIDO_CI_VOTARON=4,
            TOTAL_VOTOS_SACADOS=sum(numero),
            TOTAL_VOTOS_ASENTADO=sum(numero),
            TOTAL_VOTOS_CALCULADO=sum(numero),
            LISTA_NOMINAL=ln,
            REPRESENTANTES_PP_CI=8,
            OBSERVACIONES=obs,
            CONTABILIZADA=contab,
            MECANISMOS_TRASLADO="",
            CODIGO_INTEGRIDAD=f"{i:064x}",
            FECHA_HORA_ACOPIO="02/06/2024 21:00:00",
            FECHA_HORA_CAPTURA="02/06/2024 21:10:00",
            FECHA_HORA_VERIFICACION="02/06/2024 21:15:00",
            ORIGEN="CATD",
            DIGITALIZACION="ESCANER",
            TIPO_DOCUMENTO="ACTA PREP",
            COTEJADA=0,
        )
        filas.append(fila)
    return columnas, filas, numericos


def main() -> None:
    inicio_pared = time.perf_counter()
    ap = argparse.ArgumentParser()
    ap.add_argument("--actas", type=int, default=510_000)
    n = ap.parse_args().actas
    perfil = perfil_prep.de(profiles.cargar("ieeags-2024"))
    t = _reloj()
    columnas, filas, numericos = sintetico(n)
    print(f"datos sintéticos: {n} actas en {_reloj() - t:.2f} s")

    t = _reloj()
    tabla = TablaActas(OPCIONES, capacidad=n)
    for f, v in zip(filas, numericos, strict=True):
        tabla.agregar(
            v,
            contabilizada=f["CONTABILIZADA"] == 1,
            lista_nominal=int(f["LISTA_NOMINAL"]),  # type: ignore[call-overload]
            especial=f["TIPO_CASILLA"] == "S",
            inconsistente=bool(f["OBSERVACIONES"])
            and not str(f["OBSERVACIONES"]).startswith("Sin Acta"),
        )
    construir_s = _reloj() - t

    t = _reloj()
    enc = tabla.encabezado(actas_esperadas=n, corte_final=False)
    encabezado_s = _reloj() - t

    t = _reloj()
    distritos = [f["ID_DISTRITO_LOCAL"] for f in filas]
    secciones = [f["SECCION"] for f in filas]
    casillas = [f["CLAVE_CASILLA"] for f in filas]
    por_distrito = tabla.sumar(distritos)
    por_seccion = tabla.sumar(secciones)
    por_casilla = tabla.sumar(casillas)
    encs_distrito = tabla.encabezados(distritos, {}, corte_final=False)
    agrupar_s = _reloj() - t

    t = _reloj()
    res = list(ine_csv.resumenes(columnas, filas, decodificar_observaciones=perfil.codigos))
    enc_py = calcular_encabezado(res, actas_esperadas=n, corte_final=False)
    encabezado_filas_s = _reloj() - t
    assert enc_py == enc, (enc_py, enc)

    tiempos: dict[str, float] = {}
    tamanos = {}
    for variante in ("A", "B"):
        buf = io.BytesIO()
        t = _reloj()
        ine_csv.escribir_resultados(
            buf,
            formato=variante,
            eleccion="DIPUTACIONES LOCALES",
            corte="02/06/2024 23:00 (UTC-6)",
            columnas=columnas,
            filas=filas,
            actas_esperadas=n,
            corte_final=False,
            decodificar_observaciones=perfil.codigos,
        )
        tiempos[variante] = _reloj() - t
        tamanos[variante] = len(buf.getvalue())

    listas = [[f.get(c) for c in columnas] for f in filas]
    buf = io.BytesIO()
    t = _reloj()
    ine_csv.escribir_resultados(
        buf,
        formato="A",
        eleccion="DIPUTACIONES LOCALES",
        corte="02/06/2024 23:00 (UTC-6)",
        columnas=columnas,
        filas=listas,
        actas_esperadas=n,
        corte_final=False,
        decodificar_observaciones=perfil.codigos,
    )
    tiempos["A_listas"] = _reloj() - t
    del listas

    # incremental-cut path: render each row once (cacheable), then write header + cached lines
    fmt_a = ine_csv.FORMATO_A
    t = _reloj()
    lineas = ine_csv.renderizar_filas(filas, columnas=columnas, formato=fmt_a)
    tiempos["renderizar"] = _reloj() - t
    buf = io.BytesIO()
    t = _reloj()
    ine_csv.escribir_desde_tabla(
        buf,
        formato=fmt_a,
        eleccion="DIPUTACIONES LOCALES",
        corte="02/06/2024 23:00 (UTC-6)",
        columnas=columnas,
        lineas=lineas,
        tabla=tabla,
        actas_esperadas=n,
        corte_final=False,
    )
    tiempos["desde_tabla"] = _reloj() - t
    del lineas

    pared_s = time.perf_counter() - inicio_pared
    pico_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("encabezado:", "|".join(enc.valores()))
    print(
        f"grupos: {len(por_distrito)} distritos, {len(por_seccion)} secciones, {len(por_casilla)} casillas, {len(encs_distrito)} encabezados"
    )
    print(f"construir tabla columnar: {construir_s:.3f} s")
    print(f"13 cifras (numpy):        {encabezado_s:.4f} s")
    print(f"sumas por distrito/sección/casilla + encabezados por distrito: {agrupar_s:.3f} s")
    print(f"13 cifras desde filas CSV (ruta del escritor, Python puro): {encabezado_filas_s:.3f} s")
    for v in ("A", "B"):
        print(
            f"escribir CSV variante {v} (filas dict): {tiempos[v]:.2f} s, {tamanos[v] / 1e6:.1f} MB"
        )
    print(f"escribir CSV variante A (filas lista): {tiempos['A_listas']:.2f} s")
    print(f"renderizar las filas una vez (cacheables): {tiempos['renderizar']:.2f} s")
    print(f"escribir CSV desde filas cacheadas + TablaActas: {tiempos['desde_tabla']:.2f} s")
    print(
        f"(tiempos de CPU del proceso; tiempo de pared total {pared_s:.1f} s, carga {os.getloadavg()[0]:.1f})"
    )
    print(f"memoria pico (incluye los datos sintéticos): {pico_mb:.0f} MB")
    print(
        json.dumps(
            {
                "actas": n,
                "construir_tabla_s": round(construir_s, 3),
                "encabezado_s": round(encabezado_s, 4),
                "agrupar_s": round(agrupar_s, 3),
                "encabezado_desde_filas_s": round(encabezado_filas_s, 3),
                "csv_a_s": round(tiempos["A"], 2),
                "csv_b_s": round(tiempos["B"], 2),
                "csv_a_listas_s": round(tiempos["A_listas"], 2),
                "renderizar_filas_s": round(tiempos["renderizar"], 2),
                "csv_desde_tabla_s": round(tiempos["desde_tabla"], 2),
                "csv_a_mb": round(tamanos["A"] / 1e6, 1),
                "peak_rss_mb": round(pico_mb),
                "wall_total_s": round(pared_s, 1),
                "loadavg": round(os.getloadavg()[0], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
