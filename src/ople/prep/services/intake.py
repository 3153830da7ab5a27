"""Receiving an acta image, from either channel (PREP Casilla API or CATD page).

Order of work: refuse early (intake open? hash? type, size, bomb) → store the bytes
(content-addressed, atomic) → in one transaction: Imagen, Digitalizacion (idempotent by acta
and image; another image of the same acta is version n+1), EstadoActa, audit event.
"""

from __future__ import annotations

import functools
import hashlib
import json
import queue
import re
import threading
import time
import uuid
from concurrent.futures import Future
from dataclasses import replace
from datetime import datetime
from typing import Any

from django import db
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ople import profiles
from ople.catalog.models import ProcesoElectoral
from ople.core import audit, sql_insert
from ople.core.errors import OpleError
from ople.prep import imagecheck
from ople.prep import perfil as perfil_prep
from ople.prep.evidencia import actas as storage
from ople.prep.models import (
    ActaEsperada,
    Digitalizacion,
    Dispositivo,
    EstadoActa,
    Imagen,
    PuestaEnCeros,
)
from ople.prep.services import lote_compartido
from ople.prep.services.subida import Recibo, Subida

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class IntakeError(OpleError):
    """A refused upload. `codigo` is the API error code; `mensaje` is shown to people."""


_ABIERTOS: dict[int, float] = {}


def intake_abierto(proceso_id: int) -> bool:
    """Intake opens once a puesta en ceros has been recorded for the process.

    A puesta en ceros is never undone, so an open process is remembered for
    `OPLE_API_CACHE_S` seconds (0 in tests) instead of being queried on every upload.
    """
    ttl = float(getattr(settings, "OPLE_API_CACHE_S", 0))
    if ttl > 0 and _ABIERTOS.get(proceso_id, 0.0) > time.monotonic():
        return True
    abierto = PuestaEnCeros.objects.filter(proceso_id=proceso_id).exists()
    if abierto and ttl > 0:
        _ABIERTOS[proceso_id] = time.monotonic() + ttl
    return abierto


_PERFILES: dict[int, tuple[float, str]] = {}


def ventana_recepcion(proceso_id: int) -> perfil_prep.VentanaRecepcion:
    """The `[prep.recepcion]` window of the process's law profile (remembered like intake_abierto):
    the dates a client's clock may report (a photo's capturado_en, a capture's iniciada_en)."""
    ttl = float(getattr(settings, "OPLE_API_CACHE_S", 0))
    vence, nombre = _PERFILES.get(proceso_id, (0.0, ""))
    if ttl <= 0 or vence <= time.monotonic():
        nombre = ProcesoElectoral.objects.values_list("perfil", flat=True).get(pk=proceso_id)
        if ttl > 0:
            _PERFILES[proceso_id] = (time.monotonic() + ttl, nombre)
    return perfil_prep.de(profiles.cargar(nombre)).recepcion


def revisar_capturado_en(
    *, capturado_en: datetime | None, proceso_id: int, recibido_en: datetime
) -> None:
    """Refuse a device's photo date outside the profile's `[prep.recepcion]` window.

    Every upload path (the API view, the direct WSGI route, the group commit and the shared
    committer after it) goes through recibir_imagen, which calls this before storing anything.
    """
    if capturado_en is None:
        return
    ventana = ventana_recepcion(proceso_id)
    if not ventana.admite(capturado_en, recibido_en):
        horas = int(ventana.antes.total_seconds()) // 3600
        minutos = int(ventana.despues.total_seconds()) // 60
        raise IntakeError(
            "fecha_fuera_de_rango",
            f"La fecha de la foto («capturado_en») no es posible: debe caer en la jornada y el "
            f"PREP ({ventana.desde:%Y-%m-%d %H:%M} a {ventana.hasta:%Y-%m-%d %H:%M}) o entre "
            f"{horas} horas antes y {minutos} minutos después de la hora del servidor. Revise la "
            "fecha y la hora del teléfono.",
        )


