"""Benchmark of the cut builder (issue 4): national scale, Aguascalientes scale, incremental cut.

    .venv/bin/python bench/cut.py                  # 170,000 casillas x 3 elections = 510,000 actas
    .venv/bin/python bench/cut.py --casillas 20000 # a quicker run

Prints figures; the last line is one JSON object with actas, full_cut_s, incremental_cut_s,
peak_rss_mb, io_floor_ratio (and the Aguascalientes-scale time, with and without the whole-cut
archive; the size of the national cut's file list `archivos.txt`). Targets (2 cores): full cut
<= 10 s with peak RSS <= 2 GiB; ~3,700 actas <= 1 s; after 1 % changed <= 1/4 of a full cut.
The synthetic election and its stand-in images are generated before timing starts. CPU
figures add the forked helper processes' CPU (OPLE_CORTE_PROCESOS, default: every CPU).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from ople.prep.publish import corte, sintetico  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cambiar(entrada, fraccion: float, imagenes: Path, semilla: int = 7):
    """A new entrada where `fraccion` of the actas have a new verification (10 minutes later)."""
    rnd = random.Random(semilla)
    nuevo_t = entrada.corte_en + timedelta(minutes=10)
    return sintetico.con_cambios(
        entrada,
        rnd,
        sintetico.al_azar(rnd, fraccion),
        corte_en=nuevo_t,
        verificadas_en=nuevo_t - timedelta(minutes=3),
        imagenes=imagenes,
    )


def cpu_hijos() -> float:
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def medir(f):
    """(result, wall seconds, CPU seconds of this process and of the child processes the cut
    forked) of f(): the machine is shared, so CPU time is the comparable figure."""
    t, c, h = time.perf_counter(), time.process_time(), cpu_hijos()
    r = f()
    return r, time.perf_counter() - t, time.process_time() - c + cpu_hijos() - h


def piso_io(cut: Path, destino: Path, imagenes: Path) -> float:
    """Time to merely write the bytes of the files the full cut wrote, file by file, into a fresh
    directory tree, plus one hard link per image (what the first cut adds to the image store)."""
    archivos = []
    for p in cut.rglob("*"):
        if p.is_file():
            archivos.append((p.relative_to(cut), p.read_bytes()))
    dirs = {destino / r.parent for r, _ in archivos}
    t = time.perf_counter()
    for d in dirs:
        d.mkdir(parents=True, exist_ok=True)
    for r, datos in archivos:
        with open(destino / r, "wb") as f:
            f.write(datos)
    (destino / "imagenes").mkdir(exist_ok=True)
    for p in imagenes.iterdir():
        os.link(p, destino / "imagenes" / p.name)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--casillas", type=int, default=170_000)
    ap.add_argument("--ags", type=int, default=1_250, help="casillas at Aguascalientes scale")
    ap.add_argument("--dir", default=None, help="working directory (default: a temporary one)")
    args = ap.parse_args()
    base = Path(args.dir or tempfile.mkdtemp(prefix="bench-corte-"))
    clave = Ed25519PrivateKey.generate()

    # Aguascalientes scale
    t = time.perf_counter()
    ags = sintetico.eleccion_sintetica(casillas=args.ags, imagenes=base / "media-ags")
    print(f"generación Ags: {time.perf_counter() - t:.1f} s", flush=True)
    r, ags_s, ags_cpu = medir(
        lambda: corte.construir_corte(ags, raiz=base / "ags", clave=clave, previo=None)
    )
    print(
        f"Aguascalientes: {r.actas_publicadas} actas, {r.archivos} archivos, "
        f"{ags_s:.2f} s ({ags_cpu:.2f} s CPU)"
    )
    # the same cut offering itself whole as one archive (a profile's `corte_completo`, ADR 0054)
    ags_zip = dataclasses.replace(ags, corte_completo=True)
    rz, ags_zip_s, ags_zip_cpu = medir(
        lambda: corte.construir_corte(ags_zip, raiz=base / "ags-zip", clave=clave, previo=None)
    )
    zip_mb = (rz.ruta / "corte-completo.zip").stat().st_size / 1e6
    print(
        f"Aguascalientes con corte-completo.zip: {ags_zip_s:.2f} s ({ags_zip_cpu:.2f} s CPU), "
        f"ZIP de {zip_mb:.1f} MB ({rz.imagenes} imágenes sustitutas)"
    )

    # national scale
    t = time.perf_counter()
    nac = sintetico.eleccion_sintetica(
        casillas=args.casillas, imagenes=base / "media", distritos=300, municipios=2_400
    )
    actas = sum(len(e.actas) for e in nac.elecciones)
    print(f"generación nacional: {actas} actas en {time.perf_counter() - t:.1f} s", flush=True)
    r, full, full_cpu = medir(
        lambda: corte.construir_corte(nac, raiz=base / "nac", clave=clave, previo=None)
    )
    print(
        f"corte completo: {r.actas_publicadas} actas, {r.archivos} archivos "
        f"({r.escritos} escritos, {r.bytes_escritos / 1e6:.0f} MB; {r.imagenes} imágenes, "
        f"{r.imagenes_nuevas} nuevas en el almacén), {full:.2f} s ({full_cpu:.2f} s CPU)",
        flush=True,
    )
    lista_mb = (r.ruta / "archivos.txt").stat().st_size / 1e6
    print(f"archivos.txt: {lista_mb:.1f} MB", flush=True)
    cambiado = cambiar(nac, 0.01, base / "media")
    r2, inc, inc_cpu = medir(
        lambda: corte.construir_corte(cambiado, raiz=base / "nac", clave=clave)
    )
    print(
        f"corte tras 1 % de cambios: {r2.escritos} escritos, {r2.reutilizados} reutilizados, "
        f"{r2.imagenes_nuevas} imágenes nuevas, {inc:.2f} s ({inc / full:.2%} del completo; "
        f"{inc_cpu:.2f} s CPU, {inc_cpu / full_cpu:.2%})",
        flush=True,
    )
    peak = rss_mb()
    peak_hijos = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    piso = piso_io(base / "nac" / "cortes" / r.nombre, base / "piso", base / "nac" / "imagenes")
    print(f"escribir los mismos bytes: {piso:.2f} s; razón corte/escritura {full / piso:.2f}")
    print(
        f"RSS máximo: {peak:.0f} MB (el mayor de los procesos auxiliares: {peak_hijos:.0f} MB, "
        "en parte páginas compartidas con el principal)"
    )
    if not args.dir:
        shutil.rmtree(base, ignore_errors=True)
    print(
        json.dumps(
            {
                "actas": actas,
                "full_cut_s": round(full, 3),
                "full_cut_cpu_s": round(full_cpu, 3),
                "incremental_cut_s": round(inc, 3),
                "incremental_cut_cpu_s": round(inc_cpu, 3),
                "files_full": r.archivos,
                "images": r.imagenes,
                "load_avg": round(os.getloadavg()[0], 1),
                "peak_rss_mb": round(peak, 1),
                "children_peak_rss_mb": round(peak_hijos, 1),
                "cut_processes": corte._procesos(),
                "io_floor_ratio": round(full / piso, 2),
                "ags_actas": 3 * args.ags,
                "ags_cut_s": round(ags_s, 3),
                "ags_cut_cpu_s": round(ags_cpu, 3),
                "ags_zip_cut_s": round(ags_zip_s, 3),
                "ags_zip_cut_cpu_s": round(ags_zip_cpu, 3),
                "ags_zip_mb": round(zip_mb, 1),
                "list_mb": round(lista_mb, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
