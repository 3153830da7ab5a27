"""Group commit of concurrent uploads (OPLE_INTAKE_LOTE): same receipts, versions and audit
events as one transaction per upload; a failing upload does not affect its group."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.db import connection, connections, transaction

from ople.core import audit
from ople.core.models import AuditEvent
from ople.prep import imagecheck
from ople.prep.evidencia import actas as storage
from ople.prep.models import Digitalizacion, EstadoActa
from ople.prep.services import intake
from ople.prep.services.subida import Subida
from tests.prep.datos_intake import acta, catalogo_con_actas, jpeg, sha

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _confirmador():
    yield
    intake.detener_confirmador()  # closes the committer thread's database connection


@pytest.fixture
def grupos(monkeypatch):
    """The sizes of the groups the committer writes, in order."""
    tamanos = []
    real = intake._registrar_lote

    def contar(subidas):
        tamanos.append(len(subidas))
        return real(subidas)

    monkeypatch.setattr(intake, "_registrar_lote", contar)
    return tamanos


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
    # A failure inside a group rolls the group back; the upload is retried alone, and a failure
    # there reaches its caller and leaves nothing behind.
    real_lote, real = intake._registrar_lote, intake._registrar

    def falla_lote(subidas):
        real_lote(subidas)
        raise RuntimeError("falla simulada del grupo después de escribir")

    def falla(**kw):
        real(**kw)
        raise RuntimeError("falla simulada después de escribir")

    monkeypatch.setattr(intake, "_registrar_lote", falla_lote)
    monkeypatch.setattr(intake, "_registrar", falla)
    with pytest.raises(RuntimeError):
        _subir("010393B010002", jpeg(2))
    assert Digitalizacion.objects.count() == 1
    # The group fails but the upload alone succeeds: one row, one event, the next version.
    monkeypatch.setattr(intake, "_registrar", real)
    r3 = _subir("010393B010002", jpeg(3))
    assert r3.version == 2 and Digitalizacion.objects.count() == 2
    monkeypatch.setattr(intake, "_registrar_lote", real_lote)
    r4 = _subir("010393B010002", jpeg(4))
    assert r4.version == 3
    assert AuditEvent.objects.filter(action="prep.intake").count() == 3
    assert audit.verify_log() is None


def _subida(clave, datos, *, ahora):
    """What recibir_imagen hands to the committer (bytes stored first, as it does)."""
    revisada = imagecheck.revisar(datos, max_bytes=10**8)
    _, ruta = storage.guardar(datos, extension=revisada.extension)
    return Subida(
        sha=sha(datos),
        ruta=ruta,
        revisada=revisada,
        acta=acta(clave) if clave else None,
        clave_leida=clave or "FUERA-1",
        origen=Digitalizacion.Origen.CASILLA,
        medio=Digitalizacion.Medio.MOVIL,
        tipo_documento=Digitalizacion.TipoDocumento.ACTA_PREP,
        identificacion="API",
        usuario=None,
        dispositivo=None,
        capturado_en=None,
        recibido_en=ahora,
    )


def _foto(recibos):
    """Everything a group writes, without ids and receipt UUIDs."""
    filas = sorted(
        Digitalizacion.objects.values_list(
            "acta__clave", "clave_leida", "imagen__sha256", "version", "fuera_catalogo"
        ),
        key=repr,
    )
    estados = sorted(
        EstadoActa.objects.exclude(estado="ESPERADA").values_list(
            "acta__clave", "estado", "llegada"
        )
    )
    eventos = [
        {k: v for k, v in e.after.items() if k != "recibo"}
        for e in AuditEvent.objects.filter(action="prep.intake").order_by("seq")
    ]
    resumen = [(r.clave_acta, r.sha256, r.version, r.duplicado) for r in recibos]
    return filas, estados, eventos, resumen


def test_lote_igual_a_secuencial():
    """A group (repeats inside the group and of earlier uploads, several actas, fuera de
    catálogo) writes exactly what the same uploads one after the other write."""
    from datetime import UTC, datetime, timedelta

    catalogo_con_actas()
    t0 = datetime(2024, 6, 3, 2, 0, tzinfo=UTC)
    claves = ["010393B010002", "010393C010002", "010393B010002", None, "010393B010004"]
    previa = _subida("010393C010002", jpeg(90), ahora=t0)
    with transaction.atomic():
        intake._registrar(**previa.campos())
    orden = [(claves[i % 5], jpeg(i % 4)) for i in range(10)] + [("010393C010002", jpeg(90))]
    subidas = [_subida(c, d, ahora=t0 + timedelta(seconds=i + 1)) for i, (c, d) in enumerate(orden)]
    with transaction.atomic():
        secuencial = [intake._registrar(**s.campos()) for s in subidas]
        esperado = _foto(secuencial)
        transaction.set_rollback(True)  # undo: the group below starts from the same state
    with transaction.atomic():
        agrupado = intake._registrar_lote(subidas)
    assert _foto(agrupado) == esperado
    assert [r.duplicado for r in agrupado] == [r.duplicado for r in secuencial]
    assert sum(not r.duplicado for r in agrupado) == Digitalizacion.objects.count() - 1
    assert audit.verify_log() is None


def test_lote_en_postgresql_igual_a_secuencial(monkeypatch):
    """The PostgreSQL path (two round trips, ids from the sequences) writes exactly what the
    same uploads one after the other write: repeats inside the group and of earlier uploads,
    the same bytes for two actas, several versions of one acta."""
    from datetime import UTC, datetime, timedelta

    catalogo_con_actas()
    usado = []
    real_pg = intake._registrar_lote_pg

    def espia(subidas):
        recibos = real_pg(subidas)
        usado.append(recibos is not None)
        return recibos

    monkeypatch.setattr(intake, "_registrar_lote_pg", espia)
    t0 = datetime(2024, 6, 3, 2, 0, tzinfo=UTC)
    claves = ["010393B010002", "010393C010002", "010393B010002", "010393B010004"]
    previa = _subida("010393C010002", jpeg(90), ahora=t0)
    with transaction.atomic():
        intake._registrar(**previa.campos())
    orden = [(claves[i % 4], jpeg(i % 3)) for i in range(10)] + [("010393C010002", jpeg(90))]
    subidas = [_subida(c, d, ahora=t0 + timedelta(seconds=i + 1)) for i, (c, d) in enumerate(orden)]
    with transaction.atomic():
        secuencial = [intake._registrar(**s.campos()) for s in subidas]
        esperado = _foto(secuencial)
        transaction.set_rollback(True)
    with transaction.atomic():
        agrupado = intake._registrar_lote(subidas)
    assert usado == ([True] if connection.vendor == "postgresql" else [])
    assert _foto(agrupado) == esperado
    assert [r.duplicado for r in agrupado] == [r.duplicado for r in secuencial]
    nuevos = [r for r in agrupado if not r.duplicado]
    assert {r.digitalizacion_id for r in nuevos} == set(
        Digitalizacion.objects.exclude(recibo=agrupado[-1].recibo).values_list("id", flat=True)
    )
    for r in agrupado:
        dig = Digitalizacion.objects.select_related("imagen").get(recibo=r.recibo)
        assert (dig.version, dig.imagen.sha256, dig.recibido_en) == (
            r.version,
            r.sha256,
            r.recibido_en,
        )
    assert audit.verify_log() is None


def test_lote_en_postgresql_sin_fila_de_estado_toma_el_camino_general():
    """An acta without its state row (never the case after generar_actas_esperadas) makes the
    PostgreSQL path step aside with nothing written; the general path creates the row."""
    if connection.vendor != "postgresql":
        pytest.skip("camino propio de PostgreSQL")
    from datetime import UTC, datetime

    catalogo_con_actas()
    EstadoActa.objects.filter(acta__clave="010393B010004").delete()
    t0 = datetime(2024, 6, 3, 2, 0, tzinfo=UTC)
    subidas = [
        _subida("010393B010002", jpeg(1), ahora=t0),
        _subida("010393B010004", jpeg(2), ahora=t0),
    ]
    with transaction.atomic():
        assert intake._registrar_lote_pg(subidas) is None
        assert Digitalizacion.objects.count() == 0
        recibos = intake._registrar_lote(subidas)
    assert [r.version for r in recibos] == [1, 1]
    assert EstadoActa.objects.get(acta__clave="010393B010004").estado == "DIGITALIZADA"
    assert AuditEvent.objects.filter(action="prep.intake").count() == 2
    assert audit.verify_log() is None


def test_en_camino_vuelve_a_cero_y_el_grupo_espera_a_los_que_vienen(settings, grupos):
    """Uploads count as on their way until queued, refused ones too; the committer waits (a
    bounded moment) for an upload on its way and commits both in one group."""
    settings.OPLE_INTAKE_LOTE = True
    catalogo_con_actas()
    with pytest.raises(intake.IntakeError):
        intake.recibir_imagen(
            datos=jpeg(1),
            sha256_declarado="0" * 64,
            acta=acta("010393B010002"),
            origen=Digitalizacion.Origen.CASILLA,
            medio=Digitalizacion.Medio.MOVIL,
        )
    confirmador = intake._confirmador()
    assert confirmador._en_camino == 0
    confirmador.ESPERA_S = 30.0  # long enough for the second one whatever the machine load
    confirmador.en_camino(1)  # a second upload is on its way
    futuro = confirmador.encolar(_subida("010393B010002", jpeg(2), ahora=timezone_now()))
    time.sleep(0.2)  # the committer has the first one and waits
    segundo = _subida("010393C010002", jpeg(3), ahora=timezone_now())
    futuro2 = confirmador.encolar(segundo, llega=True)
    assert futuro.result(timeout=30).version == 1
    assert futuro2.result(timeout=30).version == 1
    assert grupos == [2]
    assert Digitalizacion.objects.count() == 2
    assert confirmador._en_camino == 0


def test_lote_en_postgresql_imagen_guardada_por_otro_proceso_entre_las_dos_idas(
    settings, monkeypatch
):
    """The same bytes stored by another server process between the group's two round trips:
    the deferred foreign key fails the group's COMMIT, nothing of it stays, and the upload is
    written alone with the other process's image row."""
    if connection.vendor != "postgresql":
        pytest.skip("camino propio de PostgreSQL")
    from django.utils import timezone

    settings.OPLE_INTAKE_LOTE = True
    catalogo_con_actas()
    subida = _subida("010393B010002", jpeg(7), ahora=timezone.now())
    real = audit.chain_events
    hecho = []

    def entre_las_dos_idas(eventos, seq, previo):
        if not hecho:
            hecho.append(True)
            otra = connections.create_connection("default")  # another process, autocommit
            try:
                with otra.cursor() as cursor:
                    cursor.execute(
                        "INSERT INTO prep_imagen (sha256, ruta, tipo_mime, tamano, ancho, alto, "
                        "creado) VALUES (%s, %s, 'image/jpeg', 1, 1, 1, now())",
                        [subida.sha, subida.ruta],
                    )
            finally:
                otra.close()
        return real(eventos, seq, previo)

    monkeypatch.setattr(audit, "chain_events", entre_las_dos_idas)
    recibo = intake._confirmador().encolar(subida).result(timeout=60)
    assert hecho and recibo.version == 1 and not recibo.duplicado
    dig = Digitalizacion.objects.select_related("imagen").get()
    assert dig.recibo == recibo.recibo and dig.imagen.sha256 == subida.sha
    assert dig.imagen.tamano == 1  # the other process's row, not a second one
    assert AuditEvent.objects.filter(action="prep.intake").count() == 1
    assert audit.verify_log() is None


