"""Seguimiento documental's writes: register, turn, attend, answer, archive; requests to
Informática and their progress.

Keyword-only, one transaction each, audited inside (`ople.core.audit`); bad input raises
`OficialiaError` (Spanish message) and changes nothing. The folio comes from `documentos`
(`tomar_folio`, gap-free per area and year) in the same transaction as the document, so a
rolled-back registration gives its number back.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ople import profiles
from ople.core import audit
from ople.core.errors import OpleError
from ople.documentos.services.folios import tomar_folio
from ople.documentos.storage import Evidencia
from ople.oficialia import perfil
from ople.oficialia.models import (
    Anexo,
    Area,
    Avance,
    Documento,
    Estado,
    Evento,
    Solicitud,
    Turno,
)

ARCHIVOS = Evidencia(prefijo="oficialia")
MAX_ARCHIVO = 20 * 1024 * 1024


class OficialiaError(OpleError):
    pass


def _actor_nombre(actor: Any | None) -> str:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return str(actor.get_username())
    return "sistema"


def _actor(actor: Any | None) -> Any | None:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _evento(
    documento: Documento,
    estado: str,
    descripcion: str,
    *,
    actor: Any | None,
    en: datetime,
    turno: Turno | None = None,
) -> Evento:
    return Evento.objects.create(
        documento=documento,
        turno=turno,
        estado=estado,
        descripcion=descripcion[:400],
        actor=_actor(actor),
        actor_nombre=_actor_nombre(actor),
        en=en,
    )


def _texto(valor: str, nombre: str, maximo: int) -> str:
    valor = (valor or "").strip()
    if not valor:
        raise OficialiaError("campo_vacio", f"Indique {nombre}.")
    if len(valor) > maximo:
        raise OficialiaError("campo_largo", f"{nombre.capitalize()}: máximo {maximo} caracteres.")
    return valor


def _guardar(contenido: bytes, nombre: str) -> str:
    if len(contenido) > MAX_ARCHIVO:
        raise OficialiaError(
            "archivo_grande", f"El archivo {nombre} excede {MAX_ARCHIVO // 1024 // 1024} MB."
        )
    extension = nombre.rsplit(".", 1)[-1].lower() if "." in nombre else "bin"
    if not extension.isalnum() or len(extension) > 8:
        extension = "bin"
    sha, _ = ARCHIVOS.guardar(contenido, extension=extension)
    return sha


# The institute's areas named in the Comisión de Tecnologías' 2023 report (shared/seed), with
# the initials of their folio series; migration 0002 creates them (its own copy of this list).
AREAS: tuple[tuple[str, str], ...] = (
    ("P", "Presidencia del Consejo General"),
    ("SE", "Secretaría Ejecutiva"),
    ("DCOE", "Dirección de Capacitación y Organización Electoral"),
    ("DA", "Dirección de Administración"),
    ("DJ", "Dirección Jurídica"),
    ("CI", "Coordinación de Informática"),
    ("CCS", "Coordinación de Comunicación Social"),
    ("OIC", "Órgano Interno de Control"),
    ("CZLS", "Comisión de Tecnologías e Innovación (consejería que la preside)"),
    ("OP", "Oficialía de Partes"),
)


def asegurar_areas() -> int:
    """Create the institute's areas that are missing (a database flushed by a test, a new
    install); returns how many were created. Existing areas are left as they are."""
    creadas = 0
    for siglas, nombre in AREAS:
        creadas += Area.objects.get_or_create(siglas=siglas, defaults={"nombre": nombre})[1]
    return creadas


def area_por_siglas(siglas: str) -> Area:
    try:
        return Area.objects.get(siglas=siglas)
    except Area.DoesNotExist:
        raise OficialiaError("area_desconocida", f"No existe el área «{siglas}».") from None


def registrar(
    *,
    tipo: str,
    sentido: str,
    area: Area,
    remitente: str,
    destinatario: str,
    asunto: str,
    fecha_documento: date,
    actor: Any | None,
    archivo: tuple[str, bytes] | None = None,
    anexos: Iterable[tuple[str, bytes]] = (),
    responde_a: Documento | None = None,
    ahora: datetime | None = None,
) -> Documento:
    """Register an incoming or outgoing oficio or memorandum under the next folio of `area`."""
    if tipo not in Documento.Tipo.values:
        raise OficialiaError("tipo_desconocido", f"Tipo de documento desconocido: {tipo!r}.")
    if sentido not in Documento.Sentido.values:
        raise OficialiaError("sentido_desconocido", "El documento se recibe o se emite.")
    remitente = _texto(remitente, "el remitente", 200)
    destinatario = _texto(destinatario, "el destinatario", 200)
    asunto = _texto(asunto, "el asunto", 300)
    ahora = ahora or timezone.now()
    if fecha_documento > timezone.localtime(ahora).date():
        raise OficialiaError("fecha_futura", "La fecha del documento no puede ser futura.")
    anexos = list(anexos)
    with transaction.atomic():
        sha, nombre = "", ""
        if archivo is not None:
            nombre = _texto(archivo[0], "el nombre del archivo", 200)
            sha = _guardar(archivo[1], nombre)
        folio = tomar_folio(area=area.siglas, asunto=asunto, actor=actor, ahora=ahora)
        doc = Documento.objects.create(
            folio=folio.texto,
            tipo=tipo,
            sentido=sentido,
            area=area,
            remitente=remitente,
            destinatario=destinatario,
            asunto=asunto,
            fecha_documento=fecha_documento,
            registrado_en=ahora,
            registrado_por=_actor_nombre(actor),
            archivo_sha256=sha,
            archivo_nombre=nombre,
            responde_a=responde_a,
            estado=Estado.RECIBIDO,
        )
        for anexo_nombre, contenido in anexos:
            anexo_nombre = _texto(anexo_nombre, "el nombre del anexo", 200)
            Anexo.objects.create(
                documento=doc,
                nombre=anexo_nombre,
                sha256=_guardar(contenido, anexo_nombre),
                bytes=len(contenido),
            )
        accion = "Recibido" if sentido == Documento.Sentido.ENTRADA else "Emitido"
        descripcion = f"{accion} con folio {doc.folio} de {remitente} para {destinatario}"
        if responde_a is not None:
            descripcion += f", en respuesta a {responde_a.folio}"
        _evento(doc, Estado.RECIBIDO, descripcion, actor=actor, en=ahora)
        audit.record(
            actor=_actor(actor),
            action="oficialia.registrar",
            obj=doc,
            after={
                "folio": doc.folio,
                "tipo": tipo,
                "sentido": sentido,
                "area": area.siglas,
                "remitente": remitente,
                "asunto": asunto,
                "archivo_sha256": sha,
                "anexos": [a.sha256 for a in doc.anexos.all()],
                "responde_a": responde_a.folio if responde_a else None,
            },
        )
    return doc


def turnar(
    *,
    documento: Documento,
    areas: Sequence[Area],
    instrucciones: str,
    vence_en: datetime,
    actor: Any | None,
    ahora: datetime | None = None,
) -> list[Turno]:
    """Turn a document to one or several areas with instructions and a due moment."""
    instrucciones = _texto(instrucciones, "las instrucciones", 2000)
    ahora = ahora or timezone.now()
    if not areas:
        raise OficialiaError("sin_areas", "Seleccione al menos un área.")
    if vence_en <= ahora:
        raise OficialiaError("vence_pasado", "La fecha de vencimiento debe ser futura.")
    with transaction.atomic():
        doc = Documento.objects.select_for_update().get(pk=documento.pk)
        if doc.estado in (Estado.ARCHIVADO,):
            raise OficialiaError("archivado", f"El documento {doc.folio} ya está archivado.")
        repetidas = [a.siglas for a in areas if doc.turnos.filter(area=a).exists()]
        if repetidas:
            raise OficialiaError("turno_repetido", f"Ya se turnó a: {', '.join(repetidas)}.")
        turnos = []
        for area in areas:
            turno = Turno.objects.create(
                documento=doc,
                area=area,
                instrucciones=instrucciones,
                vence_en=vence_en,
                turnado_en=ahora,
                estado=Estado.TURNADO,
            )
            turnos.append(turno)
            _evento(
                doc,
                Estado.TURNADO,
                f"Turnado a {area.nombre} ({area.siglas}): {instrucciones}; vence "
                f"{timezone.localtime(vence_en):%Y-%m-%d %H:%M}",
                actor=actor,
                en=ahora,
                turno=turno,
            )
        doc.estado = Estado.TURNADO
        doc.save(update_fields=["estado"])
        audit.record(
            actor=_actor(actor),
            action="oficialia.turnar",
            obj=doc,
            after={
                "folio": doc.folio,
                "areas": [a.siglas for a in areas],
                "instrucciones": instrucciones,
                "vence_en": vence_en.isoformat(),
            },
        )
    return turnos


def atender(*, turno: Turno, actor: Any | None, ahora: datetime | None = None) -> Turno:
    """The area starts working on a turno (en atención)."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        t = Turno.objects.select_for_update().select_related("documento", "area").get(pk=turno.pk)
        if t.estado != Estado.TURNADO:
            raise OficialiaError("estado", f"El turno está {t.get_estado_display().lower()}.")
        t.estado = Estado.EN_ATENCION
        t.save(update_fields=["estado"])
        doc = t.documento
        _evento(
            doc, Estado.EN_ATENCION, f"{t.area.nombre} lo atiende", actor=actor, en=ahora, turno=t
        )
        if doc.estado == Estado.TURNADO:
            doc.estado = Estado.EN_ATENCION
            doc.save(update_fields=["estado"])
        audit.record(
            actor=_actor(actor),
            action="oficialia.atender",
            obj=doc,
            after={"folio": doc.folio, "area": t.area.siglas},
        )
    return t


