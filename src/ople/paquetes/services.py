"""Every write of package tracking: packages, mechanisms, custody events, corrections, devices.

Keyword-only, one transaction each, the role check and the audit event inside. Custody events are
append-only (ADR 0037): `registrar_evento` adds one, `corregir_evento` adds one that names the
event it corrects; nothing here updates or deletes an `Evento`. Every refusal is a `PaqueteError`
(`codigo` + Spanish `mensaje`) raised before anything is written.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ople.catalog import selectors as catalogo
from ople.catalog.models import Casilla, Demarcacion, Eleccion
from ople.core import audit
from ople.core import roles as core_roles
from ople.core.errors import OpleError
from ople.documentos import folios
from ople.ley.actas import TIPO_ELECCION
from ople.paquetes import clave as claves
from ople.paquetes import roles
from ople.paquetes.models import (
    Bodega,
    CodigoEnrolamiento,
    Dispositivo,
    Evento,
    Mecanismo,
    Paquete,
)
from ople.publicacion import publicar, sitio_de

T = Evento.Tipo


class PaqueteError(OpleError):
    """A refused write: nothing was recorded."""

    estado = 422


# --- packages and mechanisms ------------------------------------------------------------------


def digito_eleccion(eleccion: Eleccion) -> str:
    return TIPO_ELECCION[eleccion.tipo].tipo_acta


def generar_paquetes(*, eleccion: Eleccion, usuario: Any) -> int:
    """Create the expected package of every casilla of every demarcación of `eleccion` (the
    ones that already exist are kept); return how many were created."""
    core_roles.require_role(usuario, roles.SUPERVISION, core_roles.ADMINISTRACION)
    digito = digito_eleccion(eleccion)
    with transaction.atomic():
        existentes = set(
            Paquete.objects.filter(eleccion=eleccion).values_list("casilla_id", flat=True)
        )
        nuevos = []
        for consejo in eleccion.demarcaciones.all():
            for casilla in catalogo.casillas_de(consejo):
                if casilla.pk in existentes:
                    continue
                existentes.add(casilla.pk)
                rural = casilla.ubicacion == Casilla.Ubicacion.NO_URBANA
                nuevos.append(
                    Paquete(
                        clave=claves.clave_de(casilla.clave, digito),
                        eleccion=eleccion,
                        casilla=casilla,
                        consejo=consejo,
                        ubicacion=Paquete.Ubicacion.RURAL if rural else Paquete.Ubicacion.URBANA,
                    )
                )
        Paquete.objects.bulk_create(nuevos, batch_size=500)
        audit.record(
            actor=usuario,
            action="paquetes.generar",
            obj=eleccion,
            after={"eleccion": eleccion.nombre, "creados": len(nuevos)},
        )
    return len(nuevos)


def crear_mecanismo(
    *,
    usuario: Any,
    consejo: Demarcacion,
    tipo: str,
    nombre: str,
    ruta: str = "",
    representantes_invitados: list[str] | tuple[str, ...] = (),
    responsable: str = "",
) -> Mecanismo:
    core_roles.require_role(usuario, roles.SUPERVISION, core_roles.ADMINISTRACION)
    if tipo not in Mecanismo.Tipo.values:
        raise PaqueteError("mecanismo_invalido", "El tipo de mecanismo no existe.")
    if not nombre.strip():
        raise PaqueteError("mecanismo_invalido", "Indique el nombre del mecanismo.")
    invitados = [r.strip() for r in representantes_invitados if r.strip()]
    if tipo == Mecanismo.Tipo.CRYT_ITINERANTE and (not ruta.strip() or not invitados):
        raise PaqueteError(
            "mecanismo_invalido",
            "Un CRyT itinerante lleva su ruta y los representantes invitados a acompañarlo "
            "(RE art. 327).",
        )
    with transaction.atomic():
        if Mecanismo.objects.filter(consejo=consejo, nombre=nombre.strip()).exists():
            raise PaqueteError(
                "mecanismo_repetido", "Ese consejo ya tiene un mecanismo con ese nombre."
            )
        mecanismo = Mecanismo.objects.create(
            consejo=consejo,
            tipo=tipo,
            nombre=nombre.strip(),
            ruta=ruta.strip(),
            representantes_invitados=invitados,
            responsable=responsable.strip(),
        )
        audit.record(
            actor=usuario,
            action="paquetes.mecanismo",
            obj=mecanismo,
            after={
                "consejo": consejo.nombre,
                "tipo": tipo,
                "nombre": mecanismo.nombre,
                "ruta": mecanismo.ruta,
                "representantes_invitados": invitados,
            },
        )
    return mecanismo


def asignar(
    *, usuario: Any, paquete: Paquete, mecanismo: Mecanismo | None, ubicacion: str
) -> Paquete:
    """Plan a package's route (None: direct delivery) and its location for the deadline."""
    core_roles.require_role(usuario, roles.SUPERVISION, core_roles.ADMINISTRACION)
    if ubicacion not in Paquete.Ubicacion.values:
        raise PaqueteError("ubicacion_invalida", "La ubicación es cabecera, urbana o rural.")
    if mecanismo is not None and mecanismo.consejo_id != paquete.consejo_id:
        raise PaqueteError("mecanismo_ajeno", "Ese mecanismo es de otro consejo.")
    with transaction.atomic():
        paquete = Paquete.objects.select_for_update().get(pk=paquete.pk)
        antes = {"mecanismo": paquete.mecanismo_id, "ubicacion": paquete.ubicacion}
        paquete.mecanismo = mecanismo
        paquete.ubicacion = ubicacion
        paquete.save(update_fields=["mecanismo", "ubicacion"])
        audit.record(
            actor=usuario,
            action="paquetes.asignar",
            obj=paquete,
            before=antes,
            after={"mecanismo": mecanismo.pk if mecanismo else None, "ubicacion": ubicacion},
        )
    return paquete


