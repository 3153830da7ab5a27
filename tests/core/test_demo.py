import base64
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ople.core import accounts, demo, roles, scopes
from ople.core.audit import verify_log

pytestmark = pytest.mark.django_db


def test_demo_help_lists_the_options():
    ople = str(Path(sys.executable).with_name("ople"))
    out = subprocess.run([ople, "demo", "--help"], capture_output=True, text=True, check=True)
    for option in ("--port", "--sin-simulacro", "--sin-servidor", "--velocidad"):
        assert option in out.stdout


def test_demo_refuses_without_demo_mode(settings):
    settings.DEMO = False
    with pytest.raises(CommandError, match="OPLE_DEMO=1"):
        call_command("demo", "--sin-servidor")


def _siguiente_columna(fila: str, desde: int) -> int:
    """Where the text after the first run of spaces at or past ``desde`` begins."""
    i = fila.index(" ", desde)
    return i + len(fila[i:]) - len(fila[i:].lstrip())


def test_demo_prepares_everything_idempotently(settings, capsys, monkeypatch):
    settings.DEMO = True
    settings.DOCUMENTOS_URL_VERIFICACION = "http://127.0.0.1:8000/documentos/"  # demo default
    monkeypatch.setenv("OPLE_DOCUMENTOS_URL_VERIFICACION", "")  # restored after the test
    monkeypatch.delenv("OPLE_DOCUMENTOS_URL_VERIFICACION")
    call_command("demo", "--sin-servidor", "--port", "8123")
    first = capsys.readouterr().out
    # the demo's QR codes point at the port it serves on (ADR 0056)
    assert settings.DOCUMENTOS_URL_VERIFICACION == "http://127.0.0.1:8123/documentos/"
    call_command("demo", "--sin-servidor", "--port", "8123")
    second = capsys.readouterr().out

    User = get_user_model()
    # Every declared demo user exists once (a second run creates none again); systems' demo data
    # may add accounts of their own (a party's other representatives, notice addressees).
    nombres = list(User.objects.values_list("username", flat=True))
    assert len(nombres) == len(set(nombres)) and len(demo.DEMO_USERS) >= 9
    assert {spec.username for spec in demo.DEMO_USERS} <= set(nombres)
    for spec in demo.DEMO_USERS:
        user = authenticate(username=spec.username, password=demo.DEMO_PASSWORD)
        assert user is not None, spec.username
        assert set(user.groups.values_list("name", flat=True)) == set(spec.roles)
        assert spec.username in first
    assert roles.needs_2fa(User.objects.get(username="supervision"))
    assert not roles.needs_2fa(User.objects.get(username="captura1"))
    representante = User.objects.get(username="representante")
    assert roles.needs_2fa(representante)
    assert scopes.scopes_of(representante, accounts.PARTY) == {"PAN"}
    assert scopes.scopes_of(User.objects.get(username="destinatario"), accounts.NOTICES)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not TOTPDevice.objects.filter(user=admin).exists()  # enrols on first login

    # The published secret is the device's key, so an authenticator app gives valid codes.
    device = TOTPDevice.objects.get(user__username="supervision", confirmed=True)
    assert device.bin_key == base64.b32decode(demo.DEMO_TOTP_SECRET)
    code = f"{TOTP(device.bin_key).token():06d}"
    assert device.verify_token(code)
    assert TOTPDevice.objects.filter(user__username="supervision").count() == 1

    for text in (
        "http://127.0.0.1:8123/prep/",
        "http://127.0.0.1:8123/catalogo/",
        "http://127.0.0.1:8123/cuenta/entrar/",
        "http://127.0.0.1:8123/admin/",
        demo.DEMO_PASSWORD,
        demo.DEMO_TOTP_SECRET,
        "el primer acceso enrola un autenticador",
    ):
        assert text in first
    assert "Catálogo «aguascalientes» cargado: 11 municipios" in second
    # the notice's columns line up whatever the longest user name, role or address
    lineas = first.splitlines()
    filas = {
        spec: next(x for x in lineas if x.startswith(f"   {spec.username} "))
        for spec in demo.DEMO_USERS
    }
    assert len({_siguiente_columna(f, 3) for f in filas.values()}) == 1
    finales = {
        _siguiente_columna(f, f.index(rol) + len(rol))
        for spec, f in filas.items()
        for rol in [", ".join(roles.label(r) for r in spec.roles)]
    }
    assert len(finales) == 1
    direcciones = [x for x in lineas if x.startswith("   http://")]
    assert len({_siguiente_columna(x, 3) for x in direcciones}) == 1
    assert verify_log() is None


def test_demo_without_catalog_command_says_so(settings, capsys, monkeypatch):
    settings.DEMO = True
    from ople.core.management.commands import demo as demo_cmd

    monkeypatch.setattr(demo_cmd, "get_commands", lambda: {})
    call_command("demo", "--sin-servidor")
    captured = capsys.readouterr()
    assert "load_catalog aún no existe" in captured.err
    assert "admin" in captured.out


def test_stop_process_ends_a_background_child():
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    demo.stop_process(proc, timeout=5)
    assert proc.poll() is not None
