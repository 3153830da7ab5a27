"""Custody events of the scanning API's direct route written in groups with plain SQL
(docs/decisions/0049).

`registrar_evento` (services) is the rule; this is the same write, measured to cost 11–14 ms of
CPU and ~15 statements per event through the ORM, done for a whole group of events in three
round trips on PostgreSQL:

    BEGIN
    1. lock the group's packages (ascending id), read their events' types, the events already
       recorded with the group's client ids, and take ids for the new events (one round trip);
       in Python, event by event in arrival order: a repeated client id answers the first
       event, `services.validar_evento` decides the rest (the events the group adds count for
       the ones after them)
    2. take the receipt numbers of the group's receptions from each consejo's counter with ONE
       `UPDATE … RETURNING` (the counter's row stays locked until COMMIT, so numbers are
       gap-free and in commit order), and lock the audit head (`audit.head_lock_sql`)
    3. insert the new events (one statement) and append their audit events
       (`audit.append_sql`, the same `after` as the service's record)
    COMMIT; only then each caller gets its answer.

Only the events whose rules need nothing beyond the package's own events come here (the API's
`eventos_directo` chooses: a scanned label, no consejo or mechanism named, not an event inside
the bodega); every refusal is the service's own `PaqueteError`. If the group cannot be written
this way (no bodega row or audit head yet, receptions of two years, or any database error: a
client id inserted by another process meanwhile, a deadlock), nothing of it was written and each
event is run again alone through `services.registrar_evento`, exactly as the Django view does.

On a server process the groups are formed by one committer thread (`core.group_commit.Committer`
with this module's `escribir`), when `OPLE_GROUP_COMMIT` is on; off, each event is a group of one
written by its own request thread.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import db
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ople.core import audit, group_commit, sql_insert
from ople.core.group_commit import Outcome
from ople.paquetes import services
from ople.paquetes.models import Bodega, Dispositivo, Evento, Paquete

T = Evento.Tipo


@dataclass(frozen=True)
class Llamada:
    """One event of the direct route, checked by `services.comprobar_solicitud`."""

    usuario: Any
    tipo: str
    id_cliente: str
    paquete: Paquete  # with its `consejo` loaded
    datos: services.DatosEvento
    dispositivo: Dispositivo
    mesa: str
    ahora: datetime

    def sola(self) -> services.ResultadoEvento:
        return services.registrar_evento(
            usuario=self.usuario,
            tipo=self.tipo,
            id_cliente=self.id_cliente,
            paquete=self.paquete,
            datos=self.datos,
            dispositivo=self.dispositivo,
            mesa=self.mesa,
            ahora=self.ahora,
        )


class _Previo:
    """What `services.validar_evento` reads of an earlier event."""

    __slots__ = ("corrige_id", "pk", "tipo")

    def __init__(self, pk: int, tipo: str, corrige_id: int | None) -> None:
        self.pk = pk
        self.tipo = tipo
        self.corrige_id = corrige_id


@functools.cache
def _sentencias() -> tuple[str, str, str]:
    q = db.connection.ops.quote_name
    evento = q(Evento._meta.db_table)
    paquete = q(Paquete._meta.db_table)
    lecturas = "; ".join(
        [
            f"SELECT id FROM {paquete} WHERE id = ANY(%(paquetes)s::bigint[]) "
            "ORDER BY id FOR UPDATE",
            f"SELECT paquete_id, id, tipo, corrige_id FROM {evento} "
            "WHERE paquete_id = ANY(%(paquetes)s::bigint[]) ORDER BY ocurrido_en, id",
            f"SELECT e.id_cliente, e.id, e.tipo, e.paquete_id, p.clave, e.registrado_en, "
            f"e.recibo_folio FROM {evento} e LEFT JOIN {paquete} p ON p.id = e.paquete_id "
            "WHERE e.id_cliente = ANY(%(ids)s::text[])",
            f"SELECT nextval(pg_get_serial_sequence('{Evento._meta.db_table}', 'id')) "
            "FROM generate_series(1, %(n)s::integer)",
        ]
    )
    folio = (
        f"UPDATE {q(Bodega._meta.db_table)} SET ultimo_recibo = CASE WHEN anio_recibos = %s "
        "THEN ultimo_recibo + %s ELSE %s END, anio_recibos = %s WHERE consejo_id = %s "
        "RETURNING ultimo_recibo"
    )
    return lecturas, folio, sql_insert.sentencia_pg(Evento, con_id=True)


def _fila(ll: Llamada, pk: int, ocurrido: datetime, folio: str) -> dict[str, Any]:
    """The event's row as `services._registrar` creates it (no mechanism: see the module)."""
    d = ll.datos
    return {
        "id": pk,
        "paquete_id": ll.paquete.pk,
        "consejo_id": ll.paquete.consejo_id,
        "tipo": ll.tipo,
        "ocurrido_en": ocurrido,
        "registrado_en": ll.ahora,
        "mecanismo_id": None,
        "programado": False if ll.tipo == T.ENTREGA_A_MECANISMO else None,
        "entregado_por": d.entregado_por.strip()[:150],
        "cargo_entrega": d.cargo_entrega,
        "recibido_por": d.recibido_por.strip()[:150],
        "cargo_recibe": d.cargo_recibe,
        "cinta_integra": d.cinta_integra,
        "firmas_integras": d.firmas_integras,
        "muestras_alteracion": d.muestras_alteracion,
        "acta_por_fuera": d.acta_por_fuera,
        "acta_en_paquete": d.acta_en_paquete,
        "recibo_folio": folio,
        "presentes": [p.strip()[:150] for p in d.presentes if p.strip()],
        "motivo": d.motivo.strip()[:300],
        "justificacion": d.justificacion.strip()[:500],
        "organo": d.organo.strip()[:150],
        "observaciones": d.observaciones.strip()[:2000],
        "foto_sha256": d.foto_sha256,
        "motivo_correccion": "",
        "corrige_id": None,
        "usuario_id": ll.usuario.pk,
        "dispositivo_id": ll.dispositivo.pk,
        "mesa": ll.mesa.strip()[:40],
        "id_cliente": ll.id_cliente,
    }