def asignar_rutas(*, usuario: Any, consejo: Demarcacion, rutas: dict[str, tuple[str, str]]) -> int:
    """The consejo's route table in one transaction: {package key: (mechanism id, or "" for
    direct delivery; location)}. Only packages whose plan changes are written (each audited as
    `asignar` does); one bad row — a package or mechanism of another consejo, an unknown
    location — refuses the whole table. Returns how many packages changed."""
    core_roles.require_role(usuario, roles.SUPERVISION, core_roles.ADMINISTRACION)
    with transaction.atomic():
        paquetes = {
            p.clave: p for p in Paquete.objects.filter(consejo=consejo, clave__in=list(rutas))
        }
        propios = {str(m.pk): m for m in Mecanismo.objects.filter(consejo=consejo)}
        cambiados = 0
        for clave, (mecanismo_id, ubicacion) in rutas.items():
            paquete = paquetes.get(clave)
            if paquete is None:
                raise PaqueteError("paquete_ajeno", f"El paquete {clave} no es de este consejo.")
            if mecanismo_id and mecanismo_id not in propios:
                raise PaqueteError(
                    "mecanismo_ajeno", f"Paquete {clave}: ese mecanismo es de otro consejo."
                )
            mecanismo = propios.get(mecanismo_id) if mecanismo_id else None
            if (paquete.mecanismo_id, paquete.ubicacion) == (
                mecanismo.pk if mecanismo else None,
                ubicacion,
            ):
                continue
            asignar(usuario=usuario, paquete=paquete, mecanismo=mecanismo, ubicacion=ubicacion)
            cambiados += 1
    return cambiados


# --- reading a label --------------------------------------------------------------------------


def paquete_de_etiqueta(texto: str, *, proceso: str) -> Paquete:
    """The package a scanned QR or a typed key names; `ClaveInvalida` (Spanish) otherwise."""
    lectura = claves.leer(texto, proceso=proceso)
    paquete = (
        Paquete.objects.select_related("consejo")
        .filter(clave=lectura.clave, eleccion__proceso__clave=proceso)
        .first()
    )
    if paquete is None:
        raise claves.ClaveInvalida(
            "paquete_desconocido",
            "La clave es correcta pero no corresponde a ningún paquete esperado de este proceso.",
        )
    return paquete


# --- custody events ---------------------------------------------------------------------------

EVENTOS_DE_BODEGA = frozenset({T.APERTURA_BODEGA, T.CIERRE_BODEGA})
EVENTOS_DE_CAMPO = frozenset(
    {T.CIERRE_CASILLA, T.ENTREGA_A_MECANISMO, T.RECEPCION_CRYT, T.SALIDA_CRYT, T.LLEGADA_CONSEJO}
)
EVENTOS_EN_BODEGA = frozenset(
    {T.EXTRACCION_ACTAS, T.RECUENTO, T.REINTEGRO, T.TRASLADO_SEDE_ALTERNA}
)
CONDICION = ("cinta_integra", "firmas_integras", "muestras_alteracion", "acta_por_fuera")


