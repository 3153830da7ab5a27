"""PES and POS cases: radicación with a gap-free key, stages, precautionary measures, rulings and
documents. Every write is audited; nothing is updated except a measure's ruling (once).

The key `IEE/PES/NNN/AAAA` (or `IEE/POS/…`) is a folio of `ople.documentos` for the area `PES`
or `POS` in the year of radicación: one series per type and year, without gaps (a radicación
that fails gives its number back).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from ople.core import audit, roles
from ople.documentos.services.folios import tomar_folio
from ople.documentos.storage import Evidencia
from ople.registros import roles as r
from ople.registros.anonimizar import ParteDatos
from ople.registros.errores import RegistroInvalido
from ople.registros.models import (
    ETAPAS,
    DocumentoExpediente,
    EtapaExpediente,
    Expediente,
    MedidaCautelar,
    Parte,
    Resolucion,
)

ORDEN_ETAPAS = [e for e, _ in ETAPAS]
EVIDENCIA = Evidencia(prefijo="registros")
MAX_DOCUMENTO = 20 * 1024 * 1024


def _etapa_actual(expediente: Expediente) -> EtapaExpediente | None:
    return EtapaExpediente.objects.filter(expediente=expediente).order_by("-fecha", "-id").first()


def radicar(
    *,
    tipo: str,
    fecha_presentacion: date,
    conductas: str,
    partes: Sequence[ParteDatos],
    es_vpmrg: bool = False,
    fecha_radicacion: date | None = None,
    usuario: Any,
    ahora: datetime | None = None,
) -> Expediente:
    """Register a complaint: its key (series of the year of radicación), its parties and the
    stage «radicación» (on `fecha_radicacion`, default today; a case opened on paper before the
    system is captured with its own date)."""
    roles.require_role(usuario, r.CAPTURA)
    ahora = ahora or timezone.now()
    hoy = timezone.localdate(ahora)
    if tipo not in ("PES", "POS"):
        raise RegistroInvalido("tipo", "El tipo de procedimiento debe ser PES o POS.")
    conductas = conductas.strip()
    if not conductas:
        raise RegistroInvalido("campo_vacio", "Faltan las conductas denunciadas.")
    if fecha_presentacion > hoy:
        raise RegistroInvalido("fecha_futura", "La fecha de presentación no puede ser futura.")
    radicacion = fecha_radicacion or hoy
    if not fecha_presentacion <= radicacion <= hoy:
        raise RegistroInvalido(
            "fecha_radicacion", "La radicación va entre la presentación de la queja y hoy."
        )
    roles_partes = {p.rol for p in partes}
    if not {"denunciante", "denunciado"} <= roles_partes:
        raise RegistroInvalido(
            "partes", "Un expediente necesita al menos una parte denunciante y una denunciada."
        )
    for p in partes:
        if not p.nombre.strip():
            raise RegistroInvalido("campo_vacio", "Cada parte necesita su nombre.")
        if p.rol not in dict(Parte.ROLES) or p.tipo_persona not in dict(Parte.TIPOS):
            raise RegistroInvalido("partes", "Rol o tipo de persona desconocido.")
    with transaction.atomic():
        momento = ahora
        if radicacion != hoy:
            local = timezone.localtime(ahora)
            momento = local.replace(
                year=radicacion.year, month=radicacion.month, day=radicacion.day
            )
        folio = tomar_folio(area=tipo, asunto=f"Expediente {tipo}", actor=usuario, ahora=momento)
        expediente = Expediente.objects.create(
            clave=folio.texto,
            tipo=tipo,
            fecha_presentacion=fecha_presentacion,
            conductas=conductas,
            es_vpmrg=es_vpmrg,
            creado_por=usuario,
            creado_en=ahora,
        )
        Parte.objects.bulk_create(
            [
                Parte(
                    expediente=expediente,
                    rol=p.rol,
                    tipo_persona=p.tipo_persona,
                    nombre=" ".join(p.nombre.split()),
                    identificador=p.identificador.strip(),
                )
                for p in partes
            ]
        )
        EtapaExpediente.objects.create(
            expediente=expediente, etapa="radicacion", fecha=radicacion, por=usuario, en=ahora
        )
        # The audit event names the parties by role only: the log is not public, but it is read
        # by more people than the case's file.
        audit.record(
            actor=usuario,
            action="registros.expediente_alta",
            obj=expediente,
            after={
                "clave": expediente.clave,
                "tipo": tipo,
                "fecha_presentacion": fecha_presentacion,
                "es_vpmrg": es_vpmrg,
                "partes": [{"rol": p.rol, "tipo_persona": p.tipo_persona} for p in partes],
            },
        )
    return expediente


def registrar_etapa(
    *,
    expediente: Expediente,
    etapa: str,
    fecha: date,
    nota: str = "",
    usuario: Any,
    ahora: datetime | None = None,
) -> EtapaExpediente:
    """The case reaches `etapa` on `fecha`: stages only move forward, and a POS is resolved by the
    Consejo General (no remission to the tribunal)."""
    roles.require_role(usuario, r.CAPTURA)
    ahora = ahora or timezone.now()
    if etapa not in ORDEN_ETAPAS:
        raise RegistroInvalido("etapa", "Etapa desconocida.")
    if expediente.tipo == "POS" and etapa == "remision":
        raise RegistroInvalido(
            "etapa", "Un POS lo resuelve el Consejo General: no se remite al tribunal."
        )
    if fecha > timezone.localdate(ahora):
        raise RegistroInvalido("fecha_futura", "La fecha de la etapa no puede ser futura.")
    with transaction.atomic():
        Expediente.objects.select_for_update().filter(pk=expediente.pk).first()
        actual = _etapa_actual(expediente)
        if actual is not None:
            if ORDEN_ETAPAS.index(etapa) <= ORDEN_ETAPAS.index(actual.etapa):
                raise RegistroInvalido(
                    "etapa_anterior",
                    f"El expediente ya está en {actual.get_etapa_display().lower()}; las etapas sólo avanzan.",
                )
            if fecha < actual.fecha:
                raise RegistroInvalido(
                    "fecha_anterior", "La fecha es anterior a la de la etapa previa."
                )
        registro = EtapaExpediente.objects.create(
            expediente=expediente,
            etapa=etapa,
            fecha=fecha,
            nota=nota.strip(),
            por=usuario,
            en=ahora,
        )
        audit.record(
            actor=usuario,
            action="registros.expediente_etapa",
            obj=registro,
            after={"clave": expediente.clave, "etapa": etapa, "fecha": fecha},
        )
    return registro


def registrar_medida(
    *,
    expediente: Expediente,
    descripcion: str,
    solicitada_en: date,
    usuario: Any,
    ahora: datetime | None = None,
) -> MedidaCautelar:
    roles.require_role(usuario, r.CAPTURA)
    ahora = ahora or timezone.now()
    if not descripcion.strip():
        raise RegistroInvalido("campo_vacio", "Falta la descripción de la medida cautelar.")
    with transaction.atomic():
        medida = MedidaCautelar.objects.create(
            expediente=expediente,
            descripcion=descripcion.strip(),
            solicitada_en=solicitada_en,
            por=usuario,
            en=ahora,
        )
        audit.record(
            actor=usuario,
            action="registros.expediente_medida",
            obj=medida,
            after={"clave": expediente.clave, "solicitada_en": solicitada_en},
        )
    return medida


def resolver_medida(
    *,
    medida: MedidaCautelar,
    resolucion: str,
    fecha: date,
    usuario: Any,
    ahora: datetime | None = None,
) -> MedidaCautelar:
    roles.require_role(usuario, r.CAPTURA)
    ahora = ahora or timezone.now()
    if resolucion not in ("concedida", "negada"):
        raise RegistroInvalido("resolucion", "La medida se concede o se niega.")
    with transaction.atomic():
        medida = MedidaCautelar.objects.select_for_update().get(pk=medida.pk)
        if medida.resolucion != "pendiente":
            raise RegistroInvalido("ya_resuelta", "Esta medida cautelar ya fue resuelta.")
        if fecha < medida.solicitada_en:
            raise RegistroInvalido(
                "fecha_anterior", "La medida no se resuelve antes de solicitarse."
            )
        medida.resolucion, medida.resuelta_en = resolucion, fecha
        medida.save(update_fields=["resolucion", "resuelta_en"])
        audit.record(
            actor=usuario,
            action="registros.expediente_medida_resolucion",
            obj=medida,
            before={"resolucion": "pendiente"},
            after={"resolucion": resolucion, "fecha": fecha},
        )
    return medida


def registrar_resolucion(
    *,
    expediente: Expediente,
    fecha: date,
    sentido: str,
    clave_tribunal: str = "",
    sancion: str = "",
    usuario: Any,
    ahora: datetime | None = None,
) -> Resolucion:
    """The ruling (the tribunal's for a PES, with its case number; the Consejo General's for a
    POS). The case reaches the stage «resolución» if it had not."""
    roles.require_role(usuario, r.CAPTURA)
    ahora = ahora or timezone.now()
    if sentido not in dict(Resolucion.SENTIDOS):
        raise RegistroInvalido("sentido", "Sentido de la resolución desconocido.")
    clave_tribunal = clave_tribunal.strip()
    if expediente.tipo == "PES" and not clave_tribunal:
        raise RegistroInvalido(
            "clave_tribunal", "Un PES lo resuelve el tribunal: falta su número de expediente."
        )
    with transaction.atomic():
        actual = _etapa_actual(expediente)
        if actual is None or actual.etapa != "resolucion":
            registrar_etapa(
                expediente=expediente, etapa="resolucion", fecha=fecha, usuario=usuario, ahora=ahora
            )
        resolucion = Resolucion.objects.create(
            expediente=expediente,
            clave_tribunal=clave_tribunal,
            fecha=fecha,
            sentido=sentido,
            sancion=sancion.strip(),
            por=usuario,
            en=ahora,
        )
        audit.record(
            actor=usuario,
            action="registros.expediente_resolucion",
            obj=resolucion,
            after={
                "clave": expediente.clave,
                "clave_tribunal": clave_tribunal,
                "sentido": sentido,
                "fecha": fecha,
            },
        )
    return resolucion


def agregar_documento(
    *,
    expediente: Expediente,
    titulo: str,
    nombre_archivo: str,
    datos: bytes,
    usuario: Any,
    ahora: datetime | None = None,
) -> DocumentoExpediente:
    roles.require_role(usuario, r.CAPTURA)
    ahora = ahora or timezone.now()
    if not titulo.strip():
        raise RegistroInvalido("campo_vacio", "Falta el título del documento.")
    if not datos:
        raise RegistroInvalido("vacio", "El archivo está vacío.")
    if len(datos) > MAX_DOCUMENTO:
        raise RegistroInvalido("grande", "El archivo excede 20 MB.")
    extension = nombre_archivo.rsplit(".", 1)[-1].lower() if "." in nombre_archivo else ""
    sha, almacen = EVIDENCIA.guardar(datos, extension=extension if extension.isalnum() else "")
    with transaction.atomic():
        doc = DocumentoExpediente.objects.create(
            expediente=expediente,
            titulo=titulo.strip(),
            nombre_archivo=nombre_archivo[:200],
            sha256=sha,
            almacen=almacen,
            por=usuario,
            en=ahora,
        )
        audit.record(
            actor=usuario,
            action="registros.expediente_documento",
            obj=doc,
            after={"clave": expediente.clave, "sha256": sha},
        )
    return doc


def partes_de(expediente: Expediente) -> list[ParteDatos]:
    return [
        ParteDatos(p.rol, p.tipo_persona, p.nombre, p.identificador)
        for p in expediente.partes.all()
    ]
