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
