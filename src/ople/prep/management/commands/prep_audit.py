"""``ople prep audit FILE.csv|FILE.zip``: recompute the 13 header figures of an INE-format PREP database.

Reads either variant (``sep=`` line, ``="…"``/``'…'`` keys, UTF-8 with or without BOM or cp1252,
any line end), recomputes the figures from the rows with the same code the publisher uses, prints
published vs recomputed side by side and exits 1 on any difference (2 if the file cannot be read).
ACTAS_ESPERADAS cannot be derived from the rows: the published value is used unless
``--esperadas N`` is given. Participation depends on whether the file is the final cut
(especiales included) or not: ``--corte auto`` (default) accepts the rule that reproduces the
published figure and says which; ``--corte final`` / ``--corte operacion`` impose one.
It also checks every row: TOTAL_VOTOS_CALCULADO must equal the sum of its vote columns.
A ZIP (as a cut's downloads page offers it) is opened and every results CSV in it audited (the
main file and its variants; the candidaturas CSV and the LEEME are not results).
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ople import profiles
from ople.ley.tally import CAMPOS_ENCABEZADO
from ople.prep import ine_csv
from ople.prep import perfil as perfil_prep


class Command(BaseCommand):
    help = "Recalcula las 13 cifras del encabezado de una base de datos del PREP y las compara con las publicadas."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archivo",
            help="base de datos del PREP en formato INE (CSV), o el ZIP de un corte tal como lo "
            "ofrece la página de descargas (se auditan todas sus bases de resultados)",
        )
        parser.add_argument(
            "--perfil",
            help="perfil normativo cuyas etiquetas de observaciones usa el archivo "
            "(por omisión se reconocen las redacciones conocidas)",
        )
        parser.add_argument(
            "--esperadas", type=int, help="actas esperadas (por omisión, las publicadas)"
        )
        parser.add_argument(
            "--corte",
            choices=("auto", "final", "operacion"),
            default="auto",
            help="regla de participación: último corte (con casillas especiales), durante la "
            "operación (sin ellas) o la que coincida con lo publicado (auto)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        ruta = Path(opts["archivo"])
        try:
            datos = ruta.read_bytes()
        except OSError as exc:
            self.stderr.write(f"No se pudo leer {ruta}: {exc.strerror or exc}")
            sys.exit(2)
        if not zipfile.is_zipfile(io.BytesIO(datos)):
            codigo = self._auditar(str(ruta), datos, opts)
            if codigo:
                sys.exit(codigo)
            return
        # the ZIP as the downloads page publishes it: every results CSV in it (each variant)
        try:
            with zipfile.ZipFile(io.BytesIO(datos)) as z:
                miembros = [
                    (n, z.read(n))
                    for n in z.namelist()
                    if n.lower().endswith(".csv") and "CANDIDATURAS" not in n.upper()
                ]
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            self.stderr.write(f"{ruta}: el ZIP no se puede leer ({exc})")
            sys.exit(2)
        if not miembros:
            self.stderr.write(f"{ruta}: el ZIP no contiene una base de datos de resultados (CSV)")
            sys.exit(2)
        codigos = []
        for nombre, contenido in miembros:
            codigos.append(self._auditar(f"{ruta}!{nombre}", contenido, opts))
            self.stdout.write("")
        if any(codigos):
            sys.exit(max(codigos))

    def _auditar(self, ruta: str, datos: bytes, opts: dict[str, Any]) -> int:
        """Audit one results CSV: 0 when it reproduces its figures, 1 on a difference, 2 when it
        cannot be read."""
        decodificar: Callable[[str], tuple[str, ...]] = ine_csv.codigos_de_observacion
        tipos_especial = frozenset({"S"})
        if opts.get("perfil"):
            try:
                perfil = perfil_prep.de(profiles.cargar(opts["perfil"]))
            except profiles.PerfilInvalido as exc:
                self.stderr.write(str(exc))
                return 2
            decodificar = perfil.codigos
            tipos_especial = perfil.clasificacion.tipos_especial
        try:
            base = ine_csv.leer(datos)
            calculos = {
                final: ine_csv.recalcular_encabezado(
                    base,
                    actas_esperadas=opts.get("esperadas"),
                    corte_final=final,
                    decodificar_observaciones=decodificar,
                    tipos_especial=tipos_especial,
                )
                for final in (True, False)
            }
            filas_mal = ine_csv.filas_con_total_incorrecto(base)
        except ValueError as exc:
            self.stderr.write(f"{ruta}: {exc}")
            return 2

        self.stdout.write(f"Archivo:   {ruta}")
        self.stdout.write(f"Elección:  {base.eleccion}")
        self.stdout.write(f"Corte:     {base.corte}")
        self.stdout.write(
            f"Variante:  {base.variante} (separador {base.separador!r}, {base.codificacion}, "
            f"{len(base.filas)} actas)"
        )
        if opts["corte"] == "auto":
            final = calculos[True].valores() == base.encabezado_publicado or (
                calculos[False].valores() != base.encabezado_publicado
            )
        else:
            final = opts["corte"] == "final"
        recalculado = calculos[final]
        regla = (
            "último corte: con casillas especiales"
            if final
            else "durante la operación: sin casillas especiales"
        )
        self.stdout.write(f"Participación calculada como {regla}.")
        self.stdout.write("")
        ancho = max(len(c) for c in CAMPOS_ENCABEZADO)
        self.stdout.write(f"{'CAMPO':<{ancho}}  {'PUBLICADO':>12}  {'RECALCULADO':>12}")
        diferencias = 0
        for campo, publicado, calculado in zip(
            CAMPOS_ENCABEZADO, base.encabezado_publicado, recalculado.valores(), strict=True
        ):
            marca = "" if publicado == calculado else "  <-- DIFERENTE"
            diferencias += bool(marca)
            self.stdout.write(f"{campo:<{ancho}}  {publicado:>12}  {calculado:>12}{marca}")
        self.stdout.write("")
        if filas_mal:
            self.stdout.write(
                f"{len(filas_mal)} fila(s) con TOTAL_VOTOS_CALCULADO distinto de la suma de sus votos:"
            )
            for clave, publicado, suma in filas_mal[:10]:
                self.stdout.write(f"  {clave}: publicado {publicado}, suma {suma}")
            diferencias += len(filas_mal)
        if diferencias:
            self.stdout.write(
                f"RESULTADO: {diferencias} diferencia(s) entre lo publicado y lo recalculado."
            )
            return 1
        self.stdout.write("RESULTADO: las 13 cifras publicadas coinciden con las recalculadas.")
        return 0
