"""`ople generar-actas-sinteticas --n 10 --out DIR`: write synthetic acta PREP images.

With --catalogo the actas are the expected actas of the catalog (their election's vote columns
in INE order, the casilla's identification); otherwise an illustrative Aguascalientes acta.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ople.prep import actas_sinteticas as sint


def _desde_catalogo(n: int, rng: random.Random) -> list[sint.ActaSintetica]:
    from ople.prep.models import ActaEsperada

    actas = list(
        ActaEsperada.objects.select_related(
            "eleccion__proceso__entidad",
            "casilla__seccion__municipio",
            "casilla__seccion__distrito_local",
            "demarcacion",
        ).order_by("clave")[: max(n, 1) * 5]
    )
    if not actas:
        raise CommandError("No hay actas esperadas en el catálogo (use ople prep-actas-esperadas).")
    rng.shuffle(actas)
    resultado = []
    for acta in actas[:n]:
        eleccion = acta.eleccion
        opciones = list(eleccion.opciones.prefetch_related("partidos").order_by("orden"))
        partidos = [
            (o.columna, o.partidos.first().color if o.partidos.exists() else "#666666")
            for o in opciones
            if o.tipo == "PARTIDO"
        ]
        combinaciones = [
            tuple(p.siglas for p in o.partidos.all()) for o in opciones if o.tipo == "COMBINACION"
        ]
        independientes = sum(1 for o in opciones if o.tipo == "CI")
        filas = sint.filas_con_valores(
            rng,
            partidos or list(sint.PARTIDOS_EJEMPLO),
            combinaciones=combinaciones,
            independientes=independientes,
            lista_nominal=acta.casilla.lista_nominal or 650,
        )
        seccion = acta.casilla.seccion
        proceso = eleccion.proceso
        resultado.append(
            sint.ActaSintetica(
                clave_acta=acta.clave,
                instituto=f"Organismo Público Local Electoral de {proceso.entidad.nombre}",
                proceso=proceso.nombre,
                eleccion=eleccion.nombre,
                entidad=f"{proceso.entidad.clave:02d} {proceso.entidad.nombre.upper()}",
                distrito=f"{seccion.distrito_local.numero:02d}",
                municipio=seccion.municipio.nombre.upper(),
                seccion=seccion.numero,
                tipo_casilla=acta.casilla.tipo,
                numero_casilla=acta.casilla.id_casilla,
                ext_contigua=acta.casilla.ext_contigua,
                tipo_acta=acta.tipo_acta,
                filas=filas,
            )
        )
    return resultado


class Command(BaseCommand):
    help = "Escribe imágenes sintéticas de actas PREP (para pruebas y demostración)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--n", type=int, default=10, help="Cuántas actas (1–10000)")
        parser.add_argument("--out", required=True, help="Carpeta de salida")
        parser.add_argument("--semilla", type=int, default=2024)
        parser.add_argument(
            "--catalogo", action="store_true", help="Usar las actas esperadas del catálogo"
        )
        parser.add_argument(
            "--sin-defectos", action="store_true", help="Fotos limpias (sin rotación ni sombras)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        n = opts["n"]
        if not 1 <= n <= 10_000:
            raise CommandError("--n debe estar entre 1 y 10000.")
        destino = Path(opts["out"])
        destino.mkdir(parents=True, exist_ok=True)
        rng = random.Random(opts["semilla"])
        if opts["catalogo"]:
            actas = _desde_catalogo(n, rng)
        else:
            actas = []
            for i in range(n):
                seccion = 300 + rng.randint(0, 600)
                clave = f"01{seccion:04d}{rng.choice('BC')}{rng.randint(1, 3):02d}0002"
                actas.append(sint.acta_de_ejemplo(opts["semilla"] + i, clave_acta=clave))
        for i, acta in enumerate(actas):
            defectos = (
                sint.SIN_DEFECTOS
                if opts["sin_defectos"]
                else sint.defectos_aleatorios(rng, acta.filas)
            )
            datos = sint.generar_acta(acta, defectos=defectos, semilla=opts["semilla"] + i)
            ruta = destino / f"{acta.clave_acta}.jpg"
            ruta.write_bytes(datos)
            self.stdout.write(f"{ruta}  {len(datos) // 1024} KB  {defectos}")
        self.stdout.write(self.style.SUCCESS(f"{len(actas)} actas escritas en {destino}"))
