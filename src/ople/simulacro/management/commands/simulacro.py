"""`ople simulacro`: a complete election night through the real system, over HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from ople import profiles
from ople.catalog import selectors as catalog_selectors
from ople.catalog import services as catalog_services
from ople.catalog.models import ProcesoElectoral
from ople.prep import perfil as perfil_prep
from ople.prep import selectors as prep_selectors
from ople.prep.publish import programador
from ople.publicacion.disco import CorteExistente
from ople.simulacro import escenario as esc
from ople.simulacro import preparacion
from ople.simulacro.consistencia import nombres_del_perfil, verificar_consistencia
from ople.simulacro.imagenes import imagen_acta
from ople.simulacro.motor import Noche


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def esperar_servidor(url: str, segundos: float = 60.0) -> None:
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        try:
            with urllib.request.urlopen(url + "/cuenta/entrar/", timeout=2) as r:
                if r.status == 200:
                    return
        except Exception:
            time.sleep(0.3)
    raise CommandError(f"El servidor no respondió en {url} tras {segundos:.0f} s")


def percentil(valores: list[float], p: float) -> float:
    if not valores:
        return 0.0
    orden = sorted(valores)
    return orden[min(len(orden) - 1, int(round(p / 100 * (len(orden) - 1))))]


class Command(BaseCommand):
    help = "Simula una jornada electoral completa a través del sistema real (HTTP)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--speed", type=float, default=60.0, help="Veces más rápido que la realidad"
        )
        parser.add_argument("--seed", type=int, default=2024, help="Semilla del escenario")
        parser.add_argument(
            "--scale", choices=["aguascalientes", "national"], default="aguascalientes"
        )
        parser.add_argument(
            "--url", help="Usar un servidor ople ya en marcha (p. ej. el de la demo)"
        )
        parser.add_argument("--max-actas", type=int, help="Simular sólo las primeras N actas")
        parser.add_argument("--capturistas", type=int, default=6)
        parser.add_argument("--catd", type=int, default=3, help="Personas en los CATD")
        parser.add_argument(
            "--reiniciar",
            action="store_true",
            help="Borrar los datos de un simulacro anterior antes de empezar (nunca en la jornada real)",
        )
        parser.add_argument(
            "--sin-continuacion",
            action="store_true",
            help="Terminar con la noche: sin paquetes, cómputos ni asignación después",
        )
        parser.add_argument(
            "--consejos-despues",
            type=int,
            help="Después de la noche, mover paquetes y correr cómputos en a lo más N consejos "
            "por elección (por omisión, en todos)",
        )
        parser.add_argument(
            "--intervalo-corte",
            type=float,
            help="Segundos reales entre cortes (por omisión, el del perfil dividido entre la velocidad, mínimo 60)",
        )

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        if o["speed"] <= 0:
            raise CommandError("--speed debe ser positivo")
        nacional = o["scale"] == "national"
        inicio = time.monotonic()
        proceso = catalog_selectors.proceso_activo()
        if proceso is None:
            if nacional:
                self.stdout.write(
                    "Cargando el catálogo nacional SINTÉTICO (32 entidades, ~170,000 casillas)…"
                )
                t = time.monotonic()
                call_command("load_catalog", "nacional-sintetico", stdout=self.stdout)
                self.stdout.write(f"Catálogo nacional cargado en {time.monotonic() - t:.0f} s")
            else:
                self.stdout.write("Cargando el catálogo de Aguascalientes…")
                call_command("load_catalog", "aguascalientes")
            proceso = catalog_selectors.proceso_activo()
        if proceso is None:
            raise CommandError("No hay un proceso electoral activo en el catálogo")
        es_nacional = catalog_services.es_proceso_nacional_sintetico(proceso)
        if nacional and not es_nacional:
            raise CommandError(
                f"--scale national necesita el catálogo nacional sintético y en esta base de datos "
                f"ya hay otro: «{proceso}». --reiniciar sólo borra los datos de la jornada, no el "
                "catálogo. Use una base de datos vacía (otra DATABASE_URL) o "
                "`ople load-catalog nacional-sintetico` en ella."
            )
        if not nacional and es_nacional:
            raise CommandError(
                "En esta base de datos está cargado el catálogo nacional sintético: "
                "use --scale national."
            )
        perfil = perfil_prep.de(profiles.cargar(proceso.perfil))
        if o["reiniciar"]:
            self._archivar_publicacion()
        try:
            prep, entradas = preparacion.preparar(
                proceso=proceso,
                reiniciar=o["reiniciar"],
                max_actas=o["max_actas"],
                n_captura=o["capturistas"],
                n_catd=o["catd"],
                aviso=self.stdout.write,
                repartir=nacional,
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        parametros = esc.Parametros(boletas_especial=perfil.clasificacion.boletas_especial)
        escenario = esc.generar(entradas, semilla=o["seed"], parametros=parametros)
        fotos = sorted({a.entrada.clave_casilla for a in escenario.actas if a.foto_casilla_min})
        prep.codigos = preparacion.codigos_casilla(
            supervisor_usuario=prep.supervisor.usuario, casillas=fotos
        )
        intervalo = o["intervalo_corte"] or max(60.0, perfil.publicacion.intervalo_s / o["speed"])
        if nacional:
            n_ent = len({a.entrada.clave_casilla[:2] for a in escenario.actas})
            self.stdout.write(f"Actas elegidas en {n_ent} entidades (repartidas por el país).")
        self.stdout.write(
            f"Simulacro {proceso.nombre}: {len(escenario.actas)} actas, "
            f"{len(fotos)} casillas con PREP Casilla, semilla {o['seed']}, velocidad ×{o['speed']:g}, "
            f"un corte cada {intervalo:.0f} s"
        )
        # SIGTERM (a demo stopping, a CI timeout) unwinds like Ctrl-C, so the server we
        # started is stopped too.
        signal.signal(signal.SIGTERM, _terminar)
        servidor = None
        url = o["url"]
        if not url:
            puerto = puerto_libre()
            url = f"http://127.0.0.1:{puerto}"
            servidor = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "ople.cli",
                    "serve",
                    "--port",
                    str(puerto),
                    "--workers",
                    "2",
                ],
                env=os.environ.copy(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        try:
            esperar_servidor(url)
            self.stdout.write(f"Sistema en {url} · resultados públicos en {url}/prep/resultados/")

            def publicar(final: bool) -> str | None:
                try:
                    c = programador.publicar_corte(
                        proceso=proceso, final=final, respetar_ventana=False
                    )
                except (
                    CorteExistente,
                    IntegrityError,
                    programador.PublicadorOcupado,
                    programador.CorteFinalPublicado,
                    programador.CorteNoPosterior,
                ):
                    return None
                return c.nombre

            noche = Noche(
                url=url,
                prep=prep,
                escenario=escenario,
                velocidad=o["speed"],
                imagen=imagen_acta,
                publicar=publicar,
                intervalo_corte_s=intervalo,
                aviso=self.stdout.write,
                semilla=o["seed"],
            )
            try:
                noche.correr()
            except KeyboardInterrupt:
                noche.parar.set()
                raise
            final = self._corte_final(publicar)
            self.stdout.write(f"Corte final {final} publicado.")
            informe = verificar_consistencia(
                escenario=escenario,
                est=noche.est,
                raiz_publicacion=Path(settings.PUBLISH_ROOT),
                nombres=nombres_del_perfil(perfil),
            )
        finally:
            if servidor is not None:
                os.killpg(servidor.pid, signal.SIGTERM)
                try:
                    servidor.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(servidor.pid, signal.SIGKILL)
        transcurrido = time.monotonic() - inicio
        retrasos = _retrasos_publicacion(proceso)
        est = noche.est
        self.stdout.write("")
        self.stdout.write("Resumen del simulacro")
        self.stdout.write(f"  actas simuladas:            {len(escenario.actas)}")
        self.stdout.write(
            f"  imágenes acusadas:          {len(est.recibos)} ({est.duplicadas} reintentos idempotentes)"
        )
        self.stdout.write(f"  capturas:                   {est.capturas}")
        self.stdout.write(f"  conflictos resueltos:       {est.resoluciones}")
        if est.ya_cerrados:
            self.stdout.write(f"  ya cerrados por la 3.ª:     {est.ya_cerrados}")
        self.stdout.write(f"  sin acta:                   {est.sin_acta}")
        self.stdout.write(f"  fuera de catálogo:          {est.fuera_catalogo}")
        self.stdout.write(
            "  cortes publicados:          "
            f"{len(prep_selectors.cortes_registrados(proceso=proceso))}"
        )
        self.stdout.write(
            f"  actas comparadas:           {informe.actas_comparadas} ({informe.contabilizadas} contabilizadas)"
        )
        self.stdout.write(f"  tiempo transcurrido:        {transcurrido:.1f} s")
        self.stdout.write(
            f"  verificación→publicación:   p50 {percentil(retrasos, 50):.1f} s · p99 {percentil(retrasos, 99):.1f} s"
        )
        self.stdout.write(
            f"  latencia HTTP p99:          {percentil(est.latencias, 99) * 1000:.0f} ms"
        )
        avisos = est.rechazos + est.errores_captura
        for a in avisos[:20]:
            self.stdout.write(f"  aviso: {a}")
        if informe.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    "Consistencia: el corte final reproduce la verdad del simulacro; todos los cortes se verifican."
                )
            )
            if not o["sin_continuacion"] and not nacional:
                self._continuar(proceso, escenario, prep, o["seed"], o["consejos_despues"])
            return
        for f in informe.fallas[:50]:
            self.stderr.write(f"  FALLA: {f}")
        raise CommandError(f"Consistencia: {len(informe.fallas)} diferencias")

    def _continuar(self, proceso, escenario, prep, semilla, limite) -> None:  # type: ignore[no-untyped-def]
        """After the night: packages, cómputos, RP allocation (``simulacro.continuacion``)."""
        from ople.simulacro import continuacion

        self.stdout.write("")
        self.stdout.write("Después de la jornada")
        inicio = time.monotonic()
        verdad = continuacion.verdad_de_la_noche(escenario.actas, prep.info)
        _, _, codigo = continuacion.continuar(
            proceso=proceso,
            verdad=verdad,
            aviso=self.stdout.write,
            semilla=semilla,
            consejos_por_eleccion=limite,
        )
        self.stdout.write(
            f"  paquetes, cómputos y asignación en {time.monotonic() - inicio:.1f} s"
            + ("" if codigo == 0 else " (la asignación no se publicó: ver arriba)")
        )

    def _corte_final(self, publicar) -> str:  # type: ignore[no-untyped-def]
        """The final cut, as soon as its minute differs from the last periodic cut's.

        Cut times are kept to the second: wait past the second of the last verification.
        """
        time.sleep(1.1)
        for _ in range(90):
            nombre = publicar(True)
            if nombre:
                return nombre
            time.sleep(1.0)
        raise CommandError("No se pudo publicar el corte final")

    def _archivar_publicacion(self) -> None:
        """Move the PREP's previous publication aside. The PREP's site is PUBLISH_ROOT itself
        and the other systems' sites live in subdirectories named after them: those stay (their
        cuts are still in the database; `make demo` published them a moment ago)."""
        from ople.publicacion import CortePublicado

        raiz = Path(settings.PUBLISH_ROOT)
        if not raiz.exists():
            return
        otros = set(CortePublicado.objects.exclude(sitio="prep").values_list("sitio", flat=True))
        propios = [p for p in raiz.iterdir() if p.name not in otros]
        if not propios:
            return
        destino = (
            Path(settings.VAR_DIR)
            / "simulacros-anteriores"
            / datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        )
        destino.mkdir(parents=True, exist_ok=True)
        for p in propios:
            p.rename(destino / p.name)
        self.stdout.write(f"Publicación del simulacro anterior archivada en {destino}")


def _terminar(signum, frame):  # type: ignore[no-untyped-def]
    raise KeyboardInterrupt


def _retrasos_publicacion(proceso: ProcesoElectoral) -> list[float]:
    cortes = [(c.corte_en, c.creado) for c in prep_selectors.cortes_registrados(proceso=proceso)]
    primeras = prep_selectors.primeras_verificaciones(proceso=proceso)
    retrasos = []
    for t in primeras.values():
        for corte_en, creado in cortes:
            if corte_en >= t:
                retrasos.append((creado - t).total_seconds())
                break
    return retrasos
