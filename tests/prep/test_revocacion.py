"""Revoking a lost or stolen PREP Casilla phone: from the devices page and from
`ople prep revocar-dispositivo`, audited, and refused on the device's very next upload in every
server process (the per-process token cache no longer hides a revocation for OPLE_API_CACHE_S)."""

from __future__ import annotations

import json
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from ople.core.models import AuditEvent
from ople.core.testing import login_verified
from ople.prep import api
from ople.prep import roles as prep_roles
from ople.prep.models import Digitalizacion, Dispositivo
from ople.prep.services import dispositivos, intake
from tests.prep.datos_intake import jpeg, supervisor, usuario
from tests.prep.test_api import cat, codigo_error, enrolar, subir  # noqa: F401


@pytest.fixture
def cache(settings):
    settings.OPLE_API_CACHE_S = 60  # what a server remembers; the revocation must not wait
    dispositivos.olvidar_sesiones()
    api._CATALOGO.olvidar()
    intake._ABIERTOS.clear()
    yield
    dispositivos.olvidar_sesiones()
    api._CATALOGO.olvidar()
    intake._ABIERTOS.clear()


def _supervisora():
    from django.contrib.auth.models import User

    return User.objects.get(username="supervisora")  # created by enrolar()


def _eventos(disp: Dispositivo) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action="prep.dispositivo_revocado", object_id=str(disp.pk))
    )


@pytest.mark.django_db(transaction=True)
def test_revocacion_en_este_proceso_rechaza_la_siguiente_subida(cat, cache):  # noqa: F811
    cliente = Client()
    token = enrolar(cliente, cat)["token"]
    assert subir(cliente, token, jpeg(1)).status_code == 201  # the token is now remembered
    disp = Dispositivo.objects.get()
    assert dispositivos.revocar_dispositivo(
        supervisor=_supervisora(), dispositivo=disp, motivo="  teléfono   extraviado "
    )
    r = subir(cliente, token, jpeg(2))
    assert r.status_code == 401 and codigo_error(r) == "no_autenticado"
    assert "revocado" in r.json()["error"]["mensaje"]
    assert Digitalizacion.objects.count() == 1
    disp.refresh_from_db()
    assert not disp.activo and disp.motivo_revocacion == "teléfono extraviado"
    assert disp.revocado_por.username == "supervisora" and disp.revocado_en is not None
    (evento,) = _eventos(disp)
    assert evento.actor.username == "supervisora"
    assert evento.after["motivo"] == "teléfono extraviado" and evento.after["activo"] is False
    # A second revocation changes nothing and records nothing.
    assert not dispositivos.revocar_dispositivo(
        supervisor=_supervisora(), dispositivo=disp, motivo="otra vez"
    )
    assert len(_eventos(disp)) == 1