def _evento(fila: dict[str, Any], paquete: Paquete | None) -> Evento:
    """The Evento instance the answer is built from (as `services._registrar` returns it)."""
    evento = Evento(
        id=fila["id"],
        tipo=fila["tipo"],
        registrado_en=fila["registrado_en"],
        recibo_folio=fila["recibo_folio"],
        paquete=paquete,
    )
    evento._state.adding = False
    return evento


def _grupo_pg(llamadas: list[Llamada]) -> list[Outcome] | None:
    """The group in three round trips, inside the caller's transaction; None (nothing written)
    when it needs the service."""
    lecturas, sql_folio, sql_eventos = _sentencias()
    paquetes = sorted({ll.paquete.pk for ll in llamadas})
    with db.connection.cursor() as cursor:
        cursor.execute(
            lecturas,
            {"paquetes": paquetes, "ids": [ll.id_cliente for ll in llamadas], "n": len(llamadas)},
        )
        resultados = [cursor.fetchall()]
        while cursor.nextset():
            resultados.append(cursor.fetchall())
    _bloqueados, filas_previas, filas_repetidas, ids_nuevos = resultados
    previos: dict[int, list[Any]] = {pk: [] for pk in paquetes}
    for paquete_id, pk, tipo, corrige_id in filas_previas:
        previos[paquete_id].append(_Previo(pk, tipo, corrige_id))
    ya: dict[str, Evento] = {}
    for id_cliente, pk, tipo, paquete_id, clave, registrado_en, folio in filas_repetidas:
        paquete = Paquete(id=paquete_id, clave=clave) if paquete_id is not None else None
        ya[id_cliente] = _evento(
            {"id": pk, "tipo": tipo, "registrado_en": registrado_en, "recibo_folio": folio},
            paquete,
        )
    salidas: list[Outcome | None] = []
    nuevas: list[tuple[int, Llamada, dict[str, Any]]] = []  # (position, call, row)
    en_grupo: dict[str, int] = {}  # a client id this group adds -> its first call's position
    repetidas: list[tuple[int, int]] = []  # (a retry's position, its first call's position)
    for i, (ll, (pk,)) in enumerate(zip(llamadas, ids_nuevos, strict=True)):
        previo = ya.get(ll.id_cliente)
        if previo is not None:
            salidas.append(Outcome(value=services.ResultadoEvento(evento=previo, duplicado=True)))
            continue
        if ll.id_cliente in en_grupo:  # answered once the first call's receipt is numbered
            repetidas.append((i, en_grupo[ll.id_cliente]))
            salidas.append(None)
            continue
        try:
            ocurrido = services.momento_del_evento(ll.datos, ll.ahora)
            services.validar_evento(
                ll.tipo, ll.paquete, ll.paquete.consejo, ll.datos, previos[ll.paquete.pk]
            )
        except services.PaqueteError as exc:
            salidas.append(Outcome(error=exc))
            continue
        fila = _fila(ll, pk, ocurrido, "")
        en_grupo[ll.id_cliente] = i
        previos[ll.paquete.pk].append(_Previo(pk, ll.tipo, None))
        nuevas.append((i, ll, fila))
        salidas.append(None)
    # The receipt numbers: one UPDATE per consejo for all its receptions of the group, the
    # consejos' counters taken in ascending order (two groups never wait on each other in a
    # cycle).
    por_consejo: dict[int, list[tuple[Llamada, dict[str, Any]]]] = {}
    for _i, ll, fila in nuevas:
        if ll.tipo == T.RECEPCION_CONSEJO:
            por_consejo.setdefault(ll.paquete.consejo_id, []).append((ll, fila))
    recepciones = dict(sorted(por_consejo.items()))
    anios = {timezone.localtime(ll.ahora).year for filas in recepciones.values() for ll, _ in filas}
    if len(anios) > 1:
        return None  # receptions on both sides of New Year's midnight: the service, one by one
    anio = anios.pop() if anios else 0
    sentencias: list[str] = []
    parametros: list[Any] = []
    for consejo_id, filas in recepciones.items():
        sentencias.append(sql_folio)
        parametros += [anio, len(filas), len(filas), anio, consejo_id]
    sentencias.append(audit.head_lock_sql())
    with db.connection.cursor() as cursor:
        cursor.execute("; ".join(sentencias), parametros)
        leidos = [cursor.fetchall()]
        while cursor.nextset():
            leidos.append(cursor.fetchall())
    *ultimos, cabeza = leidos
    if not cabeza or not all(ultimos):
        return None  # an empty log or a consejo without its bodega row: the service creates them
    for filas, ((ultimo,),) in zip(recepciones.values(), ultimos, strict=True):
        primero = int(ultimo) - len(filas) + 1
        for numero, (ll, fila) in enumerate(filas, start=primero):
            fila["recibo_folio"] = services.numero_de_recibo(ll.paquete.consejo, numero, anio)
    eventos_audit = []
    for i, ll, fila in nuevas:
        evento = _evento(fila, ll.paquete)
        salidas[i] = Outcome(value=services.ResultadoEvento(evento=evento, duplicado=False))
        eventos_audit.append(
            dict(
                actor=ll.usuario,
                action="paquetes.evento",
                object_type=Evento._meta.label_lower,
                object_id=str(fila["id"]),
                after=services.despues_de(
                    datos=ll.datos,
                    tipo=ll.tipo,
                    paquete=ll.paquete,
                    consejo=ll.paquete.consejo,
                    ocurrido=fila["ocurrido_en"],
                    folio=fila["recibo_folio"],
                    programado=fila["programado"],
                    dispositivo=ll.dispositivo,
                    mesa=ll.mesa,
                ),
            )
        )
    for j, k in repetidas:  # a retry inside the group: the first call's event and receipt
        primera = salidas[k]
        assert primera is not None and primera.value is not None
        salidas[j] = Outcome(
            value=services.ResultadoEvento(evento=primera.value.evento, duplicado=True)
        )
    if nuevas:
        seq, hash_previo = cabeza[0]
        sql_audit = audit.append_sql()
        with db.connection.cursor() as cursor:
            cursor.execute(
                "; ".join([sql_eventos, *sql_audit]),
                [
                    sql_insert.documento_json(Evento, [f for _i, _ll, f in nuevas], con_id=True),
                    *audit.append_params(eventos_audit, seq, hash_previo),
                ],
            )
    return [s for s in salidas if s is not None]  # every position is filled by now