def _recibo(dig: Digitalizacion, sha: str, *, duplicado: bool) -> Recibo:
    return Recibo(
        recibo=dig.recibo,
        clave_acta=dig.acta.clave if dig.acta_id else dig.clave_leida,  # type: ignore[union-attr]
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


def revisar_imagen(datos: bytes) -> imagecheck.ImagenRevisada:
    """`imagecheck.revisar` with the configured caps; IntakeError (Spanish) on refusal."""
    try:
        return imagecheck.revisar(
            datos,
            max_bytes=settings.OPLE_MAX_IMAGE_BYTES,
            max_pixeles=getattr(settings, "OPLE_MAX_IMAGE_PIXELS", imagecheck.MAX_PIXELES),
        )
    except imagecheck.ImagenRechazada as exc:
        raise IntakeError(exc.codigo, exc.mensaje) from exc


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
    revisada: imagecheck.ImagenRevisada | None = None,
) -> Recibo:
    """Receive one image for `acta` (None: fuera de catálogo). Raises IntakeError on refusal.

    A retry with the same bytes for the same acta returns the first receipt with
    `duplicado=True` and creates nothing. `ahora` overrides the server time (replays and
    simulations); `proceso` is needed only for fuera de catálogo images (defaults to the
    active process); `revisada` is what `revisar_imagen` answered for these same bytes, when
    the caller has already checked them (the CATD page, before reading the QR).
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
    revisar_capturado_en(
        capturado_en=capturado_en, proceso_id=proceso_id, recibido_en=ahora or timezone.now()
    )

    # With group commit, the committer is told an upload is on its way (hash, checks, fsync)
    # so it can wait a moment for it instead of committing a smaller group first.
    confirmador = _confirmador() if _usar_lote() else None
    if confirmador is not None:
        confirmador.en_camino(1)
    try:
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

        if revisada is None or revisada.tamano != len(datos):
            revisada = revisar_imagen(datos)

        # Bytes first, row second: an orphan file is harmless, a row without a file is not.
        _, ruta = storage.guardar(
            datos, extension=revisada.extension, sha256=sha, calculado_de_datos=True
        )
        subida = Subida(
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
            recibido_en=ahora or timezone.now(),
        )
        seguidor = None
        if confirmador is not None:
            # A catalogued upload without a user (PREP Casilla) goes to the server's shared
            # committer when another worker process leads it (lote_compartido.py).
            if acta is not None and usuario is None:
                seguidor = _seguidor()
            if seguidor is None:
                futuro = confirmador.encolar(subida, llega=True)
            else:
                confirmador.en_camino(-1)
    except BaseException:
        if confirmador is not None:
            confirmador.en_camino(-1)  # refused or failed: no longer on its way
        raise
    if seguidor is not None:
        recibo = seguidor.registrar(subida)
        if recibo is not None:
            return recibo
        # No receipt from the leader (it failed on this upload, or died): written here, as
        # without the shared committer; idempotent if the leader had committed it.
        return _confirmador().ejecutar(subida)
    if confirmador is not None:
        return futuro.result()
    with transaction.atomic():
        return _registrar(**subida.campos())


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
    evento = _evento(
        dig_id=dig.pk,
        recibo=dig.recibo,
        acta=acta,
        clave_leida=clave_leida,
        version=version,
        sha=sha,
        ruta=imagen.ruta,
        origen=origen,
        medio=medio,
        identificacion=identificacion,
        usuario=usuario,
        dispositivo=dispositivo,
        capturado_en=capturado_en,
        recibido_en=recibido_en,
    )
    if auditoria is None:
        audit.record(**evento)
    else:
        auditoria.append(evento)
    dig.acta = acta
    return _recibo(dig, sha, duplicado=False)


_TIPO_DIGITALIZACION = Digitalizacion._meta.label_lower  # the audit object_type


def _evento(
    *,
    dig_id: int,
    recibo: uuid.UUID,
    acta: ActaEsperada | None,
    clave_leida: str,
    version: int,
    sha: str,
    ruta: str,
    origen: str,
    medio: str,
    identificacion: str,
    usuario: Any | None,
    dispositivo: Dispositivo | None,
    capturado_en: datetime | None,
    recibido_en: datetime,
) -> dict[str, Any]:
    """The `prep.intake` audit event of a new Digitalizacion (keyword arguments of record)."""
    return dict(
        actor=usuario,
        actor_label="" if usuario is not None else _etiqueta(dispositivo),
        action="prep.intake",
        object_type=_TIPO_DIGITALIZACION,
        object_id=str(dig_id),
        after={
            "recibo": str(recibo),
            "clave_acta": acta.clave if acta is not None else None,
            "clave_leida": clave_leida,
            "fuera_catalogo": acta is None,
            "version": version,
            "sha256": sha,
            "ruta": ruta,
            "origen": origen,
            "medio": medio,
            "identificacion": identificacion,
            "dispositivo": dispositivo.pk if dispositivo is not None else None,
            "capturado_en": capturado_en,
            "recibido_en": recibido_en,
        },
    )


# --- group commit -------------------------------------------------------------------------------
#
# Every intake appends to the hash-chained audit log, whose head row is locked until COMMIT, and
# a durable COMMIT waits for the WAL flush (about 6 ms on the benchmark machine): one upload per
# transaction caps a whole deployment at ~1/flush-time uploads per second however many servers
# run. With OPLE_INTAKE_LOTE on, the uploads that arrive concurrently in one server process are
# written by one committer thread in ONE transaction, as set operations: the acta state rows of
# the group locked in ascending order (so two groups can never deadlock), the images inserted
# with one statement, the existing versions read with one query, the new Digitalizacion rows
# inserted with one statement, the state rows updated with one statement, and the group's audit
# events appended last with one head lock (`audit.record_many`), then one COMMIT. The result is
# exactly what the same uploads one after the other would write. A receipt is only returned after
# that COMMIT; if anything in the group fails, the group is rolled back and each upload is
# retried alone in its own transaction (so one bad upload does not affect the others).


def _usar_lote() -> bool:
    return bool(getattr(settings, "OPLE_INTAKE_LOTE", False)) and not (
        transaction.get_connection().in_atomic_block
    )


class _Estado:
    """What the group commit needs of a locked EstadoActa row."""

    __slots__ = ("pk", "estado", "sin_llegada")

    def __init__(self, pk: int, estado: str, sin_llegada: bool) -> None:
        self.pk = pk
        self.estado = estado
        self.sin_llegada = sin_llegada


def _bloquear_estados(ids: list[int]) -> dict[int, _Estado]:
    """Lock the state rows of these actas in ascending order (one plain statement)."""
    conexion = db.connection
    tabla = conexion.ops.quote_name(EstadoActa._meta.db_table)
    bloqueo = " FOR UPDATE" if conexion.features.has_select_for_update else ""
    with conexion.cursor() as cursor:
        cursor.execute(
            f"SELECT id, acta_id, estado, llegada IS NULL FROM {tabla} "
            f"WHERE acta_id IN ({', '.join(['%s'] * len(ids))}) ORDER BY acta_id{bloqueo}",
            ids,
        )
        return {
            acta_id: _Estado(pk, estado, bool(sin_llegada))
            for pk, acta_id, estado, sin_llegada in cursor.fetchall()
        }


def _fila_imagen(s: Subida, creado: datetime) -> dict[str, Any]:
    """The prep_imagen row of a new stored image (both group paths insert it as a plain row)."""
    return {
        "sha256": s.sha,
        "ruta": s.ruta,
        "tipo_mime": s.revisada.tipo_mime,
        "tamano": s.revisada.tamano,
        "ancho": s.revisada.ancho,
        "alto": s.revisada.alto,
        "creado": creado,
    }


def _registrar_lote(subidas: list[Subida]) -> list[Recibo]:
    """The database part of a group of intakes, as set operations; inside the caller's
    transaction. Same rows, versions, receipts and audit events as `_registrar` in order."""
    if db.connection.vendor == "postgresql" and all(s.acta is not None for s in subidas):
        recibos = _registrar_lote_pg(subidas)
        if recibos is not None:
            return recibos
    return _registrar_lote_general(subidas)


def _registrar_lote_general(subidas: list[Subida]) -> list[Recibo]:
    """`_registrar_lote` with the ORM's connection, on any database and for any upload."""
    ids = sorted({s.acta.pk for s in subidas if s.acta is not None})
    estados: dict[int, _Estado] = {}
    if ids:
        estados = _bloquear_estados(ids)
        faltan = [i for i in ids if i not in estados]
        if faltan:
            EstadoActa.objects.bulk_create(
                [EstadoActa(acta_id=i) for i in faltan], ignore_conflicts=True
            )
            estados.update(_bloquear_estados(faltan))
    creado = timezone.now()
    nuevas: dict[str, dict[str, Any]] = {}
    for s in subidas:
        if s.sha not in nuevas:
            nuevas[s.sha] = _fila_imagen(s, creado)
    conexion = db.connection
    q = conexion.ops.quote_name
    # Insert-if-absent, one plain statement; an image stored before (a retry, or the same
    # bytes for another acta) is not returned by RETURNING and is read back.
    imagenes = {
        sha: (pk, ruta)
        for sha, pk, ruta in sql_insert.insertar(
            Imagen,
            list(nuevas.values()),
            ignorar_conflictos=True,
            devolver=("sha256", "id", "ruta"),
        )
    }
    faltan_img = [sha for sha in nuevas if sha not in imagenes]
    if faltan_img:
        with conexion.cursor() as cursor:
            cursor.execute(
                f"SELECT sha256, id, ruta FROM {q(Imagen._meta.db_table)} "
                f"WHERE sha256 IN ({', '.join(['%s'] * len(faltan_img))})",
                faltan_img,
            )
            imagenes.update((sha, (pk, ruta)) for sha, pk, ruta in cursor.fetchall())
    # (acta, image) -> existing Digitalizacion id (int) or index of a new one in this group (str)
    existentes: dict[tuple[int, int], int | str] = {}
    ultima: dict[int, int] = {}
    if ids:
        with conexion.cursor() as cursor:
            cursor.execute(
                f"SELECT acta_id, imagen_id, version, id FROM {q(Digitalizacion._meta.db_table)} "
                f"WHERE acta_id IN ({', '.join(['%s'] * len(ids))})",
                ids,
            )
            for acta_id, imagen_id, version, pk in cursor.fetchall():
                existentes.setdefault((acta_id, imagen_id), pk)
                ultima[acta_id] = max(ultima.get(acta_id, 0), version)
    plan, creadas, cambiados = _planificar(subidas, estados, imagenes, existentes, ultima)
    for fila, (pk,) in zip(creadas, sql_insert.insertar(Digitalizacion, creadas), strict=True):
        fila["id"] = pk
    if cambiados:
        # One UPDATE … FROM (VALUES …) for the group's changed state rows (already locked);
        # `llegada` keeps an earlier value. VALUES columns are column1.. on both databases.
        tabla = q(EstadoActa._meta.db_table)
        fecha = EstadoActa._meta.get_field("llegada")
        valores: list[Any] = []
        for pk, (nuevo, llegada) in cambiados.items():
            valores += [pk, nuevo, fecha.get_db_prep_value(llegada, conexion)]
        marcas = "(%s, %s, %s)" if conexion.vendor != "postgresql" else "(%s, %s, %s::timestamptz)"
        with conexion.cursor() as cursor:
            cursor.execute(
                f"UPDATE {tabla} SET estado = v.column2, "
                f"llegada = COALESCE({tabla}.llegada, v.column3), actualizado = %s "
                f"FROM (VALUES {', '.join([marcas] * len(cambiados))}) AS v "
                f"WHERE {tabla}.id = v.column1",
                [fecha.get_db_prep_value(timezone.now(), conexion), *valores],
            )
    previas = Digitalizacion.objects.select_related("acta").in_bulk(
        [x for k, x in plan if k == "previa"]
    )
    recibos: list[Recibo] = []
    eventos: list[dict[str, Any]] = []
    for (tipo, x), s in zip(plan, subidas, strict=True):
        if tipo == "sola":
            recibos.append(_registrar(**s.campos(), auditoria=eventos))
        elif tipo == "previa":
            recibos.append(_recibo(previas[x], s.sha, duplicado=True))
        elif tipo == "igual":
            recibos.append(replace(recibos[x], duplicado=True))
        else:
            recibos.append(_recibo_nuevo(x, s))
            eventos.append(_evento_nuevo(x, s, imagenes[s.sha][1]))
    audit.record_many(eventos)
    return recibos


