"""Selectors: the supervision dashboard and the verifications a cut publishes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ople.prep import roles as prep_roles
from ople.prep import selectors
from ople.prep.models import Acopio, SinActa
from ople.prep.services import captura as cap
from ople.prep.services import supervision as sup
from tests.prep import datos_captura as dc

pytestmark = pytest.mark.django_db


def _par(a, b, va, vb, ahora=None):
    cap.registrar_captura(
        usuario=a, asignacion=cap.tomar_siguiente(usuario=a, ahora=ahora), valores=va, ahora=ahora
    )
    return cap.registrar_captura(
        usuario=b, asignacion=cap.tomar_siguiente(usuario=b, ahora=ahora), valores=vb, ahora=ahora
    )


@pytest.fixture
def escena():
    cat = dc.catalogo(n_actas=6, n_distritos=2)
    a, b = dc.usuario("a", prep_roles.CAPTURA), dc.usuario("b", prep_roles.CAPTURA)
    s = dc.usuario("s", prep_roles.SUPERVISION)
    ahora = timezone.now()
    # acta 0: verified (counted); acta 1: conflict; acta 2: one capture; rest: digitalized.
    _par(a, b, dc.valores(), dc.valores(), ahora=ahora - timedelta(minutes=90))
    _par(a, b, dc.valores(), dc.valores({"PAN": 5}), ahora=ahora - timedelta(minutes=20))
    cap.registrar_captura(
        usuario=a, asignacion=cap.tomar_siguiente(usuario=a), valores=dc.valores()
    )
    Acopio.objects.create(acta=cat.actas[0], acopiado_en=ahora - timedelta(hours=2), usuario=s)
    Acopio.objects.create(acta=cat.actas[0], acopiado_en=ahora - timedelta(hours=1), usuario=s)
    return cat, a, b, s, ahora


def test_tablero_por_eleccion_y_distrito(escena):
    cat, a, b, s, ahora = escena
    with CaptureQueriesContext(connection) as q:
        t = selectors.tablero(proceso=cat.proceso)
    assert len(q.captured_queries) <= 4
    assert [(f.distrito, f.esperadas) for f in t.filas] == [(1, 3), (2, 3)]
    (total,) = t.totales
    assert total.esperadas == 6 and total.digitalizadas == 6 and total.acopiadas == 1
    assert total.capturadas == 3 and total.verificadas == 1 and total.contabilizadas == 1
    assert total.conflictos == 1 and t.conflictos == 1 and t.cola_desempate == 1
    assert t.cola_captura == 4
    assert t.asignaciones_activas == 0
    assert dict(t.capturas_por_operador) == {"a": 2, "b": 1}  # the first pair is 90 min old
    sup.registrar_sin_acta(
        supervisor=s, acta=cat.actas[5], causa=SinActa.Causa.SIN_SOBRE, motivo="sin sobre PREP"
    )
    (total,) = selectors.tablero(proceso=cat.proceso).totales
    assert total.capturadas == 4 and total.verificadas == 2 and total.contabilizadas == 1


def test_verificaciones_vigentes_a_la_hora_del_corte(escena):
    cat, a, b, s, ahora = escena
    corte1 = ahora - timedelta(minutes=85)
    acta = cat.actas[0]
    sup.corregir(
        supervisor=s,
        acta=acta,
        valores=dc.valores({"PAN": 101}),
        motivo="relectura del acta",
        ahora=ahora + timedelta(minutes=1),
    )
    with CaptureQueriesContext(connection) as q:
        filas = selectors.verificaciones_vigentes(proceso=cat.proceso, hasta=corte1)
    assert len(q.captured_queries) == 1
    (f,) = filas
    assert f.clave_acta == acta.clave and f.version == 1 and f.valores["PAN"] == 100
    assert f.acopiado_en == ahora - timedelta(hours=2)
    assert f.sha256 == acta.imagenes.get().imagen.sha256 and f.origen == "CATD"
    assert f.medio == "ESCANER" and f.tipo_documento == "ACTA PREP"
    assert (f.seccion, f.distrito_local, f.municipio) == (101, 1, "Aguascalientes")
    assert f.contabilizada and f.total_votos_calculado == 294
    # Later cut: the correction (v2) replaces v1; nothing before the cut time leaks.
    (f2,) = selectors.verificaciones_vigentes(
        proceso=cat.proceso, hasta=ahora + timedelta(minutes=2)
    )
    assert f2.version == 2 and f2.valores["PAN"] == 101 and f2.metodo == "CORRECCION"
    assert (
        selectors.verificaciones_vigentes(proceso=cat.proceso, hasta=ahora - timedelta(minutes=100))
        == []
    )
    sup.registrar_sin_acta(
        supervisor=s,
        acta=cat.actas[4],
        causa=SinActa.Causa.PAQUETE_NO_ENTREGADO,
        motivo="no llegó",
        ahora=ahora + timedelta(minutes=3),
    )
    filas = selectors.verificaciones_vigentes(
        proceso=cat.proceso, hasta=ahora + timedelta(minutes=5)
    )
    sin = [f for f in filas if f.metodo == "SIN_ACTA"][0]
    assert sin.sha256 == "" and sin.acopiado_en is None and not sin.contabilizada
