"""`ople load-catalog aguascalientes` (or a directory with the same layout; docs/catalogo.md).

`ople load-catalog nacional-sintetico [--escala F] [--semilla S]` generates and loads the
SYNTHETIC national-scale catalog (`ople.catalog.nacional`; docs/simulacro.md).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from ople.catalog import selectors, services
from ople.catalog.importers import ErrorImportacion

NACIONAL = "nacional-sintetico"


class Command(BaseCommand):
    help = "Carga (idempotente, en una sola transacción) un catálogo de referencia."

    def add_arguments(self, parser):
        parser.add_argument(
            "dataset",
            help="nombre de un catálogo incluido (aguascalientes, nacional-sintetico) o ruta",
        )
        parser.add_argument(
            "--escala",
            type=float,
            default=1.0,
            help="sólo nacional-sintetico: tamaño relativo al país (1 = nacional)",
        )
        parser.add_argument("--semilla", type=int, default=2024, help="sólo nacional-sintetico")

    def handle(self, *args, dataset: str, **options):
        if dataset == NACIONAL:
            try:
                conteo = services.cargar_catalogo_nacional(
                    escala=options["escala"], semilla=options["semilla"], actor=None
                )
            except (ErrorImportacion, ValueError) as exc:
                errores = getattr(exc, "errores", [str(exc)])
                raise CommandError("catálogo rechazado:\n  " + "\n  ".join(errores)) from None
            self.stdout.write(f"Catálogo «{NACIONAL}» (SINTÉTICO) cargado: {resumen()}.")
            if options["verbosity"] > 1:
                self.stdout.write(json.dumps(conteo, ensure_ascii=False))
            return
        try:
            directorio = services.ruta_dataset(dataset)
            conteo = services.cargar_catalogo(directorio=directorio, actor=None)
        except ErrorImportacion as exc:
            raise CommandError("catálogo rechazado:\n  " + "\n  ".join(exc.errores)) from None
        self.stdout.write(f"Catálogo «{directorio.name}» cargado: {resumen()}.")
        if options["verbosity"] > 1:  # the rows each table gained, for whoever debugs a load
            self.stdout.write(json.dumps(conteo, ensure_ascii=False))


def resumen() -> str:
    """What the catalog holds now, in words (a reload adds nothing, so its counts of new rows
    would read as an empty catalog)."""
    c = selectors.cifras_catalogo()
    partes = [
        (c["municipios"], "municipio", "municipios"),
        (c["distritos_locales"], "distrito local", "distritos locales"),
        (c["distritos_federales"], "distrito federal", "distritos federales"),
        (c["secciones"], "sección", "secciones"),
        (c["casillas"], "casilla", "casillas"),
        (c["elecciones"], "elección", "elecciones"),
        (c["partidos"], "partido", "partidos"),
        (c["coaliciones"], "coalición", "coaliciones"),
    ]
    return ", ".join(f"{n:,} {uno if n == 1 else varios}" for n, uno, varios in partes)