def responder(
    *,
    turno: Turno,
    asunto: str,
    destinatario: str,
    actor: Any | None,
    archivo: tuple[str, bytes] | None = None,
    ahora: datetime | None = None,
) -> Documento:
    """The area answers its turno with an outgoing oficio under its own folio; the turno is
    atendido, and the document too once every turno is."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        t = Turno.objects.select_for_update().select_related("documento", "area").get(pk=turno.pk)
        if t.estado not in (Estado.TURNADO, Estado.EN_ATENCION):
            raise OficialiaError("estado", f"El turno está {t.get_estado_display().lower()}.")
        original = t.documento
        respuesta = registrar(
            tipo=Documento.Tipo.OFICIO,
            sentido=Documento.Sentido.SALIDA,
            area=t.area,
            remitente=t.area.nombre,
            destinatario=destinatario,
            asunto=asunto,
            fecha_documento=timezone.localtime(ahora).date(),
            actor=actor,
            archivo=archivo,
            responde_a=original,
            ahora=ahora,
        )
        t.estado = Estado.ATENDIDO
        t.atendido_en = ahora
        t.respuesta = respuesta
        t.save(update_fields=["estado", "atendido_en", "respuesta"])
        a_tiempo = "en tiempo" if ahora <= t.vence_en else "fuera de plazo"
        _evento(
            original,
            Estado.ATENDIDO,
            f"{t.area.nombre} respondió con {respuesta.folio} ({a_tiempo})",
            actor=actor,
            en=ahora,
            turno=t,
        )
        pendientes = original.turnos.exclude(estado=Estado.ATENDIDO).exists()
        original.estado = Estado.EN_ATENCION if pendientes else Estado.ATENDIDO
        original.save(update_fields=["estado"])
        audit.record(
            actor=_actor(actor),
            action="oficialia.responder",
            obj=original,
            after={"folio": original.folio, "area": t.area.siglas, "respuesta": respuesta.folio},
        )
    return respuesta


def archivar(
    *, documento: Documento, nota: str, actor: Any | None, ahora: datetime | None = None
) -> Documento:
    """Close a document's file (archivado). Pending turnos must be answered first."""
    nota = _texto(nota, "el motivo del archivo", 400)
    ahora = ahora or timezone.now()
    with transaction.atomic():
        doc = Documento.objects.select_for_update().get(pk=documento.pk)
        if doc.estado == Estado.ARCHIVADO:
            raise OficialiaError("archivado", f"El documento {doc.folio} ya está archivado.")
        if doc.turnos.exclude(estado=Estado.ATENDIDO).exists():
            raise OficialiaError(
                "turnos_pendientes", "No se puede archivar: hay turnos sin atender."
            )
        doc.estado = Estado.ARCHIVADO
        doc.save(update_fields=["estado"])
        _evento(doc, Estado.ARCHIVADO, f"Archivado: {nota}", actor=actor, en=ahora)
        audit.record(
            actor=_actor(actor),
            action="oficialia.archivar",
            obj=doc,
            after={"folio": doc.folio, "nota": nota},
        )
    return doc


