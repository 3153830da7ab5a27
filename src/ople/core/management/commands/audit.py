"""`ople audit verify`: walk the hash chain of the audit log."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from ople.core.audit import verify_log
from ople.core.models import AuditEvent


class Command(BaseCommand):
    help = "Bitácora de auditoría. `verify` recorre la cadena de hashes y señala el primer evento alterado, eliminado o insertado."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcomando", required=True, metavar="{verify}")
        sub.add_parser("verify", help="verificar la cadena de hashes de la bitácora")

    def handle(self, *args, subcomando: str, **options):
        if subcomando == "verify":
            self._verify()

    def _verify(self) -> None:
        try:
            broken = verify_log()
        except DatabaseError as exc:
            self.stderr.write(
                f"No se pudo leer la bitácora ({exc}). ¿Falta ejecutar `ople migrate`?"
            )
            raise SystemExit(2) from exc
        if broken is None:
            total = AuditEvent.objects.count()
            plural = "evento" if total == 1 else "eventos"
            self.stdout.write(f"Bitácora íntegra: {total} {plural}")
            return
        self.stderr.write(f"Bitácora alterada en el evento #{broken.seq}: {broken.reason}")
        raise SystemExit(1)
