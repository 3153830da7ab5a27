"""The audit-log screen: who may see it, search by actor/action/object/date, the chain's state."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ople.core import roles
from ople.core.models import AuditEvent
from ople.core.testing import login_verified, make_user
from ople.prep import roles as prep_roles
from ople.prep.services import captura as svc
from tests.prep import datos_captura as dc

pytestmark = pytest.mark.django_db

URL = "/oficina/bitacora/"


@pytest.fixture
def captura_hecha():
    """One real capture through the PREP's service (its events: prep.captura)."""
    cat = dc.catalogo(n_actas=2)
    op = dc.usuario("op1", prep_roles.CAPTURA)
    r = svc.registrar_captura(
        usuario=op, asignacion=svc.tomar_siguiente(usuario=op), valores=dc.valores()
    )
    return cat, r.captura


@pytest.mark.parametrize(
    "role_list,permitido",
    [
        ((roles.ADMINISTRACION,), True),
        ((prep_roles.COORDINACION,), True),
        ((prep_roles.SUPERVISION,), False),
        ((prep_roles.CAPTURA,), False),
    ],
)
def test_solo_administracion_y_coordinacion(client, role_list, permitido):
    login_verified(client, make_user("u", *role_list))
    respuesta = client.get(URL)
    assert respuesta.status_code == (200 if permitido else 403)
    oficina = client.get("/oficina/").content.decode()
    assert oficina.count(f'href="{URL}"') == (1 if permitido else 0)  # listed once


def test_encuentra_los_eventos_de_una_captura(client, captura_hecha):
    _, captura = captura_hecha
    evento = AuditEvent.objects.get(action="prep.captura")
    login_verified(client, make_user("coord", prep_roles.COORDINACION))
    cuerpo = client.get(URL, {"objeto": evento.object_id}).content.decode()
    assert f"<td>{evento.seq}</td>" in cuerpo and "prep.captura" in cuerpo
    assert "Eventos (1)" in cuerpo or evento.object_id in cuerpo
    por_accion = client.get(URL, {"accion": "prep.captura", "actor": "op1"}).content.decode()
    assert "Eventos (1)" in por_accion and "Captura de los datos de un acta." in por_accion
    nadie = client.get(URL, {"accion": "prep.captura", "actor": "otro"}).content.decode()
    assert "Eventos (0)" in nadie and "Ningún evento coincide" in nadie
    fecha = timezone.localtime(evento.created_at).date().isoformat()  # the office's day
    ese_dia = client.get(URL, {"desde": fecha, "hasta": fecha}).content.decode()
    assert f"<td>{evento.seq}</td>" in ese_dia
    al_reves = client.get(URL, {"desde": "2030-01-02", "hasta": "2030-01-01"}).content.decode()
    assert "posterior" in al_reves


def test_verifica_la_cadena_y_senala_una_alteracion(client, captura_hecha):
    login_verified(client, make_user("admin1", roles.ADMINISTRACION))
    cuerpo = client.post(URL).content.decode()
    assert "Cadena íntegra" in cuerpo
    AuditEvent.objects.filter(action="prep.captura").update(object_id="otro")  # tampering
    roto = client.post(URL).content.decode()
    assert "Cadena rota en el evento" in roto


def test_entradas_basura_no_fallan(client):
    login_verified(client, make_user("admin1", roles.ADMINISTRACION))
    for datos in (
        {"desde": "ayer"},
        {"pagina": "x" * 500},
        {"accion": "no.existe"},
        {"actor": "\x00"},
    ):
        assert client.get(URL, datos).status_code == 200
