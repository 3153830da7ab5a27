"""Custody events committed in groups (`core.group_commit`, ADR 0048): a group writes what the
same events one after the other write (rows, receipts, gap-free folios, audit events); a refused
event affects no other; through the API with the committer, every event once."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection, connections  # noqa: F401  (skipif reads connection)

from ople.core import audit, group_commit
from ople.core.models import AuditEvent
from ople.core.testing import en_hilos
from ople.paquetes import clave as claves
from ople.paquetes.models import Evento
from ople.paquetes.services import (
    DatosEvento,
    PaqueteError,
    crear_codigo_enrolamiento,
    enrolar_dispositivo,
    registrar_evento,
)

from .conftest import crear_escenario

pytestmark = pytest.mark.django_db(transaction=True)
T = Evento.Tipo
BIEN = dict(
    entregado_por="Rosa Pérez",
    cargo_entrega="PRESIDENCIA",
    recibido_por="Mesa 1",
    cinta_integra=True,
    firmas_integras=True,
    muestras_alteracion=False,
    acta_por_fuera=False,
)


def _llamadas(esc, base: int, prefijo: str):
    def evento(tipo, i, id_cliente, **datos):
        return lambda: registrar_evento(
            usuario=esc.recepcion if tipo != T.INGRESO_BODEGA else esc.bodega,
            tipo=tipo,
            id_cliente=f"{prefijo}-{id_cliente}",
            paquete=esc.paquete(base + i),
            consejo=esc.consejo,
            datos=DatosEvento(**datos),
            mesa="Mesa 1",
        )

    return [
        evento(T.RECEPCION_CONSEJO, 0, "uno-0001", **BIEN),
        evento(T.INGRESO_BODEGA, 1, "dos-0001"),  # refused: not received
        evento(T.RECEPCION_CONSEJO, 1, "tres-001", **BIEN),
        evento(T.RECEPCION_CONSEJO, 0, "cuatro-1", **BIEN),  # refused: received already
        evento(T.RECEPCION_CONSEJO, 0, "uno-0001", **BIEN),  # a phone's retry: same receipt
        evento(T.INGRESO_BODEGA, 0, "cinco-01"),
        evento(T.RECEPCION_CONSEJO, 2, "seis-001"),  # refused: no condition
    ]


def _resumen(resultados):
    salida = []
    for r in resultados:
        if r.error is not None:
            assert isinstance(r.error, PaqueteError)
            salida.append(("error", r.error.codigo))
        else:
            e = r.value.evento
            salida.append((e.tipo, e.id_cliente.partition("-")[2], r.value.duplicado))
    return salida


def _folios(resultados):
    return [
        int(r.value.evento.recibo_folio.split("/")[2])
        for r in resultados
        if r.error is None and r.value.evento.recibo_folio
    ]


def test_grupo_igual_a_secuencial():
    esc = crear_escenario(n_casillas=8)
    antes = AuditEvent.objects.count()
    secuencial = [group_commit.alone(c) for c in _llamadas(esc, 0, "s")]
    n_sec = AuditEvent.objects.count() - antes
    grupo = group_commit.execute_group(_llamadas(esc, 4, "g"))
    assert (
        _resumen(grupo)
        == _resumen(secuencial)
        == [
            (T.RECEPCION_CONSEJO, "uno-0001", False),
            ("error", "sin_recepcion"),
            (T.RECEPCION_CONSEJO, "tres-001", False),
            ("error", "ya_recibido"),
            (T.RECEPCION_CONSEJO, "uno-0001", True),
            (T.INGRESO_BODEGA, "cinco-01", False),
            ("error", "faltan_datos"),
        ]
    )
    # The repeat got the first receipt back; the folios continue without a gap.
    assert secuencial[4].value.recibo == secuencial[0].value.recibo
    assert grupo[4].value.recibo == grupo[0].value.recibo
    assert _folios(secuencial) == [1, 2, 1] and _folios(grupo) == [3, 4, 3]
    assert Evento.objects.filter(id_cliente__startswith="g-").count() == 3
    assert AuditEvent.objects.count() - antes == 2 * n_sec == 6
    assert audit.verify_log() is None


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="the committer runs only on PostgreSQL (SQLite's in-memory test database refuses "
    "concurrent writers)",
)
def test_api_con_el_confirmador_cada_evento_una_vez(settings, client):
    settings.OPLE_GROUP_COMMIT = True
    esc = crear_escenario(n_casillas=12)
    codigo = crear_codigo_enrolamiento(supervisor=esc.supervisor, persona=esc.recepcion)
    token, _ = enrolar_dispositivo(codigo=codigo, nombre="Mesa 1")
    recibos = {}
    candado = threading.Lock()

    def mesa(n):
        from django.test import Client

        c = Client()
        for i in range(n, 12, 4):
            cuerpo = {
                "id_cliente": f"mesa{n}-paquete{i}",
                "etiqueta": claves.texto_qr(esc.proceso.clave, esc.paquete(i).clave),
                "tipo": "RECEPCION_CONSEJO",
                **BIEN,
            }
            for vez in range(2):  # the second post is a phone's retry
                r = c.post(
                    "/paquetes/api/v1/eventos",
                    json.dumps(cuerpo),
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {token}",
                )
                assert r.status_code == (201, 200)[vez], r.content
                with candado:
                    assert (
                        recibos.setdefault(cuerpo["id_cliente"], r.json()["recibo"])
                        == (r.json()["recibo"])
                    )

    try:
        errores = en_hilos(mesa, 4)
    finally:
        group_commit.stop()
    assert not errores, errores
    assert len(recibos) == 12
    folios = sorted(int(f.split("/")[2]) for f in recibos.values())
    assert folios == list(range(1, 13))  # gap-free, each once
    assert Evento.objects.filter(tipo=T.RECEPCION_CONSEJO).count() == 12
    assert AuditEvent.objects.filter(action="paquetes.evento").count() == 12
    assert audit.verify_log() is None
