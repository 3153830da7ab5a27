"""Benchmark: supervision dashboard and verificaciones_vigentes at N actas (default 4,000).

Builds a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), fills it
with bulk inserts (N actas in 20 distritos; all digitalized, 60 % verified, 3 % in conflict),
then times the selectors. Last line: one JSON object.

    OPLE_TESTING=1 .venv/bin/python bench/prep_tablero.py [N]
    OPLE_TESTING=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/h4capt .venv/bin/python bench/prep_tablero.py
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ople.config.settings")
os.environ.setdefault("OPLE_TESTING", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402


def poblar(n: int) -> object:
    from ople.catalog import models as c
    from ople.prep import models as p

    ent = c.Entidad.objects.create(clave=1, nombre="Aguascalientes", abreviatura="AGS")
    mun = c.Municipio.objects.create(entidad=ent, clave=1, nombre="Aguascalientes")
    df = c.DistritoFederal.objects.create(entidad=ent, numero=1)
    proc = c.ProcesoElectoral.objects.create(
        entidad=ent, clave="b", nombre="bench", fecha_jornada=date(2024, 6, 2), perfil="ieeags-2024"
    )
    el = c.Eleccion.objects.create(proceso=proc, tipo="DIP_LOC", nombre="DIPUTACIONES LOCALES")
    dls = [c.DistritoLocal.objects.create(entidad=ent, numero=i + 1) for i in range(20)]
    dems = [
        c.Demarcacion.objects.create(
            eleccion=el, tipo="DISTRITO_LOCAL", clave=i + 1, nombre=f"D{i + 1}", distrito_local=d
        )
        for i, d in enumerate(dls)
    ]
    secs = c.Seccion.objects.bulk_create(
        [
            c.Seccion(
                entidad=ent,
                numero=i + 1,
                municipio=mun,
                distrito_local=dls[i % 20],
                distrito_federal=df,
            )
            for i in range(n // 4)
        ]
    )
    cas = c.Casilla.objects.bulk_create(
        [
            c.Casilla(
                seccion=secs[i // 4],
                tipo="C",
                id_casilla=i % 4 + 1,
                clave=c.Casilla.formar_clave(1, i // 4 + 1, "C", i % 4 + 1, 0),
                lista_nominal=600,
            )
            for i in range(n)
        ]
    )
    actas = p.ActaEsperada.objects.bulk_create(
        [
            p.ActaEsperada(
                eleccion=el,
                casilla=k,
                demarcacion=dems[(i // 4) % 20],
                tipo_acta="2",
                clave=f"{k.clave}02",
            )
            for i, k in enumerate(cas)
        ]
    )
    u = User.objects.create_user("op")
    u2 = User.objects.create_user("op2")
    ahora = timezone.now()
    imgs = p.Imagen.objects.bulk_create(
        [
            p.Imagen(sha256=f"{i:064x}", ruta=f"x/{i}", tipo_mime="image/png", tamano=1)
            for i in range(n)
        ]
    )
    digs = p.Digitalizacion.objects.bulk_create(
        [
            p.Digitalizacion(
                acta=a, imagen=imgs[i], origen="CATD", medio="ESCANER", recibido_en=ahora
            )
            for i, a in enumerate(actas)
        ]
    )
    p.Acopio.objects.bulk_create([p.Acopio(acta=a, acopiado_en=ahora, usuario=u) for a in actas])
    estados, caps, vers = [], [], []
    for i, a in enumerate(actas):
        verif = i % 10 < 6
        conflicto = i % 100 < 3 and not verif
        estado = "VERIFICADA" if verif else ("CONFLICTO" if conflicto else "DIGITALIZADA")
        estados.append(
            p.EstadoActa(
                acta=a, estado=estado, llegada=ahora, capturas=2 if verif or conflicto else 0
            )
        )
        if verif or conflicto:
            for r, usr in ((1, u), (2, u2)):
                caps.append(
                    p.Captura(
                        acta=a,
                        digitalizacion=digs[i],
                        usuario=usr,
                        ronda=r,
                        valores={},
                        creado=ahora,
                    )
                )
        if verif:
            vers.append(
                p.Verificacion(
                    acta=a,
                    version=1,
                    metodo="COINCIDENCIA",
                    digitalizacion=digs[i],
                    valores={"PAN": 1},
                    total_votos_calculado=1,
                    contabilizada=i % 7 != 0,
                    capturado_en=ahora,
                    verificado_en=ahora,
                )
            )
    p.EstadoActa.objects.bulk_create(estados)
    p.Captura.objects.bulk_create(caps)
    p.Verificacion.objects.bulk_create(vers)
    return proc


def medir(f, repeticiones: int = 5) -> float:
    f()  # warm-up
    t0 = time.perf_counter()
    for _ in range(repeticiones):
        f()
    return (time.perf_counter() - t0) / repeticiones * 1000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    from ople.prep import selectors

    cfg = setup_databases(verbosity=0, interactive=False)
    try:
        t0 = time.perf_counter()
        proc = poblar(n)
        print(f"poblado: {n} actas en {time.perf_counter() - t0:.1f} s ({connection.vendor})")
        hasta = timezone.now() + timedelta(minutes=1)
        ms_tablero = medir(lambda: selectors.tablero(proceso=proc))
        ms_vig = medir(lambda: selectors.verificaciones_vigentes(proceso=proc, hasta=hasta), 3)
        t = selectors.tablero(proceso=proc)
        (tot,) = t.totales
        print(
            f"tablero: {ms_tablero:.1f} ms · verificadas {tot.verificadas} · filas {len(t.filas)}"
        )
        print(f"verificaciones_vigentes: {ms_vig:.1f} ms")
    finally:
        teardown_databases(cfg, verbosity=0)
    print(
        json.dumps(
            {
                "db": connection.vendor,
                "actas": n,
                "tablero_ms": round(ms_tablero, 1),
                "verificaciones_vigentes_ms": round(ms_vig, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
