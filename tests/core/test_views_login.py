import pytest
from django.urls import reverse

from ople.core.models import AuditEvent
from ople.core.testing import make_user
from ople.prep import roles as prep_roles

pytestmark = pytest.mark.django_db

PASSWORD = "clave-de-prueba-1"


def _post(client, username, password, addr="10.0.0.1", **extra):
    return client.post(
        reverse("core:login"),
        {"username": username, "password": password, **extra},
        REMOTE_ADDR=addr,
    )


def test_login_page_is_spanish_and_at_the_documented_path(client):
    assert reverse("core:login") == "/cuenta/entrar/"
    body = client.get("/cuenta/entrar/").content.decode()
    assert "Usuario" in body and "Contraseña" in body and 'lang="es-MX"' in body


def test_successful_login_goes_to_the_office_and_is_audited(client):
    user = make_user("cap1", prep_roles.CAPTURA)
    response = _post(client, "cap1", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/oficina/"
    event = AuditEvent.objects.get(action="core.login")
    assert event.actor_id == user.pk and event.after["resultado"] == "exito"
    assert event.after["direccion"] == "10.0.0.1"


def test_next_is_followed_only_when_local(client):
    make_user("cap1", prep_roles.CAPTURA)
    assert _post(client, "cap1", PASSWORD, next="/prep/captura/")["Location"] == "/prep/captura/"
    client.logout()
    assert _post(client, "cap1", PASSWORD, next="https://evil.example/")["Location"] == "/oficina/"


def test_failed_login_shows_spanish_error_and_is_audited(client):
    make_user("cap1", prep_roles.CAPTURA)
    response = _post(client, "cap1", "mala")
    assert response.status_code == 200
    assert "correctos" in response.content.decode()  # Django's es-MX message
    event = AuditEvent.objects.get(action="core.login_fallido")
    assert event.actor_id is None and event.after["usuario"] == "cap1"


def test_attempts_are_limited_per_user_name(client, settings):
    settings.LOGIN_MAX_ATTEMPTS = 3
    make_user("cap1", prep_roles.CAPTURA)
    for i in range(2):
        assert _post(client, "cap1", "mala", addr=f"10.0.0.{i}").status_code == 200
    locked = _post(client, "cap1", "mala", addr="10.0.0.9")
    assert locked.status_code == 429
    assert "Demasiados intentos" in locked.content.decode()
    assert AuditEvent.objects.filter(action="core.login_bloqueado").count() == 1
    # Even the right password from a fresh address is refused while the lock lasts.
    refused = _post(client, "cap1", PASSWORD, addr="10.9.9.9")
    assert refused.status_code == 429 and "espere" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="core.login_rechazado").count() == 1


def test_attempts_are_limited_per_client_address(client, settings):
    settings.LOGIN_MAX_ATTEMPTS = 3
    make_user("victima", prep_roles.CAPTURA)
    for name in ("a", "b", "c"):
        _post(client, name, "mala", addr="192.0.2.7")
    assert _post(client, "victima", PASSWORD, addr="192.0.2.7").status_code == 429
    # Another address is not affected.
    assert _post(client, "victima", PASSWORD, addr="192.0.2.8").status_code == 302


def test_lock_ends_after_the_window(client, settings, monkeypatch):
    settings.LOGIN_MAX_ATTEMPTS = 2
    settings.LOGIN_WINDOW_SECONDS = 60
    make_user("cap1", prep_roles.CAPTURA)
    from ople.core import limiter

    now = [1_000_000.0]
    monkeypatch.setattr(limiter, "_now", lambda: now[0])
    _post(client, "cap1", "mala")
    _post(client, "cap1", "mala")
    refused = _post(client, "cap1", PASSWORD)
    assert refused.status_code == 429 and "espere 1 minuto" in refused.content.decode()
    now[0] += 61
    # The counters' window (stored with them) has ended: a new one starts.
    assert _post(client, "cap1", PASSWORD).status_code == 302


def test_logout_is_post_only_and_audited(client):
    make_user("cap1", prep_roles.CAPTURA)
    _post(client, "cap1", PASSWORD)
    assert client.get(reverse("core:logout")).status_code == 405
    assert client.post(reverse("core:logout"))["Location"] == "/cuenta/entrar/"
    assert AuditEvent.objects.filter(action="core.logout").exists()
    assert client.get("/oficina/")["Location"].startswith("/cuenta/entrar/")


