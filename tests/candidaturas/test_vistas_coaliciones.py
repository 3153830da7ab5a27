"""The staff screen for the siglado and the independents' stages, over HTTP (both databases)."""

from __future__ import annotations

import pytest

from ople.candidaturas.models import Aspirante, Candidatura, Persona, Siglado
from ople.catalog.models import Coalicion
from ople.core.models import AuditEvent
from ople.core.testing import login_verified

from .datos import consejo, persona, proceso_con_distritos, representante, revisora

pytestmark = pytest.mark.django_db

URL = "/candidaturas/revision/coaliciones/"


@pytest.fixture
def base():
    elec, dems, (pan, pri, morena) = proceso_con_distritos(3)
    co = Coalicion.objects.create(eleccion=elec, nombre="Va por Ags")
    co.partidos.set([pan, pri])
    co.demarcaciones.set(dems[:2])
    return elec, dems, pan, pri, morena, co


def _datos(n: int, **cambios: str) -> dict[str, str]:
    p = persona(n)
    datos = {
        "curp": p.curp,
        "nombre": p.nombre,
        "primer_apellido": p.primer_apellido,
        "segundo_apellido": p.segundo_apellido,
        "fecha_nacimiento": p.fecha_nacimiento.isoformat(),
        "genero": p.genero,
        "asociacion_civil": "Ciudadanía Hidrocálida A.C.",
        "apoyos_requeridos": "100",
    }
    datos.update(cambios)
    return datos


def test_siglado_por_pantalla(client, base):
    elec, dems, pan, pri, morena, co = base
    login_verified(client, revisora())
    pagina = client.get(URL).content.decode()
    assert "Va por Ags (PAN, PRI)" in pagina and pagina.count('name="partido"') == 2
    r = client.post(
        URL + "siglado/",
        {"coalicion": co.pk, "demarcacion": dems[0].pk, "partido": pri.pk},
        follow=True,
    )
    assert "Siglado registrado." in r.content.decode()
    assert Siglado.objects.get().partido == pri
    # once registered it is shown, not offered again; a second one is refused and changes nothing
    assert client.get(URL).content.decode().count('name="partido"') == 1
    antes = AuditEvent.objects.count()
    for datos, error in (
        ({"demarcacion": dems[0].pk, "partido": pan.pk}, "ya asigna"),
        ({"demarcacion": dems[2].pk, "partido": pan.pk}, "no postula"),
        ({"demarcacion": dems[1].pk, "partido": morena.pk}, "no forma parte"),
        ({"demarcacion": "x", "partido": pan.pk}, "Elija una opción"),
    ):
        r = client.post(URL + "siglado/", {"coalicion": co.pk, **datos}, follow=True)
        assert error in r.content.decode(), error
    assert Siglado.objects.count() == 1 and AuditEvent.objects.count() == antes


def test_independiente_de_la_intencion_al_registro(client, base):
    elec, dems, *_ = base
    login_verified(client, revisora())
    datos = _datos(7, demarcacion=str(dems[1].pk), eleccion=str(elec.pk))
    # bad input: a Spanish error and nothing saved
    for cambio, error in (
        ({"curp": "NOESCURP"}, "no es una CURP válida"),
        ({"apoyos_requeridos": "cien"}, "como número"),
        ({"asociacion_civil": " "}, "requiere su A.C."),
        ({"fecha_nacimiento": "17/05/1980"}, "fecha de nacimiento"),
    ):
        r = client.post(URL + "aspirante/", {**datos, **cambio}, follow=True)
        assert error in r.content.decode(), error
    assert not Aspirante.objects.exists() and not Persona.objects.exists()
    r = client.post(URL + "aspirante/", datos, follow=True)
    assert "Manifestación de intención registrada." in r.content.decode()
    a = Aspirante.objects.get()
    r = client.post(URL + "aspirante/", datos, follow=True)
    assert "ya tiene una aspiración en curso" in r.content.decode()
    siguiente = URL + f"aspirante/{a.pk}/"
    client.post(siguiente, {"accion": "avanzar"})
    r = client.post(siguiente, {"accion": "avanzar", "apoyos_validos": "40"}, follow=True)
    assert "40 apoyos válidos de 100" in r.content.decode()
    client.post(siguiente, {"accion": "avanzar", "apoyos_validos": "120"})
    r = client.post(siguiente, {"accion": "avanzar"}, follow=True)
    a.refresh_from_db()
    assert (a.etapa, a.numero_ci, a.apoyos_validos) == (Aspirante.Etapa.REGISTRADA, 1, 120)
    assert "Candidatura registrada (CI 1)" in r.content.decode()
    # its candidacy enters the same review as a party's
    c = Candidatura.objects.get(aspirante=a)
    assert c.partido is None and c.demarcacion == dems[1]


def test_negar_deja_el_registro_con_su_motivo(client, base):
    elec, dems, *_ = base
    login_verified(client, revisora())
    client.post(URL + "aspirante/", _datos(8, demarcacion=str(dems[0].pk), eleccion=str(elec.pk)))
    a = Aspirante.objects.get()
    r = client.post(URL + f"aspirante/{a.pk}/", {"accion": "negar", "motivo": ""}, follow=True)
    assert "Escriba el motivo" in r.content.decode()
    client.post(URL + f"aspirante/{a.pk}/", {"accion": "negar", "motivo": "Acuerdo CG-A-12/24"})
    a.refresh_from_db()
    assert a.etapa == Aspirante.Etapa.NEGADA
    evento = AuditEvent.objects.filter(action="candidaturas.aspirante").latest("pk")
    assert evento.after["motivo"] == "Acuerdo CG-A-12/24"
    r = client.post(URL + f"aspirante/{a.pk}/", {"accion": "avanzar"}, follow=True)
    assert "La aspiración está «Negada»" in r.content.decode()


def test_quien_entra(client, base):
    elec, dems, pan, pri, morena, co = base
    login_verified(client, representante("rep_pan", "PAN"))
    assert client.get(URL).status_code == 403
    assert client.post(URL + "siglado/", {"coalicion": co.pk}).status_code == 403
    client.logout()
    # the consejo sees the screen but the registration is the review area's
    login_verified(client, consejo())
    pagina = client.get(URL).content.decode()
    assert "Va por Ags" in pagina and 'name="partido"' not in pagina
    assert (
        client.post(
            URL + "siglado/", {"coalicion": co.pk, "demarcacion": dems[0].pk, "partido": pan.pk}
        ).status_code
        == 403
    )
    assert not Siglado.objects.exists()
