"""`ople verify CUT_DIR|URL`: check a published cut (signature, chain, hashes, every figure).

Any site's cut gets the platform's checks (`ople.publicacion.verificar`: signature, chain, every
file, the store); a PREP cut (it publishes `datos/elecciones.json`) also every figure recomputed
from its CSV rows. Given a URL (a cut's or a site's), the cut is fetched first
(`ople.publicacion.remoto`) into `--descargar-en` or a temporary directory.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from ople.prep.publish import verificar
from ople.publicacion import manifiesto, remoto
from ople.publicacion import verificar as generico


class Command(BaseCommand):
    help = (
        "Verifica un corte publicado (de cualquier sitio, o del PREP con sus cifras): firma, "
        "cadena, archivos y almacén; acepta un directorio o una dirección http(s)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "directorio",
            help="Directorio del corte (cortes/AAAAMMDD_HHMM), o su dirección "
            "(https://…/cortes/NOMBRE/) o la del sitio (https://…/computos/)",
        )
        parser.add_argument(
            "--clave-publica",
            help="Archivo PEM de la clave pública del instituto (si no, la del corte)",
        )
        parser.add_argument(
            "--imagenes",
            help="Directorio de las imágenes de las actas (si no, CORTE/imagenes o el almacén "
            "compartido junto a los cortes, ../../imagenes)",
        )
        parser.add_argument(
            "--descargar-en",
            help="Con una dirección: dónde dejar lo descargado (si no, un directorio temporal)",
        )

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        objetivo = str(o["directorio"])
        if remoto.es_url(objetivo):
            base = Path(o["descargar_en"] or tempfile.mkdtemp(prefix="ople-verify-"))
            try:
                d = remoto.descargar(objetivo, base)
            except remoto.DescargaFallida as exc:
                self.stderr.write(f"No se pudo descargar el corte: {exc.mensaje}")
                sys.exit(1)
            self.stdout.write(f"Corte {d.name} descargado de {objetivo} en {d}")
        else:
            d = Path(objetivo)
        if not d.is_dir():
            self.stderr.write(f"No existe el directorio {d}")
            sys.exit(1)
        pem = Path(o["clave_publica"]).read_bytes() if o["clave_publica"] else None
        imagenes = Path(o["imagenes"]) if o["imagenes"] else None
        try:
            man = manifiesto.Manifiesto.de_bytes((d / manifiesto.MANIFIESTO).read_bytes())
        except (OSError, ValueError, KeyError):
            man = None
        del_prep = man is None or "datos/elecciones.json" in man.archivos
        if del_prep:
            fallas = verificar.verificar_corte(d, clave_publica=pem, imagenes=imagenes)
            que = "firma, cadena, archivos y cifras"
        else:
            almacenes = {"almacen": imagenes} if imagenes is not None else None
            fallas = generico.verificar_corte(d, clave_publica=pem, almacenes=almacenes)
            que = "firma, cadena, archivos y almacén"
        if not fallas:
            self.stdout.write(f"El corte {d.name} es íntegro: {que}.")
            if man is not None and man.bitacora is not None:
                self.stdout.write(
                    f"Bitácora de auditoría al construirlo: {man.bitacora[0]} eventos, cabeza "
                    f"{man.bitacora[1]} (el instituto la compara con `ople audit verify --corte`)."
                )
            return
        self.stdout.write(f"El corte {d.name} NO es íntegro: {len(fallas)} problema(s).")
        for f in fallas:
            self.stdout.write(f"  - {f.archivo}: {f.mensaje}")
        sys.exit(1)
