"""The admin speaks Spanish: no third-party label left untranslated on its index."""

import pytest

from ople.core import roles
from ople.core.testing import login_verified, make_user

pytestmark = pytest.mark.django_db


def test_indice_del_admin_en_espanol(client):
    admin = make_user("admin1", roles.ADMINISTRACION)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    login_verified(client, admin)
    cuerpo = client.get("/admin/").content.decode()
    assert "ople · administración" in cuerpo
    assert "Segundo factor (autenticadores TOTP)" in cuerpo
    assert "OTP_TOTP" not in cuerpo and "Otp_Totp" not in cuerpo
