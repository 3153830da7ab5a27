"""Receiving an acta image, from either channel (PREP Casilla API or CATD page).

Order of work: refuse early (intake open? hash? type, size, bomb) → store the bytes
(content-addressed, atomic) → in one transaction: Imagen, Digitalizacion (idempotent by acta
and image; another image of the same acta is version n+1), EstadoActa, audit event.
"""

from __future__ import annotations

import hashlib
import queue
import re
import threading
import uuid
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django import db
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ople.catalog.models import ProcesoElectoral
from ople.core import audit
from ople.prep import imagecheck, storage
from ople.prep.models import (
    ActaEsperada,
    Digitalizacion,
    Dispositivo,
    EstadoActa,
    Imagen,
    PuestaEnCeros,
)

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class IntakeError(Exception):
    """A refused upload. `codigo` is the API error code; `mensaje` is shown to people."""

    def __init__(self, codigo: str, mensaje: str) -> None:
        super().__init__(mensaje)
        self.codigo = codigo
        self.mensaje = mensaje


@dataclass(frozen=True)
class Recibo:
    recibo: uuid.UUID
    clave_acta: str
    sha256: str
    version: int
    recibido_en: datetime
    duplicado: bool
    fuera_catalogo: bool
    digitalizacion_id: int

    def como_json(self) -> dict[str, Any]:
        return {
            "recibo": str(self.recibo),
            "clave_acta": self.clave_acta,
            "sha256": self.sha256,
            "version": self.version,
            "recibido_en": self.recibido_en.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "duplicado": self.duplicado,
        }


def intake_abierto(proceso_id: int) -> bool:
    """Intake opens once a puesta en ceros has been recorded for the process."""
    return PuestaEnCeros.objects.filter(proceso_id=proceso_id).exists()


def _recibo(dig: Digitalizacion, sha: str, *, duplicado: bool) -> Recibo:
    return Recibo(
        recibo=dig.recibo,
        clave_acta=dig.acta.clave if dig.acta_id else dig.clave_leida,
        sha256=sha,
        version=dig.version,
        recibido_en=dig.recibido_en,
        duplicado=duplicado,
        fuera_catalogo=dig.fuera_catalogo,
        digitalizacion_id=dig.pk,
    )


def _existente(acta: ActaEsperada | None, sha: str, clave_leida: str) -> Digitalizacion | None:
    qs = Digitalizacion.objects.select_related("acta").filter(imagen__sha256=sha)
    if acta is not None:
        qs = qs.filter(acta=acta)
    else:
        qs = qs.filter(acta__isnull=True, clave_leida=clave_leida)
    return qs.first()


def recibir_imagen(
    *,
    datos: bytes,
    sha256_declarado: str | None,
    acta: ActaEsperada | None,
    clave_leida: str = "",
    origen: str,
    medio: str,
    tipo_documento: str = Digitalizacion.TipoDocumento.ACTA_PREP,
    identificacion: str = "",
    usuario: Any | None = None,
    dispositivo: Dispositivo | None = None,
    capturado_en: datetime | None = None,
    ahora: datetime | None = None,
    proceso: ProcesoElectoral | None = None,
) -> Recibo:
    """Receive one image for `acta` (None: fuera de catálogo). Raises IntakeError on refusal.

    A retry with the same bytes for the same acta returns the first receipt with
    `duplicado=True` and creates nothing. `ahora` overrides the server time (replays and
    simulations); `proceso` is needed only for fuera de catálogo images (defaults to the
    active process).
    """
    if acta is not None:
        proceso_id = acta.eleccion.proceso_id
    elif proceso is not None:
        proceso_id = proceso.pk
    else:
        activo = ProcesoElectoral.objects.filter(activo=True).order_by("-fecha_jornada").first()
        if activo is None:
            raise IntakeError("intake_cerrado", "No hay un proceso electoral activo.")
        proceso_id = activo.pk
    if not intake_abierto(proceso_id):
        raise IntakeError(
            "intake_cerrado",
            "La recepción de actas no está abierta: falta la puesta en ceros del proceso.",
        )

    sha = hashlib.sha256(datos).hexdigest()
    if sha256_declarado is not None:
        declarado = sha256_declarado.strip().lower()
        if not _HEX64.match(declarado):
            raise IntakeError(
                "solicitud_invalida", "El sha256 debe tener 64 caracteres hexadecimales."
            )
        if declarado != sha:
            raise IntakeError(
                "hash_no_coincide",
                "El SHA-256 calculado por el servidor no coincide con el declarado: "
                "la imagen llegó alterada o incompleta. Vuelva a enviarla.",
            )
    clave_leida = clave_leida.strip()[:40]

    try:
        revisada = imagecheck.revisar(
            datos,
            max_bytes=settings.OPLE_MAX_IMAGE_BYTES,
            max_pixeles=getattr(settings, "OPLE_MAX_IMAGE_PIXELS", imagecheck.MAX_PIXELES),
        )
    except imagecheck.ImagenRechazada as exc:
        raise IntakeError(exc.codigo, exc.mensaje) from exc

    # Bytes first, row second: an orphan file is harmless, a row without a file is not.
    _, ruta = storage.guardar(datos, extension=revisada.extension, sha256=sha)
    recibido_en = ahora or timezone.now()

    def registrar(auditoria: list[dict[str, Any]] | None = None) -> Recibo:
        return _registrar(
            auditoria=auditoria,
            sha=sha,
            ruta=ruta,
            revisada=revisada,
            acta=acta,
            clave_leida=clave_leida,
            origen=origen,
            medio=medio,
            tipo_documento=tipo_documento,
            identificacion=identificacion,
            usuario=usuario,
            dispositivo=dispositivo,
            capturado_en=capturado_en,
            recibido_en=recibido_en,
        )

    if _usar_lote():
        return _confirmador().ejecutar(acta.pk if acta is not None else None, registrar)
    with transaction.atomic():
        return registrar()


