"""The party portal and the review pages over HTTP: scope, uploads, the slate's review step."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ople.candidaturas.models import Candidatura, Documento
from ople.candidaturas.services import registro
from ople.core.testing import login_verified

from .datos import pdf_valido, persona, proceso_con_distritos, representante, revisora

pytestmark = pytest.mark.django_db


@pytest.fixture
def base():
    elec, dems, (pan, pri, morena) = proceso_con_distritos(3)
    rep_pan = representante("rep_pan", "PAN")
    rep_pri = representante("rep_pri", "PRI")
    c = registro.registrar_candidatura(
        actor=rep_pan,
        eleccion=elec,
        demarcacion=dems[0],
        partido=pan,
        cargo="Diputación",
        propietario=persona(1),
    )
    return elec, dems, pan, pri, rep_pan, rep_pri, c


def test_otro_partido_no_ve_ni_cambia(client, base):
    elec, dems, pan, pri, rep_pan, rep_pri, c = base
    login_verified(client, rep_pri)
    r = client.get("/candidaturas/")
    assert r.status_code == 200
    assert "Nombre1" not in r.content.decode()
    assert client.get(f"/candidaturas/{c.pk}/").status_code == 404
    r = client.post(
        f"/candidaturas/{c.pk}/documento/",
        {"tipo": "aceptacion", "archivo": SimpleUploadedFile("a.pdf", pdf_valido())},
    )
    assert r.status_code == 404
    assert client.post(f"/candidaturas/{c.pk}/presentar/").status_code == 404
    r = client.post(
        "/candidaturas/registrar/",
        {
            "partido": pan.pk,
            "demarcacion": dems[1].pk,
            "cargo": "Diputación",
            "curp": persona(9).curp,
            "nombre": "X",
            "primer_apellido": "Y",
            "fecha_nacimiento": "1980-01-01",
            "genero": "M",
        },
        follow=True,
    )
    assert Candidatura.objects.count() == 1
    assert Documento.objects.count() == 0
    assert client.get("/candidaturas/revision/").status_code == 403


def test_sin_segundo_factor_no_entra(client, base):
    *_, rep_pan, rep_pri, c = base
    client.force_login(rep_pan)
    r = client.get(f"/candidaturas/{c.pk}/")
    assert r.status_code == 302 and "/cuenta/" in r["Location"]


def test_subida_y_documento_malo_por_http(client, base):
    *_, rep_pan, rep_pri, c = base
    login_verified(client, rep_pan)
    r = client.post(
        f"/candidaturas/{c.pk}/documento/",
        {
            "tipo": "aceptacion",
            "rol": "P",
            "archivo": SimpleUploadedFile("x.pdf", b"\x89PNG\r\n\x1a\nxx"),
        },
        follow=True,
    )
    assert "es PNG, no un documento aceptado" in r.content.decode()
    assert Documento.objects.count() == 0
    r = client.post(
        f"/candidaturas/{c.pk}/documento/",
        {"tipo": "aceptacion", "rol": "P", "archivo": SimpleUploadedFile("a.pdf", pdf_valido())},
        follow=True,
    )
    assert "Documento recibido" in r.content.decode()
    assert Documento.objects.count() == 1


def test_lote_revision_y_confirmacion(client, base):
    elec, dems, pan, pri, rep_pan, rep_pri, c = base
    login_verified(client, rep_pan)
    csv = (
        "demarcacion,cargo,curp,nombre,primer_apellido,fecha_nacimiento,genero\n"
        f"2,Diputación,{persona(2).curp},Ana,López,1980-01-01,M\n"
        f"3,Diputación,{persona(3, 'H').curp},Luis,Pérez,1981-02-02,H\n"
    ).encode()
    r = client.post(
        "/candidaturas/lote/",
        {"partido": pan.pk, "eleccion": elec.pk, "archivo": SimpleUploadedFile("p.csv", csv)},
    )
    html = r.content.decode()
    assert "2 filas correctas" in html and "Confirmar y registrar 2" in html
    assert Candidatura.objects.count() == 1  # nothing saved at review
    contenido = r.context["contenido"]
    r = client.post(
        "/candidaturas/lote/",
        {"partido": pan.pk, "eleccion": elec.pk, "contenido": contenido, "confirmar": "si"},
    )
    assert r.status_code == 302
    assert Candidatura.objects.count() == 3
    # Another party's representative cannot load a slate for PAN.
    client.logout()
    login_verified(client, rep_pri)
    r = client.post(
        "/candidaturas/lote/",
        {"partido": pan.pk, "eleccion": elec.pk, "contenido": contenido, "confirmar": "si"},
    )
    assert r.status_code == 403
    assert Candidatura.objects.count() == 3


def test_revision_para_el_personal(client, base):
    *_, c = base
    login_verified(client, revisora())
    r = client.get("/candidaturas/revision/")
    assert r.status_code == 200
    assert "Paridad por partido" in r.content.decode()
    assert "Todo el proceso" in r.content.decode()
    assert client.get(f"/candidaturas/revision/{c.pk}/").status_code == 200


def test_acuerdo_en_pdf_para_el_personal(client, base):
    from ople.candidaturas.services import revision

    from .datos import consejo

    elec, dems, pan, pri, rep_pan, rep_pri, c = base
    for t in (
        "aceptacion",
        "acta_nacimiento",
        "credencial",
        "residencia",
        "tres_de_tres",
        "estatutos",
    ):
        registro.subir_documento(actor=rep_pan, candidatura=c, tipo=t, datos=pdf_valido())
    registro.presentar(actor=rep_pan, candidatura=c)
    rev = revisora()
    revision.declarar_procedente(actor=rev, candidatura=c)
    acuerdo = revision.aprobar_en_bloque(actor=consejo(), eleccion=elec, candidaturas=[c])
    login_verified(client, rev)
    html = client.get(f"/candidaturas/revision/{c.pk}/").content.decode()
    assert acuerdo.folio in html
    r = client.get(f"/candidaturas/revision/acuerdo/{acuerdo.pk}.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")
    client.logout()
    login_verified(client, rep_pan)
    assert client.get(f"/candidaturas/revision/acuerdo/{acuerdo.pk}.pdf").status_code == 403


def test_personal_sin_rol_de_candidaturas_no_ve_datos_personales(client, base):
    from ople.core.testing import make_user

    *_, c = base
    doc = registro.subir_documento(
        actor=base[4], candidatura=c, tipo="aceptacion", datos=pdf_valido()
    )
    login_verified(client, make_user("capturista", "captura"))
    assert client.get(f"/candidaturas/{c.pk}/").status_code == 403
    assert client.get(f"/candidaturas/{c.pk}/documento/{doc.pk}/").status_code == 403
    assert client.get(f"/candidaturas/revision/{c.pk}/").status_code == 403
    assert client.get("/candidaturas/").status_code == 403