# --- requests to Informática ------------------------------------------------------------------


def mas_meses(dia: date, meses: int) -> date:
    """The same day `meses` months later (the month's last day when it has none)."""
    mes0 = dia.month - 1 + meses
    anio, mes = dia.year + mes0 // 12, mes0 % 12 + 1
    return date(anio, mes, min(dia.day, calendar.monthrange(anio, mes)[1]))


def fecha_minima(clase: str, solicitada: date) -> date:
    """The earliest date a request made on `solicitada` may ask for: the lead times of the
    profile's `[oficialia]` section (default: the memorandum of June 2023, one month for systems
    and fifteen days for events)."""
    conf = perfil.de(profiles.cargar(settings.OPLE_PROFILE))
    if clase == Solicitud.Clase.SISTEMA:
        return mas_meses(solicitada, conf.anticipacion_sistemas_meses)
    return solicitada + timedelta(days=conf.anticipacion_eventos_dias)


def solicitar_a_informatica(
    *,
    area: Area,
    clase: str,
    accion: str,
    sistema: str,
    descripcion: str,
    requerido_para: date,
    fecha_solicitud: date,
    actor: Any | None,
    urgente: bool = False,
    ahora: datetime | None = None,
) -> Solicitud:
    """A request (memorandum) from `area` to the Coordinación de Informática.

    The memorandum's lead time is checked: a system needs one month, an event fifteen days; an
    earlier date is refused unless it is marked urgent (the report's "requeridos de forma
    urgente"), which is recorded."""
    if clase not in Solicitud.Clase.values:
        raise OficialiaError("clase", "La solicitud es de un sistema o de un evento.")
    if accion not in Solicitud.Accion.values:
        raise OficialiaError("accion", "Indique si se crea, actualiza o modifica.")
    sistema = _texto(sistema, "el sistema o evento", 200)
    minima = fecha_minima(clase, fecha_solicitud)
    if requerido_para < minima and not urgente:
        conf = perfil.de(profiles.cargar(settings.OPLE_PROFILE))
        if clase == Solicitud.Clase.SISTEMA:
            n = conf.anticipacion_sistemas_meses
            plazo = "un mes" if n == 1 else f"{n} meses"
        else:
            n = conf.anticipacion_eventos_dias
            plazo = "quince días" if n == 15 else f"{n} días"
        raise OficialiaError(
            "sin_anticipacion",
            f"Las solicitudes de {Solicitud.Clase(clase).label.lower()} requieren {plazo} de "
            f"anticipación: la fecha más próxima posible es {minima:%d/%m/%Y}. Márquela como "
            "urgente si lo es.",
        )
    informatica = area_por_siglas("CI")
    with transaction.atomic():
        doc = registrar(
            tipo=Documento.Tipo.SOLICITUD,
            sentido=Documento.Sentido.SALIDA,
            area=area,
            remitente=area.nombre,
            destinatario=informatica.nombre,
            asunto=f"{Solicitud.Accion(accion).label} {sistema}: {descripcion}"[:300],
            fecha_documento=fecha_solicitud,
            actor=actor,
            ahora=ahora,
        )
        s = Solicitud.objects.create(
            documento=doc,
            clase=clase,
            accion=accion,
            sistema=sistema,
            requerido_para=requerido_para,
            anticipacion_dias=(requerido_para - fecha_solicitud).days,
            urgente=urgente,
        )
        audit.record(
            actor=_actor(actor),
            action="oficialia.solicitud",
            obj=doc,
            after={
                "folio": doc.folio,
                "clase": clase,
                "accion": accion,
                "sistema": sistema,
                "requerido_para": requerido_para.isoformat(),
                "urgente": urgente,
            },
        )
    return s