def _planificar(
    subidas: list[Subida],
    estados: dict[int, _Estado],
    imagenes: dict[str, tuple[int, str]],
    existentes: dict[tuple[int, int], int | str],
    ultima: dict[int, int],
) -> tuple[list[tuple[str, Any]], list[dict[str, Any]], dict[int, tuple[str, datetime]]]:
    """What a group writes, from the locked state rows, the group's images (sha -> id, name),
    the existing Digitalizacion ids by (acta, image) and the last version of each acta.

    Per upload: ("nueva", row of a new Digitalizacion), ("previa", id of an existing one),
    ("igual", index of an earlier upload of this group with the same bytes), ("sola", index:
    fuera de catálogo). Also the new rows, and the changed state rows: id -> (new estado,
    arrival time to set if it has none). `existentes`, `ultima` and `estados` are updated."""
    plan: list[tuple[str, Any]] = []
    creadas: list[dict[str, Any]] = []
    cambiados: dict[int, tuple[str, datetime]] = {}
    for i, s in enumerate(subidas):
        imagen_id = imagenes[s.sha][0]
        if s.acta is None:
            plan.append(("sola", i))  # fuera de catálogo: the single path, same transaction
            continue
        clave = (s.acta.pk, imagen_id)
        previo = existentes.get(clave)
        if isinstance(previo, int):
            plan.append(("previa", previo))
            continue
        if isinstance(previo, str):
            plan.append(("igual", int(previo)))
            continue
        version = ultima.get(s.acta.pk, 0) + 1
        ultima[s.acta.pk] = version
        usuario = s.usuario if getattr(s.usuario, "is_authenticated", False) else None
        fila = {
            "recibo": uuid.uuid4(),
            "acta_id": s.acta.pk,
            "fuera_catalogo": False,
            "clave_leida": s.clave_leida,
            "identificacion": s.identificacion[:12],
            "version": version,
            "imagen_id": imagen_id,
            "origen": s.origen,
            "medio": s.medio,
            "tipo_documento": s.tipo_documento,
            "recibido_en": s.recibido_en,
            "capturado_en": s.capturado_en,
            "dispositivo_id": s.dispositivo.pk if s.dispositivo is not None else None,
            "usuario_id": usuario.pk if usuario is not None else None,
        }
        existentes[clave] = str(i)
        creadas.append(fila)
        plan.append(("nueva", fila))
        # As _registrar: ESPERADA becomes DIGITALIZADA; the first upload sets the arrival.
        estado = estados[s.acta.pk]
        if estado.estado == EstadoActa.Estado.ESPERADA or estado.sin_llegada:
            if estado.estado == EstadoActa.Estado.ESPERADA:
                estado.estado = EstadoActa.Estado.DIGITALIZADA
            cambiados[estado.pk] = (estado.estado, s.recibido_en)
            estado.sin_llegada = False  # so a later upload of the group changes nothing
    return plan, creadas, cambiados