def test_tras_un_grupo_de_varios_el_siguiente_espera_a_los_que_llegan(settings, grupos):
    """While uploads keep coming (the previous group had more than one), a group waits its
    bounded moment for the next ones even if none is on its way yet; a lone upload after a
    lone upload does not wait."""
    settings.OPLE_INTAKE_LOTE = True
    catalogo_con_actas()
    confirmador = intake._confirmador()
    confirmador.ESPERA_S = 3600.0  # a group that waits, waits until stopped
    # a lone upload is committed at once
    confirmador.encolar(_subida("010393B010002", jpeg(1), ahora=timezone_now())).result(60)
    # a group of two (the second announced as on its way)
    confirmador.en_camino(1)
    f1 = confirmador.encolar(_subida("010393B010002", jpeg(2), ahora=timezone_now()))
    f2 = confirmador.encolar(_subida("010393C010002", jpeg(3), ahora=timezone_now()), llega=True)
    f1.result(30), f2.result(30)
    # nothing on its way, but the previous group had company: the next one waits
    f3 = confirmador.encolar(_subida("010393B010004", jpeg(4), ahora=timezone_now()))
    time.sleep(0.2)
    assert not f3.done()
    f4 = confirmador.encolar(_subida("010393B010004", jpeg(5), ahora=timezone_now()))
    time.sleep(0.2)
    assert not f4.done()  # still waiting for more
    confirmador.detener()  # ends the wait: the group is committed, then the thread stops
    assert [f3.result(30).version, f4.result(30).version] == [1, 2]
    assert grupos == [1, 2, 2]
    assert confirmador._en_camino == 0


