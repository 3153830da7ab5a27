"""`account_services.ensure_staff_account`: the one way a tool (the simulacro, the replay) makes
institute staff — idempotent, one transaction, audited when something changes."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from ople.core import account_services, accounts, registry
from ople.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ACCION = "core.cuenta_personal"


def _roles(n: int) -> list[str]:
    con_2fa = sorted(registry.second_factor_roles())
    sin_2fa = sorted(set(registry.roles()) - set(con_2fa))
    return (sin_2fa + con_2fa)[:n]


def _eventos() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=ACCION).order_by("seq"))


def test_creates_a_staff_user_with_its_roles_and_records_it():
    uno, dos = _roles(2)
    cuenta = account_services.ensure_staff_account(
        username="sim-prueba",
        roles=[uno, dos],
        actor=None,
        actor_label="simulacro",
        password="una-contraseña-larga",
        first_name="Prueba",
    )
    user = get_user_model().objects.get(username="sim-prueba")
    assert cuenta.user == user and cuenta.totp_key == ""
    assert set(user.groups.values_list("name", flat=True)) == {uno, dos}
    assert user.is_active and user.first_name == "Prueba"
    assert user.check_password("una-contraseña-larga")
    (evento,) = _eventos()
    assert evento.actor_label == "simulacro" and evento.object_id == str(user.pk)
    assert evento.after["nueva"] is True and evento.after["roles_agregados"] == [uno, dos]
    assert "una-contraseña-larga" not in str(evento.after)


def test_is_idempotent_and_records_only_changes():
    uno, dos = _roles(2)
    account_services.ensure_staff_account(username="sim-x", roles=[uno], actor=None)
    account_services.ensure_staff_account(username="sim-x", roles=[uno], actor=None)
    assert len(_eventos()) == 1  # nothing changed the second time
    account_services.ensure_staff_account(username="sim-x", roles=[dos], actor=None)
    user = get_user_model().objects.get(username="sim-x")
    assert set(user.groups.values_list("name", flat=True)) == {uno, dos}  # roles are added
    assert _eventos()[-1].after["roles_agregados"] == [dos]
    account_services.ensure_staff_account(username="sim-x", roles=[], actor=None, password="p-1")
    assert _eventos()[-1].after["cambios"] == ["contrasena"]


def test_a_totp_device_keeps_its_key():
    (rol,) = _roles(1)
    primera = account_services.ensure_staff_account(
        username="sim-sup", roles=[rol], actor=None, totp_device="simulacro"
    )
    segunda = account_services.ensure_staff_account(
        username="sim-sup", roles=[rol], actor=None, totp_device="simulacro"
    )
    assert primera.totp_key and primera.totp_key == segunda.totp_key
    (device,) = TOTPDevice.objects.filter(user=primera.user)
    assert device.name == "simulacro" and device.confirmed and device.key == primera.totp_key
    assert [e.after["cambios"] for e in _eventos()] == [["segundo_factor"]]


def test_refuses_undeclared_roles_bad_names_and_outside_accounts():
    with pytest.raises(account_services.AccountError, match="Rol no declarado") as exc:
        account_services.ensure_staff_account(username="a", roles=["no-existe"], actor=None)
    assert exc.value.code == "rol"
    with pytest.raises(account_services.AccountError, match="no válido"):
        account_services.ensure_staff_account(username="con espacio", roles=[], actor=None)
    with pytest.raises(account_services.AccountError, match="de 1 a 150 caracteres"):
        account_services.ensure_staff_account(username="  ", roles=[], actor=None)
    account_services.create_outside_account(
        username="ciudadano", kind=accounts.ADDRESSEE, actor=None
    )
    with pytest.raises(account_services.AccountError, match="cuenta externa"):
        account_services.ensure_staff_account(username="ciudadano", roles=_roles(1), actor=None)
    assert not get_user_model().objects.filter(username="a").exists()
    assert _eventos() == []
