"""Boundary sets (MapIt-style generations) of the secciones.

ople boundaries list [--entidad 1]
ople boundaries load ARCHIVO.geojson --version 2 --nombre "Reseccionamiento 2025" [--activate]
ople boundaries activate --version 2 [--entidad 1]
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ople.catalog import services
from ople.catalog.importers import ErrorImportacion
from ople.catalog.models import ConjuntoLimites, Entidad


class Command(BaseCommand):
    help = "Conjuntos de límites seccionales: listar, cargar uno nuevo, activar."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="accion", required=True)
        lst = sub.add_parser("list", help="lista los conjuntos")
        lst.add_argument("--entidad", type=int)
        load = sub.add_parser("load", help="carga un FeatureCollection GeoJSON como nueva versión")
        load.add_argument("archivo", type=Path)
        load.add_argument("--entidad", type=int)
        load.add_argument("--version", type=int, required=True, dest="numero_version")
        load.add_argument("--nombre", required=True)
        load.add_argument("--fuente", default="")
        load.add_argument("--activate", action="store_true", help="activarlo al cargarlo")
        act = sub.add_parser("activate", help="activa una versión")
        act.add_argument("--entidad", type=int)
        act.add_argument("--version", type=int, required=True, dest="numero_version")

    def _entidad(self, clave: int | None) -> Entidad:
        qs = Entidad.objects.all()
        entidad = qs.filter(clave=clave).first() if clave else qs.first()
        if entidad is None:
            raise CommandError("no existe la entidad: cargue el catálogo primero")
        return entidad

    def handle(self, *args, accion: str, **o):
        entidad = self._entidad(o.get("entidad"))
        if accion == "list":
            for c in ConjuntoLimites.objects.filter(entidad=entidad).order_by("version"):
                marca = "*" if c.activo else " "
                self.stdout.write(
                    f"{marca} v{c.version}  {c.nombre}  ({c.limites.count()} secciones)"
                )
            return
        if accion == "load":
            archivo: Path = o["archivo"]
            try:
                geojson = json.loads(archivo.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise CommandError(f"no se pudo leer {archivo}: {exc}") from None
            try:
                conjunto = services.cargar_limites(
                    entidad=entidad,
                    geojson=geojson,
                    version=o["numero_version"],
                    nombre=o["nombre"],
                    fuente=o["fuente"] or archivo.name,
                    activar=o["activate"],
                )
            except ErrorImportacion as exc:
                raise CommandError("límites rechazados:\n  " + "\n  ".join(exc.errores)) from None
            estado = "activo" if conjunto.activo else "inactivo"
            self.stdout.write(
                f"Cargado {conjunto} ({conjunto.limites.count()} secciones, {estado})."
            )
            return
        conjunto = ConjuntoLimites.objects.filter(
            entidad=entidad, version=o["numero_version"]
        ).first()
        if conjunto is None:
            raise CommandError(f"no existe la versión {o['numero_version']} de {entidad}")
        services.activar_limites(conjunto=conjunto)
        self.stdout.write(f"Activo: {conjunto}.")
