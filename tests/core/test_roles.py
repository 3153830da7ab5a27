import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied

from ople.core import registry, roles
from ople.core.testing import make_user
from ople.prep import roles as prep_roles

pytestmark = pytest.mark.django_db


def test_migration_creates_one_group_per_role():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(registry.roles()) <= names
    assert len(registry.roles()) >= 9  # the PREP's 6, administración, 2 outside (ADR 0027), …


def test_require_role_accepts_a_holder_and_refuses_others_in_spanish():
    capturista = make_user("cap", prep_roles.CAPTURA)
    roles.require_role(capturista, prep_roles.CAPTURA, prep_roles.VERIFICACION)
    with pytest.raises(PermissionDenied, match="requiere el rol: Supervisión"):
        roles.require_role(capturista, prep_roles.SUPERVISION)
    with pytest.raises(PermissionDenied):
        roles.require_role(AnonymousUser(), prep_roles.CAPTURA)


def test_superuser_counts_as_administration():
    admin = make_user("root", is_superuser=True, is_staff=True)
    assert roles.ADMINISTRACION in roles.role_names(admin)
    assert roles.needs_2fa(admin)
    roles.require_role(admin, roles.ADMINISTRACION)


def test_needs_2fa_by_role():
    assert roles.needs_2fa(make_user("sup", prep_roles.SUPERVISION))
    assert roles.needs_2fa(make_user("coord", prep_roles.COORDINACION))
    assert roles.needs_2fa(make_user("adm", roles.ADMINISTRACION))
    assert not roles.needs_2fa(make_user("cap", prep_roles.CAPTURA))
    assert not roles.needs_2fa(make_user("aco", prep_roles.ACOPIO, prep_roles.DIGITALIZACION))


def test_roles_needing_2fa_do_not_count_on_an_unverified_request_user():
    sup = make_user("sup", prep_roles.SUPERVISION, prep_roles.CAPTURA)
    sup.is_verified = lambda: False  # what django-otp's middleware attaches to request.user
    assert roles.role_names(sup) == {prep_roles.CAPTURA}
    with pytest.raises(PermissionDenied, match="segundo factor"):
        roles.require_role(sup, prep_roles.SUPERVISION)
    roles.require_role(sup, prep_roles.CAPTURA)
    sup.is_verified = lambda: True
    roles.require_role(sup, prep_roles.SUPERVISION)
