"""Seguimiento documental's reads: search, overdue and due-soon turnos, a folio's history, the
portfolio of requests to Informática."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet

from ople.oficialia.models import Area, Documento, Estado, Evento, Solicitud, Turno

PENDIENTES = (Estado.TURNADO, Estado.EN_ATENCION)


def areas() -> QuerySet[Area]:
    return Area.objects.all()


def buscar(
    *,
    texto: str = "",
    area: str = "",
    estado: str = "",
    desde: date | None = None,
    hasta: date | None = None,
) -> QuerySet[Documento]:
    """Documents by folio, sender, addressee or subject (``texto``), area (the registering one or
    one it was turned to), state and date of the document."""
    qs = Documento.objects.select_related("area")
    texto = texto.strip()
    if texto:
        qs = qs.filter(
            Q(folio__icontains=texto)
            | Q(remitente__icontains=texto)
            | Q(destinatario__icontains=texto)
            | Q(asunto__icontains=texto)
        )
    if area:
        qs = qs.filter(Q(area__siglas=area) | Q(turnos__area__siglas=area)).distinct()
    if estado:
        qs = qs.filter(estado=estado)
    if desde:
        qs = qs.filter(fecha_documento__gte=desde)
    if hasta:
        qs = qs.filter(fecha_documento__lte=hasta)
    return qs


def vencidos(*, ahora: datetime, area: str = "") -> QuerySet[Turno]:
    qs = Turno.objects.filter(estado__in=PENDIENTES, vence_en__lte=ahora)
    if area:
        qs = qs.filter(area__siglas=area)
    return qs.select_related("documento", "area")


def por_vencer(*, ahora: datetime, dias: int = 3, area: str = "") -> QuerySet[Turno]:
    qs = Turno.objects.filter(
        estado__in=PENDIENTES, vence_en__gt=ahora, vence_en__lte=ahora + timedelta(days=dias)
    )
    if area:
        qs = qs.filter(area__siglas=area)
    return qs.select_related("documento", "area")


def documento(pk: int) -> Documento:
    return Documento.objects.select_related("area", "responde_a").get(pk=pk)


def por_folio(folio: str) -> Documento | None:
    return Documento.objects.filter(folio=folio).first()


def historial(doc: Documento) -> QuerySet[Evento]:
    return Evento.objects.filter(documento=doc).select_related("turno__area")


@dataclass(frozen=True)
class FilaCartera:
    fecha: date
    sistema: str
    accion: str
    area: str
    avance: str
    notas: str
    folio: str


def cartera() -> list[FilaCartera]:
    """The table of requests the way the institute's report prints it: date of request, system
    required, create/update/modify, requesting area, progress (or its situation), notes."""
    filas = []
    for s in Solicitud.objects.select_related("documento__area").order_by(
        "documento__fecha_documento", "id"
    ):
        notas = []
        if s.urgente:
            notas.append("Requerido de forma urgente")
        if s.situacion and s.avance:
            notas.append(s.situacion)
        avance = f"{s.avance} %" if s.avance or not s.situacion else s.situacion
        filas.append(
            FilaCartera(
                fecha=s.documento.fecha_documento,
                sistema=s.sistema,
                accion=s.get_accion_display(),
                area=s.documento.area.nombre,
                avance=avance,
                notas="; ".join(notas),
                folio=s.documento.folio,
            )
        )
    return filas
