"""The publisher on the database: a cut of the verified actas, its Corte row and audit event, the
pointer switched after the commit, the window, and one publisher at a time."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection, connections

from ople.core.models import AuditEvent
from ople.prep import roles as prep_roles
from ople.prep.models import Corte
from ople.prep.publish import programador, verificar
from ople.prep.services import captura as captura_srv
from tests.prep import datos_captura as dc


@pytest.fixture
def verificadas(db):
    cat = dc.catalogo(n_actas=4, n_distritos=2)
    c1 = dc.usuario("cap1", prep_roles.CAPTURA)
    c2 = dc.usuario("cap2", prep_roles.CAPTURA)
    ahora = datetime.now(UTC) - timedelta(minutes=2)  # cuts are to the minute
    for _ in range(3):  # three of the four actas get two agreeing captures
        for u in (c1, c2):
            asig = captura_srv.tomar_siguiente(usuario=u, ahora=ahora)
            captura_srv.registrar_captura(
                usuario=u, asignacion=asig, valores=dc.valores(), ahora=ahora
            )
    return cat


@pytest.mark.django_db
def test_publicar_corte(verificadas, tmp_path):
    llave = tmp_path / "clave.pem"
    c = programador.publicar_corte(
        proceso=verificadas.proceso,
        respetar_ventana=False,
        clave=llave,
        hasta=datetime.now(UTC) + timedelta(minutes=1),
    )
    assert Corte.objects.get() == c and c.actas_publicadas == 3
    ev = AuditEvent.objects.filter(action="prep.corte").get()
    assert ev.after["manifest_sha256"] == c.manifest_sha256
    puntero = json.loads((settings.PUBLISH_ROOT / "current.json").read_text())
    assert puntero["corte"] == c.nombre
    fig = next(iter(puntero["elecciones"].values()))
    assert (fig["actas_esperadas"], fig["actas_capturadas"]) == (4, 3)
    d = settings.PUBLISH_ROOT / "cortes" / c.nombre
    assert verificar.verificar_corte(d) == []
    # a second cut chains to the first
    c2 = programador.publicar_corte(
        proceso=verificadas.proceso,
        respetar_ventana=False,
        clave=llave,
        hasta=datetime.now(UTC) + timedelta(minutes=2),
    )
    assert c2.previo == c


@pytest.mark.django_db
def test_fuera_de_la_ventana(verificadas, tmp_path):
    with pytest.raises(programador.FueraDeVentana):
        programador.publicar_corte(
            proceso=verificadas.proceso,
            clave=tmp_path / "k.pem",
            hasta=datetime(2020, 1, 1, tzinfo=UTC),
        )
    assert not Corte.objects.exists()


@pytest.mark.django_db
def test_un_solo_publicador(verificadas, tmp_path):
    if connection.vendor == "postgresql":
        otra = connections.create_connection("default")
        with otra.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(%s)", [programador.CANDADO_PG])
        try:
            with pytest.raises(programador.PublicadorOcupado):
                programador.publicar_corte(
                    proceso=verificadas.proceso, respetar_ventana=False, clave=tmp_path / "k.pem"
                )
        finally:
            otra.close()
    else:
        with programador.candado():
            with pytest.raises(programador.PublicadorOcupado):
                programador.publicar_corte(
                    proceso=verificadas.proceso, respetar_ventana=False, clave=tmp_path / "k.pem"
                )
    assert not Corte.objects.exists()


@pytest.mark.django_db
def test_puntero_y_archivos_por_django(verificadas, tmp_path, client):
    assert client.get("/prep/current.json").status_code == 404
    antes = client.get("/prep/")
    assert antes.status_code == 404 and "Aún no se ha publicado" in antes.content.decode()
    c = programador.publicar_corte(
        proceso=verificadas.proceso, respetar_ventana=False, clave=tmp_path / "k.pem"
    )
    r = client.get("/prep/current.json")
    assert r.status_code == 200 and "max-age=5" in r["Cache-Control"]
    for entrada in ("/prep/", "/prep/resultados/"):
        r = client.get(entrada)
        assert r.status_code == 302 and r["Location"] == f"/prep/cortes/{c.nombre}/index.html"
    r = client.get(f"/prep/cortes/{c.nombre}/index.html")
    assert r.status_code == 200 and "immutable" in r["Cache-Control"]
    assert client.get("/prep/cortes/../current.json").status_code == 404
    assert client.get(f"/prep/cortes/{c.nombre}/no-existe.html").status_code == 404


@pytest.mark.django_db
def test_comando_publish(verificadas, tmp_path, monkeypatch, capsys):
    from django.core.management import CommandError, call_command

    monkeypatch.setenv("OPLE_PUBLISH_KEY", str(tmp_path / "k.pem"))
    call_command("publish", "--once", "--fuera-de-ventana")
    c = Corte.objects.get()
    assert f"Corte {c.nombre} publicado: 3 actas" in capsys.readouterr().out
    with pytest.raises(CommandError, match="fuera de la ventana"):
        call_command("publish", "--once", "--hasta", "2020-01-01 00:00")
    with pytest.raises(CommandError, match="al menos 60"):
        call_command("publish", "--every", "5")


@pytest.mark.django_db
def test_la_bitacora_se_ancla_en_el_manifiesto_firmado(verificadas, tmp_path, capsys):
    """Each cut's signed manifest carries the audit log's head; `ople audit verify --corte`
    then catches what the chain alone cannot: the whole log rewritten with its head."""
    from django.core.management import call_command

    from ople.core import audit_chain
    from ople.core.audit import _jsonable
    from ople.core.models import AuditHead
    from ople.prep.publish import manifiesto

    c = programador.publicar_corte(
        proceso=verificadas.proceso,
        respetar_ventana=False,
        clave=tmp_path / "clave.pem",
        hasta=datetime.now(UTC) + timedelta(minutes=1),
    )
    d = settings.PUBLISH_ROOT / "cortes" / c.nombre
    man = manifiesto.Manifiesto.de_bytes((d / manifiesto.MANIFIESTO).read_bytes())
    assert man.bitacora is not None
    seq, cabeza = man.bitacora
    assert seq > 0 and AuditEvent.objects.get(seq=seq).hash == cabeza
    # the cut's own event comes after the published head
    assert AuditEvent.objects.get(action="prep.corte").seq > seq

    def verificar_cmd(*args):
        try:
            call_command("audit", "verify", *args)
            codigo = 0
        except SystemExit as exc:
            codigo = exc.code
        salida = capsys.readouterr()
        return codigo, salida.out + salida.err

    codigo, salida = verificar_cmd("--corte", str(settings.PUBLISH_ROOT / "cortes"))
    assert codigo == 0 and f"coincide hasta el evento #{seq}" in salida
    call_command("verify", str(d))
    assert f"{seq} eventos, cabeza {cabeza}" in capsys.readouterr().out

    # rewrite the whole chain from the first event on, consistently, with its head
    primero = AuditEvent.objects.order_by("seq").first()
    AuditEvent.objects.filter(pk=primero.pk).update(after={"reescrito": True})
    previo = "0" * 64
    for ev in AuditEvent.objects.order_by("seq"):
        h = audit_chain.event_hash(previo, _jsonable(ev.content()))
        AuditEvent.objects.filter(pk=ev.pk).update(prev_hash=previo, hash=h)
        previo = h
    AuditHead.objects.filter(id=1).update(hash=previo)
    codigo, salida = verificar_cmd()
    assert codigo == 0  # the chain alone is fooled
    codigo, salida = verificar_cmd("--corte", str(d))
    assert codigo == 1 and "no coincide con la cabeza publicada" in salida and f"#{seq}" in salida
