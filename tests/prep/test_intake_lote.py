"""Group commit of concurrent uploads (OPLE_INTAKE_LOTE): same receipts, versions and audit
events as one transaction per upload; a failing upload does not affect its group."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from ople.core import audit
from ople.core.models import AuditEvent
from ople.prep.models import Digitalizacion, EstadoActa
from ople.prep.services import intake
from tests.prep.datos_intake import acta, catalogo_con_actas, jpeg, sha

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _confirmador():
    yield
    intake.detener_confirmador()  # closes the committer thread's database connection


def _subir(clave, datos):
    return intake.recibir_imagen(
        datos=datos,
        sha256_declarado=sha(datos),
        acta=acta(clave),
        origen=Digitalizacion.Origen.CASILLA,
        medio=Digitalizacion.Medio.MOVIL,
    )


def test_lote_concurrente(settings):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite en memoria compartida no admite escritores concurrentes")
    settings.OPLE_INTAKE_LOTE = True
    catalogo_con_actas()
    claves = ["010393B010002", "010393B010004", "010393C010002"]
    imagenes = [jpeg(i) for i in range(48)]
    recibos = []
    errores = []
    candado = threading.Lock()

    def trabajador(n):
        try:
            for i in range(n, len(imagenes), 8):
                r = _subir(claves[i % 3], imagenes[i])
                r2 = _subir(claves[i % 3], imagenes[i])  # retry: same receipt
                assert r2.duplicado and r2.recibo == r.recibo
                with candado:
                    recibos.append(r)
        except Exception as exc:  # pragma: no cover - reported below
            errores.append(exc)
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=trabajador, args=(n,)) for n in range(8)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert not errores, errores
    assert len(recibos) == 48 and len({r.recibo for r in recibos}) == 48
    assert Digitalizacion.objects.count() == 48
    por_acta = Counter(r.clave_acta for r in recibos)
    for clave, n in por_acta.items():
        versiones = sorted(
            Digitalizacion.objects.filter(acta__clave=clave).values_list("version", flat=True)
        )
        assert versiones == list(range(1, n + 1))
        assert EstadoActa.objects.get(acta__clave=clave).estado == "DIGITALIZADA"
    assert AuditEvent.objects.filter(action="prep.intake").count() == 48
    assert audit.verify_log() is None


def test_lote_secuencial_y_fallo_aislado(settings, monkeypatch):
    settings.OPLE_INTAKE_LOTE = True
    catalogo_con_actas()
    r1 = _subir("010393B010002", jpeg(1))
    assert r1.version == 1 and not r1.duplicado
    assert Digitalizacion.objects.get().recibo == r1.recibo
    # A failure inside one upload reaches its caller and leaves nothing behind.
    real = intake._registrar

    def falla(**kw):
        real(**kw)
        raise RuntimeError("falla simulada después de escribir")

    monkeypatch.setattr(intake, "_registrar", falla)
    with pytest.raises(RuntimeError):
        _subir("010393B010002", jpeg(2))
    monkeypatch.setattr(intake, "_registrar", real)
    assert Digitalizacion.objects.count() == 1
    r3 = _subir("010393B010002", jpeg(3))
    assert r3.version == 2
    assert audit.verify_log() is None
