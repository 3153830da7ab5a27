"""`ople computos rp-verificar DIRECTORIO`: re-run every published RP allocation and compare.

For a downloaded copy of the public pages (no server, no database): each ``*/entrada.json`` holds
every figure and rule, so the allocation is recomputed from it and compared with the published
``resultado.json``; for a published cut (it has ``manifest.json``) the platform's checks run too
(signature, SHA-256 of every file and of the store's constancias, chain). Exit 0 when everything
matches, 1 listing each difference, 2 for a missing directory."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from ople.computos.asignacion import sitio


class Command(BaseCommand):
    help = (
        "Recalcula cada asignación de representación proporcional publicada (entrada.json) y la "
        "compara con el resultado publicado."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("directorio", help="Copia de las páginas publicadas (un corte)")
        parser.add_argument(
            "--clave-publica",
            help="Archivo PEM de la clave pública del instituto (si no, la que trae el corte)",
        )

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        raiz = Path(o["directorio"])
        if not raiz.is_dir():
            self.stderr.write(f"ople computos rp-verificar: {raiz} no es un directorio")
            sys.exit(2)
        archivos = {
            str(p.relative_to(raiz)): p.read_bytes()
            for p in sorted(raiz.rglob("*"))
            if p.is_file() and p.name in ("entrada.json", "resultado.json")
        }
        fallas = sitio.verificar(archivos)
        if (raiz / "manifest.json").exists():
            # A published cut: its signature, hashes and chain too (the platform's checks).
            from ople.publicacion.verificar import verificar_corte

            pem = Path(o["clave_publica"]).read_bytes() if o["clave_publica"] else None
            fallas = [str(f) for f in verificar_corte(raiz, clave_publica=pem)] + fallas
            if not fallas:
                self.stdout.write("Firma, huellas y cadena del corte: correctas.")
        n = sum(1 for k in archivos if k.endswith("entrada.json"))
        if fallas:
            for f in fallas:
                self.stdout.write(f"FALLA {f}")
            self.stdout.write(f"{len(fallas)} diferencias en {n} asignaciones.")
            sys.exit(1)
        self.stdout.write(f"Las {n} asignaciones publicadas coinciden con su recálculo.")