@pytest.mark.django_db(transaction=True)
def test_revocacion_confirmada_por_otro_proceso_rechaza_la_siguiente_subida(
    cat,  # noqa: F811
    cache,
    tmp_path,
):
    """The revocation is committed by another process (the command, as an operator would run
    it): this process, which remembers the token, refuses the very next upload. Fails before the
    fix, which kept answering 201 for OPLE_API_CACHE_S seconds."""
    from django.db import connection

    cliente = Client()
    token = enrolar(cliente, cat)["token"]
    assert subir(cliente, token, jpeg(1)).status_code == 201
    disp = Dispositivo.objects.get()
    if connection.vendor == "postgresql":
        from tests.prep.test_intake_sigkill import BIN, REPO, _entorno

        env = _entorno(tmp_path)  # this test database, from another process
        r = subprocess.run(
            [
                str(BIN / "ople"),
                "prep",
                "revocar-dispositivo",
                str(disp.pk),
                "--motivo",
                "robado",
                "--usuario",
                "supervisora",
            ],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 0, r.stderr[-3000:]
        assert "revocado" in r.stdout
    else:
        # SQLite's test database lives in this process's memory: a committed write that does
        # not go through this process's service stands in for the other process.
        Dispositivo.objects.filter(pk=disp.pk).update(activo=False)
    assert not Dispositivo.objects.get(pk=disp.pk).activo
    r = subir(cliente, token, jpeg(2))
    assert r.status_code == 401 and codigo_error(r) == "no_autenticado"
    assert Digitalizacion.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_revocacion_en_otro_proceso_y_el_servidor_real(tmp_path):
    """gunicorn (its own process, with the production cache of the token) receives an upload;
    the command revokes the phone from another process; the server's next upload is refused."""
    from tests.prep.test_intake_sigkill import (
        BIN,
        REPO,
        _arrancar,
        _entorno,
        _matar,
        _puerto_libre,
        _python,
        _subir,
    )

    env = _entorno(tmp_path)
    env["OPLE_API_CACHE_S"] = "60"
    datos = json.loads(_python(_PREPARAR, env))
    puerto = _puerto_libre()
    # One worker: the one that remembers the token is the one that gets the next upload.
    servidor = _arrancar(env, puerto, tmp_path / "gunicorn.log", workers=1)
    try:
        estado, _ = _subir(puerto, datos["token"], datos["acta"], jpeg(1))
        assert estado == 201
        estado, _ = _subir(puerto, datos["token"], datos["acta"], jpeg(2))
        assert estado == 201  # served from the worker's cache of the token
        r = subprocess.run(
            [
                str(BIN / "ople"),
                "prep",
                "revocar-dispositivo",
                str(datos["dispositivo"]),
                "--motivo=teléfono robado",
                "--usuario=supervisora",
            ],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 0, r.stderr[-3000:]
        estado, cuerpo = _subir(puerto, datos["token"], datos["acta"], jpeg(3))
        assert estado == 401, cuerpo
        assert cuerpo["error"]["codigo"] == "no_autenticado"
    finally:
        _matar(servidor)
    resultado = json.loads(_python(_LEER, env))
    assert resultado == {"digitalizaciones": 2, "motivos": ["teléfono robado"]}


_PREPARAR = """
import json, django
django.setup()
from datetime import timedelta
from tests.prep.datos_intake import catalogo_con_actas, supervisor
from ople.prep.services import dispositivos
cat = catalogo_con_actas()
codigo = dispositivos.crear_codigo_enrolamiento(
    supervisor=supervisor(), etiqueta="CAE", casillas=[cat.casillas["010393C0200"]],
    vigencia=timedelta(hours=1))
enrol = dispositivos.enrolar_dispositivo(codigo=codigo, nombre="Teléfono CAE")
print(json.dumps({"token": enrol.token, "dispositivo": enrol.dispositivo.pk,
                  "acta": "010393C020002"}))
"""

_LEER = """
import json, django
django.setup()
from ople.core.models import AuditEvent
from ople.prep.models import Digitalizacion
motivos = [e.after["motivo"] for e in AuditEvent.objects.filter(action="prep.dispositivo_revocado")]
print(json.dumps({"digitalizaciones": Digitalizacion.objects.count(), "motivos": motivos}))
"""


# --- the command ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_comando_revoca_y_explica_en_espanol(cat, capsys):  # noqa: F811
    enrolar(Client(), cat)
    disp = Dispositivo.objects.get()
    usuario("capturista", prep_roles.CAPTURA)
    casos = [
        ([str(disp.pk + 99), "--motivo=x", "--usuario=supervisora"], "No existe el dispositivo"),
        (["uno", "--motivo=x", "--usuario=supervisora"], "No existe el dispositivo «uno»"),
        (["9" * 30, "--motivo=x", "--usuario=supervisora"], "No existe el dispositivo"),
        ([str(disp.pk), "--motivo=x", "--usuario=super\x00visora"], "No existe el usuario"),
        ([str(disp.pk), "--motivo=rob\x00ado", "--usuario=supervisora"], "caracteres no válidos"),
        ([str(disp.pk), "--motivo=x", "--usuario=nadie"], "No existe el usuario «nadie»"),
        ([str(disp.pk), "--motivo=x", "--usuario=capturista"], "requiere el rol"),
        ([str(disp.pk), "--motivo=  ", "--usuario=supervisora"], "Indique el motivo"),
    ]
    for argumentos, mensaje in casos:
        with pytest.raises(CommandError, match=mensaje):
            call_command("prep_revocar_dispositivo", *argumentos)
        assert Dispositivo.objects.get().activo and not _eventos(disp)
    call_command(
        "prep_revocar_dispositivo", str(disp.pk), "--motivo=extraviado", "--usuario=supervisora"
    )
    assert "revocado: su siguiente envío será rechazado" in capsys.readouterr().out
    disp.refresh_from_db()
    assert not disp.activo and disp.motivo_revocacion == "extraviado"
    assert len(_eventos(disp)) == 1
    call_command("prep_revocar_dispositivo", str(disp.pk), "--motivo=otra", "--usuario=supervisora")
    assert "ya estaba revocado" in capsys.readouterr().out
    assert len(_eventos(disp)) == 1


def test_el_comando_es_un_subcomando_de_prep():
    from ople.prep.management.commands.prep import subcomandos

    assert "revocar-dispositivo" in subcomandos()


# --- the devices page ------------------------------------------------------------------------


@pytest.mark.django_db
def test_pagina_revoca_muestra_quien_cuando_y_por_que(cat):  # noqa: F811
    enrolar(Client(), cat)
    disp = Dispositivo.objects.get()
    cliente = Client()
    login_verified(cliente, _supervisora())
    pagina = cliente.get("/prep/dispositivos/").content.decode()
    assert (
        f'id="dispositivo-{disp.pk}" class="activo"' in pagina
        and "Revocar «Teléfono CAE 1»" in pagina
    )

    # No reason, or a device that does not exist: a Spanish error and nothing changes.
    r = cliente.post(
        "/prep/dispositivos/", {"accion": "revocar", "dispositivo": disp.pk, "motivo": " "}
    )
    assert r.status_code == 200 and "Indique el motivo de la revocación" in r.content.decode()
    for numero in ("x", "9" * 30, "-1", "１"):
        r = cliente.post(
            "/prep/dispositivos/", {"accion": "revocar", "dispositivo": numero, "motivo": "y"}
        )
        assert r.status_code == 200 and "Ese dispositivo no existe." in r.content.decode()
    r = cliente.post(
        "/prep/dispositivos/", {"accion": "revocar", "dispositivo": disp.pk, "motivo": "a\x00b"}
    )
    # Refused by the PREP's one check of control characters (prep.middleware) before the view.
    assert r.status_code == 400 and "carácter de control no permitido" in r.content.decode()
    assert Dispositivo.objects.get().activo and not _eventos(disp)

    r = cliente.post(
        "/prep/dispositivos/", {"accion": "revocar", "dispositivo": disp.pk, "motivo": "robado"}
    )
    assert r.status_code == 302 and r["Location"] == "/prep/dispositivos/"
    pagina = cliente.get("/prep/dispositivos/").content.decode()
    assert "revocado: su siguiente envío será rechazado" in pagina
    disp.refresh_from_db()
    fila = pagina[pagina.index(f'id="dispositivo-{disp.pk}"') :].split("</tr>")[0]
    assert 'class="revocado"' in fila and "Revocar" not in fila
    assert (
        f"el {timezone.localtime(disp.revocado_en):%Y-%m-%d %H:%M}" in fila
        and "por supervisora: robado" in fila
    )
    assert len(_eventos(disp)) == 1


@pytest.mark.django_db
def test_la_supervision_enlaza_la_pagina_de_dispositivos(cat):  # noqa: F811
    cliente = Client()
    login_verified(cliente, supervisor())
    assert 'href="/prep/dispositivos/"' in cliente.get("/prep/supervision/").content.decode()


@pytest.mark.django_db
def test_quien_no_supervisa_no_revoca(cat):  # noqa: F811
    enrolar(Client(), cat)
    disp = Dispositivo.objects.get()
    cliente = Client()
    cliente.force_login(usuario("capturista", prep_roles.CAPTURA))
    r = cliente.post(
        "/prep/dispositivos/", {"accion": "revocar", "dispositivo": disp.pk, "motivo": "x"}
    )
    assert r.status_code == 403
    assert Dispositivo.objects.get().activo and not _eventos(disp)


@pytest.mark.django_db
def test_entre_mas_de_200_el_telefono_perdido_se_encuentra_buscando(cat):  # noqa: F811
    enrolar(Client(), cat)
    perdido = Dispositivo.objects.get()
    sup = _supervisora()
    casilla = cat.casillas["010393B0100"]
    for i in range(205):  # newer than the lost one: it falls off the list of the newest 200
        otro = Dispositivo.objects.create(
            nombre=f"Otro {i}", token_sha256=f"{i:064x}", enrolado_por=sup
        )
        otro.casillas.add(casilla)
    cliente = Client()
    login_verified(cliente, sup)
    pagina = cliente.get("/prep/dispositivos/").content.decode()
    assert f'id="dispositivo-{perdido.pk}"' not in pagina
    assert "Se muestran los 200 más recientes de 206" in pagina
    for buscado in ("cae 1", "010393C0200", str(perdido.pk)):
        pagina = cliente.get("/prep/dispositivos/", {"buscar": buscado}).content.decode()
        assert f'id="dispositivo-{perdido.pk}"' in pagina, buscado
        assert pagina.count('<tr id="dispositivo-') == 1, buscado
    r = cliente.get("/prep/dispositivos/", {"buscar": "a\x00"})  # prep.middleware refuses it
    assert r.status_code == 400 and "carácter de control no permitido" in r.content.decode()
    pagina = cliente.get("/prep/dispositivos/", {"buscar": "a\u200b"}).content.decode()
    assert "La búsqueda contiene caracteres no válidos." in pagina