def _registrar(
    *,
    sha: str,
    ruta: str,
    revisada: imagecheck.ImagenRevisada,
    acta: ActaEsperada | None,
    clave_leida: str,
    origen: str,
    medio: str,
    tipo_documento: str,
    identificacion: str,
    usuario: Any | None,
    dispositivo: Dispositivo | None,
    capturado_en: datetime | None,
    recibido_en: datetime,
    auditoria: list[dict[str, Any]] | None = None,
) -> Recibo:
    """The database part of an intake; runs inside the caller's transaction.

    With `auditoria` (group commit) the audit event is appended to that list for the caller to
    record later in the same transaction, instead of being recorded here.
    """
    # Insert-if-absent without a savepoint (ON CONFLICT DO NOTHING), then read it back.
    Imagen.objects.bulk_create(
        [
            Imagen(
                sha256=sha,
                ruta=ruta,
                tipo_mime=revisada.tipo_mime,
                tamano=revisada.tamano,
                ancho=revisada.ancho,
                alto=revisada.alto,
            )
        ],
        ignore_conflicts=True,
    )
    imagen = Imagen.objects.get(sha256=sha)
    estado: EstadoActa | None = None
    version = 1
    if acta is not None:
        # The acta's state row serialises concurrent uploads of the same acta.
        estado = EstadoActa.objects.select_for_update().filter(acta=acta).first()
        if estado is None:
            EstadoActa.objects.bulk_create([EstadoActa(acta=acta)], ignore_conflicts=True)
            estado = EstadoActa.objects.select_for_update().get(acta=acta)
        versiones = dict(
            Digitalizacion.objects.filter(acta=acta).values_list("imagen_id", "version")
        )
        if imagen.pk in versiones:
            previo = _existente(acta, sha, clave_leida)
            if previo is not None:
                return _recibo(previo, sha, duplicado=True)
        version = max(versiones.values(), default=0) + 1
    else:
        # Fuera de catálogo: one record per (clave leída, image).
        previo = _existente(None, sha, clave_leida)
        if previo is not None:
            return _recibo(previo, sha, duplicado=True)
    dig = Digitalizacion.objects.create(
        acta=acta,
        fuera_catalogo=acta is None,
        clave_leida=clave_leida,
        identificacion=identificacion[:12],
        version=version,
        imagen=imagen,
        origen=origen,
        medio=medio,
        tipo_documento=tipo_documento,
        recibido_en=recibido_en,
        capturado_en=capturado_en,
        dispositivo=dispositivo,
        usuario=usuario if getattr(usuario, "is_authenticated", False) else None,
    )
    if estado is not None and estado.estado == EstadoActa.Estado.ESPERADA:
        estado.estado = EstadoActa.Estado.DIGITALIZADA
        if estado.llegada is None:
            estado.llegada = recibido_en
        estado.save(update_fields=["estado", "llegada", "actualizado"])
    elif estado is not None and estado.llegada is None:
        estado.llegada = recibido_en
        estado.save(update_fields=["llegada", "actualizado"])
    # Last, so the audit chain's head row is locked for as short a time as possible.
    evento = dict(
        actor=usuario,
        actor_label="" if usuario is not None else _etiqueta(dispositivo),
        action="prep.intake",
        obj=dig,
        after={
            "recibo": str(dig.recibo),
            "clave_acta": acta.clave if acta is not None else None,
            "clave_leida": clave_leida,
            "fuera_catalogo": acta is None,
            "version": version,
            "sha256": sha,
            "ruta": imagen.ruta,
            "origen": origen,
            "medio": medio,
            "identificacion": identificacion,
            "dispositivo": dispositivo.pk if dispositivo is not None else None,
            "capturado_en": capturado_en,
            "recibido_en": recibido_en,
        },
    )
    if auditoria is None:
        audit.record(**evento)
    else:
        auditoria.append(evento)
    dig.acta = acta
    return _recibo(dig, sha, duplicado=False)