def escribir(llamadas: list[Llamada]) -> list[Outcome]:
    """Write a group of events (PostgreSQL, outside a transaction) and COMMIT; each call's
    result or refusal, in order, once committed. A group that cannot be written so: each event
    alone through the service, in its own transaction."""
    salidas: list[Outcome] | None = None
    try:
        with transaction.atomic():
            salidas = _grupo_pg(llamadas)
            if salidas is None:
                transaction.set_rollback(True)
    except Exception:
        salidas = None
    if salidas is not None:
        return salidas
    return [_sola(ll) for ll in llamadas]


def _sola(llamada: Llamada) -> Outcome:
    try:
        return Outcome(value=llamada.sola())
    except Exception as exc:
        return Outcome(error=exc)


_COMMITTER: list[group_commit.Committer] = []
_CANDADO = threading.Lock()


def _committer() -> group_commit.Committer:
    with _CANDADO:
        if not _COMMITTER or not _COMMITTER[0].thread.is_alive():
            _COMMITTER[:] = [group_commit.Committer(escribir, name="paquetes-eventos")]
        return _COMMITTER[0]


def detener() -> None:
    """Stop this process's committer (tests; it starts again on the next event)."""
    with _CANDADO:
        if _COMMITTER:
            _COMMITTER.pop().stop()


def registrar(llamada: Llamada) -> services.ResultadoEvento:
    """The event, through this process's committer when `OPLE_GROUP_COMMIT` is on, else as a
    group of one; its result (or refusal) after its COMMIT. PostgreSQL only."""
    if getattr(settings, "OPLE_GROUP_COMMIT", False):
        resultado: services.ResultadoEvento = _committer().submit(llamada).result()
        return resultado
    return escribir([llamada])[0].result()  # type: ignore[no-any-return]