def registrar_avance(
    *,
    solicitud: Solicitud,
    avance: int,
    situacion: str,
    actor: Any | None,
    ahora: datetime | None = None,
) -> Solicitud:
    """Report a request's progress (0–100 %) and its situation ("Detenido", "En espera de
    especificaciones de área requirente")."""
    if type(avance) is not int or not 0 <= avance <= 100:
        raise OficialiaError("avance", "El avance es un porcentaje entero de 0 a 100.")
    situacion = (situacion or "").strip()[:200]
    ahora = ahora or timezone.now()
    with transaction.atomic():
        s = Solicitud.objects.select_for_update().select_related("documento").get(pk=solicitud.pk)
        s.avance = avance
        s.situacion = situacion
        s.save(update_fields=["avance", "situacion"])
        Avance.objects.create(
            solicitud=s,
            avance=avance,
            situacion=situacion,
            en=ahora,
            actor_nombre=_actor_nombre(actor),
        )
        estado = Estado.ATENDIDO if avance == 100 else Estado.EN_ATENCION
        _evento(
            s.documento,
            estado,
            f"Avance {avance} %" + (f": {situacion}" if situacion else ""),
            actor=actor,
            en=ahora,
        )
        s.documento.estado = estado
        s.documento.save(update_fields=["estado"])
        audit.record(
            actor=_actor(actor),
            action="oficialia.avance",
            obj=s.documento,
            after={"folio": s.documento.folio, "avance": avance, "situacion": situacion},
        )
    return s


def sha256(contenido: bytes) -> str:
    return hashlib.sha256(contenido).hexdigest()
