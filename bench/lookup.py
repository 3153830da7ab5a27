"""Benchmark of Ubica tu distrito y casilla.

1. In-process lookups (``ople.lookup.engine.Motor.buscar``, one point per call) on the real
   Aguascalientes boundary set (602 polygons) and on a synthetic national-scale set of 70,000
   sección polygons (a jittered Voronoi tessellation over a Mexico-sized box).
2. The JSON API served by gunicorn (``ople serve``) against a temporary SQLite database loaded
   with the Aguascalientes catalog, hit by a few client threads with keep-alive connections.

Targets (issue 7): >= 20,000 lookups/s and p99 < 1 ms in process; API p99 < 20 ms.
The last printed line is one JSON object; ``lookups_per_s`` and ``p99_us`` are those of the
national-scale set (the harder one).

    .venv/bin/python bench/lookup.py [--puntos 50000] [--secciones 70000] [--peticiones 4000]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import shapely

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ / "src"))

from ople.lookup.engine import Motor, geometria_desde_geojson  # noqa: E402

GEOJSON = RAIZ / "src/ople/catalog/data/aguascalientes/secciones.geojson"
MEXICO = (-117.0, 14.5, -86.7, 32.7)  # lon/lat box of the Mexican republic


def percentil(valores: np.ndarray, p: float) -> float:
    return float(np.percentile(valores, p))


def medir_motor(motor: Motor, xs: np.ndarray, ys: np.ndarray) -> dict[str, float]:
    buscar = motor.buscar
    for x, y in zip(xs[:2000].tolist(), ys[:2000].tolist(), strict=True):  # warm-up
        buscar(x, y)
    lat_ns = np.empty(len(xs), dtype=np.int64)
    reloj = time.perf_counter_ns
    dentro = 0
    inicio = reloj()
    for i, (x, y) in enumerate(zip(xs.tolist(), ys.tolist(), strict=True)):
        t0 = reloj()
        r = buscar(x, y)
        lat_ns[i] = reloj() - t0
        dentro += r.seccion is not None
    total_s = (reloj() - inicio) / 1e9
    return {
        "puntos": len(xs),
        "dentro": dentro,
        "lookups_per_s": round(len(xs) / total_s),
        "p50_us": round(percentil(lat_ns, 50) / 1e3, 2),
        "p99_us": round(percentil(lat_ns, 99) / 1e3, 2),
        "max_us": round(float(lat_ns.max()) / 1e3, 1),
    }


def puntos_al_azar(limites: tuple[float, float, float, float], n: int, semilla: int):
    rng = np.random.default_rng(semilla)
    xmin, ymin, xmax, ymax = limites
    return rng.uniform(xmin, xmax, n), rng.uniform(ymin, ymax, n)


def aguascalientes(n: int) -> dict[str, float]:
    fc = json.loads(GEOJSON.read_text(encoding="utf-8"))
    pares = [
        (int(f["properties"]["seccion"]), geometria_desde_geojson(f["geometry"]))
        for f in fc["features"]
    ]
    t0 = time.perf_counter()
    motor = Motor(pares, tolerancia=1e-5)
    construccion = time.perf_counter() - t0
    xs, ys = puntos_al_azar(motor.limites, n, 1)
    r = medir_motor(motor, xs, ys)
    r["secciones"] = len(motor)
    r["construccion_s"] = round(construccion, 3)
    return r


def nacional(n_secciones: int, n: int) -> dict[str, float]:
    t0 = time.perf_counter()
    rng = np.random.default_rng(2024)
    xmin, ymin, xmax, ymax = MEXICO
    # Jittered grid of seeds (cells of uneven size, like urban and rural secciones).
    lado = int(np.ceil(np.sqrt(n_secciones * (xmax - xmin) / (ymax - ymin))))
    filas = int(np.ceil(n_secciones / lado))
    gx, gy = np.meshgrid(np.arange(lado), np.arange(filas))
    gx = gx.ravel()[:n_secciones]
    gy = gy.ravel()[:n_secciones]
    dx = (xmax - xmin) / lado
    dy = (ymax - ymin) / filas
    sx = xmin + (gx + rng.uniform(0.05, 0.95, n_secciones)) * dx
    sy = ymin + (gy + rng.uniform(0.05, 0.95, n_secciones)) * dy
    marco = shapely.box(*MEXICO)
    celdas = shapely.voronoi_polygons(
        shapely.multipoints(np.column_stack([sx, sy])), extend_to=marco
    )
    geoms = shapely.intersection(np.asarray(shapely.get_parts(celdas)), marco)
    geoms = [g for g in geoms if not g.is_empty and g.geom_type == "Polygon"]
    generacion = time.perf_counter() - t0
    t0 = time.perf_counter()
    motor = Motor(list(enumerate(geoms, start=1)))
    construccion = time.perf_counter() - t0
    xs, ys = puntos_al_azar(motor.limites, n, 3)
    r = medir_motor(motor, xs, ys)
    r["secciones"] = len(motor)
    r["generacion_s"] = round(generacion, 2)
    r["construccion_s"] = round(construccion, 2)
    # Vectorised batch for reference.
    t0 = time.perf_counter()
    motor.buscar_muchos(xs, ys)
    r["lote_lookups_per_s"] = round(n / (time.perf_counter() - t0))
    return r


# --- API served by gunicorn -----------------------------------------------------------------


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def esperar(puerto: int, segundos: float = 60.0) -> None:
    fin = time.time() + segundos
    while time.time() < fin:
        try:
            c = http.client.HTTPConnection("127.0.0.1", puerto, timeout=2)
            c.request("GET", "/api/ubica?seccion=1")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("el servidor no respondió a tiempo")


def api(n_peticiones: int, hilos: int, workers: int) -> dict[str, float]:
    ople = str(RAIZ / ".venv/bin/ople")
    tmp = Path(tempfile.mkdtemp(prefix="ople-bench-ubica-"))
    env = {
        **os.environ,
        "OPLE_VAR_DIR": str(tmp),
        "DATABASE_URL": f"sqlite:///{tmp / 'ople.sqlite3'}",
        "OPLE_DEMO": "1",
        "OPLE_UBICA_LIMITE": "0",
        "OPLE_LOG_LEVEL": "ERROR",
    }
    env.pop("OPLE_TESTING", None)
    subprocess.run([ople, "migrate", "-v", "0"], env=env, check=True)
    subprocess.run(
        [ople, "load-catalog", "aguascalientes"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    puerto = puerto_libre()
    servidor = subprocess.Popen(
        [ople, "serve", "--port", str(puerto), "--workers", str(workers), "--threads", "4"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        esperar(puerto)
        fc = json.loads(GEOJSON.read_text(encoding="utf-8"))
        puntos = []
        for f in fc["features"]:
            p = geometria_desde_geojson(f["geometry"]).representative_point()
            puntos.append((p.x, p.y, f["properties"]["seccion"]))
        rng = random.Random(5)
        rutas = []
        for i in range(n_peticiones):
            x, y, s = rng.choice(puntos)
            if i % 4 == 3:
                rutas.append(f"/api/ubica?seccion={s}")
            else:
                rutas.append(f"/api/ubica?lat={y:.6f}&lon={x:.6f}")
        # Warm every worker (each builds its engine on its first request).
        for ruta in rutas[:50]:
            c = http.client.HTTPConnection("127.0.0.1", puerto, timeout=10)
            c.request("GET", ruta)
            c.getresponse().read()
            c.close()
        latencias: list[float] = []
        errores = [0]
        candado = threading.Lock()

        def cliente(parte: list[str]) -> None:
            c = http.client.HTTPConnection("127.0.0.1", puerto, timeout=10)
            propias = []
            for ruta in parte:
                t0 = time.perf_counter()
                c.request("GET", ruta)
                resp = c.getresponse()
                resp.read()
                propias.append(time.perf_counter() - t0)
                if resp.status != 200:
                    with candado:
                        errores[0] += 1
                if resp.getheader("Connection", "").lower() == "close":
                    c.close()
                    c = http.client.HTTPConnection("127.0.0.1", puerto, timeout=10)
            c.close()
            with candado:
                latencias.extend(propias)

        partes = [rutas[i::hilos] for i in range(hilos)]
        t0 = time.perf_counter()
        ts = [threading.Thread(target=cliente, args=(p,)) for p in partes]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        total = time.perf_counter() - t0
        lat = np.asarray(latencias) * 1e3
        return {
            "peticiones": len(latencias),
            "errores": errores[0],
            "hilos_cliente": hilos,
            "workers": workers,
            "peticiones_por_s": round(len(latencias) / total),
            "p50_ms": round(percentil(lat, 50), 2),
            "p99_ms": round(percentil(lat, 99), 2),
        }
    finally:
        os.killpg(servidor.pid, signal.SIGTERM)
        try:
            servidor.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(servidor.pid, signal.SIGKILL)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--puntos", type=int, default=50_000)
    ap.add_argument("--secciones", type=int, default=70_000)
    ap.add_argument("--peticiones", type=int, default=4_000)
    ap.add_argument("--hilos", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sin-api", action="store_true")
    a = ap.parse_args()

    ags = aguascalientes(a.puntos)
    print("Aguascalientes (602 secciones reales):", json.dumps(ags, ensure_ascii=False))
    nac = nacional(a.secciones, a.puntos)
    print(
        f"Nacional sintético ({nac['secciones']} secciones):", json.dumps(nac, ensure_ascii=False)
    )
    web = None if a.sin_api else api(a.peticiones, a.hilos, a.workers)
    if web:
        print("API /api/ubica con gunicorn:", json.dumps(web, ensure_ascii=False))
    print(
        json.dumps(
            {
                "lookups_per_s": nac["lookups_per_s"],
                "p99_us": nac["p99_us"],
                "api_p99_ms": web["p99_ms"] if web else None,
                "ags_lookups_per_s": ags["lookups_per_s"],
                "ags_p99_us": ags["p99_us"],
                "secciones_nacional": nac["secciones"],
                "api_peticiones_por_s": web["peticiones_por_s"] if web else None,
                "api_errores": web["errores"] if web else None,
            }
        )
    )


if __name__ == "__main__":
    main()
