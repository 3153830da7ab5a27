"""Helpers for tests of other apps: sign a user in with a verified second factor."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def make_user(username: str, *roles: str, password: str = "clave-de-prueba-1", **extra: Any):
    """Create a user in the given role groups (groups are created by the apps' migrations)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, password=password, **extra)
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def login_verified(client: Any, user: Any) -> TOTPDevice:
    """`client.force_login(user)` plus a confirmed TOTP device marked verified in the session."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="pruebas", defaults={"confirmed": True}
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def en_hilos(trabajo: Any, n: int) -> list[BaseException]:
    """Run `trabajo(i)` for i in range(n) in n threads at once (each closes its own database
    connections) and return what they raised, for the test to assert there is nothing."""
    import threading

    from django.db import connections

    errores: list[BaseException] = []

    def hilo(i: int) -> None:
        try:
            trabajo(i)
        except BaseException as exc:  # reported to the test
            errores.append(exc)
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=hilo, args=(i,)) for i in range(n)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    return errores


def llamar_wsgi(
    app: Any,
    *,
    metodo: str,
    ruta: str,
    cuerpo: bytes = b"",
    tipo: str = "",
    host: str = "testserver",
    **extra: Any,
) -> tuple[str, list[tuple[str, str]], bytes]:
    """Call a WSGI application as a server would (for the direct routes' byte-for-byte tests):
    its status line, its headers in order and its body, the response closed."""
    import io

    from django.core import signals
    from django.db import close_old_connections

    entorno = {
        "REQUEST_METHOD": metodo,
        "PATH_INFO": ruta,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(cuerpo),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "CONTENT_LENGTH": str(len(cuerpo)),
        "CONTENT_TYPE": tipo,
        **extra,
    }
    salida: dict[str, Any] = {}

    def start_response(estado: str, cabeceras: list[tuple[str, str]]) -> None:
        salida["linea"] = estado
        salida["cabeceras"] = list(cabeceras)

    # As Django's test client does: a request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        partes = app(entorno, start_response)
        try:
            contenido = b"".join(partes)
        finally:
            partes.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return salida["linea"], salida["cabeceras"], contenido