def _recibo_nuevo(fila: dict[str, Any], s: Subida) -> Recibo:
    """The receipt of a new Digitalizacion row of a group (its id already set)."""
    return Recibo(
        recibo=fila["recibo"],
        clave_acta=s.acta.clave if s.acta is not None else s.clave_leida,
        sha256=s.sha,
        version=fila["version"],
        recibido_en=s.recibido_en,
        duplicado=False,
        fuera_catalogo=False,
        digitalizacion_id=fila["id"],
    )


def _evento_nuevo(fila: dict[str, Any], s: Subida, ruta: str) -> dict[str, Any]:
    return _evento(
        dig_id=fila["id"],
        recibo=fila["recibo"],
        acta=s.acta,
        clave_leida=s.clave_leida,
        version=fila["version"],
        sha=s.sha,
        ruta=ruta,
        origen=s.origen,
        medio=s.medio,
        identificacion=s.identificacion,
        usuario=s.usuario,
        dispositivo=s.dispositivo,
        capturado_en=s.capturado_en,
        recibido_en=s.recibido_en,
    )


@functools.cache
def _sentencias_pg() -> tuple[str, dict[str, str]]:
    """The statements of `_registrar_lote_pg`: the reads of its first round trip as one text
    (the audit head's lock last, from `core.audit`), and each write of the second but the
    audit events (`audit.append_sql`)."""
    q = db.connection.ops.quote_name
    estado = q(EstadoActa._meta.db_table)
    imagen = q(Imagen._meta.db_table)
    dig = q(Digitalizacion._meta.db_table)
    lecturas = "; ".join(
        [
            f"SELECT id, acta_id, estado, llegada IS NULL FROM {estado} "
            "WHERE acta_id = ANY(%(actas)s::bigint[]) ORDER BY acta_id FOR UPDATE",
            f"SELECT sha256, id, ruta FROM {imagen} WHERE sha256 = ANY(%(shas)s::text[])",
            f"SELECT acta_id, imagen_id, version, id, recibo, recibido_en FROM {dig} "
            "WHERE acta_id = ANY(%(actas)s::bigint[])",
            f"SELECT nextval(pg_get_serial_sequence('{Imagen._meta.db_table}', 'id')), "
            f"nextval(pg_get_serial_sequence('{Digitalizacion._meta.db_table}', 'id')) "
            "FROM generate_series(1, %(n)s::integer)",
            audit.head_lock_sql(),
        ]
    )
    escrituras = {
        "imagenes": sql_insert.sentencia_pg(Imagen, con_id=True, ignorar_conflictos=True),
        "digitalizaciones": sql_insert.sentencia_pg(Digitalizacion, con_id=True),
        "estados": f"UPDATE {estado} AS e SET estado = v.estado, "
        "llegada = COALESCE(e.llegada, v.llegada), actualizado = %s::timestamptz "
        f"FROM json_populate_recordset(NULL::{estado}, %s::json) AS v "
        # The ids again as an array: the planner cannot see how many rows the json holds
        # (it assumes 100) and otherwise joins them with a scan of the whole table.
        "WHERE e.id = v.id AND e.id = ANY(%s::bigint[])",
    }
    return lecturas, escrituras


