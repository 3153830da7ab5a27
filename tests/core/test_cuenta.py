"""/cuenta/ shows the signed-in user's scopes; `ople usuarios` and the admin grant and revoke."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ople.core import account_services, accounts
from ople.core.models import Account, AuditEvent, Scope
from ople.core.testing import login_verified, make_user

from .externos import partidos, representante

pytestmark = pytest.mark.django_db


def test_cuenta_requires_the_second_factor_then_shows_only_own_party(client):
    partidos()
    pan = representante("rep_pan", "PAN")
    representante("rep_pri", "PRI")
    client.force_login(pan)
    r = client.get("/cuenta/")
    assert r.status_code == 302 and r["Location"].startswith(reverse("core:otp"))
    login_verified(client, pan)
    r = client.get("/cuenta/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "Representante de partido" in html and "Partido Acción Nacional" in html
    assert "PRI" not in html and "Revolucionario" not in html
    # The back office is not theirs: /oficina/ leads to their account, which lists their tools
    # (the systems declare them for the outside roles) and no staff tool.
    assert client.get("/oficina/")["Location"] == "/cuenta/"
    assert 'href="/candidaturas/"' in html and 'href="/computos/oficina/"' in html
    assert "/candidaturas/revision/" not in html and "/admin/" not in html


def test_cuenta_of_an_unscoped_account_says_so(client):
    user = account_services.create_outside_account(
        username="ciudadana", kind=accounts.ADDRESSEE, actor=None
    )
    client.force_login(user)  # addressees need no second factor
    html = client.get("/cuenta/").content.decode()
    assert "no tiene ningún ámbito vigente" in html
    assert 'href="/notificaciones/"' in html  # their inbox


def test_cuenta_anonymous_goes_to_login(client):
    r = client.get("/cuenta/")
    assert r.status_code == 302 and r["Location"].startswith(reverse("core:login"))


def test_command_creates_grants_revokes_and_lists(capsys):
    partidos()
    call_command("usuarios", "externo", "rep1", "--tipo", "representante", "--partido", "PAN")
    assert Account.objects.get(user__username="rep1").kind == accounts.PARTY_REPRESENTATIVE
    call_command("usuarios", "otorgar", "rep1", "--ambito", "demarcacion", "--clave", "DL-01")
    call_command("usuarios", "revocar", "rep1", "--ambito", "partido", "--clave", "PAN")
    call_command("usuarios", "ambitos", "rep1")
    out = capsys.readouterr().out
    assert "ople changepassword rep1" in out and "Ámbito revocado: partido PAN" in out
    assert Scope.objects.filter(user__username="rep1").count() == 2
    assert AuditEvent.objects.filter(action__startswith="core.ambito_").count() == 3


@pytest.mark.parametrize(
    "argv, mensaje",
    [
        (["otorgar", "nadie", "--ambito", "partido", "--clave", "PAN"], "No existe el usuario"),
        (["otorgar", "rep1", "--ambito", "partido", "--clave", "XYZ"], "no existe como partido"),
        (["revocar", "rep1", "--ambito", "partido", "--clave", "PRI"], "no tiene vigente"),
        (["otorgar", "rep1", "--ambito", "partido", "--clave", "PRI", "--desde", "ayer"], "Fecha"),
    ],
)
def test_command_refuses_bad_input_in_spanish(argv, mensaje):
    partidos()
    representante("rep1", "PAN")
    antes = AuditEvent.objects.count()
    with pytest.raises(CommandError, match=mensaje):
        call_command("usuarios", *argv)
    assert AuditEvent.objects.count() == antes


def test_admin_grants_and_revokes_through_the_services(client):
    partidos()
    rep = representante("rep1")
    admin = make_user("jefa", is_staff=True, is_superuser=True)
    login_verified(client, admin)
    r = client.post(
        "/admin/core/scope/add/",
        {
            "user": rep.pk,
            "kind": "partido",
            "key": "MORENA",
            "valid_from_0": "2024-01-01",
            "valid_from_1": "00:00:00",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    scope = Scope.objects.get(user=rep)
    assert scope.key == "MORENA" and scope.granted_by == admin
    assert AuditEvent.objects.filter(action="core.ambito_otorgado", actor=admin).count() == 1
    r = client.post(
        "/admin/core/scope/",
        {"action": "revocar", "_selected_action": [scope.pk]},
    )
    assert r.status_code == 302
    scope.refresh_from_db()
    assert scope.revoked_by == admin and scope.valid_until is not None
    # A key the catalog does not know is refused with its Spanish message, nothing written.
    r = client.post(
        "/admin/core/scope/add/",
        {
            "user": rep.pk,
            "kind": "partido",
            "key": "XYZ",
            "valid_from_0": "2024-01-01",
            "valid_from_1": "00:00:00",
        },
        follow=True,
    )
    assert "no existe como partido" in r.content.decode()
    assert Scope.objects.filter(user=rep).count() == 1
    assert client.get(f"/admin/core/scope/{scope.pk}/delete/").status_code == 403


@pytest.mark.django_db(transaction=True)  # the command closes the connection when it ends
def test_ople_usuarios_runs_through_the_ople_command(capsys):
    from ople import cli

    partidos()
    argv = ["usuarios", "externo", "rep9", "--tipo", "representante", "--partido", "PAN"]
    assert cli.main(argv) == 0
    assert "Ámbito otorgado: partido PAN" in capsys.readouterr().out
    assert Scope.objects.get(user__username="rep9").key == "PAN"


def test_cuenta_of_staff_points_to_the_back_office(client):
    staff = make_user("captura1", "captura")
    client.force_login(staff)
    html = client.get("/cuenta/").content.decode()
    assert "Cuenta del personal del instituto" in html and "Ámbitos vigentes" not in html
    assert client.get("/oficina/").status_code == 200
