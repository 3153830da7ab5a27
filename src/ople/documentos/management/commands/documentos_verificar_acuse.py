"""`ople documentos verificar-acuse ARCHIVO`: check a signed acuse (no configuration needed)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from ople.documentos import acuses


class Command(BaseCommand):
    help = "Verifica un acuse firmado por el instituto: firma, campos y fechas."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("archivo", help="Archivo del acuse (JSON)")
        parser.add_argument(
            "--clave-publica",
            help="Archivo PEM de la clave pública del instituto (si no, la que trae el acuse)",
        )

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        archivo = Path(o["archivo"])
        try:
            contenido = archivo.read_bytes()
            pem = Path(o["clave_publica"]).read_bytes() if o["clave_publica"] else None
        except OSError as exc:
            self.stderr.write(f"No se pudo leer {exc.filename}: {exc.strerror}")
            sys.exit(1)
        try:
            v = acuses.verificar(contenido, pem=pem)
        except acuses.AcuseNoValido as exc:
            self.stdout.write(f"El acuse {archivo.name} NO es válido: {exc}.")
            sys.exit(1)
        a = v.acuse
        self.stdout.write(f"El acuse {archivo.name} es válido: la firma corresponde al contenido.")
        self.stdout.write(f"  Folio:          {a['folio']} ({a['institucion']})")
        self.stdout.write(f"  Documento:      {a['documento']}")
        self.stdout.write(f"  SHA-256:        {a['documento_sha256']}")
        self.stdout.write(f"  Entregado por:  {a['entregado_por']}")
        self.stdout.write(f"  Recibido por:   {a['recibido_por']}")
        self.stdout.write(f"  Fecha y hora:   {a['fecha_hora_local']} (UTC {a['fecha_hora_utc']})")
        self.stdout.write(f"  Clave (SHA-256): {v.huella_clave}")
        if v.con_clave_del_archivo:
            self.stdout.write(
                "  Atención: se usó la clave que trae el propio acuse. Compare su huella con la "
                "que publica el instituto, o indique --clave-publica."
            )
