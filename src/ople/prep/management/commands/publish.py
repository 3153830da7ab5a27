"""`ople publish --once | --every SECONDS | --final`: publish PREP cuts (one publisher only)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError

from ople.catalog.models import ProcesoElectoral
from ople.prep.publish import corte, programador


class Command(BaseCommand):
    help = "Publica cortes del PREP: uno (--once), periódicos (--every N) o el final (--final)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        g = parser.add_mutually_exclusive_group(required=True)
        g.add_argument("--once", action="store_true", help="Un corte ahora")
        g.add_argument("--every", type=int, metavar="SEGUNDOS", help="Un corte cada N segundos")
        g.add_argument("--final", action="store_true", help="El corte final")
        parser.add_argument("--proceso", help="Clave del proceso (por omisión, el activo)")
        parser.add_argument("--hasta", help='Hora del corte "YYYY-MM-DD HH:MM" en UTC')
        parser.add_argument(
            "--fuera-de-ventana",
            action="store_true",
            help="Permite publicar fuera de la ventana del perfil (ensayos y demostración)",
        )

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        proceso = None
        if o["proceso"]:
            proceso = ProcesoElectoral.objects.filter(clave=o["proceso"]).first()
            if proceso is None:
                raise CommandError(f"No existe el proceso {o['proceso']}")
        hasta = None
        if o["hasta"]:
            try:
                hasta = datetime.strptime(o["hasta"], "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
            except ValueError:
                raise CommandError('--hasta debe tener la forma "YYYY-MM-DD HH:MM"') from None
        try:
            if o["every"]:
                if o["every"] < 60:
                    raise CommandError("--every debe ser de al menos 60 segundos")
                n = programador.publicar_cada(o["every"], proceso=proceso, aviso=self.stdout.write)
                self.stdout.write(f"{n} cortes publicados")
                return
            c = programador.publicar_corte(
                proceso=proceso,
                hasta=hasta,
                final=bool(o["final"]),
                respetar_ventana=not o["fuera_de_ventana"],
            )
        except (
            programador.PublicadorOcupado,
            programador.FueraDeVentana,
            programador.CorteFinalPublicado,
            programador.CorteNoPosterior,
            corte.CorteExistente,
            ProcesoElectoral.DoesNotExist,
        ) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Corte {c.nombre} publicado: {c.actas_publicadas} actas en {c.duracion_s:.2f} s; "
            f"manifest {c.manifest_sha256}"
        )
