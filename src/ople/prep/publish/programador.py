"""The publisher (Django shell): one cut now, or one every N seconds inside the profile's window.

Only one publisher runs: on PostgreSQL a session advisory lock (`pg_try_advisory_lock`), on
SQLite an exclusive `flock` on `PUBLISH_ROOT/.publicador.lock`. A cut goes through four steps,
each of which a kill can interrupt:

1. `corte.construir_corte(colocar=False)` builds and signs it in `.construccion/` (never served);
2. its `Corte` row and `prep.corte` audit event are committed in one transaction;
3. `corte.colocar_corte` renames it to `cortes/NOMBRE` (now the public can fetch it);
4. the pointer `current.json` (and its .gz copy) is switched to it.

Under the lock and before each cut, `recuperar` repairs what a kill left: a staged cut whose row
was committed is moved into place, anything else staged or any directory under `cortes/` without
a row is moved aside to `.cuarentena/` (never deleted), and a pointer that does not name the last
recorded cut is written again from that cut's row and audit event. So the public is never served
a cut without its row, and each cut's parent is the last recorded cut (a unique constraint on
`Corte.previo`). Once a process's final cut is recorded, no later cut of it is published.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from ople import profiles
from ople.catalog import selectors as catalog_selectors
from ople.catalog.models import ProcesoElectoral
from ople.core import audit
from ople.core import selectors as core_selectors
from ople.prep.models import Corte
from ople.prep.perfil import de as seccion_prep
from ople.prep.publish import corte as corte_mod
from ople.prep.publish.selector import entrada_corte
from ople.publicacion import candado as candado_mod
from ople.publicacion import manifiesto, recuperacion, sitio

CANDADO_PG = sitio.CANDADO_RAIZ  # "OPLEPREP": the PREP's site lock (ople.publicacion)
PublicadorOcupado = candado_mod.PublicadorOcupado  # another publisher holds the lock


class FueraDeVentana(RuntimeError):
    """The cut time is outside the profile's publication window."""


class CorteFinalPublicado(RuntimeError):
    """The process's final cut is published: nothing supersedes it."""


class CorteNoPosterior(RuntimeError):
    """The cut time is not after the last published cut's (the chain only moves forward)."""


log = logging.getLogger(__name__)


def ruta_clave() -> Path:
    return sitio.ruta_clave()


def sitio_prep() -> sitio.Sitio:
    """The PREP's publication site (PUBLISH_ROOT itself, its historical layout)."""
    return sitio.sitio_de(sitio.SITIO_EN_LA_RAIZ)


def raiz() -> Path:
    return Path(settings.PUBLISH_ROOT)


def candado() -> contextlib.AbstractContextManager[None]:
    """Exclusive publisher lock of the PREP's site; raises PublicadorOcupado at once if someone
    else holds it (`ople.publicacion.candado`)."""
    return candado_mod.candado(sitio_prep())


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
    exigir_sin_corte_final(proceso)
    ahora = (hasta or datetime.now(UTC)).astimezone(UTC)
    ahora = ahora.replace(microsecond=0)
    if respetar_ventana:
        ventana = seccion_prep(profiles.cargar(proceso.perfil)).publicacion
        if not ventana.contiene(ahora) and not (final and ahora >= ventana.inicio):
            raise FueraDeVentana(
                f"{ahora.isoformat()} está fuera de la ventana de publicación "
                f"({ventana.inicio.isoformat()} a {ventana.fin.isoformat()})"
            )
    llave = manifiesto.cargar_clave(clave or ruta_clave(), crear=True)
    r = raiz()
    with candado():
        recuperar()
        exigir_sin_corte_final(proceso)  # a final cut recorded meanwhile, or by the recovery
        previo = Corte.objects.filter(proceso=proceso).order_by("-corte_en").first()
        if previo is not None and ahora <= previo.corte_en:
            raise CorteNoPosterior(
                f"El corte de {ahora.isoformat()} no es posterior al último corte publicado, "
                f"{previo.nombre} ({previo.corte_en.astimezone(UTC).isoformat()}); cada corte "
                "sigue al anterior"
            )
        entrada = entrada_corte(proceso=proceso, hasta=ahora, final=final)
        res = corte_mod.construir_corte(
            entrada,
            raiz=r,
            clave=llave,
            previo=previo.nombre
            if previo and (r / corte_mod.CORTES / previo.nombre).is_dir()
            else None,
            puntero=False,
            colocar=False,
        )
        corte_mod.punto_de_fallo("preparado")
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
            corte_mod.punto_de_fallo("en_transaccion")
        # Killed, or failed, before this point: the cut stays unrecorded in .construccion/, and
        # the next `recuperar` (the next cut of this scheduler, or the next start) moves it aside.
        corte_mod.punto_de_fallo("registrado")
        corte_mod.colocar_corte(r, res.nombre, res.ruta)
        corte_mod.punto_de_fallo("colocado")
        corte_mod.escribir_puntero(r, res, entrada)
    return c


