"""`ople verify CUT_DIR`: check a published cut (signature, chain, hashes, every figure)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from ople.prep.publish import verificar
from ople.publicacion import manifiesto


class Command(BaseCommand):
    help = "Verifica un corte publicado del PREP: firma, cadena, archivos y cifras."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("directorio", help="Directorio del corte (cortes/AAAAMMDD_HHMM)")
        parser.add_argument(
            "--clave-publica",
            help="Archivo PEM de la clave pública del instituto (si no, la del corte)",
        )
        parser.add_argument(
            "--imagenes",
            help="Directorio de las imágenes de las actas (si no, CORTE/imagenes o el almacén "
            "compartido junto a los cortes, ../../imagenes)",
        )

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        d = Path(o["directorio"])
        if not d.is_dir():
            self.stderr.write(f"No existe el directorio {d}")
            sys.exit(1)
        pem = Path(o["clave_publica"]).read_bytes() if o["clave_publica"] else None
        imagenes = Path(o["imagenes"]) if o["imagenes"] else None
        fallas = verificar.verificar_corte(d, clave_publica=pem, imagenes=imagenes)
        if not fallas:
            self.stdout.write(f"El corte {d.name} es íntegro: firma, cadena, archivos y cifras.")
            man = manifiesto.Manifiesto.de_bytes((d / manifiesto.MANIFIESTO).read_bytes())
            if man.bitacora is not None:
                self.stdout.write(
                    f"Bitácora de auditoría al construirlo: {man.bitacora[0]} eventos, cabeza "
                    f"{man.bitacora[1]} (el instituto la compara con `ople audit verify --corte`)."
                )
            return
        self.stdout.write(f"El corte {d.name} NO es íntegro: {len(fallas)} problema(s).")
        for f in fallas:
            self.stdout.write(f"  - {f.archivo}: {f.mensaje}")
        sys.exit(1)