def test_sessions_expire(client, settings):
    """Sessions slide with activity and end SESSION_COOKIE_AGE seconds after the last request."""
    import os
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE == int(os.environ.get("OPLE_SESSION_SECONDS", "28800"))
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    make_user("cap1", prep_roles.CAPTURA)
    _post(client, "cap1", PASSWORD)
    assert client.get("/oficina/").status_code == 200
    session = Session.objects.get()
    remaining = (session.expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 60 < remaining <= settings.SESSION_COOKIE_AGE
    # The inactivity time passes: the stored session is past its expiry date.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/oficina/")
    assert response.status_code == 302 and response["Location"].startswith("/cuenta/entrar/")


def test_audit_chain_stays_intact_after_logins(client):
    from ople.core.audit import verify_log

    make_user("cap1", prep_roles.CAPTURA)
    _post(client, "cap1", "mala")
    _post(client, "cap1", PASSWORD)
    assert verify_log() is None
    assert AuditEvent.objects.count() == 2


def test_client_address_from_a_trusted_proxy_header(client, settings):
    settings.LOGIN_MAX_ATTEMPTS = 2
    settings.OPLE_CLIENT_IP_HEADER = "X-Real-IP"
    make_user("cap1", prep_roles.CAPTURA)
    for name in ("a", "b"):
        client.post(
            reverse("core:login"),
            {"username": name, "password": "mala"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP="198.51.100.4",
        )
    event = AuditEvent.objects.filter(action="core.login_bloqueado").get()
    assert event.after["direccion"] == "198.51.100.4"
    # Another client behind the same proxy is not locked out.
    ok = client.post(
        reverse("core:login"),
        {"username": "cap1", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="198.51.100.5",
    )
    assert ok.status_code == 302


def test_the_proxy_header_s_last_address_is_used_never_one_the_client_wrote(client, settings):
    """X-Forwarded-For: the client may send its own list; the proxy appends the real address."""
    settings.LOGIN_MAX_ATTEMPTS = 2
    settings.OPLE_CLIENT_IP_HEADER = "X-Forwarded-For"
    for i, name in enumerate(("a", "b")):
        client.post(
            reverse("core:login"),
            {"username": name, "password": "mala"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.1.1.{i}, 198.51.100.4",  # a new invented first address
        )
    event = AuditEvent.objects.filter(action="core.login_bloqueado").get()
    assert event.after["direccion"] == "198.51.100.4"
    # A value that is not an address is not used: the connection's address is.
    client.post(
        reverse("core:login"),
        {"username": "c", "password": "mala"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="<script>",
    )
    assert AuditEvent.objects.order_by("-seq").first().after["direccion"] == "127.0.0.1"


@pytest.mark.parametrize("typed", ["cap\x001", "cap1\x07", "\x00", "cap\x851"])
def test_control_characters_in_the_user_name_are_a_spanish_error_and_an_audited_failure(
    client, settings, typed
):
    """On PostgreSQL a NUL reached the database (a 500, and the failure was not audited)."""
    from ople.core.audit import verify_log

    settings.LOGIN_MAX_ATTEMPTS = 2
    make_user("cap1", prep_roles.CAPTURA)
    r = _post(client, typed, PASSWORD)
    assert r.status_code == 400
    assert "caracteres de control" in r.content.decode()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="core.login_fallido")
    shown = typed.replace("\x00", "\\x00").replace("\x07", "\\x07").replace("\x85", "\\x85")
    assert event.after["usuario"] == shown and "\x00" not in event.object_id
    # It counts toward the lockout like any other failure.
    assert _post(client, typed, PASSWORD).status_code == 429
    assert AuditEvent.objects.filter(action="core.login_bloqueado").count() == 1
    assert _post(client, typed, PASSWORD).status_code == 429
    assert AuditEvent.objects.filter(action="core.login_rechazado").count() == 1
    assert verify_log() is None


def test_successes_do_not_lock_an_address(client, settings):
    """Each attempt is taken before the check; a success gives its own back to the address."""
    settings.LOGIN_MAX_ATTEMPTS = 2
    for i in range(4):
        make_user(f"cap{i}", prep_roles.CAPTURA)
        assert _post(client, f"cap{i}", PASSWORD).status_code == 302
        client.logout()
    # The address still has its two attempts; a user's success clears that user's counter.
    assert _post(client, "cap0", "mala").status_code == 200
    assert _post(client, "cap0", PASSWORD).status_code == 302
    client.logout()
    assert _post(client, "cap1", "mala").status_code == 429  # the address's second failure


def test_the_attempts_are_taken_before_the_password_is_checked(client, settings, monkeypatch):
    """Old code: a lock check before the password hash and a count after it, so requests checked
    in between (other workers, a burst) all got their password checked. Here the password check
    itself runs while another attempt arrives: it must be refused, counted first."""
    from django.contrib.auth.backends import ModelBackend

    settings.LOGIN_MAX_ATTEMPTS = 1
    make_user("cap1", prep_roles.CAPTURA)
    checked: list[str] = []
    original = ModelBackend.authenticate
    inner: list[int] = []

    def authenticate(self, request, username=None, password=None, **kw):
        checked.append(password)
        if not inner:  # a second request arrives while the first one's password is checked
            inner.append(1)
            second = _post(client, "cap1", "otra-mala", addr="10.0.0.2")
            inner.append(second.status_code)
        return original(self, request, username=username, password=password, **kw)

    monkeypatch.setattr(ModelBackend, "authenticate", authenticate)
    assert _post(client, "cap1", "mala").status_code == 429
    assert checked == ["mala"] and inner == [1, 429]
