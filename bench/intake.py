"""Benchmark: acta uploads to the PREP Casilla API served by gunicorn with PostgreSQL.

    .venv/bin/python bench/intake.py [--seconds 60] [--bare-seconds 20] [--clients 24]

What it does:
1. (Re)creates a dedicated PostgreSQL database (`--db`, default ople_bench), migrates it and,
   in a subprocess, builds a synthetic catalog (`--casillas` casillas, two elections), the
   expected actas, a real puesta en ceros and one enrolled device bound to every casilla.
2. Serves ople with gunicorn (gthread) and has `--clients` concurrent clients (threads spread
   over `--procs` processes, keep-alive connections) upload distinct ~300 KB JPEGs for
   `--seconds`: each upload is the same photo with a unique JPEG comment segment, so each has
   its own SHA-256 and is a new image of a random expected acta.
3. Checks every receipt against the database and the files: the Digitalizacion with that
   receipt exists, its image has the uploaded SHA-256, and the stored file hashes to it.
4. Runs the same load against a bare WSGI app (bench/bare_wsgi.py) that only writes the body to
   a file and fsyncs it, served by the same gunicorn configuration, and reports the ratio.

The last printed line is a JSON object with uploads_per_s, p99_ms, lost, duplicated,
ratio_to_bare (and more detail).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import io
import json
import multiprocessing as mp
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG = os.environ.get("OPLE_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


# --- setup (runs in a subprocess with the bench environment) --------------------------------


def setup(casillas: int) -> None:
    import django

    django.setup()
    from datetime import date, timedelta

    from django.contrib.auth.models import Group, User

    from ople.catalog.models import (
        Casilla,
        Demarcacion,
        DistritoFederal,
        DistritoLocal,
        Eleccion,
        Entidad,
        Municipio,
        ProcesoElectoral,
        Seccion,
    )
    from ople.prep import roles
    from ople.prep.services import ceros, dispositivos
    from ople.prep.services.actas import generar_actas_esperadas

    entidad = Entidad.objects.create(clave=1, nombre="Entidad de prueba", abreviatura="PRB")
    municipio = Municipio.objects.create(entidad=entidad, clave=1, nombre="Municipio")
    df = DistritoFederal.objects.create(entidad=entidad, numero=1)
    dls = [DistritoLocal.objects.create(entidad=entidad, numero=n) for n in range(1, 19)]
    proceso = ProcesoElectoral.objects.create(
        entidad=entidad,
        clave="BENCH",
        nombre="Proceso de prueba de carga",
        fecha_jornada=date(2024, 6, 2),
        perfil="ieeags-2024",
    )
    dip = Eleccion.objects.create(
        proceso=proceso, tipo="DIP_LOC", nombre="DIPUTACIONES LOCALES", orden=1
    )
    ayun = Eleccion.objects.create(proceso=proceso, tipo="AYUN", nombre="AYUNTAMIENTOS", orden=2)
    for dl in dls:
        Demarcacion.objects.create(
            eleccion=dip, tipo="DISTRITO_LOCAL", clave=dl.numero, nombre=str(dl), distrito_local=dl
        )
    Demarcacion.objects.create(
        eleccion=ayun, tipo="MUNICIPIO", clave=1, nombre="Municipio", municipio=municipio
    )
    secciones = Seccion.objects.bulk_create(
        [
            Seccion(
                entidad=entidad,
                numero=n,
                municipio=municipio,
                distrito_local=dls[n % len(dls)],
                distrito_federal=df,
            )
            for n in range(1, casillas // 2 + 2)
        ]
    )
    filas = []
    for i in range(casillas):
        sec = secciones[i // 2]
        tipo = "B" if i % 2 == 0 else "C"
        filas.append(
            Casilla(
                seccion=sec,
                tipo=tipo,
                id_casilla=1,
                clave=Casilla.formar_clave(1, sec.numero, tipo, 1, 0),
                lista_nominal=600,
            )
        )
    Casilla.objects.bulk_create(filas, batch_size=2000)
    generar_actas_esperadas(proceso=proceso, actor=None)
    ceros.realizar_puesta_en_ceros(
        proceso=proceso, usuario=None, salida=Path(os.environ["OPLE_VAR_DIR"]) / "ceros"
    )
    sup = User.objects.create_user("supervision-bench", password="x" * 20)
    sup.groups.add(Group.objects.get_or_create(name=roles.SUPERVISION)[0])
    codigo = dispositivos.crear_codigo_enrolamiento(
        supervisor=sup,
        etiqueta="bench",
        casillas=Casilla.objects.all(),
        vigencia=timedelta(hours=2),
    )
    enrol = dispositivos.enrolar_dispositivo(codigo=codigo, nombre="bench")
    from ople.prep.models import ActaEsperada

    actas = list(ActaEsperada.objects.values_list("clave", flat=True))
    print(json.dumps({"token": enrol.token, "actas": actas}))


# --- load ----------------------------------------------------------------------------------


def foto_base(objetivo: int = 300_000) -> bytes:
    """A ~300 KB JPEG (a noisy 'photo' of a page), deterministic."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(7)
    lado = 700
    while True:
        ruido = rng.integers(150, 255, size=(lado * 4 // 3, lado), dtype=np.uint8)
        img = Image.fromarray(ruido, "L").convert("RGB")
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=70)
        datos = buf.getvalue()
        if len(datos) >= objetivo * 0.95:
            return datos
        lado = int(lado * (objetivo / len(datos)) ** 0.5) + 10


def variante(base: bytes, marca: bytes) -> bytes:
    """The same JPEG with a COM segment carrying `marca` right after SOI: distinct bytes."""
    com = b"\xff\xfe" + struct.pack(">H", len(marca) + 2) + marca
    return base[:2] + com + base[2:]


def multipart(datos: bytes, campos: dict[str, str]) -> tuple[bytes, str]:
    limite = uuid.uuid4().hex
    cabeza = b"".join(
        f'--{limite}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in campos.items()
    )
    archivo = (
        f'--{limite}\r\nContent-Disposition: form-data; name="imagen"; filename="acta.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    return (
        cabeza + archivo + datos + f"\r\n--{limite}--\r\n".encode(),
        f"multipart/form-data; boundary={limite}",
    )


def _cliente(args: tuple) -> dict:
    (proc, hilos, puerto, ruta, token, actas, segundos, base, inicio) = args
    resultados: list[tuple] = []
    candado = threading.Lock()

    def hilo(h: int) -> None:
        rng = random.Random(proc * 1000 + h)
        conn = http.client.HTTPConnection("127.0.0.1", puerto, timeout=60)
        propios = []
        n = 0
        while time.time() < inicio:
            time.sleep(0.001)
        fin = inicio + segundos
        while time.time() < fin:
            n += 1
            datos = variante(base, f"bench {proc}/{h}/{n} {uuid.uuid4().hex}".encode())
            sha = hashlib.sha256(datos).hexdigest()
            clave = rng.choice(actas)
            cuerpo, tipo = multipart(datos, {"clave_acta": clave, "sha256": sha})
            t0 = time.perf_counter()
            try:
                conn.request(
                    "POST",
                    ruta,
                    body=cuerpo,
                    headers={"Content-Type": tipo, "Authorization": f"Bearer {token}"},
                )
                r = conn.getresponse()
                payload = r.read()
                estado = r.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", puerto, timeout=60)
                estado, payload = 0, b""
            ms = (time.perf_counter() - t0) * 1000
            recibo = ""
            if estado in (200, 201) and payload.startswith(b"{"):
                cuerpo_r = json.loads(payload)
                recibo = cuerpo_r.get("recibo", "")
                if cuerpo_r.get("sha256", sha) != sha:
                    estado = -1
            propios.append((estado, ms, recibo, sha, clave))
        conn.close()
        with candado:
            resultados.extend(propios)

    ts = [threading.Thread(target=hilo, args=(h,)) for h in range(hilos)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return {"resultados": resultados}


def carga(puerto, ruta, token, actas, segundos, procs, clientes, base) -> list[tuple]:
    por_proc = [clientes // procs + (1 if i < clientes % procs else 0) for i in range(procs)]
    inicio = time.time() + 1.0
    trabajos = [
        (i, por_proc[i], puerto, ruta, token, actas, segundos, base, inicio) for i in range(procs)
    ]
    with mp.get_context("fork").Pool(procs) as pool:
        partes = pool.map(_cliente, trabajos)
    return [r for p in partes for r in p["resultados"]]


def percentil(valores: list[float], p: float) -> float:
    if not valores:
        return 0.0
    v = sorted(valores)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


# --- servers ---------------------------------------------------------------------------------


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn(app: str, env: dict, puerto: int, workers: int, threads: int, log: Path):
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            app,
            "--bind",
            f"127.0.0.1:{puerto}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--backlog",
            "2048",
            "--timeout",
            "120",
        ],
        cwd=REPO,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    limite = time.time() + 60
    while time.time() < limite:
        try:
            c = http.client.HTTPConnection("127.0.0.1", puerto, timeout=2)
            c.request("GET", "/")
            c.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn no arrancó: " + log.read_text()[-2000:])


def detener(proc) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def cpu_del_grupo(pgid: int) -> float:
    """CPU seconds (user + system) used so far by the live processes of a process group."""
    total = 0
    for entrada in Path("/proc").iterdir():
        if not entrada.name.isdigit():
            continue
        try:
            campos = (entrada / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(campos[2]) == pgid:  # field 5 (pgrp) is campos[2] after the command name
            total += int(campos[11]) + int(campos[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def _cpu_backends(bd: str) -> dict[int, float]:
    """CPU seconds used so far by each live PostgreSQL backend connected to database `bd` (its
    process title reads `postgres: … <user> <bd> …`), by pid."""
    marca = f" {bd} ".encode()
    cpu: dict[int, float] = {}
    for entrada in Path("/proc").iterdir():
        if not entrada.name.isdigit():
            continue
        try:
            if marca not in (entrada / "cmdline").read_bytes().replace(b"\0", b" "):
                continue
            if not (entrada / "comm").read_text().startswith("postgres"):
                continue
            campos = (entrada / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        cpu[int(entrada.name)] = (int(campos[11]) + int(campos[12])) / os.sysconf("SC_CLK_TCK")
    return cpu


class CpuDePostgresql:
    """CPU used by the backends of database `bd` between start() and stop(). Backends come and
    go during a run (a connection older than CONN_MAX_AGE is replaced), so they are sampled
    every 0.2 s and each one counts from its first sample (or from 0 when it started later)."""

    def __init__(self, bd: str) -> None:
        self.bd = bd
        self.inicio: dict[int, float] = {}
        self.ultimo: dict[int, float] = {}
        self._fin = threading.Event()
        self._hilo = threading.Thread(target=self._muestrear, daemon=True)

    def start(self) -> None:
        self.inicio = _cpu_backends(self.bd)
        self.ultimo = dict(self.inicio)
        self._hilo.start()

    def _muestrear(self) -> None:
        while not self._fin.wait(0.2):
            self.ultimo.update(_cpu_backends(self.bd))

    def stop(self) -> float:
        self._fin.set()
        self._hilo.join()
        self.ultimo.update(_cpu_backends(self.bd))
        return sum(v - self.inicio.get(pid, 0.0) for pid, v in self.ultimo.items())


def recrear_bd(nombre: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{nombre}"')


# --- verification -----------------------------------------------------------------------------


def verificar(recibos: list[tuple], media: Path) -> dict:
    """Check every receipt against the database and the stored file (runs django.setup)."""
    import django

    django.setup()
    from ople.prep.models import Digitalizacion

    filas = {
        str(r): (c, s, ruta)
        for r, c, s, ruta in Digitalizacion.objects.values_list(
            "recibo", "acta__clave", "imagen__sha256", "imagen__ruta"
        ).iterator(chunk_size=5000)
    }
    perdidos = 0
    malos = 0
    vistos: dict[str, int] = {}
    for recibo, sha, clave in recibos:
        vistos[recibo] = vistos.get(recibo, 0) + 1
        fila = filas.get(recibo)
        if fila is None:
            perdidos += 1
            continue
        if fila[0] != clave or fila[1] != sha:
            malos += 1
            continue
        ruta = media / fila[2]
        if not ruta.exists() or hashlib.sha256(ruta.read_bytes()).hexdigest() != sha:
            perdidos += 1
    duplicados = sum(n - 1 for n in vistos.values() if n > 1)
    # Each upload was unique bytes: more rows with the same image than uploads is a duplicate.
    por_sha: dict[str, int] = {}
    for _c, s, _r in filas.values():
        por_sha[s] = por_sha.get(s, 0) + 1
    duplicados += sum(n - 1 for n in por_sha.values() if n > 1)
    return {
        "lost": perdidos,
        "duplicated": duplicados,
        "mismatched": malos,
        "rows": len(filas),
        "rows_without_receipt": len(set(filas) - set(vistos)),
    }


# --- main --------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--bare-seconds", type=float, default=20)
    ap.add_argument("--clients", type=int, default=24)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--casillas", type=int, default=3000)
    ap.add_argument("--db", default="ople_bench")
    ap.add_argument("--keep", action="store_true", help="no borrar el directorio temporal")
    ap.add_argument("--setup", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.setup is not None:
        setup(args.setup)
        return

    tmp = Path(tempfile.mkdtemp(prefix="ople-bench-intake-"))
    media = tmp / "media"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "DATABASE_URL": f"{PG}/{args.db}",
        "OPLE_MEDIA_ROOT": str(media),
        "OPLE_VAR_DIR": str(tmp / "var"),
        "OPLE_SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "OPLE_TESTING": "0",
        "OPLE_INTAKE_LOTE": os.environ.get("OPLE_INTAKE_LOTE", "1"),
        "DJANGO_SETTINGS_MODULE": "ople.config.settings",
        "PYTHONPATH": str(REPO / "src"),
    }
    try:
        print(f"base de datos {args.db}; medios en {media}", flush=True)
        recrear_bd(args.db)
        subprocess.run([str(BIN / "ople"), "migrate", "-v", "0"], env=env, check=True, cwd=REPO)
        salida = subprocess.run(
            [sys.executable, __file__, "--setup", str(args.casillas)],
            env=env,
            check=True,
            cwd=REPO,
            capture_output=True,
            text=True,
        ).stdout
        datos = json.loads(salida.strip().splitlines()[-1])
        token, actas = datos["token"], datos["actas"]
        print(f"{len(actas)} actas esperadas; dispositivo enrolado", flush=True)
        base = foto_base()
        print(f"foto base: {len(base):,} bytes", flush=True)

        puerto = puerto_libre()
        servidor = gunicorn(
            "ople.config.wsgi:application",
            env,
            puerto,
            args.workers,
            args.threads,
            tmp / "gunicorn.log",
        )
        try:
            # warm-up: one upload per worker thread
            calentamiento = carga(puerto, "/prep/api/v1/actas", token, actas, 1.0, 1, 4, base)
            print(f"carga: {args.clients} clientes durante {args.seconds:.0f} s", flush=True)
            cpu0 = cpu_del_grupo(servidor.pid)
            cpu_pg = CpuDePostgresql(args.db)
            cpu_pg.start()
            t0 = time.time()
            res = carga(
                puerto,
                "/prep/api/v1/actas",
                token,
                actas,
                args.seconds,
                args.procs,
                args.clients,
                base,
            )
            duracion = time.time() - t0 - 1.0
            cpu_servidor = cpu_del_grupo(servidor.pid) - cpu0
            segundos_pg = cpu_pg.stop()
        finally:
            detener(servidor)
        aceptados = [r for r in res if r[0] in (200, 201)]
        fallos: dict[str, int] = {}
        for r in res:
            if r[0] not in (200, 201):
                fallos[str(r[0])] = fallos.get(str(r[0]), 0) + 1
        lat = [r[1] for r in aceptados]
        ups = len(aceptados) / args.seconds
        print(
            f"aceptados {len(aceptados)} en {args.seconds:.0f} s = {ups:.1f}/s; "
            f"p50 {percentil(lat, 50):.1f} ms, p99 {percentil(lat, 99):.1f} ms; "
            f"otros estados {fallos}",
            flush=True,
        )
        os.environ.update(env)
        sys.path.insert(0, str(REPO / "src"))
        # Warm-up receipts are checked too (not counted in the rate).
        todos = aceptados + [r for r in calentamiento if r[0] in (200, 201)]
        ver = verificar([(r[2], r[3], r[4]) for r in todos], media)
        print(f"verificación: {ver}", flush=True)
        cpu_ms = cpu_servidor * 1000 / max(1, len(aceptados))
        pg_ms = segundos_pg * 1000 / max(1, len(aceptados))
        print(
            f"CPU de gunicorn: {cpu_servidor:.1f} s = {cpu_ms:.1f} ms por subida; "
            f"de PostgreSQL (sus procesos de {args.db}): {segundos_pg:.1f} s = {pg_ms:.2f} ms por "
            f"subida (sin contar los clientes); carga del sistema {os.getloadavg()}",
            flush=True,
        )

        # Bare WSGI baseline: write the body to disk (fsync) and answer.
        bare_dir = tmp / "bare"
        bare_dir.mkdir()
        env_bare = {**env, "BARE_DIR": str(bare_dir), "PYTHONPATH": str(REPO / "bench")}
        puerto_b = puerto_libre()
        bare = gunicorn(
            "bare_wsgi:application",
            env_bare,
            puerto_b,
            args.workers,
            args.threads,
            tmp / "bare.log",
        )
        try:
            cpu0_b = cpu_del_grupo(bare.pid)
            res_b = carga(
                puerto_b, "/", token, actas, args.bare_seconds, args.procs, args.clients, base
            )
            cpu_b = cpu_del_grupo(bare.pid) - cpu0_b
        finally:
            detener(bare)
        ok_b = [r for r in res_b if r[0] in (200, 201)]
        ups_b = len(ok_b) / args.bare_seconds
        lat_b = [r[1] for r in ok_b]
        cpu_ms_b = cpu_b * 1000 / max(1, len(ok_b))
        print(
            f"WSGI mínimo: {ups_b:.1f}/s; p99 {percentil(lat_b, 99):.1f} ms; CPU de gunicorn "
            f"{cpu_ms_b:.1f} ms por subida",
            flush=True,
        )
        resumen = {
            "uploads_per_s": round(ups, 1),
            "p50_ms": round(percentil(lat, 50), 1),
            "p99_ms": round(percentil(lat, 99), 1),
            "accepted": len(aceptados),
            "errors": fallos,
            "lost": ver["lost"],
            "duplicated": ver["duplicated"],
            "mismatched": ver["mismatched"],
            "rows_without_receipt": ver["rows_without_receipt"],
            "bare_uploads_per_s": round(ups_b, 1),
            "bare_gunicorn_cpu_ms_per_upload": round(cpu_ms_b, 1),
            "ratio_to_bare": round(ups / ups_b, 3) if ups_b else None,
            "seconds": args.seconds,
            "clients": args.clients,
            "gunicorn": f"{args.workers} workers x {args.threads} threads (gthread)",
            "image_bytes": len(base),
            "measured_s": round(duracion, 1),
            "gunicorn_cpu_ms_per_upload": round(cpu_ms, 1),
            "postgres_cpu_ms_per_upload": round(pg_ms, 2),
            "loadavg_1m_at_end": round(os.getloadavg()[0], 1),
        }
        print(json.dumps(resumen))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
