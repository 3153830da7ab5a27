"""The publisher on the database: a cut of the verified actas, its Corte row and audit event, the
pointer switched after the commit, the window, and one publisher at a time."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection, connections

from ople import profiles
from ople.core.models import AuditEvent
from ople.prep import perfil as perfil_prep
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
    from ople.publicacion import manifiesto

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


@pytest.mark.django_db
def test_nada_sustituye_al_corte_final(verificadas, tmp_path, monkeypatch):
    """After the final cut, `--once`, `--once --fuera-de-ventana`, another `--final` and the
    scheduler are all refused with a Spanish message, and nothing is written."""
    from django.core.management import CommandError, call_command

    monkeypatch.setenv("OPLE_PUBLISH_KEY", str(tmp_path / "k.pem"))
    t = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
    call_command("publish", "--final", "--fuera-de-ventana", "--hasta", f"{t:%Y-%m-%d %H:%M}")
    final = Corte.objects.get()
    assert final.final
    puntero = (settings.PUBLISH_ROOT / "current.json").read_bytes()
    despues = t + timedelta(minutes=5)
    for args in (
        ("--once", "--fuera-de-ventana", "--hasta", f"{despues:%Y-%m-%d %H:%M}"),
        ("--once", "--fuera-de-ventana"),
        ("--final", "--fuera-de-ventana", "--hasta", f"{despues:%Y-%m-%d %H:%M}"),
    ):
        with pytest.raises(
            CommandError, match=f"El corte final {final.nombre} .* ya está publicado"
        ):
            call_command("publish", *args)
    avisos: list[str] = []
    ventana = perfil_prep.de(profiles.cargar(verificadas.proceso.perfil)).publicacion
    hechos = programador.publicar_cada(
        300,
        proceso=verificadas.proceso,
        aviso=avisos.append,
        reloj=lambda: ventana.inicio + timedelta(minutes=1),
        dormir=lambda s: None,
        maximo=3,
    )
    assert hechos == 0 and "ya está publicado" in avisos[-1]
    assert list(Corte.objects.all()) == [final]
    assert sorted(p.name for p in (settings.PUBLISH_ROOT / "cortes").iterdir()) == [final.nombre]
    assert (settings.PUBLISH_ROOT / "current.json").read_bytes() == puntero


@pytest.mark.django_db
def test_un_corte_sin_fila_se_aparta_y_el_minuto_queda_libre(verificadas, tmp_path, capsys):
    """What the old order (rename, then commit) left when killed in between: a complete, signed
    cut under cortes/ with no row. The next publish moves it aside (never deletes it), audits
    that, publishes in the same minute, and the chain keeps one child per parent."""
    from ople.prep.publish import corte
    from ople.prep.publish.selector import entrada_corte
    from ople.publicacion import manifiesto

    llave = tmp_path / "clave.pem"
    t = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
    primero = programador.publicar_corte(
        proceso=verificadas.proceso, respetar_ventana=False, clave=llave, hasta=t
    )
    t2 = t + timedelta(minutes=1)
    huerfano = corte.construir_corte(
        entrada_corte(proceso=verificadas.proceso, hasta=t2),
        raiz=settings.PUBLISH_ROOT,
        clave=manifiesto.cargar_clave(llave),
        previo=primero.nombre,
        puntero=False,
    )
    assert verificar.verificar_corte(huerfano.ruta) == []  # served and verifiable, no row
    # the log's check names it (its manifest has no prep.corte event)
    from django.core.management import call_command

    with pytest.raises(SystemExit) as salida:
        call_command("audit", "verify", "--corte", str(settings.PUBLISH_ROOT / "cortes"))
    assert salida.value.code == 1
    assert f"{huerfano.nombre}: ningún evento de publicación" in capsys.readouterr().err
    segundo = programador.publicar_corte(
        proceso=verificadas.proceso, respetar_ventana=False, clave=llave, hasta=t2
    )
    assert segundo.nombre == huerfano.nombre and segundo.previo == primero
    apartados = list((settings.PUBLISH_ROOT / corte.CUARENTENA).iterdir())
    assert [p.name.split(".")[0] for p in apartados] == [huerfano.nombre]
    assert verificar.verificar_corte(apartados[0]) == []  # kept whole, aside
    ev = AuditEvent.objects.get(action="prep.corte.recuperacion")
    assert ev.after["accion"] == "apartado" and ev.after["nombre"] == huerfano.nombre
    tercero = programador.publicar_corte(
        proceso=verificadas.proceso,
        respetar_ventana=False,
        clave=llave,
        hasta=t2 + timedelta(minutes=1),
    )
    assert tercero.previo == segundo
    assert list(Corte.objects.filter(previo=primero)) == [segundo]
    assert json.loads((settings.PUBLISH_ROOT / "current.json").read_text())["corte"] == (
        tercero.nombre
    )


@pytest.mark.django_db
def test_dos_cortes_no_pueden_nombrar_el_mismo_previo(verificadas):
    from django.db import IntegrityError, transaction

    ahora = datetime.now(UTC).replace(second=0, microsecond=0)

    def fila(n: int, previo: Corte | None) -> Corte:
        return Corte.objects.create(
            proceso=verificadas.proceso,
            nombre=f"2099010{n}_0000",
            corte_en=ahora + timedelta(minutes=n),
            manifest_sha256="0" * 64,
            previo=previo,
        )

    raiz_ = fila(1, None)
    fila(2, raiz_)
    with pytest.raises(IntegrityError), transaction.atomic():
        fila(3, raiz_)


@pytest.mark.django_db
def test_un_corte_anterior_al_ultimo_se_rechaza(verificadas, tmp_path):
    """`--hasta` before the last cut made the chain branch: the backdated cut and the next one
    both named the last cut as parent. Now it is refused, in Spanish, and nothing is written."""
    from django.core.management import CommandError, call_command

    llave = tmp_path / "clave.pem"
    t = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
    kw = {"proceso": verificadas.proceso, "respetar_ventana": False, "clave": llave}
    primero = programador.publicar_corte(hasta=t, **kw)
    segundo = programador.publicar_corte(hasta=t + timedelta(minutes=5), **kw)
    with pytest.raises(programador.CorteNoPosterior, match="no es posterior al último corte"):
        programador.publicar_corte(hasta=t + timedelta(minutes=2), **kw)
    with pytest.raises(CommandError, match=f"último corte publicado, {segundo.nombre}"):
        call_command("publish", "--once", "--fuera-de-ventana", "--hasta", f"{t:%Y-%m-%d %H:%M}")
    assert list(Corte.objects.all()) == [primero, segundo]
    assert sorted(p.name for p in (settings.PUBLISH_ROOT / "cortes").iterdir()) == [
        primero.nombre,
        segundo.nombre,
    ]
    tercero = programador.publicar_corte(hasta=t + timedelta(minutes=6), **kw)
    assert tercero.previo == segundo


def test_recuperacion_reescribe_el_puntero_desde_el_evento_del_corte(verificadas, tmp_path):
    """A publisher killed after placing its cut but before moving the pointer: the recovery
    writes current.json again, byte for byte, from the cut's row and its prep.corte event
    (read through core.selectors), and audits it."""
    t = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
    c = programador.publicar_corte(
        proceso=verificadas.proceso, respetar_ventana=False, clave=tmp_path / "k.pem", hasta=t
    )
    puntero = settings.PUBLISH_ROOT / "current.json"
    original = puntero.read_bytes()
    puntero.write_text('{"corte": "otro"}')
    assert programador.recuperar() == [f"puntero: {c.nombre}"]
    assert puntero.read_bytes() == original
    ev = AuditEvent.objects.filter(action="prep.corte.recuperacion").get()
    assert ev.after == {"accion": "puntero", "nombre": c.nombre}
