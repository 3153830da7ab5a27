"""The back-office pages: who sees what, and bad input never gets a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ople.computos import testing as t
from ople.computos.models import ActaEnMano, Sesion
from ople.computos.services import sesion as svc
from ople.core.testing import login_verified

pytestmark = pytest.mark.django_db


def _cliente(usuario):
    c = Client(raise_request_exception=False)
    login_verified(c, usuario)
    return c


def test_el_representante_ve_solo_su_consejo():
    esc = t.escenario(casillas=1)
    otro = t.representante("rep-otro", "PAN", "CD99", esc.presidencia)
    ok = _cliente(esc.rep_pan).get("/computos/oficina/CD01/")
    assert ok.status_code == 200 and "Consejo Distrital 01" in ok.content.decode()
    assert _cliente(otro).get("/computos/oficina/CD01/").status_code == 404
    assert "Consejo Distrital 01" not in _cliente(otro).get("/computos/oficina/").content.decode()
    # staff without a cómputos role: refused
    from ople.core.testing import make_user

    assert _cliente(make_user("nadie")).get("/computos/oficina/CD01/").status_code == 403
    # anonymous: to the login
    assert Client().get("/computos/oficina/CD01/").status_code == 302


def test_pantallas_del_personal():
    esc = t.escenario(casillas=2)
    c = _cliente(esc.presidencia)
    r = c.get("/computos/oficina/")
    assert r.status_code == 200 and "Avance por consejo" in r.content.decode()
    # jornada 2 June 2024 (a Sunday): recounts end before Sunday 9 June
    assert "domingo 09/06" in r.content.decode().lower()
    r = c.get("/computos/oficina/CD01/")
    html = r.content.decode()
    assert (
        "Etapa actual: Disponibilidad de actas" in html and "Pasar a «Reunión de trabajo»" in html
    )
    r = c.post("/computos/oficina/CD01/avanzar/", {"estado": "DISPONIBILIDAD_ACTAS"}, follow=True)
    assert "Etapa actual: Reunión de trabajo" in r.content.decode()
    # a stale form (sent from an earlier stage) changes nothing
    r = c.post("/computos/oficina/CD01/avanzar/", {"estado": "DISPONIBILIDAD_ACTAS"}, follow=True)
    assert "cambió de etapa" in r.content.decode()
    assert Sesion.objects.get(consejo=esc.consejo).estado == "REUNION_DE_TRABAJO"
    assert _cliente(esc.captura1).get("/computos/oficina/CD01/captura/").status_code == 200


TEXTO = st.text(max_size=30) | st.sampled_from(
    ["", "0", "1", "-1", "99999999999999", "NULOS", "MORENA"]
)


def test_entradas_malas_nunca_dan_500():
    esc = t.escenario(casillas=2)
    e1, e2 = esc.consejo.expedientes.order_by("clave")
    svc.registrar_acta(
        expediente=e1,
        origen=ActaEnMano.Origen.PAQUETE,
        votos=t.votos(60, 40, 112, 20, 0, 9),
        usuario=esc.secretaria,
    )
    s = Sesion.objects.get(consejo=esc.consejo)
    s = svc.avanzar(sesion=s, usuario=esc.presidencia)
    s = svc.avanzar(sesion=s, usuario=esc.presidencia)
    clientes = [_cliente(esc.presidencia), _cliente(esc.captura1), _cliente(esc.rep_pan)]
    rutas = [
        "avanzar/",
        "aprobar/",
        "recuento-total/",
        "reservado/",
        "captura/",
        "prep/",
        "documento/1/firmar/",
        "actas/",
        "condicion/",
        "integrantes/",
        "grupos/",
    ]

    @settings(max_examples=90, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        cliente=st.sampled_from(clientes),
        ruta=st.sampled_from(rutas),
        datos=st.dictionaries(
            st.sampled_from(
                [
                    "estado",
                    "casilla",
                    "sede",
                    "grupos",
                    "puntos",
                    "voto",
                    "columna",
                    "expediente",
                    "modo",
                    "grupo",
                    "reservados",
                    "c_PAN",
                    "c_PRI",
                    "c_MORENA",
                    "c_C_PAN_PRI",
                    "c_NO_REGISTRADOS",
                    "c_NULOS",
                    "bajo_protesta",
                    "motivo",
                    "origen",
                    "ilegible",
                    "personas_votaron",
                    "votos_sacados",
                    "alteraciones",
                    "con_alteracion",
                    "descripcion",
                    "cargo",
                    "nombre",
                    "partido",
                    "cuenta",
                    "presidencia",
                    "auxiliares",
                ]
            ),
            TEXTO,
            max_size=10,
        ),
    )
    def enviar(cliente, ruta, datos):
        datos = {k: v.replace("\x00", "") for k, v in datos.items()}
        r = cliente.post(f"/computos/oficina/CD01/{ruta}", datos)
        assert r.status_code < 500, (ruta, datos, r.status_code)

    enviar()


def test_rutas_raras_nunca_dan_500():
    esc = t.escenario(casillas=1)
    c = _cliente(esc.presidencia)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        clave=st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#%\x00"),
            min_size=1,
            max_size=20,
        ),
        sub=st.sampled_from(
            [
                "",
                "captura/",
                "documento/999999/",
                "documento/1/",
                "actas/",
                "integrantes/",
                "grupos/",
            ]
        ),
        casilla=TEXTO,
    )
    def pedir(clave, sub, casilla):
        r = c.get(f"/computos/oficina/{clave}/{sub}", {"casilla": casilla.replace("\x00", "")})
        assert r.status_code < 500, (clave, sub, r.status_code)
        r = c.get(f"/computos/oficina/CD01/{sub}", {"casilla": casilla.replace("\x00", "")})
        assert r.status_code < 500, (sub, casilla, r.status_code)

    pedir()
