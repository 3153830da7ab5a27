"""Oficialía's pages without JavaScript: register, turn, answer, the folio's history; who may
see them; the public deadline calculator."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ople.core.testing import make_user
from ople.oficialia.models import Documento, Turno

pytestmark = pytest.mark.django_db


def test_flujo_completo_por_formularios(client):
    partes = make_user("partes", "oficialia_partes")
    area = make_user("area", "oficialia_area")
    client.force_login(partes)
    r = client.post(
        "/oficialia/nuevo/",
        {
            "tipo": "oficio",
            "sentido": "entrada",
            "area": "OP",
            "remitente": "Tribunal Electoral del Estado",
            "destinatario": "Secretaría Ejecutiva",
            "asunto": "Requerimiento de informe",
            "fecha_documento": timezone.localdate().isoformat(),
            "archivo": SimpleUploadedFile("req.pdf", b"%PDF-1.4 req"),
        },
    )
    doc = Documento.objects.get()
    assert r.status_code == 302 and r.url == f"/oficialia/{doc.pk}/"
    vence = (timezone.localdate() + timedelta(days=3)).isoformat()
    client.post(
        f"/oficialia/{doc.pk}/turnar/",
        {"areas": ["SE", "DJ"], "instrucciones": "Rendir informe", "vence": vence},
    )
    assert Turno.objects.count() == 2
    r = client.get(f"/oficialia/{doc.pk}/archivo/{doc.archivo_sha256}/")
    assert r.content == b"%PDF-1.4 req"
    client.force_login(area)
    turno = Turno.objects.get(area__siglas="DJ")
    r = client.post(
        f"/oficialia/turno/{turno.pk}/",
        {"accion": "responder", "asunto": "Informe rendido", "destinatario": "TEEA"},
    )
    pagina = client.get(f"/oficialia/{doc.pk}/").content.decode()
    assert doc.folio in pagina and "IEE/DJ/001/" in pagina
    assert "Turnado a Dirección Jurídica" in pagina and "respondió con IEE/DJ/001/" in pagina
    assert "En atención" in pagina
    # the area's staff cannot register
    assert client.get("/oficialia/nuevo/").status_code == 403
    busqueda = client.get("/oficialia/", {"q": "informe", "area": "DJ"}).content.decode()
    assert doc.folio in busqueda


def test_sin_rol_no_ve_nada(client):
    client.force_login(make_user("nadie"))
    assert client.get("/oficialia/").status_code == 403
    client.logout()
    assert client.get("/oficialia/").status_code == 302


def test_formulario_con_error_en_espanol(client):
    client.force_login(make_user("partes", "oficialia_partes"))
    r = client.post(
        "/oficialia/nuevo/",
        {
            "tipo": "oficio",
            "sentido": "entrada",
            "area": "OP",
            "remitente": "",
            "destinatario": "x",
            "asunto": "y",
            "fecha_documento": "2023-01-01",
        },
    )
    assert "Indique el remitente." in r.content.decode()
    r = client.post(
        "/oficialia/nuevo/",
        {
            "tipo": "oficio",
            "sentido": "entrada",
            "area": "OP",
            "remitente": "x",
            "destinatario": "x",
            "asunto": "y",
            "fecha_documento": "",
        },
    )
    assert "Indique la fecha del documento." in r.content.decode()
    assert not Documento.objects.exists()


def test_calculadora_publica_explica_cada_dia(client):
    r = client.get(
        "/plazos/",
        {
            "notificado": "2024-02-02T13:30",
            "cantidad": "3",
            "unidad": "dias",
            "materia": "ordinaria",
        },
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "2024-02-08T23:59:59-06:00" in html
    assert "primer lunes de febrero" in html
    r = client.get("/plazos/", {"notificado": "ayer", "cantidad": "3", "materia": "ordinaria"})
    assert "Fecha y hora no válida" in r.content.decode()


def test_cartera_de_informatica_como_el_informe(client, monkeypatch):
    """`/oficialia/informatica/` prints the table of the institute's report (date, system,
    create/update/modify, requesting area, progress, notes), and the lead times it states are
    the profile's (the page said «un mes … quince días» whatever the profile said)."""
    import dataclasses

    from ople import profiles
    from ople.oficialia import perfil
    from ople.oficialia.services import documentos as s

    usuario = make_user("partes", "oficialia_partes")
    s.asegurar_areas()
    s.solicitar_a_informatica(
        area=s.area_por_siglas("DJ"),
        clase="sistema",
        accion="modificar",
        sistema="Sistema de estrados electrónicos",
        descripcion="Nuevos requerimientos",
        requerido_para=timezone.localdate() + timedelta(days=90),
        fecha_solicitud=timezone.localdate(),
        actor=usuario,
    )
    p = profiles.cargar("ieeags-2024")
    otra = dataclasses.replace(
        p, secciones={**p.secciones, "oficialia": perfil.SeccionOficialia(2, 30)}
    )
    monkeypatch.setattr(profiles, "cargar", lambda nombre: otra)
    client.force_login(usuario)
    pagina = client.get("/oficialia/informatica/").content.decode()
    for columna in (
        "Fecha de solicitud",
        "Sistema requerido",
        "Estado",
        "Área solicitante",
        "Avance",
        "Notas",
    ):
        assert f'<th scope="col">{columna}</th>' in pagina
    hoy = timezone.localdate().strftime("%d/%m/%Y")
    assert f"<td>{hoy}</td><td>Sistema de estrados electrónicos" in pagina
    assert "<td>Modificar</td><td>Dirección Jurídica</td><td>0 %</td>" in pagina
    assert "2 meses para sistemas y aplicaciones, 30 días para eventos" in pagina