@dataclass(frozen=True)
class DatosEvento:
    """What a person records with an event (every field optional; each type asks for its own)."""

    ocurrido_en: datetime | None = None
    mecanismo_id: int | None = None
    entregado_por: str = ""
    cargo_entrega: str = ""
    recibido_por: str = ""
    cargo_recibe: str = ""
    cinta_integra: bool | None = None
    firmas_integras: bool | None = None
    muestras_alteracion: bool | None = None
    acta_por_fuera: bool | None = None
    acta_en_paquete: bool | None = None
    presentes: tuple[str, ...] = field(default=())
    motivo: str = ""
    justificacion: str = ""
    organo: str = ""
    observaciones: str = ""
    foto_sha256: str = ""


@dataclass(frozen=True)
class ResultadoEvento:
    evento: Evento
    duplicado: bool  # the same client id had already been recorded: the first one is returned

    @property
    def recibo(self) -> str:
        return self.evento.recibo_folio or f"EV-{self.evento.pk}"


def _error(codigo: str, mensaje: str) -> PaqueteError:
    return PaqueteError(codigo, mensaje)


def _puede(usuario: Any, tipo: str) -> None:
    if tipo in EVENTOS_DE_CAMPO:
        permitidos = roles.PUEDEN_CAMPO
    elif tipo in EVENTOS_DE_BODEGA or tipo in EVENTOS_EN_BODEGA:
        permitidos = roles.PUEDEN_BODEGA
    else:
        permitidos = roles.PUEDEN_CONSEJO
    core_roles.require_role(usuario, *permitidos, core_roles.ADMINISTRACION)


def _efectivos(qs: Any) -> list[Evento]:
    """The events not superseded by a correction, in order."""
    eventos = list(qs)
    corregidos = {e.corrige_id for e in eventos if e.corrige_id}
    return [e for e in eventos if e.pk not in corregidos]


def bodega_abierta(consejo: Demarcacion) -> bool:
    ultimo = None
    for e in _efectivos(
        Evento.objects.filter(consejo=consejo, tipo__in=EVENTOS_DE_BODEGA).order_by(
            "ocurrido_en", "id"
        )
    ):
        ultimo = e
    return ultimo is not None and ultimo.tipo == T.APERTURA_BODEGA


def _folio_recibo(consejo: Demarcacion, ahora: datetime) -> str:
    """The next receipt folio of the consejo, gap-free per year, in the institute's folio
    pattern (`ople.documentos.folios`): `IEE/RPQ-D01/001/2024`. The consejo's row stays locked
    until the reception commits, so two tables never take the same number and a refused
    reception gives its number back."""
    anio = timezone.localtime(ahora).year
    # One plain statement (it runs for every reception, under the consejo's lock): take the
    # next number and lock the row; the row is created the first time.
    tabla = connection.ops.quote_name(Bodega._meta.db_table)
    sql = (
        f"UPDATE {tabla} SET ultimo_recibo = CASE WHEN anio_recibos = %s "
        "THEN ultimo_recibo + 1 ELSE 1 END, anio_recibos = %s WHERE consejo_id = %s "
        "RETURNING ultimo_recibo"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [anio, anio, consejo.pk])
        fila = cursor.fetchone()
        if fila is None:
            Bodega.objects.bulk_create([Bodega(consejo=consejo)], ignore_conflicts=True)
            cursor.execute(sql, [anio, anio, consejo.pk])
            fila = cursor.fetchone()
    return numero_de_recibo(consejo, int(fila[0]), anio)


