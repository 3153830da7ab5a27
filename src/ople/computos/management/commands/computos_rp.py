"""`ople computos rp ENTRADA.json [--perfil NOMBRE]`: allocate RP seats from a JSON file.

For lawyers, parties, journalists and citizens (no server, no database): the profile gives the
parameters with their legal basis, the file's ``reglas`` may override any of them. Prints the
parameters used, the trail and the table, and as its last line the JSON
``{"rp": {…}, "total": {…}, "pasos": […]}``. Bad input: a Spanish message naming the field, exit 2.
"""

from __future__ import annotations

import json
import sys
from fractions import Fraction
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ople import profiles
from ople.computos.asignacion import entrada as entrada_rp
from ople.computos.asignacion import perfil as perfil_asignacion
from ople.computos.asignacion import salida
from ople.computos.asignacion.reglas import PARAMETROS
from ople.ley.rp import EntradaInvalida, asignar, pct


def _texto(valor: object) -> str:
    """A parameter as written in a profile: fractions as "2/25 (8 %)", booleans in JSON."""
    if isinstance(valor, bool):
        return "true" if valor else "false"
    if isinstance(valor, Fraction):
        return f"{salida.fraccion(valor)} ({pct(valor)})"
    if valor is None:
        return "null"
    if isinstance(valor, tuple):
        return json.dumps(list(valor), ensure_ascii=False)
    return str(valor)


class Command(BaseCommand):
    help = (
        "Asigna los escaños de representación proporcional (Congreso o ayuntamiento) a partir de "
        "un archivo JSON; imprime el rastro paso a paso y, en la última línea, el resultado en JSON."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("entrada", help="Archivo JSON con votos, triunfos de MR y reglas")
        parser.add_argument(
            "--perfil", help="Perfil normativo (por omisión, el configurado: OPLE_PROFILE)"
        )

    def _falla(self, mensaje: str) -> None:
        self.stderr.write(f"ople computos rp: {mensaje}")
        sys.exit(2)

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        nombre = o["perfil"] or settings.OPLE_PROFILE
        try:
            seccion = perfil_asignacion.de(profiles.cargar(nombre))
        except profiles.PerfilInvalido as exc:
            self._falla(str(exc))
        archivo = Path(o["entrada"])
        try:
            contenido = archivo.read_bytes()
        except OSError as exc:
            self._falla(f"no se pudo leer {archivo}: {exc.strerror}")
        try:
            e = entrada_rp.leer(entrada_rp.leer_json(contenido), seccion)
            r = asignar(e.eleccion, e.reglas)
        except EntradaInvalida as exc:
            self._falla(f"{archivo.name}: «{exc.campo}»: {exc.mensaje}")

        organo = seccion.organo(e.organo)
        titulo = "Congreso del Estado" if e.organo == "congreso" else "Ayuntamiento"
        if e.municipio:
            titulo += f" de {e.municipio}"
        w = self.stdout.write
        w(f"{titulo}: {e.eleccion.rp} escaños de representación proporcional (perfil {nombre})")
        if not seccion.verificado_por:
            w("Atención: los parámetros del perfil no han sido verificados contra la ley vigente.")
        w("Parámetros:")
        dados = e.reglas
        for p in PARAMETROS:
            valor = getattr(dados, p)
            origen = (
                "reglas del archivo"
                if getattr(dados, p) != getattr(organo.reglas, p)
                else organo.fundamento.get(p, "valor por omisión del motor")
            )
            w(f"  {p} = {_texto(valor)}  ({origen})")
        w(f"VTE {r.vte:,}; VVE {r.vve:,}; votación depurada {r.depurada:,}")
        w("Rastro:")
        for paso in r.pasos:
            w(f"  [{paso.tipo}] {paso.detalle}")
        w("Resultado:")
        filas = [salida.ENCABEZADO, *salida.tabla(r)]
        anchos = [max(len(f[i]) for f in filas) for i in range(len(salida.ENCABEZADO))]
        for f in filas:
            w(
                "  "
                + "  ".join(
                    c.rjust(a) if i else c.ljust(a)
                    for i, (c, a) in enumerate(zip(f, anchos, strict=True))
                )
            )
        for aviso in r.avisos:
            w(f"Aviso: {aviso}")
        w(json.dumps(salida.como_json(r), ensure_ascii=False, separators=(",", ":")))
