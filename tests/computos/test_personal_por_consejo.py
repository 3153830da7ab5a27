"""Staff work per consejo (issue 19, item 1): a consejo's presidencia, secretaría, consejería,
personal de apoyo and GT chairs see and act only in their consejo; another consejo's screens
are a Spanish 403 and its services refuse; the institute-wide role sees every consejo."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client

from ople.catalog import testing as cat
from ople.computos import roles, selectors
from ople.computos import testing as t
from ople.computos.models import ActaEnMano, Consejo, GrupoTrabajo, Integrante, Sesion
from ople.computos.services import sesion as svc
from ople.core.testing import login_verified

pytestmark = pytest.mark.django_db


def _cliente(usuario):
    c = Client(raise_request_exception=False)
    login_verified(c, usuario)
    return c


def _dos_consejos():
    """The escenario's CD01 (its staff are its integrantes) and a CD02 with its own presidencia."""
    esc = t.escenario(casillas=2)
    el = esc.consejo.demarcacion.eleccion
    ent = esc.consejo.demarcacion.distrito_local.entidad
    dl2 = cat.distrito_local(entidad=ent, numero=2, cabecera="Jesús María")
    cat.demarcacion(eleccion=el, clave=2, distrito_local=dl2)
    s1 = esc.consejo.expedientes.first().casilla.seccion
    s2 = cat.seccion(
        numero=202, municipio=s1.municipio, distrito_local=dl2, distrito_federal=s1.distrito_federal
    )
    cat.casilla(seccion=s2, tipo="B", id_casilla=1, lista_nominal=700)
    svc.crear_consejos(proceso=esc.proceso)
    cd02 = Consejo.objects.get(clave="CD02")
    pres2 = t.integrante(
        cd02, t.usuario("presidencia-cd02", roles.PRESIDENCIA), Integrante.Cargo.PRESIDENCIA
    )
    return esc, cd02, pres2


def test_el_personal_ve_y_actua_solo_en_su_consejo():
    esc, cd02, pres2 = _dos_consejos()
    pres1 = _cliente(esc.presidencia)
    inicio = pres1.get("/computos/oficina/").content.decode()
    assert "Consejo Distrital 01" in inicio and "Consejo Distrital 02" not in inicio
    # another consejo's screens: a 403 that says why, in Spanish
    for sub in ("", "captura/", "actas/", "integrantes/", "grupos/"):
        r = pres1.get(f"/computos/oficina/CD02/{sub}")
        assert r.status_code == 403, sub
        assert "no es del personal del Consejo Distrital 02" in r.content.decode()
    assert pres1.get("/computos/oficina/CD09/").status_code == 404  # no such consejo
    # ...and its services refuse, writing nothing
    s2 = Sesion.objects.get(consejo=cd02)
    r = pres1.post("/computos/oficina/CD02/avanzar/", {"estado": s2.estado})
    assert r.status_code == 403
    with pytest.raises(PermissionDenied, match="Consejo Distrital 02"):
        svc.avanzar(sesion=s2, usuario=esc.presidencia)
    (e2,) = cd02.expedientes.all()
    with pytest.raises(PermissionDenied, match="no es del personal"):
        svc.registrar_acta(
            expediente=e2,
            origen=ActaEnMano.Origen.PRESIDENCIA,
            votos=t.votos(1, 2, 3),
            usuario=esc.secretaria,
        )
    assert Sesion.objects.get(consejo=cd02).estado == s2.estado
    assert not ActaEnMano.objects.filter(expediente__consejo=cd02).exists()
    # its own presidencia works there, and not in CD01
    assert svc.avanzar(sesion=s2, usuario=pres2).estado != s2.estado
    assert _cliente(pres2).get("/computos/oficina/CD01/").status_code == 403


def test_el_rol_central_ve_todos_y_sin_adscripcion_no_se_ve_ninguno():
    esc, cd02, _ = _dos_consejos()
    central = t.usuario("coordinacion-computos", roles.CENTRAL)
    c = _cliente(central)
    inicio = c.get("/computos/oficina/").content.decode()
    assert "Consejo Distrital 01" in inicio and "Consejo Distrital 02" in inicio
    assert c.get("/computos/oficina/CD02/").status_code == 200
    # the central role alone decides nothing: its presidencia acts, in any consejo, only with it
    with pytest.raises(PermissionDenied):
        svc.avanzar(sesion=Sesion.objects.get(consejo=cd02), usuario=central)
    pres_central = t.usuario("presidencia-central", roles.PRESIDENCIA, roles.CENTRAL)
    svc.avanzar(sesion=Sesion.objects.get(consejo=cd02), usuario=pres_central)
    # a staff account registered in no consejo sees none (deny by default)
    suelto = t.usuario("gt-sin-consejo", roles.GRUPO)
    assert selectors.consejos_visibles(suelto).count() == 0
    assert "Consejo Distrital" not in _cliente(suelto).get("/computos/oficina/").content.decode()
    assert _cliente(suelto).get("/computos/oficina/CD01/").status_code == 403
    # chairing a GT of CD02 puts it on that consejo's staff
    GrupoTrabajo.objects.create(consejo=cd02, numero=1, presidencia=suelto, puntos_recuento=2)
    assert list(selectors.consejos_visibles(suelto)) == [cd02]


def test_un_representante_sigue_con_su_ambito():
    esc, cd02, _ = _dos_consejos()
    rep = _cliente(esc.rep_pan)
    assert rep.get("/computos/oficina/CD01/").status_code == 200
    assert rep.get("/computos/oficina/CD02/").status_code == 404
    # a representation is no staff: given a staff role by mistake, it still acts in no consejo
    esc.rep_pan.groups.add(Group.objects.get(name=roles.GRUPO))
    with pytest.raises(PermissionDenied, match="no es del personal"):
        selectors.exigir_consejo(esc.rep_pan, esc.consejo)


def test_la_coordinacion_da_de_alta_y_solo_ella_publica_el_corte():
    """A new consejo's first presidencia is registered by the coordinación (central), with the
    account it gives access to in the audit; a staff cargo takes no outside account; one
    consejo's presidencia cannot publish the cut of every consejo (review findings)."""
    from ople.core import account_services, accounts
    from ople.core.models import AuditEvent

    esc, cd02, pres2 = _dos_consejos()
    central = t.usuario("coordinacion-computos", roles.CENTRAL)
    nueva = t.usuario("presidencia-nueva", roles.PRESIDENCIA)
    i = svc.registrar_integrante(
        consejo=cd02,
        cargo=Integrante.Cargo.SECRETARIA,
        nombre="Secretaría nueva",
        usuario=central,
        persona=nueva,
    )
    evento = AuditEvent.objects.filter(action="computos.integrante").latest("pk")
    assert evento.after["cuenta"] == "presidencia-nueva" and i.usuario == nueva
    externo = account_services.create_outside_account(
        username="rep-externo", kind=accounts.PARTY_REPRESENTATIVE, actor=None
    )
    antes = Integrante.objects.count()
    with pytest.raises(svc.ErrorComputo, match="cuenta externa"):
        svc.registrar_integrante(
            consejo=cd02,
            cargo=Integrante.Cargo.CONSEJERIA,
            nombre="Consejería",
            usuario=central,
            persona=externo,
        )
    assert Integrante.objects.count() == antes
    # publishing every consejo's cut: not for one consejo's presidencia
    pres1 = _cliente(esc.presidencia)
    assert "Publicar un corte" not in pres1.get("/computos/oficina/").content.decode()
    assert pres1.post("/computos/oficina/publicar/").status_code == 403
