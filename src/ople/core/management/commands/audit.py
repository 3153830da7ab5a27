"""`ople audit verify`: walk the hash chain of the audit log."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from ople.core import registry
from ople.core.audit import check_anchor, verify_log
from ople.core.models import AuditEvent


class Command(BaseCommand):
    help = "Bitácora de auditoría. `verify` recorre la cadena de hashes y señala el primer evento alterado, eliminado o insertado."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcomando", required=True, metavar="{verify}")
        v = sub.add_parser("verify", help="verificar la cadena de hashes de la bitácora")
        v.add_argument(
            "--corte",
            action="append",
            default=[],
            metavar="DIR",
            help=(
                "además, comparar la bitácora con la cabeza publicada en el manifest.json firmado "
                "de este corte (o de cada corte dentro de DIR); se puede repetir"
            ),
        )

    def handle(self, *args, subcomando: str, **options):
        if subcomando == "verify":
            self._verify()
            self._anclas(options["corte"])

    def _anclas(self, rutas: list[str]) -> None:
        """Each cut's manifest names the log's head when it was built: the log must still have
        that event with that hash (a rewrite of the whole table and its head shows up here).
        And the log must record the cut itself (the publication event its system declares names
        the manifest's SHA-256): a cut served without its row and event is named."""
        manifiestos: list[Path] = []
        for r in rutas:
            d = Path(r)
            if (d / "manifest.json").is_file():
                manifiestos.append(d / "manifest.json")
            else:
                manifiestos += sorted(d.glob("*/manifest.json"))
        if rutas and not manifiestos:
            self.stderr.write(f"No hay ningún manifest.json en {', '.join(rutas)}")
            raise SystemExit(2)
        fallas = 0
        # each published cut is recorded by its publication event, which names its manifest
        registrados = {
            a.get("manifest_sha256")
            for a in AuditEvent.objects.filter(
                action__in=registry.publication_actions()
            ).values_list("after", flat=True)
            if isinstance(a, dict)
        }
        for m in manifiestos:
            try:
                datos = m.read_bytes()
                bitacora = json.loads(datos).get("bitacora")
            except (OSError, ValueError) as exc:
                self.stderr.write(f"{m}: no se pudo leer ({exc})")
                fallas += 1
                continue
            if hashlib.sha256(datos).hexdigest() not in registrados:
                self.stderr.write(
                    f"{m.parent.name}: ningún evento de publicación de la bitácora registra este "
                    "corte (su manifest.json): se publicó sin registro"
                )
                fallas += 1
            if bitacora is None:
                self.stdout.write(f"{m.parent.name}: el corte no publica la cabeza de la bitácora")
                continue
            seq, cabeza = int(bitacora["eventos"]), str(bitacora["cabeza"])
            motivo = check_anchor(seq, cabeza)
            if motivo is None:
                self.stdout.write(f"{m.parent.name}: la bitácora coincide hasta el evento #{seq}")
            else:
                self.stderr.write(
                    f"{m.parent.name}: la bitácora no coincide con la cabeza publicada ({motivo})"
                )
                fallas += 1
        if fallas:
            raise SystemExit(1)

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
