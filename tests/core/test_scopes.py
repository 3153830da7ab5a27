"""Outside users' scopes: who sees what, deny by default, validity periods, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ople.catalog.models import Partido
from ople.core import account_services, accounts, registro, registry, roles, scopes
from ople.core.models import Account, AuditEvent, Scope
from ople.core.testing import make_user

from .externos import partidos, representante

pytestmark = pytest.mark.django_db


def _siglas(user) -> list[str]:
    qs = scopes.restrict_to_scope(Partido.objects.all(), user, accounts.PARTY, "siglas")
    return sorted(qs.values_list("siglas", flat=True))


def test_account_kinds_agree_with_roles():
    for spec in accounts.ACCOUNT_KINDS.values():
        if spec.role:
            assert spec.role in registry.roles()
            assert (spec.role in registry.second_factor_roles()) is spec.second_factor
    assert set(accounts.SCOPE_KINDS) == set(Scope.Kind.values)
    assert accounts.OUTSIDE_KINDS == set(Account.Kind.values)


def test_representative_sees_only_their_party():
    partidos()
    pan = representante("rep_pan", "PAN")
    morena = representante("rep_morena", "MORENA")
    assert _siglas(pan) == ["PAN"]
    assert _siglas(morena) == ["MORENA"]
    assert scopes.scopes_of(pan, accounts.PARTY) == {"PAN"}
    scopes.require_scope(pan, accounts.PARTY, "PAN")
    with pytest.raises(PermissionDenied, match="no tiene acceso a este ámbito"):
        scopes.require_scope(pan, accounts.PARTY, "MORENA")


def test_deny_by_default():
    partidos()
    sin_ambito = representante("rep_sin_ambito")
    assert _siglas(sin_ambito) == []
    assert scopes.scopes_of(sin_ambito, accounts.PARTY) == frozenset()
    assert _siglas(AnonymousUser()) == []
    with pytest.raises(PermissionDenied):
        scopes.require_scope(AnonymousUser(), accounts.PARTY, "PAN")
    # A representative's scope of another kind does not open this one.
    destinatario = account_services.create_outside_account(
        username="ciudadana", kind=accounts.ADDRESSEE, actor=None
    )
    account_services.grant_scope(user=destinatario, kind=accounts.NOTICES, key="C-1", actor=None)
    assert _siglas(destinatario) == []
    assert scopes.scopes_of(destinatario, accounts.NOTICES) == {"C-1"}
    # An inactive account sees nothing, whatever its scopes.
    pan = representante("rep_pan", "PAN")
    pan.is_active = False
    assert _siglas(pan) == []


def test_staff_are_not_filtered_by_scope():
    partidos()
    staff = make_user("coordinacion", "coordinacion")
    assert _siglas(staff) == ["MORENA", "PAN", "PRI"]
    assert scopes.account_kind(staff) == accounts.STAFF
    with pytest.raises(account_services.AccountError, match="personal del instituto"):
        account_services.grant_scope(user=staff, kind=accounts.PARTY, key="PAN", actor=None)
    with pytest.raises(account_services.AccountError, match="personal del instituto"):
        account_services.open_account(user=staff, kind=accounts.ADDRESSEE, actor=None)


def test_second_factor_gates_a_representatives_scopes():
    partidos()
    pan = representante("rep_pan", "PAN")
    pan.is_verified = lambda: False  # as django-otp leaves it on an unverified request
    assert scopes.scopes_of(pan, accounts.PARTY) == frozenset()
    assert _siglas(pan) == []
    with pytest.raises(PermissionDenied, match="segundo factor"):
        scopes.require_scope(pan, accounts.PARTY, "PAN")
    pan.is_verified = lambda: True
    assert _siglas(pan) == ["PAN"]
    assert roles.needs_2fa(pan)


def test_replacement_mid_process_closes_the_period_and_keeps_history():
    partidos()
    saliente = representante("saliente", "PAN")
    entrante = representante("entrante")
    cambio = timezone.now() + timedelta(days=3)
    scope = Scope.objects.get(user=saliente)
    account_services.revoke_scope(scope=scope, actor=None, at=cambio)
    account_services.grant_scope(
        user=entrante, kind=accounts.PARTY, key="PAN", actor=None, valid_from=cambio
    )
    assert scopes.scopes_of(saliente, accounts.PARTY) == {"PAN"}  # until the change
    assert scopes.scopes_of(entrante, accounts.PARTY) == frozenset()
    despues = cambio + timedelta(hours=1)
    assert scopes.scopes_of(saliente, accounts.PARTY, at=despues) == frozenset()
    assert scopes.scopes_of(entrante, accounts.PARTY, at=despues) == {"PAN"}
    assert Scope.objects.filter(key="PAN").count() == 2  # nothing deleted
    with pytest.raises(account_services.AccountError, match="ya no está vigente"):
        account_services.revoke_scope(scope=scope, actor=None, at=despues)


def test_grant_refuses_bad_input_and_changes_nothing():
    partidos()
    pan = representante("rep_pan", "PAN")
    before = (Scope.objects.count(), AuditEvent.objects.count())
    casos = [
        (accounts.PARTY, "XYZ", "no existe como partido"),
        (accounts.PARTY, "  ", "no puede estar vacía"),
        ("municipio", "1", "Tipo de ámbito desconocido"),
        (accounts.NOTICES, "C-1", "no puede recibir un ámbito"),
        (accounts.PARTY, "PAN", "ya tiene ese ámbito"),
    ]
    for kind, key, mensaje in casos:
        with pytest.raises(account_services.AccountError, match=mensaje):
            account_services.grant_scope(user=pan, kind=kind, key=key, actor=None)
    ahora = timezone.now()
    with pytest.raises(account_services.AccountError, match="terminar después"):
        account_services.grant_scope(
            user=pan,
            kind=accounts.PARTY,
            key="PRI",
            actor=None,
            valid_from=ahora,
            valid_until=ahora,
        )
    assert (Scope.objects.count(), AuditEvent.objects.count()) == before
    with pytest.raises(account_services.AccountError, match="Ya existe"):
        account_services.create_outside_account(
            username="REP_PAN", kind=accounts.PARTY_REPRESENTATIVE, actor=None
        )
    with pytest.raises(account_services.AccountError, match="Tipo de cuenta"):
        account_services.create_outside_account(username="x", kind=accounts.STAFF, actor=None)
    assert get_user_model().objects.count() == 1


def test_every_change_is_audited():
    partidos()
    actor = make_user("administrador", roles.ADMINISTRACION)
    user = account_services.create_outside_account(
        username="rep", kind=accounts.PARTY_REPRESENTATIVE, actor=actor
    )
    assert not user.has_usable_password()
    assert set(user.groups.values_list("name", flat=True)) == {registro.REPRESENTANTE_PARTIDO}
    scope = account_services.grant_scope(user=user, kind=accounts.PARTY, key="PRI", actor=actor)
    account_services.revoke_scope(scope=scope, actor=actor)
    eventos = list(AuditEvent.objects.order_by("seq"))
    assert [e.action for e in eventos] == [
        "core.cuenta_externa",
        "core.ambito_otorgado",
        "core.ambito_revocado",
    ]
    assert all(e.actor_id == actor.pk for e in eventos)
    assert eventos[1].after["clave"] == "PRI" and eventos[1].object_id == str(scope.pk)
    scope.refresh_from_db()
    assert scope.granted_by == actor and scope.revoked_by == actor
    assert scope.valid_until is not None


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_grants_of_one_scope_make_one_row():
    """Each grant locks the account row, so two at once cannot both pass the overlap check."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        # The in-memory SQLite test database locks whole tables without waiting; a file database
        # serialises writers with BEGIN IMMEDIATE (decision 0003), so the race is PostgreSQL's.
        pytest.skip("sólo PostgreSQL tiene escrituras concurrentes en esta prueba")
    partidos()
    rep = representante("rep")
    barrera = threading.Barrier(2)
    resultados: list[str] = []

    def otorgar():
        try:
            barrera.wait(timeout=10)
            account_services.grant_scope(user=rep, kind=accounts.PARTY, key="PAN", actor=None)
            resultados.append("ok")
        except account_services.AccountError as exc:
            resultados.append(exc.code)
        except Exception as exc:  # noqa: BLE001 - shown in the assertion
            resultados.append(repr(exc))
        finally:
            connection.close()

    hilos = [threading.Thread(target=otorgar) for _ in range(2)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(timeout=30)
    assert sorted(resultados) == ["duplicado", "ok"]
    assert Scope.objects.filter(user=rep, key="PAN").count() == 1
