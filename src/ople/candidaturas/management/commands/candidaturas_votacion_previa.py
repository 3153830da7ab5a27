"""`ople candidaturas votacion_previa <tipo de elección> <archivo.csv> --usuario <usuario>`."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ople.candidaturas.services.coaliciones import importar_votacion_previa
from ople.candidaturas.services.comun import CandidaturaError
from ople.catalog.models import Eleccion
from ople.catalog.selectors import proceso_activo


class Command(BaseCommand):
    help = (
        "Carga la votación de cada partido por demarcación en el proceso anterior "
        "(CSV PARTIDO,DEMARCACION,VOTOS,TOTAL) para los bloques de competitividad."
    )

    def add_arguments(self, parser):
        parser.add_argument("eleccion", help="tipo de elección: DIP_LOC, AYUN…")
        parser.add_argument("archivo", type=Path)
        parser.add_argument("--usuario", required=True, help="quien carga (rol de revisión)")

    def handle(self, *args, **opts):
        proceso = proceso_activo()
        eleccion = Eleccion.objects.filter(proceso=proceso, tipo=opts["eleccion"]).first()
        if eleccion is None:
            raise CommandError(f"No hay elección {opts['eleccion']} en el proceso activo.")
        usuario = get_user_model().objects.filter(username=opts["usuario"]).first()
        if usuario is None:
            raise CommandError(f"No existe el usuario {opts['usuario']}.")
        try:
            n = importar_votacion_previa(
                actor=usuario,
                eleccion=eleccion,
                contenido=opts["archivo"].read_bytes(),
                fuente=opts["archivo"].name,
            )
        except CandidaturaError as exc:
            raise CommandError(exc.mensaje) from None
        self.stdout.write(f"{n} filas de votación previa cargadas para {eleccion}.")