def _validar(
    tipo: str,
    paquete: Paquete | None,
    consejo: Demarcacion,
    d: DatosEvento,
    previos: list[Evento],
    corrige: Evento | None,
) -> None:
    tipos_previos = {e.tipo for e in previos}
    if tipo in EVENTOS_DE_BODEGA:
        if paquete is not None:
            raise _error(
                "evento_invalido", "La apertura y el cierre son de la bodega, no de un paquete."
            )
        if len([p for p in d.presentes if p.strip()]) < 2:
            raise _error(
                "faltan_testigos",
                "Anote al menos a dos personas presentes (integrantes del consejo y "
                "representantes) en la apertura o el cierre de la bodega.",
            )
        if not d.motivo.strip():
            raise _error("falta_motivo", "Anote el motivo de la apertura o el cierre de la bodega.")
        return
    if paquete is None:
        raise _error("falta_paquete", "Escanee la etiqueta del paquete.")
    if tipo == T.RECEPCION_CONSEJO:
        if consejo.pk != paquete.consejo_id:
            raise _error(
                "otro_consejo",
                f"Este paquete corresponde a {paquete.consejo.nombre}, no a este consejo: "
                "registre «Entregado a otro órgano» y el intercambio.",
            )
        faltan = [c for c in CONDICION if getattr(d, c) is None]
        if (
            faltan
            or not d.entregado_por.strip()
            or not d.cargo_entrega
            or not d.recibido_por.strip()
        ):
            raise _error(
                "faltan_datos",
                "Para recibir el paquete anote quién lo entrega y su cargo, quién lo recibe, y "
                "el estado: cinta o sello, firmas, muestras de alteración y acta por fuera.",
            )
        if corrige is None and T.RECEPCION_CONSEJO in tipos_previos:
            raise _error(
                "ya_recibido",
                "Este paquete ya fue recibido; si algo se anotó mal, registre una corrección.",
            )
    if tipo == T.RECEPCION_CRYT and d.mecanismo_id is None:
        raise _error("falta_mecanismo", "Indique el CRyT que recibe el paquete.")
    if tipo == T.ENTREGA_OTRO_ORGANO and not d.organo.strip():
        raise _error("falta_organo", "Anote el órgano que recibió el paquete por error.")
    if tipo == T.TRASLADO_SEDE_ALTERNA and not d.organo.strip():
        raise _error("falta_organo", "Anote la sede alterna.")
    if tipo == T.INTERCAMBIO and T.ENTREGA_OTRO_ORGANO not in tipos_previos:
        raise _error(
            "sin_entrega_erronea", "No hay registro de que este paquete llegara a otro órgano."
        )
    if tipo == T.INGRESO_BODEGA and T.RECEPCION_CONSEJO not in tipos_previos:
        raise _error("sin_recepcion", "El paquete entra a la bodega después de recibirlo.")
    if tipo in EVENTOS_EN_BODEGA and corrige is None:
        if T.INGRESO_BODEGA not in tipos_previos:
            raise _error("sin_bodega", "El paquete no ha ingresado a la bodega.")
        if tipo != T.TRASLADO_SEDE_ALTERNA and not bodega_abierta(consejo):
            raise _error(
                "bodega_cerrada",
                "La bodega está cerrada: ábrala ante las personas que deben estar presentes "
                "antes de sacar un paquete.",
            )
    if tipo == T.EXTRACCION_ACTAS and d.acta_en_paquete is None:
        raise _error(
            "faltan_datos", "Anote si el acta de escrutinio y cómputo venía en el paquete."
        )


def comprobar_solicitud(*, usuario: Any, tipo: str, id_cliente: str) -> str:
    """What `registrar_evento` refuses before reading anything: the type, the client id (returned
    stripped) and the person's role. Also the scanning API's direct route (`paquetes.lote`)."""
    if tipo not in T.values:
        raise _error("evento_invalido", "El tipo de evento no existe.")
    id_cliente = (id_cliente or "").strip()
    if not 8 <= len(id_cliente) <= 64:
        raise _error(
            "id_cliente_invalido", "Falta el identificador del registro (8 a 64 caracteres)."
        )
    _puede(usuario, tipo)
    return id_cliente


def momento_del_evento(datos: DatosEvento, ahora: datetime) -> datetime:
    """When the event happened (the server's time when not declared); refused in the future."""
    ocurrido = datos.ocurrido_en or ahora
    if ocurrido > ahora + timedelta(minutes=10):
        raise _error("fecha_futura", "La hora del evento está en el futuro: revise el reloj.")
    return ocurrido


def validar_evento(
    tipo: str,
    paquete: Paquete | None,
    consejo: Demarcacion,
    datos: DatosEvento,
    previos: list[Evento],
) -> None:
    """The rules of a new (not correcting) event against the package's effective earlier events
    (`previos`: objects with `pk`, `tipo`, `corrige_id`); `PaqueteError` when refused."""
    _validar(tipo, paquete, consejo, datos, _efectivos(previos), None)