def exigir_sin_corte_final(proceso: ProcesoElectoral) -> None:
    """Refuse any cut after the process's final cut (scheduler, --once, --fuera-de-ventana)."""
    final = Corte.objects.filter(proceso=proceso, final=True).first()
    if final is not None:
        raise CorteFinalPublicado(
            f"El corte final {final.nombre} del proceso {proceso.clave} ya está publicado; "
            "ningún corte posterior lo sustituye (docs/publicacion.md, «Después del corte final»)"
        )


def recuperar() -> list[str]:
    """Repair what a publisher killed mid-cut left (call under the lock), with the platform's
    recovery (`ople.publicacion.recuperacion`) and the PREP's record: its `Corte` rows decide,
    and the pointer is rebuilt from the last cut's row and audit event. Returns what it did, in
    Spanish, one line each (also audited)."""
    r = raiz()
    hechos: list[str] = []
    registrados = dict(Corte.objects.values_list("nombre", "manifest_sha256"))

    def anotar(accion: str, nombre: str, datos: dict[str, str]) -> None:
        with transaction.atomic():
            audit.record(
                actor=None,
                action="prep.corte.recuperacion",
                object_type="prep.corte",
                object_id=nombre,
                after={"accion": accion, "nombre": nombre, **datos},
            )
        hechos.append(f"{accion}: {nombre} {' '.join(datos.values())}".strip())
        log.warning("Recuperación del publicador: %s", hechos[-1])

    ultimo = Corte.objects.select_related("proceso").order_by("-pk").first()

    def puntero() -> bytes | None:
        assert ultimo is not None
        ev = core_selectors.last_audit_event(
            action="prep.corte", object_type="prep.corte", object_id=str(ultimo.pk)
        )
        if ev is None:
            return None
        return corte_mod.documento_puntero(
            nombre=ultimo.nombre,
            corte_en=ultimo.corte_en,
            zona=profiles.cargar(ultimo.proceso.perfil).zona_horaria,
            final=ultimo.final,
            manifest_sha256=ultimo.manifest_sha256,
            cifras=ev.after.get("cifras", {}),
        )

    recuperacion.recuperar(
        r,
        registrados=registrados,
        ultimo=recuperacion.Ultimo(ultimo.nombre, ultimo.manifest_sha256, puntero)
        if ultimo is not None
        else None,
        anotar=anotar,
        aviso=log.warning,
    )
    return hechos


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
    ventana = seccion_prep(profiles.cargar(proceso.perfil)).publicacion
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
        except (corte_mod.CorteExistente, CorteNoPosterior) as exc:
            aviso(str(exc))
        except CorteFinalPublicado as exc:
            aviso(str(exc))
            return hechos
        siguiente = ahora + timedelta(seconds=segundos)
        dormir(max(0.0, (siguiente - reloj()).total_seconds()))
    return hechos