def _registrar_lote_pg(subidas: list[Subida]) -> list[Recibo] | None:
    """`_registrar_lote` on PostgreSQL in two round trips of several statements each instead of
    about ten (on this path each statement costs more CPU in the driver and each round trip
    another wake-up of both processes than the SQL itself); None, with nothing written, when the
    group needs the general path (an acta without its state row, an empty audit log).

    1. Lock the group's state rows (ascending acta order, as every other path), read which of
       its images are already stored and the existing versions of its actas, take ids for the
       new rows from the tables' sequences, and lock the audit head (last, as `audit.record`).
    2. Insert the new images and Digitalizacion rows, update the changed state rows, append
       the audit events and move the head; the caller COMMITs.

    An image stored by another transaction between 1 and 2 (the same bytes uploaded to two
    server processes at once) makes the insert skip it and the new row reference an id that
    does not exist: the deferred foreign key fails the COMMIT, the group is rolled back and
    retried upload by upload (`_Confirmador._procesar`)."""
    lecturas, escrituras = _sentencias_pg()
    ids = sorted({s.acta.pk for s in subidas if s.acta is not None})
    shas = list(dict.fromkeys(s.sha for s in subidas))
    with db.connection.cursor() as cursor:
        cursor.execute(lecturas, {"actas": ids, "shas": shas, "n": len(subidas)})
        resultados = [cursor.fetchall()]
        while cursor.nextset():
            resultados.append(cursor.fetchall())
    filas_estados, filas_imagenes, filas_versiones, nuevos_ids, cabeza = resultados
    estados = {
        acta_id: _Estado(pk, estado, bool(sin_llegada))
        for pk, acta_id, estado, sin_llegada in filas_estados
    }
    if len(estados) != len(ids) or not cabeza:
        return None  # the general path creates them (same transaction, nothing written yet)
    imagenes: dict[str, tuple[int, str]] = {sha: (pk, ruta) for sha, pk, ruta in filas_imagenes}
    creado = timezone.now()
    imagenes_nuevas: list[dict[str, Any]] = []
    for s, (id_imagen, _id_dig) in zip(subidas, nuevos_ids, strict=True):
        if s.sha not in imagenes:
            imagenes[s.sha] = (id_imagen, s.ruta)
            imagenes_nuevas.append({"id": id_imagen, **_fila_imagen(s, creado)})
    existentes: dict[tuple[int, int], int | str] = {}
    ultima: dict[int, int] = {}
    previas: dict[int, tuple[int, uuid.UUID, datetime]] = {}
    for acta_id, imagen_id, version, pk, recibo, recibido_en in filas_versiones:
        existentes.setdefault((acta_id, imagen_id), pk)
        ultima[acta_id] = max(ultima.get(acta_id, 0), version)
        previas[pk] = (version, recibo, recibido_en)
    plan, creadas, cambiados = _planificar(subidas, estados, imagenes, existentes, ultima)
    for fila, (_id_img, id_dig) in zip(creadas, nuevos_ids, strict=False):
        fila["id"] = id_dig
    recibos: list[Recibo] = []
    eventos: list[dict[str, Any]] = []
    for (tipo, x), s in zip(plan, subidas, strict=True):
        if tipo == "previa":
            version, recibo, recibido_en = previas[x]
            recibos.append(
                Recibo(
                    recibo=recibo,
                    clave_acta=s.acta.clave,  # type: ignore[union-attr]  # a previa has its acta
                    sha256=s.sha,
                    version=version,
                    recibido_en=recibido_en,
                    duplicado=True,
                    fuera_catalogo=False,
                    digitalizacion_id=x,
                )
            )
        elif tipo == "igual":
            recibos.append(replace(recibos[x], duplicado=True))
        else:
            recibos.append(_recibo_nuevo(x, s))
            eventos.append(_evento_nuevo(x, s, imagenes[s.sha][1]))
    sentencias: list[str] = []
    parametros: list[Any] = []
    if imagenes_nuevas:
        sentencias.append(escrituras["imagenes"])
        parametros.append(sql_insert.documento_json(Imagen, imagenes_nuevas, con_id=True))
    if creadas:
        sentencias.append(escrituras["digitalizaciones"])
        parametros.append(sql_insert.documento_json(Digitalizacion, creadas, con_id=True))
    if cambiados:
        filas = [
            {"id": pk, "estado": nuevo, "llegada": llegada}
            for pk, (nuevo, llegada) in cambiados.items()
        ]
        sentencias.append(escrituras["estados"])
        parametros += [
            timezone.now(),
            json.dumps(filas, default=sql_insert.a_json),
            list(cambiados),
        ]
    if eventos:
        seq, hash_previo = cabeza[0]
        sentencias += audit.append_sql()
        parametros += audit.append_params(eventos, seq, hash_previo)
    if sentencias:
        with db.connection.cursor() as cursor:
            cursor.execute("; ".join(sentencias), parametros)
    return recibos