def despues_de(
    *,
    datos: DatosEvento,
    tipo: str,
    paquete: Paquete | None,
    consejo: Demarcacion,
    ocurrido: datetime,
    folio: str,
    programado: bool | None,
    dispositivo: Dispositivo | None,
    mesa: str,
) -> dict[str, Any]:
    """The `after` of an event's audit record (`paquetes.evento`)."""
    despues = {k: v for k, v in asdict(datos).items() if v not in (None, "", ())}
    despues.update(
        {
            "tipo": tipo,
            "paquete": paquete.clave if paquete else None,
            "consejo": consejo.nombre,
            "ocurrido_en": ocurrido,
            "recibo_folio": folio,
            "programado": programado,
            "dispositivo": dispositivo.pk if dispositivo else None,
            "mesa": mesa,
        }
    )
    return despues


def numero_de_recibo(consejo: Demarcacion, numero: int, anio: int) -> str:
    """The receipt folio `numero` of the consejo's year `anio`: `IEE/RPQ-D01/001/2024`."""
    letra = "D" if consejo.tipo == Demarcacion.Tipo.DISTRITO_LOCAL else "M"
    return folios.formatear(
        patron=settings.DOCUMENTOS_FOLIO_FORMATO,
        institucion=settings.DOCUMENTOS_FOLIO_INSTITUCION,
        area=f"RPQ-{letra}{consejo.clave:02d}",
        numero=numero,
        anio=anio,
    )


def registrar_evento(
    *,
    usuario: Any,
    tipo: str,
    id_cliente: str,
    paquete: Paquete | None = None,
    consejo: Demarcacion | None = None,
    datos: DatosEvento = DatosEvento(),
    dispositivo: Dispositivo | None = None,
    mesa: str = "",
    corrige: Evento | None = None,
    motivo_correccion: str = "",
    ahora: datetime | None = None,
) -> ResultadoEvento:
    """Append one custody event. A repeat of `id_cliente` (a phone's retry) returns the first
    event recorded with it (`duplicado`), whatever it carries."""
    id_cliente = comprobar_solicitud(usuario=usuario, tipo=tipo, id_cliente=id_cliente)
    previo = Evento.objects.filter(id_cliente=id_cliente).first()
    if previo is not None:
        return ResultadoEvento(evento=previo, duplicado=True)
    if consejo is None:
        if paquete is None:
            raise _error("falta_consejo", "Indique el consejo.")
        consejo = paquete.consejo
    ahora = ahora or timezone.now()
    ocurrido = momento_del_evento(datos, ahora)
    try:
        # Its audit event is appended at the end, so the chain's head is locked only for the
        # COMMIT (ADR 0048).
        with transaction.atomic(), audit.deferred():
            return _registrar(
                usuario=usuario,
                tipo=tipo,
                id_cliente=id_cliente,
                paquete=paquete,
                consejo=consejo,
                datos=datos,
                dispositivo=dispositivo,
                mesa=mesa,
                corrige=corrige,
                motivo_correccion=motivo_correccion,
                ahora=ahora,
                ocurrido=ocurrido,
            )
    except IntegrityError:
        # Two deliveries of the same record raced: the other one committed first.
        previo = Evento.objects.filter(id_cliente=id_cliente).first()
        if previo is None:
            raise
        return ResultadoEvento(evento=previo, duplicado=True)


