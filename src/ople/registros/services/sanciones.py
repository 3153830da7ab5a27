"""Follow-up of the sanctions the institute must execute or watch: fines with their payments,
public reprimands, withdrawal of registration. Deadlines from `ople.ley.plazos` with the profile's
calendar; the state is the latest event; evidence goes to the `documentos` store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from ople.core import audit, roles
from ople.documentos.storage import Evidencia
from ople.ley import plazos
from ople.registros import configuracion
from ople.registros import roles as r
from ople.registros.errores import RegistroInvalido
from ople.registros.models import EventoSancion, EvidenciaSancion, PagoSancion, Sancion

EVIDENCIA = Evidencia(prefijo="registros")
ESTADOS = dict(EventoSancion.ESTADOS)
FINALES = frozenset({"cumplida", "incumplida"})


def fecha_limite(fecha_notificacion: date, dias_habiles: int) -> date | None:
    """The last business day to comply: `dias_habiles` counted from the day after the notice
    took effect (LGSMIME art. 8 model, `ley.plazos.vence_en_dias`); None when no deadline."""
    if dias_habiles == 0:
        return None
    anios = range(fecha_notificacion.year, fecha_notificacion.year + 2 + dias_habiles // 200)
    cal = configuracion.calendario(anios)
    desde = datetime.combine(fecha_notificacion, time(12), tzinfo=cal.zona)
    vence = plazos.vence_en_dias(cal, desde, dias_habiles)
    return (vence - timedelta(days=1)).date()


def _monto(valor: Any) -> Decimal:
    try:
        monto = Decimal(str(valor)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise RegistroInvalido(
            "monto", "El monto debe ser una cantidad en pesos, p. ej. 12450.50."
        ) from None
    if monto <= 0:
        raise RegistroInvalido("monto", "El monto debe ser mayor que cero.")
    return monto


def registrar_sancion(
    *,
    tipo: str,
    sujeto: str,
    expediente: str,
    autoridad: str,
    descripcion: str,
    fecha_notificacion: date,
    monto: Any = None,
    plazo_dias_habiles: int | None = None,
    usuario: Any,
    ahora: datetime | None = None,
) -> Sancion:
    """A sanction to execute or watch; its deadline is the profile's for its kind unless the
    ruling fixed one (`plazo_dias_habiles`)."""
    roles.require_role(usuario, r.CAPTURA)
    ahora = ahora or timezone.now()
    if tipo not in dict(Sancion.TIPOS):
        raise RegistroInvalido("tipo", "Tipo de sanción desconocido.")
    for valor, etiqueta in (
        (sujeto, "el sujeto sancionado"),
        (expediente, "el expediente"),
        (autoridad, "la autoridad"),
        (descripcion, "la descripción"),
    ):
        if not valor.strip():
            raise RegistroInvalido("campo_vacio", f"Falta {etiqueta}.")
    monto_d = _monto(monto) if tipo == "multa" else None
    if tipo != "multa" and monto not in (None, ""):
        raise RegistroInvalido("monto", "Sólo una multa lleva monto.")
    dias = (
        plazo_dias_habiles
        if plazo_dias_habiles is not None
        else configuracion.seccion().plazo_sancion_dias[tipo]
    )
    if dias < 0:
        raise RegistroInvalido("plazo", "El plazo no puede ser negativo.")
    limite = fecha_limite(fecha_notificacion, dias)
    with transaction.atomic():
        sancion = Sancion.objects.create(
            tipo=tipo,
            sujeto=sujeto.strip(),
            expediente=expediente.strip(),
            autoridad=autoridad.strip(),
            descripcion=descripcion.strip(),
            monto=monto_d,
            fecha_notificacion=fecha_notificacion,
            plazo_dias_habiles=dias,
            fecha_limite=limite,
            creada_por=usuario,
            creada_en=ahora,
        )
        EventoSancion.objects.create(sancion=sancion, estado="por_ejecutar", por=usuario, en=ahora)
        audit.record(
            actor=usuario,
            action="registros.sancion_alta",
            obj=sancion,
            after={
                "tipo": tipo,
                "sujeto": sancion.sujeto,
                "expediente": sancion.expediente,
                "monto": monto_d,
                "plazo_dias_habiles": dias,
                "fecha_limite": limite,
            },
        )
    return sancion


def estado_de(sancion: Sancion) -> str:
    ultimo = sancion.eventos.order_by("-en", "-id").first()
    return ultimo.estado if ultimo else "por_ejecutar"


def cambiar_estado(
    *, sancion: Sancion, estado: str, nota: str = "", usuario: Any, ahora: datetime | None = None
) -> EventoSancion:
    roles.require_role(usuario, r.CAPTURA)
    ahora = ahora or timezone.now()
    if estado not in ESTADOS:
        raise RegistroInvalido("estado", "Estado desconocido.")
    with transaction.atomic():
        sancion = Sancion.objects.select_for_update().get(pk=sancion.pk)
        anterior = estado_de(sancion)
        if anterior in FINALES:
            raise RegistroInvalido("final", f"La sanción ya está {ESTADOS[anterior].lower()}.")
        if estado == anterior:
            raise RegistroInvalido("mismo_estado", "La sanción ya está en ese estado.")
        if estado == "cumplida" and sancion.tipo == "multa" and saldo(sancion) > 0:
            raise RegistroInvalido(
                "saldo", f"La multa tiene un saldo de ${saldo(sancion):,.2f}: no está cumplida."
            )
        evento = EventoSancion.objects.create(
            sancion=sancion, estado=estado, nota=nota.strip(), por=usuario, en=ahora
        )
        audit.record(
            actor=usuario,
            action="registros.sancion_estado",
            obj=evento,
            before={"estado": anterior},
            after={"estado": estado, "nota": evento.nota},
        )
    return evento


def pagado(sancion: Sancion) -> Decimal:
    return PagoSancion.objects.filter(sancion=sancion).aggregate(t=Sum("monto"))["t"] or Decimal(
        "0"
    )


def saldo(sancion: Sancion) -> Decimal:
    return (sancion.monto or Decimal("0")) - pagado(sancion)


def registrar_pago(
    *,
    sancion: Sancion,
    monto: Any,
    fecha: date,
    referencia: str,
    comprobante: bytes = b"",
    usuario: Any,
    ahora: datetime | None = None,
) -> PagoSancion:
    """A payment of a fine; it cannot exceed the balance. When the balance reaches zero the fine
    is marked as complied with (an event)."""
    roles.require_role(usuario, r.CAPTURA)
    ahora = ahora or timezone.now()
    if sancion.tipo != "multa":
        raise RegistroInvalido("no_multa", "Sólo una multa recibe pagos.")
    monto_d = _monto(monto)
    if not referencia.strip():
        raise RegistroInvalido("campo_vacio", "Falta la referencia del pago.")
    if fecha > timezone.localdate(ahora):
        raise RegistroInvalido("fecha_futura", "La fecha del pago no puede ser futura.")
    sha = EVIDENCIA.guardar(comprobante, extension="pdf")[0] if comprobante else ""
    with transaction.atomic():
        sancion = Sancion.objects.select_for_update().get(pk=sancion.pk)
        if estado_de(sancion) in FINALES:
            raise RegistroInvalido("final", "La sanción ya está cerrada.")
        if monto_d > saldo(sancion):
            raise RegistroInvalido("excede", f"El pago excede el saldo de ${saldo(sancion):,.2f}.")
        pago = PagoSancion.objects.create(
            sancion=sancion,
            monto=monto_d,
            fecha=fecha,
            referencia=referencia.strip(),
            evidencia_sha256=sha,
            por=usuario,
            en=ahora,
        )
        audit.record(
            actor=usuario,
            action="registros.sancion_pago",
            obj=pago,
            after={
                "monto": monto_d,
                "fecha": fecha,
                "referencia": pago.referencia,
                "saldo": saldo(sancion),
            },
        )
        if saldo(sancion) == 0:
            cambiar_estado(
                sancion=sancion,
                estado="cumplida",
                nota="Multa pagada en su totalidad.",
                usuario=usuario,
                ahora=ahora,
            )
    return pago


def agregar_evidencia(
    *,
    sancion: Sancion,
    descripcion: str,
    nombre_archivo: str,
    datos: bytes,
    usuario: Any,
    ahora: datetime | None = None,
) -> EvidenciaSancion:
    roles.require_role(usuario, r.CAPTURA)
    ahora = ahora or timezone.now()
    if not descripcion.strip():
        raise RegistroInvalido("campo_vacio", "Falta la descripción de la evidencia.")
    if not datos:
        raise RegistroInvalido("vacio", "El archivo está vacío.")
    extension = nombre_archivo.rsplit(".", 1)[-1].lower() if "." in nombre_archivo else ""
    sha, almacen = EVIDENCIA.guardar(datos, extension=extension if extension.isalnum() else "")
    with transaction.atomic():
        ev = EvidenciaSancion.objects.create(
            sancion=sancion,
            descripcion=descripcion.strip(),
            nombre_archivo=nombre_archivo[:200],
            sha256=sha,
            almacen=almacen,
            por=usuario,
            en=ahora,
        )
        audit.record(
            actor=usuario,
            action="registros.sancion_evidencia",
            obj=ev,
            after={"sha256": sha, "descripcion": ev.descripcion},
        )
    return ev


@dataclass(frozen=True)
class Seguimiento:
    sancion: Sancion
    estado: str
    pagado: Decimal | None
    saldo: Decimal | None
    vencida: bool  # past its deadline and not complied with

    @property
    def etiqueta(self) -> str:
        return ESTADOS.get(self.estado, self.estado)


def seguimiento(hoy: date | None = None) -> list[Seguimiento]:
    """Every sanction with its state, balance and whether it is overdue on `hoy`."""
    hoy = hoy or timezone.localdate()
    resultado = []
    for s in Sancion.objects.prefetch_related("eventos").order_by("fecha_limite", "id"):
        estado = estado_de(s)
        resultado.append(
            Seguimiento(
                sancion=s,
                estado=estado,
                pagado=pagado(s) if s.tipo == "multa" else None,
                saldo=saldo(s) if s.tipo == "multa" else None,
                vencida=s.fecha_limite is not None
                and hoy > s.fecha_limite
                and estado not in FINALES,
            )
        )
    return resultado
