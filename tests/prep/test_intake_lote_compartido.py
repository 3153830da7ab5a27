"""One intake committer for all the worker processes of a server (lote_compartido): the
leader writes a follower's uploads and answers with their receipts; a follower whose leader
fails or dies writes its uploads itself; the next process takes over the leadership.

The leader and the follower run here in one process (two `Compartido` with the same socket
name, as two gunicorn workers have); test_intake_sigkill.py runs them as real workers."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from ople.core import audit
from ople.core.models import AuditEvent
from ople.prep.models import Digitalizacion, Dispositivo
from ople.prep.services import intake, lote_compartido
from tests.prep.datos_intake import acta, catalogo_con_actas, jpeg, sha
from tests.prep.test_intake_lote import _subida

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _confirmador():
    yield
    intake.detener_confirmador()


@pytest.fixture
def nombre():
    return b"\0ople-prueba-lote-" + uuid.uuid4().hex.encode()


def _esperar(condicion, segundos=10.0):
    limite = time.monotonic() + segundos
    while not condicion():
        assert time.monotonic() < limite, "no ocurrió a tiempo"
        time.sleep(0.01)


def test_mensajes_de_ida_y_vuelta():
    catalogo_con_actas()
    t0 = datetime(2024, 6, 3, 2, 0, 1, 123456, tzinfo=UTC)
    s = _subida("010393B010002", jpeg(1), ahora=t0)
    s = replace(
        s,
        dispositivo=Dispositivo(id=7, nombre="Teléfono CAE 17"),
        capturado_en=datetime(2024, 6, 2, 20, 0, tzinfo=UTC) - timedelta(hours=6),
    )
    n, vuelta = lote_compartido.mensaje_a_subida(lote_compartido.subida_a_mensaje(41, s))
    assert n == 41
    for campo in ("sha", "ruta", "revisada", "clave_leida", "origen", "medio", "tipo_documento"):
        assert getattr(vuelta, campo) == getattr(s, campo), campo
    assert (vuelta.acta.pk, vuelta.acta.clave) == (s.acta.pk, s.acta.clave)
    assert (vuelta.dispositivo.pk, vuelta.dispositivo.nombre) == (7, "Teléfono CAE 17")
    assert vuelta.recibido_en == t0 and vuelta.capturado_en == s.capturado_en
    recibo = intake.Recibo(
        recibo=uuid.uuid4(),
        clave_acta="010393B010002",
        sha256=s.sha,
        version=3,
        recibido_en=t0,
        duplicado=True,
        fuera_catalogo=False,
        digitalizacion_id=99,
    )
    assert lote_compartido.mensaje_a_recibo(lote_compartido.recibo_a_mensaje(5, recibo)) == (
        5,
        recibo,
    )
    assert lote_compartido.mensaje_a_recibo(lote_compartido.recibo_a_mensaje(6, None)) == (
        6,
        None,
    )


@pytest.fixture
def pareja(settings, nombre):
    """Two processes' `Compartido` with the same socket name (PostgreSQL, group commit on):
    the first leads, the second follows; both closed afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("el committer compartido sólo se usa con PostgreSQL")
    settings.OPLE_INTAKE_LOTE = True
    catalogo_con_actas()
    lider = lote_compartido.Compartido(nombre)
    otro = lote_compartido.Compartido(nombre)
    try:
        assert lider.seguidor_vivo(intake._confirmador) is None and lider.lider is not None
        assert otro.seguidor_vivo(intake._confirmador) is not None and otro.lider is None
        yield lider, otro
    finally:
        lider.cerrar()
        otro.cerrar()


def test_el_lider_escribe_las_subidas_del_seguidor_y_otro_toma_su_lugar(pareja):
    lider, otro = pareja
    seguidor = otro.seguidor
    assert seguidor is not None
    t0 = datetime(2024, 6, 3, 2, 0, tzinfo=UTC)
    claves = ["010393B010002", "010393B010004", "010393C010002"]
    subidas = [_subida(claves[i % 3], jpeg(i), ahora=t0 + timedelta(seconds=i)) for i in range(12)]
    recibos: list = [None] * len(subidas)

    def enviar(i):
        recibos[i] = seguidor.registrar(subidas[i])

    hilos = [threading.Thread(target=enviar, args=(i,)) for i in range(len(subidas))]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(timeout=60)
    assert all(r is not None and not r.duplicado for r in recibos)
    for s, r in zip(subidas, recibos, strict=True):
        dig = Digitalizacion.objects.select_related("imagen", "acta").get(recibo=r.recibo)
        assert (dig.acta.clave, dig.imagen.sha256, dig.version, dig.recibido_en) == (
            r.clave_acta,
            s.sha,
            r.version,
            s.recibido_en,
        )
    assert AuditEvent.objects.filter(action="prep.intake").count() == len(subidas)
    # A retry through the leader: the same receipt, nothing new.
    again = seguidor.registrar(subidas[0])
    assert again is not None and again.duplicado and again.recibo == recibos[0].recibo

    # The leader goes away: the follower sees its connection end, gets no receipt (its
    # request thread then writes the upload itself), and the next upload makes it lead.
    lider.cerrar()
    _esperar(lambda: not seguidor.vivo)
    assert seguidor.registrar(_subida(claves[0], jpeg(50), ahora=t0)) is None
    assert otro.seguidor_vivo(intake._confirmador) is None and otro.lider is not None
    assert Digitalizacion.objects.count() == len(subidas)
    assert audit.verify_log() is None


def test_sin_recibo_del_lider_la_subida_se_escribe_en_su_proceso(pareja, monkeypatch):
    """recibir_imagen in a follower: the leader fails on the upload (here: it cannot read the
    message) and answers without a receipt; the follower writes it itself, once."""
    _, otro = pareja
    monkeypatch.setattr(intake, "_COMPARTIDO", [otro])  # this process follows
    leidos = []
    real = lote_compartido.mensaje_a_subida

    def falla_una_vez(mensaje):
        leidos.append(mensaje)
        if len(leidos) == 1:
            raise ValueError("mensaje ilegible")
        return real(mensaje)

    monkeypatch.setattr(lote_compartido, "mensaje_a_subida", falla_una_vez)
    datos = [jpeg(1), jpeg(2)]
    recibos = [
        intake.recibir_imagen(
            datos=d,
            sha256_declarado=sha(d),
            acta=acta("010393B010002"),
            origen=Digitalizacion.Origen.CASILLA,
            medio=Digitalizacion.Medio.MOVIL,
        )
        for d in datos
    ]
    assert len(leidos) == 2  # both went to the leader; the first came back without receipt
    assert [r.version for r in recibos] == [1, 2]
    assert not any(r.duplicado for r in recibos)
    assert Digitalizacion.objects.count() == 2
    assert AuditEvent.objects.filter(action="prep.intake").count() == 2
    assert audit.verify_log() is None
