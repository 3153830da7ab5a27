"""Benchmark: one consejo's reception peak — reception tables posting custody events at once to
the scanning API served by gunicorn with PostgreSQL.

    flock /tmp/ople-heavy.lock .venv/bin/python bench/paquetes.py [--seconds 30] [--mesas 20]

What it does:
1. (Re)creates a dedicated PostgreSQL database (`--db`, default ople_bench_paquetes), migrates it
   and, in a subprocess, builds one consejo with `--casillas` casillas, generates their packages
   and enrols one phone per reception table (`--mesas`), each for its own person.
2. Serves ople with gunicorn (gthread) and has every table post, as fast as answers come back,
   the events of its own share of the packages: the reception at the consejo (with its condition,
   which takes a gap-free receipt folio) and the entry to the bodega, then arrivals. Every 25th
   event is posted twice with the same `id_cliente`, as a phone does after a lost answer.
3. Checks every acknowledged event against the database: it exists (else lost), each
   `id_cliente` is one row and no package was received twice (else duplicated), a repeat got the
   first receipt back.

The last printed line is a JSON object with eventos_por_s, p99_ms, perdidos, duplicados.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from intake import PG, REPO, detener, gunicorn, percentil, puerto_libre, recrear_bd  # noqa: E402

BIN = Path(sys.executable).parent


def setup(casillas: int, mesas: int) -> None:
    import django

    django.setup()
    from datetime import date

    from ople.catalog import testing as fabrica
    from ople.core.testing import make_user
    from ople.paquetes import clave as claves
    from ople.paquetes import roles
    from ople.paquetes.models import Paquete
    from ople.paquetes.services import (
        crear_codigo_enrolamiento,
        enrolar_dispositivo,
        generar_paquetes,
    )

    entidad = fabrica.entidad(nombre="Entidad de prueba", abreviatura="PRB")
    municipio = fabrica.municipio(entidad=entidad)
    df = fabrica.distrito_federal(entidad=entidad)
    dl = fabrica.distrito_local(entidad=entidad, numero=1)
    proceso = fabrica.proceso(entidad=entidad, fecha_jornada=date.today())
    eleccion = fabrica.eleccion(proceso=proceso)
    fabrica.demarcacion(eleccion=eleccion, clave=1, distrito_local=dl)
    n = 0
    seccion = None
    for i in range(casillas):
        if i % 20 == 0:
            seccion = fabrica.seccion(
                numero=100 + i // 20, municipio=municipio, distrito_local=dl, distrito_federal=df
            )
        n = i % 20
        fabrica.casilla(seccion=seccion, tipo="B" if n == 0 else "C", id_casilla=max(n, 1))
    supervisor = make_user("supervision", roles.SUPERVISION)
    generar_paquetes(eleccion=eleccion, usuario=supervisor)
    tokens = []
    for m in range(mesas):
        persona = make_user(f"mesa{m + 1}", roles.RECEPCION, roles.BODEGA)
        codigo = crear_codigo_enrolamiento(supervisor=supervisor, persona=persona)
        token, _ = enrolar_dispositivo(codigo=codigo, nombre=f"Mesa {m + 1}")
        tokens.append(token)
    etiquetas = [
        claves.texto_qr(proceso.clave, c)
        for c in Paquete.objects.order_by("clave").values_list("clave", flat=True)
    ]
    print(json.dumps({"tokens": tokens, "etiquetas": etiquetas}))


def cuerpo(tipo: str, etiqueta: str, id_cliente: str, mesa: int) -> dict:
    c = {"id_cliente": id_cliente, "etiqueta": etiqueta, "tipo": tipo, "mesa": f"Mesa {mesa}"}
    if tipo == "RECEPCION_CONSEJO":
        c.update(
            entregado_por="Presidencia de la casilla",
            cargo_entrega="PRESIDENCIA",
            recibido_por=f"Auxiliar de la mesa {mesa}",
            cinta_integra=True,
            firmas_integras=True,
            muestras_alteracion=False,
            acta_por_fuera=True,
        )
    return c


def mesa(i, puerto, token, etiquetas, inicio, segundos, salida, candado, calentar=0.0) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", puerto, timeout=60)
    propios = []
    tareas = [(t, e) for e in etiquetas for t in ("RECEPCION_CONSEJO", "INGRESO_BODEGA")]
    k = 0
    # Warm-up (not timed): arrivals, so every server thread has its database connection and
    # its code loaded before the clock starts; their rows are checked like the others.
    n = 0
    while time.time() < inicio - 0.2 and calentar:
        n += 1
        ident = f"calentar-{i}-{n}-{uuid.uuid4().hex[:8]}"
        datos = json.dumps(cuerpo("LLEGADA_CONSEJO", etiquetas[n % len(etiquetas)], ident, i + 1))
        conn.request(
            "POST",
            "/paquetes/api/v1/eventos",
            body=datos,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        r = conn.getresponse()
        r.read()
        propios.append((-2 if r.status in (200, 201) else r.status, 0.0, ident, "", "", b""))
    while time.time() < inicio:
        time.sleep(0.001)
    fin = inicio + segundos
    while time.time() < fin:
        if k < len(tareas):
            tipo, etiqueta = tareas[k]
        else:
            tipo, etiqueta = "LLEGADA_CONSEJO", etiquetas[k % len(etiquetas)]
        k += 1
        id_cliente = f"m{i}-{k}-{uuid.uuid4().hex[:12]}"
        datos = json.dumps(cuerpo(tipo, etiqueta, id_cliente, i + 1))
        veces = 2 if k % 25 == 0 else 1
        recibos = []
        for _ in range(veces):
            t0 = time.perf_counter()
            try:
                conn.request(
                    "POST",
                    "/paquetes/api/v1/eventos",
                    body=datos,
                    headers={
                        "Content-Type": "application/json",
                        "Authorization": f"Bearer {token}",
                    },
                )
                r = conn.getresponse()
                payload = r.read()
                estado = r.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", puerto, timeout=60)
                estado, payload = 0, b""
            ms = (time.perf_counter() - t0) * 1000
            recibo = json.loads(payload).get("recibo", "") if estado in (200, 201) else ""
            recibos.append(recibo)
            propios.append((estado, ms, id_cliente, tipo, recibo, payload[:200]))
        if veces == 2 and recibos[0] and recibos[1] != recibos[0]:
            propios.append((-1, 0.0, id_cliente, tipo, "", b"otro recibo en la repeticion"))
    conn.close()
    with candado:
        salida.extend(propios)


def verificar(resultados: list[tuple]) -> dict:
    import django

    django.setup()
    from django.db.models import Count

    from ople.paquetes.models import Evento

    filas = dict(Evento.objects.values_list("id_cliente", "tipo"))
    confirmados = {r[2] for r in resultados if r[0] in (200, 201, -2)}
    perdidos = sum(1 for c in confirmados if c not in filas)
    recibidos_dos_veces = (
        Evento.objects.filter(tipo="RECEPCION_CONSEJO")
        .values("paquete_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    recibo_distinto = sum(1 for r in resultados if r[0] == -1)
    sin_acuse = len(set(filas) - confirmados)
    return {
        "perdidos": perdidos,
        "duplicados": recibidos_dos_veces + recibo_distinto,
        "filas": len(filas),
        "filas_sin_acuse": sin_acuse,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--mesas", type=int, default=20)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--casillas", type=int, default=2000)
    ap.add_argument("--calentar", type=float, default=3.0, help="segundos sin medir al inicio")
    ap.add_argument("--db", default="ople_bench_paquetes")
    ap.add_argument("--setup", nargs=2, type=int, help=argparse.SUPPRESS)
    ap.add_argument("--verificar", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.setup:
        setup(*args.setup)
        return
    if args.verificar:
        print(json.dumps(verificar(json.loads(Path(args.verificar).read_text()))))
        return

    tmp = Path(tempfile.mkdtemp(prefix="ople-bench-paquetes-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "DATABASE_URL": f"{PG}/{args.db}",
        "OPLE_MEDIA_ROOT": str(tmp / "media"),
        "OPLE_VAR_DIR": str(tmp / "var"),
        "OPLE_SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "OPLE_TESTING": "0",
        "DJANGO_SETTINGS_MODULE": "ople.config.settings",
        "PYTHONPATH": str(REPO / "src"),
    }
    servidor = None
    try:
        print(f"base de datos {args.db}; {args.casillas} paquetes, {args.mesas} mesas", flush=True)
        recrear_bd(args.db)
        subprocess.run([str(BIN / "ople"), "migrate", "-v", "0"], env=env, check=True, cwd=REPO)
        hecho = subprocess.run(
            [sys.executable, __file__, "--setup", str(args.casillas), str(args.mesas)],
            env=env,
            check=True,
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        datos = json.loads(hecho.stdout.strip().splitlines()[-1])
        puerto = puerto_libre()
        servidor = gunicorn(
            "ople.config.wsgi:application", env, puerto, args.workers, args.threads, tmp / "g.log"
        )
        etiquetas = datos["etiquetas"]
        resultados: list[tuple] = []
        candado = threading.Lock()
        inicio = time.time() + 1.0 + args.calentar
        hilos = [
            threading.Thread(
                target=mesa,
                args=(
                    i,
                    puerto,
                    datos["tokens"][i],
                    etiquetas[i :: args.mesas],
                    inicio,
                    args.seconds,
                    resultados,
                    candado,
                    args.calentar,
                ),
            )
            for i in range(args.mesas)
        ]
        for h in hilos:
            h.start()
        for h in hilos:
            h.join()
        detener(servidor)
        servidor = None
        ok = [r for r in resultados if r[0] in (200, 201)]
        errores = [r for r in resultados if r[0] not in (200, 201, -2)]
        nuevos = sum(1 for r in ok if r[0] == 201)
        tiempos = [r[1] for r in resultados if r[0] in (200, 201)]
        archivo = tmp / "resultados.json"
        archivo.write_text(json.dumps([[r[0], r[1], r[2], r[3], r[4]] for r in resultados]))
        chequeo = subprocess.run(
            [sys.executable, __file__, "--verificar", str(archivo)],
            env=env,
            check=True,
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        v = json.loads(chequeo.stdout.strip().splitlines()[-1])
        figura = {
            "eventos_por_s": round(nuevos / args.seconds, 1),
            "peticiones_por_s": round(len(ok) / args.seconds, 1),
            "p50_ms": round(percentil(tiempos, 50), 1),
            "p99_ms": round(percentil(tiempos, 99), 1),
            "perdidos": v["perdidos"],
            "duplicados": v["duplicados"],
            "errores": len(errores),
            "ejemplo_error": errores[0][5].decode(errors="replace") if errores else "",
            "filas": v["filas"],
            "filas_sin_acuse": v["filas_sin_acuse"],
            "calentamiento": sum(1 for r in resultados if r[0] == -2),
            "mesas": args.mesas,
            "segundos": args.seconds,
            "workers": args.workers,
            "threads": args.threads,
        }
        print(json.dumps(figura, ensure_ascii=False))
    finally:
        if servidor is not None:
            detener(servidor)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