def _registrar(
    *,
    usuario: Any,
    tipo: str,
    id_cliente: str,
    paquete: Paquete | None,
    consejo: Demarcacion,
    datos: DatosEvento,
    dispositivo: Dispositivo | None,
    mesa: str,
    corrige: Evento | None,
    motivo_correccion: str,
    ahora: datetime,
    ocurrido: datetime,
) -> ResultadoEvento:
    # One writer at a time per package (or per bodega): two tables cannot both receive it.
    if paquete is not None:
        paquete = (
            Paquete.objects.select_for_update(of=("self",))
            .select_related("consejo")
            .get(pk=paquete.pk)
        )
        previos = _efectivos(
            paquete.eventos.only("id", "tipo", "corrige_id").order_by("ocurrido_en", "id")
        )
    else:
        Bodega.objects.bulk_create([Bodega(consejo=consejo)], ignore_conflicts=True)
        Bodega.objects.select_for_update().get(consejo=consejo)
        previos = []
    _validar(tipo, paquete, consejo, datos, previos, corrige)
    mecanismo = None
    programado = None
    if datos.mecanismo_id is not None:
        mecanismo = Mecanismo.objects.filter(pk=datos.mecanismo_id).first()
        if mecanismo is None:
            raise _error("mecanismo_invalido", "El mecanismo no existe.")
    if tipo in (T.ENTREGA_A_MECANISMO, T.RECEPCION_CRYT) and paquete is not None:
        programado = mecanismo is not None and paquete.mecanismo_id == mecanismo.pk
        if not programado and tipo == T.RECEPCION_CRYT and not datos.observaciones.strip():
            raise _error(
                "no_programado",
                "Este paquete no estaba asignado a este CRyT: explique en observaciones por qué "
                "se recibe (se informa al consejo y consta en el acta circunstanciada).",
            )
    folio = ""
    if tipo == T.RECEPCION_CONSEJO and paquete is not None:
        folio = _folio_recibo(consejo, ahora)
    evento = Evento.objects.create(
        paquete=paquete,
        consejo=consejo,
        tipo=tipo,
        ocurrido_en=ocurrido,
        registrado_en=ahora,
        mecanismo=mecanismo,
        programado=programado,
        entregado_por=datos.entregado_por.strip()[:150],
        cargo_entrega=datos.cargo_entrega,
        recibido_por=datos.recibido_por.strip()[:150],
        cargo_recibe=datos.cargo_recibe,
        cinta_integra=datos.cinta_integra,
        firmas_integras=datos.firmas_integras,
        muestras_alteracion=datos.muestras_alteracion,
        acta_por_fuera=datos.acta_por_fuera,
        acta_en_paquete=datos.acta_en_paquete,
        recibo_folio=folio,
        presentes=[p.strip()[:150] for p in datos.presentes if p.strip()],
        motivo=datos.motivo.strip()[:300],
        justificacion=datos.justificacion.strip()[:500],
        organo=datos.organo.strip()[:150],
        observaciones=datos.observaciones.strip()[:2000],
        foto_sha256=datos.foto_sha256,
        motivo_correccion=motivo_correccion.strip()[:300],
        corrige=corrige,
        usuario=usuario,
        dispositivo=dispositivo,
        mesa=mesa.strip()[:40],
        id_cliente=id_cliente,
    )
    despues = despues_de(
        datos=datos,
        tipo=tipo,
        paquete=paquete,
        consejo=consejo,
        ocurrido=ocurrido,
        folio=folio,
        programado=programado,
        dispositivo=dispositivo,
        mesa=mesa,
    )
    if corrige is not None:
        despues.update({"corrige": corrige.pk, "motivo_correccion": motivo_correccion})
    audit.record(
        actor=usuario,
        action="paquetes.correccion" if corrige is not None else "paquetes.evento",
        obj=evento,
        after=despues,
    )
    return ResultadoEvento(evento=evento, duplicado=False)


def corregir_evento(
    *,
    usuario: Any,
    evento: Evento,
    motivo: str,
    datos: DatosEvento,
    id_cliente: str,
    ahora: datetime | None = None,
) -> ResultadoEvento:
    """Record a new event of the same type that replaces `evento` in every reading; both stay."""
    core_roles.require_role(usuario, roles.SUPERVISION, core_roles.ADMINISTRACION)
    if not motivo.strip():
        raise _error("falta_motivo", "Anote por qué se corrige el evento.")
    posterior = Evento.objects.filter(corrige=evento).first()
    if posterior is not None:
        raise _error(
            "ya_corregido",
            f"Ese evento ya fue corregido por el evento {posterior.pk}: corrija ese.",
        )
    return registrar_evento(
        usuario=usuario,
        tipo=evento.tipo,
        id_cliente=id_cliente,
        paquete=evento.paquete,
        consejo=evento.consejo,
        datos=datos,
        corrige=evento,
        motivo_correccion=motivo,
        ahora=ahora,
    )


# --- the public progress cut -----------------------------------------------------------------


def publicar_avance(*, actor: Any = None, ahora: datetime | None = None) -> Any:
    """Publish the public reception progress (counts per consejo) as a signed, chained cut of
    the site `paquetes` (`ople.publicacion`); the cut's audit event is `paquetes.corte`."""
    from ople.paquetes import selectors, sitio

    ahora = ahora or timezone.now()
    return publicar(
        sitio_de("paquetes"),
        archivos=sitio.generar(selectors.modelo_avance(ahora=ahora)),
        corte_en=ahora,
        accion="paquetes.corte",
        actor=actor,
        descripcion="Avance de la recepción de paquetes electorales por consejo",
    )


