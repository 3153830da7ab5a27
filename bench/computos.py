"""Benchmark of the Sistema de Cómputo.

    flock /tmp/ople-heavy.lock .venv/bin/python bench/computos.py [--db ople_computos_bench]
        [--casillas 1875] [--gts 20] [--por-gt 15] [--pausa 1.0] [--nacional PATH]
        [--solo-captura | --solo-publicacion]

1. ``ags_s``: recompute (sum, candidacies, coalition split) and publish, through
   `ople.publicacion` (signed, chained cut with gzip copies and the full zip), every cómputo of an
   Aguascalientes-shaped process: 18 consejos distritales and 11 municipales over ``--casillas``
   casillas per election.
2. ``nacional_s``: the same for INE's real 2024 national database (300 distritos, 171,643 actas)
   after it is loaded (reading the CSV is reported apart as ``nacional_carga_s``).
3. ``captura_p99_ms``: ``--gts`` grupos de trabajo (five per consejo, one process each) capture
   recount results at once on PostgreSQL through `services.sesion.registrar_recuento` (locks,
   audit, folio of the constancia), each GT one package every ``--pausa`` seconds on average (a
   person takes minutes per package; 1 s is a hundred times faster); the p99 of one capture's
   latency. ``captura_rafaga_p99_ms``: the same with no pause at all (every GT submitting
   back to back: the worst case, all writes queued on the audit chain).

The database ``--db`` is dropped and re-created. The last line printed is a JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PG = os.environ.get("OPLE_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
NACIONAL = Path("/work/shared/data/tabatatgr_INE_COMPUTOS_DIP_FED_2024.csv.gz")
PARTIDOS = ("PAN", "PRI", "PRD", "PVEM", "PT", "MC", "MORENA")
COMBOS = {
    "C_PAN_PRI_PRD": ("PAN", "PRI", "PRD"),
    "C_PAN_PRI": ("PAN", "PRI"),
    "C_PAN_PRD": ("PAN", "PRD"),
    "C_PRI_PRD": ("PRI", "PRD"),
    "C_PVEM_PT_MORENA": ("PVEM", "PT", "MORENA"),
    "C_PVEM_PT": ("PVEM", "PT"),
    "C_PVEM_MORENA": ("PVEM", "MORENA"),
    "C_PT_MORENA": ("PT", "MORENA"),
}


def _entorno(db: str, raiz: Path) -> None:
    os.environ["DATABASE_URL"] = f"{PG}/{db}"
    os.environ.setdefault("OPLE_SECRET_KEY", "bench-" + "x" * 40)
    os.environ["OPLE_VAR_DIR"] = str(raiz / "var")
    os.environ["OPLE_PUBLISH_ROOT"] = str(raiz / "publicacion")
    os.environ["OPLE_MEDIA_ROOT"] = str(raiz / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ople.config.settings")
    sys.path.insert(0, str(REPO / "src"))


def _recrear(db: str) -> None:
    for sql in (f"DROP DATABASE IF EXISTS {db} WITH (FORCE)", f"CREATE DATABASE {db}"):
        subprocess.run(["psql", PG + "/postgres", "-qc", sql], check=True)


def computos_ags(casillas: int, semilla: int = 7) -> list:
    from ople.computos.publicacion import CasillaPublicada, ComputoPublicado

    rnd = random.Random(semilla)
    columnas = (*PARTIDOS, *COMBOS, "NO_REGISTRADOS", "NULOS")
    cands = {
        "FUERZA": ("PAN", "PRI", "PRD", *[c for c in COMBOS if "PAN" in c or "PRI" in c]),
        "SHH": (
            "PVEM",
            "PT",
            "MORENA",
            *[c for c in COMBOS if "MORENA" in c or "PVEM_PT" == c[2:]],
        ),
        "MC": ("MC",),
    }
    salida = []
    for eleccion, n in (("DIPUTACIONES LOCALES", 18), ("AYUNTAMIENTOS", 11)):
        for k in range(1, n + 1):
            filas = []
            for i in range(casillas // n):
                votos = {
                    c: rnd.randint(0, 150) if c in PARTIDOS else rnd.randint(0, 8) for c in columnas
                }
                filas.append(
                    CasillaPublicada(
                        f"{k:02d}{i:05d}",
                        100 + i // 3,
                        votos,
                        "RECUENTO" if rnd.random() < 0.6 else "COTEJO",
                        ("C5",) if rnd.random() < 0.1 else (),
                        {c: v + (1 if rnd.random() < 0.05 else 0) for c, v in votos.items()},
                    )
                )
            salida.append(
                ComputoPublicado(
                    clave=f"{'CD' if n == 18 else 'CM'}{k:02d}",
                    nombre=f"Consejo {k:02d}",
                    eleccion=eleccion,
                    columnas=columnas,
                    partidos=PARTIDOS,
                    combinaciones=COMBOS,
                    candidaturas=cands,
                    desempate=PARTIDOS,
                    casillas=tuple(filas),
                )
            )
    return salida


def publicar_todo(computos: list, accion: str = "computos.corte") -> float:
    from ople.computos import publicacion as pub
    from ople.publicacion import publicar, sitio_de

    t0 = time.perf_counter()
    for c in computos:
        pub.totales(c)
    ahora = datetime.now(UTC)
    archivos = pub.generar(computos, titulo="Cómputos", corte_en=ahora)
    publicar(sitio_de("computos"), archivos, corte_en=ahora, accion=accion)
    return time.perf_counter() - t0


def captura(
    gts: int, por_gt: int, pausa: float = 0.0, prefijo: str = "bench", entidad: int = 1
) -> list[float]:
    from django.contrib.auth.models import Group, User
    from django.db import connection

    from ople.catalog import testing as cat
    from ople.catalog.models import Coalicion, OpcionBoleta
    from ople.computos import roles
    from ople.computos.models import Consejo, Integrante, Sesion
    from ople.computos.services import sesion as svc

    consejos_n = max(1, gts // 5)
    ent = cat.entidad(clave=entidad)
    mun = cat.municipio(entidad=ent)
    df = cat.distrito_federal(entidad=ent)
    pro = cat.proceso(entidad=ent)
    el = cat.eleccion(proceso=pro)
    ps = [cat.partido(proceso=pro, siglas=p, orden=i) for i, p in enumerate(PARTIDOS, 1)]
    orden = 1
    for p in ps:
        cat.opcion(eleccion=el, columna=p.siglas, orden=orden, partidos=[p])
        orden += 1
    cat.opcion(
        eleccion=el, columna="NO_REGISTRADOS", orden=orden, tipo=OpcionBoleta.Tipo.NO_REGISTRADAS
    )
    cat.opcion(eleccion=el, columna="NULOS", orden=orden + 1, tipo=OpcionBoleta.Tipo.NULOS)
    _ = Coalicion
    por_consejo = -(-gts * por_gt // consejos_n)
    for d in range(1, consejos_n + 1):
        dl = cat.distrito_local(entidad=ent, numero=d + 10 * (entidad - 1))
        cat.demarcacion(eleccion=el, clave=d + 10 * (entidad - 1), distrito_local=dl)
        sec = cat.seccion(
            numero=d * 1000 + entidad, municipio=mun, distrito_local=dl, distrito_federal=df
        )
        for i in range(por_consejo):
            cat.casilla(seccion=sec, tipo="C", id_casilla=i + 1)

    def usuario(nombre: str, rol: str) -> User:
        u = User.objects.create_user(nombre)
        u.groups.add(Group.objects.get(name=rol))
        return u

    pres = usuario(f"{prefijo}-presidencia", roles.PRESIDENCIA)
    pres.groups.add(Group.objects.get(name=roles.CENTRAL))  # institute-wide: every consejo
    svc.crear_consejos(proceso=pro, usuario=pres)
    trabajos = []
    for c in Consejo.objects.filter(demarcacion__eleccion__proceso=pro).order_by("clave"):
        s = Sesion.objects.get(consejo=c)
        s = svc.avanzar(sesion=s, usuario=pres)
        s = svc.avanzar(sesion=s, usuario=pres)
        svc.aprobar_recuento(
            consejo=c,
            usuario=pres,
            casillas=[e.clave for e in c.expedientes.all()],
            sede="Sede",
            grupos=5,
            puntos_por_grupo=4,
        )
        for _ in range(3):
            s = svc.avanzar(sesion=s, usuario=pres)
        exps = list(c.expedientes.order_by("clave"))
        for g in c.grupos.order_by("numero"):
            u = usuario(f"{prefijo}-gt-{c.clave}-{g.numero}", roles.GRUPO)
            Integrante.objects.create(  # on this consejo's staff (personal de apoyo)
                consejo=c, usuario=u, cargo="APOYO", nombre=u.username, creado=datetime.now(UTC)
            )
            trabajos.append((u, g, exps[g.numero - 1 :: 5]))
    trabajos = trabajos[:gts]
    # One process per GT (as 20 people at 20 screens served by a multi-process server): threads
    # of one process would measure Python's lock, not the database's.
    import multiprocessing as mp

    from django.db import connections

    from ople.computos import calculo

    connections.close_all()
    ctx = mp.get_context("fork")
    cola = ctx.Queue()
    barrera = ctx.Barrier(len(trabajos))

    def trabajar(u, g, exps):
        rnd = random.Random(g.pk)
        calculo.boleta_de(exps[0].consejo)  # warm the process outside the timing
        barrera.wait()
        propios = []
        for e in exps[:por_gt]:
            if pausa:
                time.sleep(rnd.uniform(0, 2 * pausa))  # the time a GT takes between packages
            votos = {p: rnd.randint(0, 150) for p in PARTIDOS} | {
                "NO_REGISTRADOS": 0,
                "NULOS": rnd.randint(0, 9),
            }
            t0 = time.perf_counter()
            svc.registrar_recuento(
                expediente=e,
                usuario=u,
                grupo=g,
                votos=votos,
                reservados=["Marca dudosa"] if rnd.random() < 0.1 else [],
            )
            propios.append(time.perf_counter() - t0)
        cola.put(propios)
        connection.close()

    procesos = [ctx.Process(target=trabajar, args=t) for t in trabajos]
    for p in procesos:
        p.start()
    tiempos: list[float] = []
    for _ in procesos:
        tiempos.extend(cola.get())
    for p in procesos:
        p.join()
    return tiempos


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="ople_computos_bench")
    ap.add_argument("--casillas", type=int, default=1875, help="casillas por elección")
    ap.add_argument("--gts", type=int, default=20)
    ap.add_argument("--por-gt", type=int, default=15)
    ap.add_argument("--nacional", default=str(NACIONAL))
    ap.add_argument(
        "--pausa",
        type=float,
        default=1.0,
        help="segundos promedio entre paquetes de un GT (una persona tarda minutos)",
    )
    ap.add_argument(
        "--solo-captura",
        action="store_true",
        help="medir solo la captura (sin ags_s ni nacional_s)",
    )
    ap.add_argument(
        "--solo-publicacion",
        action="store_true",
        help="medir solo la publicación (ags_s y nacional_s, sin la captura)",
    )
    args = ap.parse_args()
    raiz = Path(tempfile.mkdtemp(prefix="bench-computos-"))
    _entorno(args.db, raiz)
    _recrear(args.db)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.solo_captura:
        ags_s = nacional_s = carga = float("nan")
    else:
        ags_s, nacional_s, carga = _publicaciones(args)
    if args.solo_publicacion:
        print(
            json.dumps(
                {
                    "ags_s": round(ags_s, 3),
                    "nacional_s": round(nacional_s, 2),
                    "nacional_carga_s": round(carga, 2),
                }
            )
        )
        return
    _capturas(args, ags_s, nacional_s, carga)


def _publicaciones(args: argparse.Namespace) -> tuple[float, float, float]:
    ags = computos_ags(args.casillas)
    ags_s = publicar_todo(ags)
    print(
        f"Aguascalientes: {len(ags)} cómputos, {sum(len(c.casillas) for c in ags)} actas, "
        f"recalculados y publicados en {ags_s:.3f} s",
        flush=True,
    )
    from ople.computos import ine

    t0 = time.perf_counter()
    base = ine.leer(Path(args.nacional).read_bytes())
    carga = time.perf_counter() - t0
    t1 = time.perf_counter()
    nac = ine.computos(base)
    nacional_s = (time.perf_counter() - t1) + publicar_todo(nac)
    print(
        f"Nacional: {len(nac)} cómputos, {base.actas} actas (carga {carga:.2f} s), "
        f"recalculados y publicados en {nacional_s:.2f} s",
        flush=True,
    )
    return ags_s, nacional_s, carga


def _capturas(args: argparse.Namespace, ags_s: float, nacional_s: float, carga: float) -> None:
    def p99_de(tiempos: list[float]) -> tuple[float, float]:
        ms = sorted(t * 1000 for t in tiempos)
        return ms[min(len(ms) - 1, int(len(ms) * 0.99))], statistics.median(ms)

    rafaga, rafaga_med = p99_de(captura(args.gts, args.por_gt))
    print(
        f"Captura en ráfaga: {args.gts * args.por_gt} recuentos de {args.gts} GT sin pausa; "
        f"mediana {rafaga_med:.1f} ms, p99 {rafaga:.1f} ms",
        flush=True,
    )
    p99, mediana = p99_de(
        captura(args.gts, args.por_gt, pausa=args.pausa, prefijo="pausa", entidad=2)
    )
    print(
        f"Captura con pausas: {args.gts} GT a la vez, cada uno un paquete cada {args.pausa:.1f} s "
        f"en promedio; mediana {mediana:.1f} ms, p99 {p99:.1f} ms",
        flush=True,
    )
    print(
        json.dumps(
            {
                "ags_s": None if ags_s != ags_s else round(ags_s, 3),
                "nacional_s": None if nacional_s != nacional_s else round(nacional_s, 2),
                "nacional_carga_s": None if carga != carga else round(carga, 2),
                "captura_p99_ms": round(p99, 1),
                "captura_mediana_ms": round(mediana, 1),
                "captura_rafaga_p99_ms": round(rafaga, 1),
                "pausa_s": args.pausa,
                "gts": args.gts,
            }
        )
    )


if __name__ == "__main__":
    main()
