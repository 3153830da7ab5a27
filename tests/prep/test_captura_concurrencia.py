"""Concurrency of the capture queue and of pair consolidation, on real PostgreSQL row locks."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from ople.prep import roles as prep_roles
from ople.prep.models import Asignacion, Captura, EstadoActa, Verificacion
from ople.prep.services import captura as svc
from tests.prep import datos_captura as dc

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite no tiene bloqueos de fila: sus transacciones IMMEDIATE se serializan; "
        "la concurrencia real se prueba en PostgreSQL",
    ),
]


def _en_hilos(funciones):
    """Run the callables at the same instant (barrier), each on its own connection."""
    barrera = threading.Barrier(len(funciones))
    resultados: list = [None] * len(funciones)
    errores: list = []

    def correr(i, f):
        try:
            barrera.wait()
            resultados[i] = f()
        except Exception as exc:  # noqa: BLE001 - reported below
            errores.append(exc)
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=correr, args=(i, f)) for i, f in enumerate(funciones)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(60)
    return resultados, errores


def test_dos_capturas_simultaneas_una_sola_verificacion():
    cat = dc.catalogo(n_actas=8)
    a = dc.usuario("a", prep_roles.CAPTURA)
    b = dc.usuario("b", prep_roles.CAPTURA)
    for acta in cat.actas:
        la = svc.tomar_siguiente(usuario=a)
        lb = svc.tomar_siguiente(usuario=b)
        assert la.acta_id == lb.acta_id == acta.pk and {la.ronda, lb.ronda} == {1, 2}
        res, errores = _en_hilos(
            [
                lambda la=la: svc.registrar_captura(usuario=a, asignacion=la, valores=dc.valores()),
                lambda lb=lb: svc.registrar_captura(usuario=b, asignacion=lb, valores=dc.valores()),
            ]
        )
        assert errores == []
        assert Captura.objects.filter(acta=acta).count() == 2
        assert Verificacion.objects.filter(acta=acta).count() == 1
        # Exactly one of the two captures saw the other and consolidated.
        assert sum(1 for r in res if r.verificacion is not None) == 1
        assert EstadoActa.objects.get(acta=acta).estado == EstadoActa.Estado.VERIFICADA


def test_dos_capturas_distintas_simultaneas_un_solo_conflicto():
    cat = dc.catalogo(n_actas=4)
    a = dc.usuario("a", prep_roles.CAPTURA)
    b = dc.usuario("b", prep_roles.CAPTURA)
    for acta in cat.actas:
        la, lb = svc.tomar_siguiente(usuario=a), svc.tomar_siguiente(usuario=b)
        _, errores = _en_hilos(
            [
                lambda la=la: svc.registrar_captura(usuario=a, asignacion=la, valores=dc.valores()),
                lambda lb=lb: svc.registrar_captura(
                    usuario=b, asignacion=lb, valores=dc.valores({"PAN": 1})
                ),
            ]
        )
        assert errores == []
        assert EstadoActa.objects.get(acta=acta).estado == EstadoActa.Estado.CONFLICTO
        assert not Verificacion.objects.filter(acta=acta).exists()


def test_muchos_operadores_nunca_reciben_la_misma_asignacion():
    n_ops = 8
    cat = dc.catalogo(n_actas=6)
    ops = [dc.usuario(f"op{i}", prep_roles.CAPTURA) for i in range(n_ops)]
    entregadas = []
    for _vuelta in range(4):
        res, errores = _en_hilos([lambda u=u: svc.tomar_siguiente(usuario=u) for u in ops])
        assert errores == []
        vivas = [r for r in res if r is not None]
        entregadas.append(len(vivas))
        pares = Counter((r.acta_id, r.ronda) for r in vivas)
        assert not pares or max(pares.values()) == 1, pares
        por_acta = Counter(r.acta_id for r in vivas)
        assert not por_acta or max(por_acta.values()) <= 2  # rounds 1 and 2 out at once
        # Everyone captures what they got; the queue moves on.
        _, errores = _en_hilos(
            [
                lambda u=u, r=r: svc.registrar_captura(
                    usuario=u, asignacion=r, valores=dc.valores()
                )
                for u, r in zip(ops, res, strict=True)
                if r is not None
            ]
        )
        assert errores == []
    # 6 actas × 2 rounds: the first pull serves all 8 operators (no false "queue empty" while
    # rows are locked by others), the second the 4 rounds left, then nothing.
    assert entregadas == [8, 4, 0, 0]
    activas = Asignacion.objects.filter(terminada=False)
    assert not activas.exists()
    assert Verificacion.objects.count() == len(cat.actas)
    assert Captura.objects.count() == 2 * len(cat.actas)