# --- scanning devices -------------------------------------------------------------------------

_ALFABETO = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def _sha(texto: str) -> str:
    return hashlib.sha256(texto.encode()).hexdigest()


def huella(token: str) -> str:
    """What is kept of a device token (its SHA-256)."""
    return _sha(token)


def _normalizar_codigo(codigo: str) -> str:
    return "".join(c for c in codigo.upper() if c.isalnum())


def crear_codigo_enrolamiento(
    *, supervisor: Any, persona: Any, vigencia: timedelta = timedelta(hours=24)
) -> str:
    """A one-time code that enrols a phone for `persona` (who must hold a field or reception
    role); shown once, only its hash is kept."""
    core_roles.require_role(supervisor, roles.SUPERVISION, core_roles.ADMINISTRACION)
    if not core_roles.has_role(
        persona, roles.CAE, roles.RECEPCION, roles.BODEGA, roles.SUPERVISION
    ):
        raise _error(
            "persona_sin_rol",
            "La persona no tiene un rol de paquetes (CAE, recepción o bodega).",
        )
    simbolos = "".join(secrets.choice(_ALFABETO) for _ in range(12))
    codigo = "-".join(simbolos[i : i + 4] for i in range(0, 12, 4))
    ahora = timezone.now()
    with transaction.atomic():
        registro = CodigoEnrolamiento.objects.create(
            codigo_sha256=_sha(simbolos),
            persona=persona,
            creado_por=supervisor,
            expira=ahora + vigencia,
        )
        audit.record(
            actor=supervisor,
            action="paquetes.codigo_enrolamiento",
            obj=registro,
            after={"persona": persona.get_username(), "expira": registro.expira},
        )
    return codigo


def enrolar_dispositivo(*, codigo: str, nombre: str) -> tuple[str, Dispositivo]:
    """Exchange a one-time code for a device token (returned once)."""
    nombre = nombre.strip()[:120]
    if not nombre:
        raise _error("solicitud_invalida", "Falta el nombre del teléfono.")
    ahora = timezone.now()
    with transaction.atomic():
        registro = (
            CodigoEnrolamiento.objects.select_for_update()
            .filter(codigo_sha256=_sha(_normalizar_codigo(codigo)))
            .first()
        )
        if registro is None or registro.usado_en is not None or registro.expira <= ahora:
            raise PaqueteError(
                "codigo_invalido",
                "El código de enrolamiento no es válido, ya se usó o venció. Pida uno nuevo.",
                estado=401,
            )
        token = secrets.token_urlsafe(32)
        dispositivo = Dispositivo.objects.create(
            nombre=nombre,
            token_sha256=_sha(token),
            persona=registro.persona,
            enrolado_por=registro.creado_por,
            creado=ahora,
        )
        registro.usado_en = ahora
        registro.dispositivo = dispositivo
        registro.save(update_fields=["usado_en", "dispositivo"])
        audit.record(
            actor=registro.persona,
            action="paquetes.enrolamiento",
            obj=dispositivo,
            after={"nombre": nombre, "persona": registro.persona.get_username()},
        )
    return token, dispositivo


def revocar_dispositivo(*, supervisor: Any, dispositivo: Dispositivo, motivo: str) -> None:
    """Stop a phone (lost, stolen, its person left): its token is refused from now on; what it
    recorded stays."""
    core_roles.require_role(supervisor, roles.SUPERVISION, core_roles.ADMINISTRACION)
    if not motivo.strip():
        raise _error("falta_motivo", "Anote por qué se da de baja el teléfono.")
    with transaction.atomic():
        d = Dispositivo.objects.select_for_update().get(pk=dispositivo.pk)
        if not d.activo:
            return
        Dispositivo.objects.filter(pk=d.pk).update(activo=False)
        audit.record(
            actor=supervisor,
            action="paquetes.revocacion",
            obj=d,
            before={"activo": True},
            after={"activo": False, "motivo": motivo.strip()[:200]},
        )


def autenticar(token: str) -> Dispositivo | None:
    if not token:
        return None
    return (
        Dispositivo.objects.select_related("persona")
        .filter(token_sha256=_sha(token), activo=True, persona__is_active=True)
        .first()
    )