# --- group commit -------------------------------------------------------------------------------
#
# Every intake appends to the hash-chained audit log, whose head row is locked until COMMIT, and
# a durable COMMIT waits for the WAL flush (about 6 ms on the benchmark machine): one upload per
# transaction caps a whole deployment at ~1/flush-time uploads per second however many servers
# run. With OPLE_INTAKE_LOTE on, the uploads that arrive concurrently in one server process are
# written by one committer thread in ONE transaction (each in its own savepoint, so one failure
# does not affect the others): one flush and one head-lock hold for the whole group. A receipt is
# still only returned after that COMMIT. The acta state rows of a group are locked up front in
# ascending order, before the audit head, so two groups can never deadlock; the group's audit
# events are appended last, so the head is locked only for those inserts and the COMMIT.


def _usar_lote() -> bool:
    return bool(getattr(settings, "OPLE_INTAKE_LOTE", False)) and not (
        transaction.get_connection().in_atomic_block
    )


class _Confirmador:
    MAX_LOTE = 64

    def __init__(self) -> None:
        self._cola: queue.SimpleQueue[tuple[int | None, Any, Future[Recibo]]] = queue.SimpleQueue()
        self._hilo = threading.Thread(target=self._bucle, name="intake-lote", daemon=True)
        self._hilo.start()

    def ejecutar(self, acta_id: int | None, trabajo: Any) -> Recibo:
        futuro: Future[Recibo] = Future()
        self._cola.put((acta_id, trabajo, futuro))
        return futuro.result()

    def detener(self) -> None:
        self._cola.put(None)  # type: ignore[arg-type]
        self._hilo.join(timeout=30)

    def _bucle(self) -> None:
        while True:
            primero = self._cola.get()
            if primero is None:
                db.connections.close_all()
                return
            lote = [primero]
            while len(lote) < self.MAX_LOTE:
                try:
                    siguiente = self._cola.get_nowait()
                except queue.Empty:
                    break
                if siguiente is None:
                    self._cola.put(None)  # type: ignore[arg-type]
                    break
                lote.append(siguiente)
            try:
                self._procesar(lote)
            except BaseException as exc:  # never let the committer thread die
                for _a, _t, futuro in lote:
                    if not futuro.done():
                        futuro.set_exception(exc)

    def _procesar(self, lote: list[tuple[int | None, Any, Future[Recibo]]]) -> None:
        db.close_old_connections()
        hechos: list[tuple[Future[Recibo], Recibo | None, BaseException | None]] = []
        try:
            with transaction.atomic():
                ids = sorted({a for a, _t, _f in lote if a is not None})
                if ids:
                    list(
                        EstadoActa.objects.select_for_update()
                        .filter(acta_id__in=ids)
                        .order_by("acta_id")
                        .values_list("id", flat=True)
                    )
                eventos: list[dict[str, Any]] = []
                for _a, trabajo, futuro in lote:
                    propios: list[dict[str, Any]] = []
                    try:
                        with transaction.atomic():
                            hechos.append((futuro, trabajo(auditoria=propios), None))
                    except Exception as exc:
                        hechos.append((futuro, None, exc))
                    else:
                        eventos.extend(propios)
                # The audit head is locked only now, for the group's events and the COMMIT.
                for evento in eventos:
                    audit.record(**evento)
        except Exception:
            # The group's COMMIT failed: nothing of it was written. Retry one by one.
            for _a, trabajo, futuro in lote:
                try:
                    with transaction.atomic():
                        futuro.set_result(trabajo())
                except Exception as exc:
                    futuro.set_exception(exc)
            return
        for futuro, recibo, exc in hechos:
            if exc is not None:
                futuro.set_exception(exc)
            else:
                futuro.set_result(recibo)  # type: ignore[arg-type]


_CONFIRMADOR: _Confirmador | None = None
_CONFIRMADOR_CANDADO = threading.Lock()


def _confirmador() -> _Confirmador:
    global _CONFIRMADOR
    with _CONFIRMADOR_CANDADO:
        if _CONFIRMADOR is None or not _CONFIRMADOR._hilo.is_alive():
            _CONFIRMADOR = _Confirmador()
        return _CONFIRMADOR


def _etiqueta(dispositivo: Dispositivo | None) -> str:
    if dispositivo is None:
        return ""
    return f"dispositivo {dispositivo.pk}: {dispositivo.nombre}"[:150]


def detener_confirmador() -> None:
    """Stop this process's committer thread (tests; it restarts on the next upload)."""
    global _CONFIRMADOR
    with _CONFIRMADOR_CANDADO:
        if _CONFIRMADOR is not None:
            _CONFIRMADOR.detener()
            _CONFIRMADOR = None
