"""Writes of the platform shell: access events and second-factor devices, each audited.

Every function runs in one transaction and writes its audit event in that same transaction.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit

TOTP_DEVICE_NAME = "autenticador"


def record_login(*, user: Any, address: str) -> None:
    with transaction.atomic():
        audit.record(
            actor=user,
            action="core.login",
            obj=user,
            after={"resultado": "exito", "direccion": address},
        )


def record_login_failure(*, username: str, address: str, locked: bool) -> None:
    """A failed attempt (`core.login_fallido`), or the one that locks (`core.login_bloqueado`)."""
    user = get_user_model().objects.filter(username__iexact=username).first() if username else None
    with transaction.atomic():
        audit.record(
            actor=None,
            actor_label=f"anónimo ({address})",
            action="core.login_bloqueado" if locked else "core.login_fallido",
            obj=user,
            object_type="" if user else "auth.user",
            object_id="" if user else username[:120],
            after={"usuario": username[:150], "direccion": address, "bloqueado": locked},
        )


def record_login_refused(*, username: str, address: str, seconds: int) -> None:
    """An attempt refused without checking the password because of an active lockout."""
    with transaction.atomic():
        audit.record(
            actor=None,
            actor_label=f"anónimo ({address})",
            action="core.login_rechazado",
            object_type="auth.user",
            object_id=username[:120],
            after={"usuario": username[:150], "direccion": address, "espera_segundos": seconds},
        )


def record_logout(*, user: Any, address: str) -> None:
    with transaction.atomic():
        audit.record(actor=user, action="core.logout", obj=user, after={"direccion": address})


def pending_totp_device(*, user: Any) -> TOTPDevice:
    """The unconfirmed TOTP device shown during enrolment (created once, reused on reload)."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("id")
            .first()
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
        return device


def confirm_totp_device(*, user: Any, device: TOTPDevice, token: str, address: str) -> bool:
    """Confirm enrolment when `token` is valid for the pending device; audited either way."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        ok: bool = device.verify_token(token)
        if ok:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        audit.record(
            actor=user,
            action="core.otp_enrolado" if ok else "core.otp_fallido",
            obj=device,
            after={"etapa": "enrolamiento", "direccion": address, "valido": ok},
        )
    return ok


def verify_totp(*, user: Any, token: str, address: str) -> TOTPDevice | None:
    """Check `token` against the user's confirmed devices; the matching device or None."""
    matched: TOTPDevice | None = None
    with transaction.atomic():
        for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(token):
                matched = device
                break
        audit.record(
            actor=user,
            action="core.otp_verificado" if matched else "core.otp_fallido",
            obj=matched or user,
            after={"etapa": "verificacion", "direccion": address, "valido": matched is not None},
        )
    return matched


def set_totp_secret(*, user: Any, secret_base32: str, name: str = TOTP_DEVICE_NAME) -> TOTPDevice:
    """Give `user` a confirmed TOTP device with a known secret (used by the demo only)."""
    try:
        key = base64.b32decode(secret_base32.upper(), casefold=True)
    except binascii.Error as exc:
        raise ValueError("El secreto TOTP debe estar en base32.") from exc
    with transaction.atomic():
        device, created = TOTPDevice.objects.get_or_create(
            user=user, name=name, defaults={"key": key.hex(), "confirmed": True}
        )
        changed = not created and (device.key != key.hex() or not device.confirmed)
        if changed:
            device.key = key.hex()
            device.confirmed = True
            device.last_t = -1
            device.save()
        if created or changed:
            audit.record(
                actor=None,
                actor_label="demo",
                action="core.otp_asignado",
                obj=device,
                after={"usuario": user.get_username(), "nuevo": created},
            )
    return device