class _Confirmador:
    MAX_LOTE = 64
    # How long a group waits for uploads already on their way (hashed, checked, written and
    # fsync'ed by request threads) before it is committed. A bigger group costs much less per
    # upload (one transaction, the same four round trips, one WAL flush): in-process on the
    # benchmark machine, 8 threads against PostgreSQL, the committer's CPU per upload is
    # ~1.0-1.2 ms in groups of ~4-5 (a 5 ms wait) and ~0.7 ms in groups of 8 (10 ms), and
    # PostgreSQL's 0.9-1.2 ms and 0.65 ms. Nothing waits when no other upload is under way,
    # so a lone upload is not delayed.
    ESPERA_S = 0.010
    # The same wait when this process leads the server's shared committer (lote_compartido):
    # its groups gather the uploads of every worker (about 9 on the benchmark with this wait,
    # 10.5 with 10 ms), and its cycle (wait, two round trips, COMMIT with its WAL flush) is
    # the one every upload of the server waits for, so a shorter wait pays.
    ESPERA_COMPARTIDO_S = 0.004

    def __init__(self) -> None:
        self._cola: queue.SimpleQueue[tuple[Subida, Future[Recibo]] | None] = queue.SimpleQueue()
        self._en_camino = 0
        self._candado = threading.Lock()
        self._hilo = threading.Thread(target=self._bucle, name="intake-lote", daemon=True)
        self._hilo.start()

    def en_camino(self, delta: int) -> None:
        with self._candado:
            self._en_camino += delta

    def encolar(self, subida: Subida, *, llega: bool = False) -> Future[Recibo]:
        """Queue an upload; `llega`: it was counted as on its way, and no longer is (both
        under one lock, so the committer never sees it in neither place)."""
        futuro: Future[Recibo] = Future()
        with self._candado:
            self._cola.put((subida, futuro))
            if llega:
                self._en_camino -= 1
        return futuro

    def ejecutar(self, subida: Subida) -> Recibo:
        return self.encolar(subida).result()

    def detener(self) -> None:
        self._cola.put(None)
        self._hilo.join(timeout=30)

    def _bucle(self) -> None:
        acompanado = False
        while True:
            primero = self._cola.get()
            if primero is None:
                db.connections.close_all()
                return
            lote = [primero]
            limite = time.monotonic() + (
                self.ESPERA_COMPARTIDO_S if _lidera_compartido() else self.ESPERA_S
            )
            while len(lote) < self.MAX_LOTE:
                try:
                    siguiente = self._cola.get_nowait()
                except queue.Empty:
                    # An upload counts as on its way until it is in the queue: wait while
                    # some are, or while uploads keep coming (the previous group had more
                    # than one), never past the group's limit. A lone upload never waits.
                    restante = limite - time.monotonic()
                    if restante <= 0 or (self._en_camino <= 0 and not acompanado):
                        break
                    try:
                        siguiente = self._cola.get(timeout=restante)
                    except queue.Empty:
                        break
                if siguiente is None:
                    self._cola.put(None)
                    break
                lote.append(siguiente)
            acompanado = len(lote) > 1
            try:
                self._procesar(lote)
            except BaseException as exc:  # never let the committer thread die
                for _s, futuro in lote:
                    if not futuro.done():
                        futuro.set_exception(exc)

    def _procesar(self, lote: list[tuple[Subida, Future[Recibo]]]) -> None:
        db.close_old_connections()
        try:
            with transaction.atomic():
                recibos = _registrar_lote([s for s, _f in lote])
        except Exception:
            # Nothing of the group was written. Retry one by one, each in its own transaction;
            # a receipt is released only after its own COMMIT.
            for subida, futuro in lote:
                try:
                    with transaction.atomic():
                        recibo = _registrar(**subida.campos())
                except Exception as exc:
                    futuro.set_exception(exc)
                else:
                    futuro.set_result(recibo)
            return
        for (_s, futuro), recibo in zip(lote, recibos, strict=True):
            futuro.set_result(recibo)


_CONFIRMADOR: _Confirmador | None = None
_CONFIRMADOR_CANDADO = threading.Lock()
_COMPARTIDO: list[lote_compartido.Compartido | None] = []  # [] until decided, [None]: off


def _lidera_compartido() -> bool:
    return bool(_COMPARTIDO) and _COMPARTIDO[0] is not None and _COMPARTIDO[0].lider is not None


def _seguidor() -> lote_compartido.Seguidor | None:
    """This process's link to the server's shared committer, when another process leads it;
    None when this process leads it, or it is off or unreachable (then the local committer)."""
    if not _COMPARTIDO:
        with _CONFIRMADOR_CANDADO:
            if not _COMPARTIDO:
                _COMPARTIDO.append(
                    lote_compartido.Compartido(lote_compartido.nombre_del_socket())
                    if lote_compartido.disponible()
                    else None
                )
    compartido = _COMPARTIDO[0]
    return compartido.seguidor_vivo(_confirmador) if compartido is not None else None


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
        if _COMPARTIDO:
            if _COMPARTIDO[0] is not None:
                _COMPARTIDO[0].cerrar()
            _COMPARTIDO.clear()
        if _CONFIRMADOR is not None:
            _CONFIRMADOR.detener()
            _CONFIRMADOR = None