def timezone_now():
    from django.utils import timezone

    return timezone.now()


def test_lote_en_postgresql_actualiza_estados_sin_recorrer_la_tabla():
    """The group's UPDATE of its state rows reaches them by id: the planner does not know how
    many rows the json parameter holds (it assumes 100) and, without the ids as an array too,
    joined them with a scan of the whole state table, every group (6,000 rows in the benchmark,
    150,000 and more in a national catalog)."""
    if connection.vendor != "postgresql":
        pytest.skip("camino propio de PostgreSQL")
    import json
    from datetime import UTC, datetime

    catalogo_con_actas()
    ids = list(EstadoActa.objects.order_by("id").values_list("id", flat=True)[:2])
    assert EstadoActa.objects.count() > len(ids)
    filas = [
        {"id": i, "estado": "DIGITALIZADA", "llegada": "2024-06-03T02:00:00+00:00"} for i in ids
    ]
    sentencia = intake._sentencias_pg()[1]["estados"]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE prep_estadoacta")
        cursor.execute(
            "EXPLAIN (FORMAT JSON) " + sentencia,
            [datetime(2024, 6, 3, 2, 0, tzinfo=UTC), json.dumps(filas), ids][
                : sentencia.count("%s")
            ],
        )
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)

    def nodos(nodo):
        yield nodo
        for hijo in nodo.get("Plans", []):
            yield from nodos(hijo)

    lecturas = [
        n
        for n in nodos(plan[0]["Plan"])
        if n.get("Relation Name") == "prep_estadoacta" and n["Node Type"] != "ModifyTable"
    ]
    assert lecturas
    for n in lecturas:
        assert n["Plan Rows"] <= len(ids), n
