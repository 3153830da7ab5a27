import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ople.core import roles
from ople.core.models import AuditEvent
from ople.core.testing import login_verified, make_user
from ople.prep import roles as prep_roles

pytestmark = pytest.mark.django_db

PASSWORD = "clave-de-prueba-1"


def _token(device, offset_steps=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():06d}"


def _login(client, username):
    return client.post(reverse("core:login"), {"username": username, "password": PASSWORD})


def test_supervision_is_sent_to_the_second_factor_then_enrols(client):
    sup = make_user("sup1", prep_roles.SUPERVISION)
    response = _login(client, "sup1")
    assert response["Location"] == "/cuenta/segundo-factor/"
    # Back-office pages redirect until the second factor is verified.
    blocked = client.get("/oficina/")
    assert blocked.status_code == 302 and blocked["Location"].startswith("/cuenta/segundo-factor/")
    assert client.get("/prep/supervision/")["Location"].startswith("/cuenta/segundo-factor/")
    # Public pages stay reachable.
    assert client.get("/").status_code == 200

    page = client.get("/cuenta/segundo-factor/")
    body = page.content.decode()
    assert "Configure su autenticador" in body and "<svg" in body
    device = TOTPDevice.objects.get(user=sup, confirmed=False)
    secret = re.search(r'<code id="secreto">([A-Z2-7 ]+)</code>', body).group(1).replace(" ", "")
    import base64

    assert base64.b32decode(secret) == device.bin_key
    assert "otpauth://totp/ople%3Asup1?secret=" in body.replace("&amp;", "&")

    # Reloading shows the same pending secret.
    assert secret in client.get("/cuenta/segundo-factor/").content.decode().replace(" ", "")

    wrong = client.post(
        "/cuenta/segundo-factor/", {"codigo": "000000" if _token(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 400 and "no es válido" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()

    ok = client.post("/cuenta/segundo-factor/", {"codigo": _token(device)})
    assert ok.status_code == 302 and ok["Location"] == "/oficina/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    home = client.get("/oficina/")
    assert home.status_code == 200 and "/prep/supervision/" in home.content.decode()
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions == ["core.login", "core.otp_fallido", "core.otp_enrolado"]


def test_enrolled_user_is_asked_for_the_code_on_next_login(client):
    sup = make_user("sup1", prep_roles.SUPERVISION)
    device = TOTPDevice.objects.create(user=sup, name="autenticador", confirmed=True)
    _login(client, "sup1")
    body = client.get("/cuenta/segundo-factor/").content.decode()
    assert "Segundo factor" in body and "<svg" not in body and "secreto" not in body
    assert client.post("/cuenta/segundo-factor/", {"codigo": "12ab56"}).status_code == 200
    code = _token(device)
    ok = client.post("/cuenta/segundo-factor/?next=/prep/supervision/", {"codigo": code})
    assert ok["Location"] == "/prep/supervision/"
    assert AuditEvent.objects.filter(action="core.otp_verificado").count() == 1
    # The same code cannot be replayed in another session.
    client.logout()
    _login(client, "sup1")
    again = client.post("/cuenta/segundo-factor/", {"codigo": code})
    assert again.status_code == 400


def test_captura_is_not_forced_to_use_a_second_factor(client):
    make_user("cap1", prep_roles.CAPTURA)
    assert _login(client, "cap1")["Location"] == "/oficina/"
    home = client.get("/oficina/")
    assert home.status_code == 200
    body = home.content.decode()
    assert "/prep/captura/" in body and "/prep/supervision/" not in body and "/admin/" not in body


def test_admin_requires_the_second_factor_and_uses_ople_login(client):
    admin = make_user("adm", roles.ADMINISTRACION, is_staff=True, is_superuser=True)
    anon = client.get("/admin/")
    assert anon.status_code == 302
    follow = client.get(anon["Location"])
    assert follow["Location"].startswith("/cuenta/entrar/?next=")
    _login(client, "adm")
    assert client.get("/admin/")["Location"].startswith("/cuenta/segundo-factor/")
    client.logout()
    login_verified(client, admin)
    assert client.get("/admin/").status_code == 200


def test_staff_without_2fa_role_still_needs_it_for_admin(client):
    make_user("staffcap", prep_roles.CAPTURA, is_staff=True)
    _login(client, "staffcap")
    assert client.get("/oficina/").status_code == 200
    assert client.get("/admin/")["Location"].startswith("/cuenta/segundo-factor/")


@pytest.mark.parametrize(
    "path,public",
    [
        ("/", True),
        ("/prep/", True),
        ("/prep/current.json", True),
        ("/prep/cortes/20240602_2000/index.html", True),
        ("/catalogo/distritos/", True),
        ("/ubica/", True),
        ("/casilla/", True),
        ("/prep/supervision/", False),
        ("/prep/captura/", False),
        ("/prep/catd/", False),
        ("/prep/dispositivos/", False),
        ("/prep/api/v1/actas", True),
        ("/oficina/", False),
        ("/admin/", False),
    ],
)
def test_public_paths(path, public):
    from ople.core.middleware import is_public

    assert is_public(path) is public
