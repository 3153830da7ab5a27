"""The publisher (Django shell): one cut now, or one every N seconds inside the profile's window.

Only one publisher runs: on PostgreSQL a session advisory lock (`pg_try_advisory_lock`), on
SQLite an exclusive `flock` on `PUBLISH_ROOT/.publicador.lock`. A cut is built and renamed into
place by `corte.construir_corte`; then its `Corte` row and audit event are written in one
transaction, and only after that commit the pointer `current.json` is switched.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from ople import profiles
from ople.catalog import selectors as catalog_selectors
from ople.catalog.models import ProcesoElectoral
from ople.core import audit
from ople.prep.models import Corte
from ople.prep.publish import corte as corte_mod
from ople.prep.publish import manifiesto
from ople.prep.publish.selector import entrada_corte

CANDADO_PG = 0x4F504C45_50524550 & 0x7FFFFFFFFFFFFFFF  # "OPLEPREP"


class PublicadorOcupado(RuntimeError):
    """Another publisher holds the lock."""


class FueraDeVentana(RuntimeError):
    """The cut time is outside the profile's publication window."""


def ruta_clave() -> Path:
    return Path(
        os.environ.get(
            "OPLE_PUBLISH_KEY", str(Path(settings.VAR_DIR) / "claves" / "publicacion.pem")
        )
    )


def raiz() -> Path:
    return Path(settings.PUBLISH_ROOT)


@contextlib.contextmanager
def candado() -> Iterator[None]:
    """Exclusive publisher lock; raises PublicadorOcupado at once if someone else holds it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_try_advisory_lock(%s)", [CANDADO_PG])
            if not cur.fetchone()[0]:
                raise PublicadorOcupado("Otro publicador está en ejecución (candado de PostgreSQL)")
        try:
            yield
        finally:
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_unlock(%s)", [CANDADO_PG])
        return
    r = raiz()
    r.mkdir(parents=True, exist_ok=True)
    fd = os.open(r / ".publicador.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublicadorOcupado(
                "Otro publicador está en ejecución (archivo de candado)"
            ) from None
        yield
    finally:
        os.close(fd)


def _proceso_activo() -> ProcesoElectoral:
    p = catalog_selectors.proceso_activo()
    if p is None:
        raise ProcesoElectoral.DoesNotExist("No hay un proceso electoral activo")
    return p


def publicar_corte(
    *,
    proceso: ProcesoElectoral | None = None,
    hasta: datetime | None = None,
    final: bool = False,
    actor: Any = None,
    respetar_ventana: bool = True,
    clave: Path | None = None,
) -> Corte:
    """Build and publish the cut as of `hasta` (default: now). Takes the lock.

    The cut time keeps its seconds: an acta belongs to the cut when it was verified at or
    before that instant. The cut's name and the CSV header print it to the minute, as the INE
    format does, so at most one cut is published per minute.
    """
    proceso = proceso or _proceso_activo()
    ahora = (hasta or datetime.now(UTC)).astimezone(UTC)
    ahora = ahora.replace(microsecond=0)
    if respetar_ventana:
        ventana = profiles.cargar(proceso.perfil).publicacion
        if not ventana.contiene(ahora) and not (final and ahora >= ventana.inicio):
            raise FueraDeVentana(
                f"{ahora.isoformat()} está fuera de la ventana de publicación "
                f"({ventana.inicio.isoformat()} a {ventana.fin.isoformat()})"
            )
    llave = manifiesto.cargar_clave(clave or ruta_clave(), crear=True)
    with candado():
        entrada = entrada_corte(proceso=proceso, hasta=ahora, final=final)
        previo = Corte.objects.filter(proceso=proceso).order_by("-corte_en").first()
        res = corte_mod.construir_corte(
            entrada,
            raiz=raiz(),
            clave=llave,
            previo=previo.nombre
            if previo and (raiz() / "cortes" / previo.nombre).is_dir()
            else None,
            puntero=False,
        )
        with transaction.atomic():
            c = Corte.objects.create(
                proceso=proceso,
                nombre=res.nombre,
                corte_en=ahora,
                final=final,
                manifest_sha256=res.manifest_sha256,
                previo=previo,
                actas_publicadas=res.actas_publicadas,
                duracion_s=res.duracion_s,
            )
            audit.record(
                actor=actor,
                action="prep.corte",
                obj=c,
                after={
                    "nombre": res.nombre,
                    "final": final,
                    "manifest_sha256": res.manifest_sha256,
                    "previo": previo.nombre if previo else None,
                    "archivos": res.archivos,
                    "reutilizados": res.reutilizados,
                    "cifras": res.cifras,
                },
            )
        corte_mod.escribir_puntero(raiz(), res, entrada)
    return c


def publicar_cada(
    segundos: int,
    *,
    proceso: ProcesoElectoral | None = None,
    aviso: Callable[[str], None] = print,
    reloj: Callable[[], datetime] = lambda: datetime.now(UTC),
    dormir: Callable[[float], None] = time.sleep,
    maximo: int | None = None,
) -> int:
    """Publish every `segundos` inside the window, then the final cut at its end. Cuts made."""
    proceso = proceso or _proceso_activo()
    ventana = profiles.cargar(proceso.perfil).publicacion
    hechos = 0
    while maximo is None or hechos < maximo:
        ahora = reloj()
        if ahora < ventana.inicio:
            espera = (ventana.inicio - ahora).total_seconds()
            aviso(f"La publicación inicia {ventana.inicio.isoformat()}; espera de {espera:.0f} s")
            dormir(min(espera, 60.0))
            continue
        if ahora > ventana.fin:
            if not Corte.objects.filter(proceso=proceso, final=True).exists():
                c = publicar_corte(
                    proceso=proceso, hasta=ventana.fin, final=True, respetar_ventana=False
                )
                aviso(f"Corte final {c.nombre} publicado")
                hechos += 1
            return hechos
        try:
            c = publicar_corte(proceso=proceso, hasta=ahora)
            hechos += 1
            aviso(f"Corte {c.nombre}: {c.actas_publicadas} actas en {c.duracion_s:.2f} s")
        except corte_mod.CorteExistente as exc:
            aviso(str(exc))
        siguiente = ahora + timedelta(seconds=segundos)
        dormir(max(0.0, (siguiente - reloj()).total_seconds()))
    return hechos
