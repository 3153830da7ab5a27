"""``ople computos replay BASE.csv[.gz] [--perfil NOMBRE] [--out DIR]``: reproduce a real
cómputo published in INE's layout (e.g. the Cómputos Distritales 2024 of the federal Chamber).

Each distrito's cómputo is built from its actas (each one as its cotejo or its recount, as the
file's OBSERVACIONES say), the coalition votes are shared out per distrito by the profile's rule,
the cut is generated (pages, open data, the recomputation check) into ``--out``, and the last
line printed is the JSON of the national totals after the split. No configuration needed.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ople import profiles
from ople.computos import ine, publicacion
from ople.computos import perfil as perfil_computos
from ople.ley.distribucion import DESEMPATE_ORDEN_BOLETA


def totales_nacionales(computos: list[publicacion.ComputoPublicado]) -> dict[str, Any]:
    partidos: dict[str, int] = {}
    otros = {"independientes": 0, "no_registrados": 0, "nulos": 0}
    for c in computos:
        t = publicacion.totales(c)
        for p, v in t.distribuido.items():
            partidos[p] = partidos.get(p, 0) + v
        otros["independientes"] += t.por_columna.get(ine.CI, 0)
        otros["no_registrados"] += t.por_columna.get("NO_REGISTRADOS", 0)
        otros["nulos"] += t.por_columna.get("NULOS", 0)
    return {"partidos": partidos, **otros}


class Command(BaseCommand):
    help = "Reproduce un cómputo real publicado en el formato del INE y publica su corte."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archivo", help="base de cómputos del INE (CSV, opcionalmente .gz)")
        parser.add_argument("--perfil", default="ine-dipfed-2024", help="perfil normativo")
        parser.add_argument("--out", help="directorio donde escribir el corte")

    def handle(self, *args: Any, **opts: Any) -> None:
        inicio = time.perf_counter()
        try:
            seccion = perfil_computos.de(profiles.cargar(opts["perfil"]))
        except profiles.PerfilInvalido as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        if seccion.distribucion.desempate != DESEMPATE_ORDEN_BOLETA:
            self.stderr.write(
                "Esta reproducción solo conoce el orden de la boleta para desempatar."
            )
            sys.exit(2)
        ruta = Path(opts["archivo"])
        try:
            base = ine.leer(ruta.read_bytes())
        except OSError as exc:
            self.stderr.write(f"No se pudo leer {ruta}: {exc.strerror or exc}")
            sys.exit(2)
        except ine.BaseInvalida as exc:
            self.stderr.write(f"{ruta}: {exc}")
            sys.exit(2)
        cargado = time.perf_counter()
        computos = ine.computos(base)
        archivos = publicacion.generar(
            computos, titulo="Cómputos distritales (reproducción)", corte_en=datetime.now(UTC)
        )
        fallas = publicacion.verificar(archivos)
        if opts.get("out"):
            raiz = Path(opts["out"])
            for nombre, datos in archivos.items():
                destino = raiz / nombre
                destino.parent.mkdir(parents=True, exist_ok=True)
                destino.write_bytes(datos)
        fin = time.perf_counter()
        recontadas = sum(1 for c in computos for x in c.casillas if x.fuente == "RECUENTO")
        con_cifras = sum(len(c.casillas) for c in computos)
        rp = totales_nacionales(ine.computos(base, tipos=ine.TIPOS_RP))
        self.stdout.write(
            f"{base.actas} actas leídas en {cargado - inicio:.2f} s; {len(computos)} cómputos "
            f"con {con_cifras} actas de mayoría ({recontadas} recontadas, "
            f"{100 * recontadas / max(con_cifras, 1):.1f} %) calculados y publicados en "
            f"{fin - cargado:.2f} s; verificación: "
            + ("correcta" if not fallas else f"{len(fallas)} diferencias")
        )
        mr = totales_nacionales(computos)
        self.stdout.write(
            "Mayoría relativa (actas 4 y 4EMR): " + json.dumps(mr, ensure_ascii=False)
        )
        self.stdout.write(
            "Representación proporcional de casillas especiales (actas 4ERP, distribuidas aparte): "
            + json.dumps(rp, ensure_ascii=False)
        )
        for f in fallas[:10]:
            self.stderr.write(f)
        # The votación of the Chamber as INE publishes it: each distrito's MR cómputo plus its
        # especiales' RP actas, each split on its own (splitting them together moves one vote
        # between PAN and PRI in the national sum: INE splits them apart).
        nacional = {
            "partidos": {p: mr["partidos"][p] + rp["partidos"].get(p, 0) for p in mr["partidos"]},
            **{k: mr[k] + rp[k] for k in ("independientes", "no_registrados", "nulos")},
        }
        self.stdout.write(json.dumps(nacional, ensure_ascii=False))
        if fallas:
            sys.exit(1)
