"""Estrados' pages: the inbox is scoped (a PRI representative cannot open PAN's notice, by URL
either), the office needs its role, the public estrados need no account."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ople.core.testing import login_verified, make_user
from ople.estrados.services import notificaciones as s
from tests.core.externos import partidos, representante

pytestmark = pytest.mark.django_db
AHORA = datetime(2024, 3, 15, 16, 0, tzinfo=UTC)


def test_buzon_por_partido_y_estrados_publicos(client):
    partidos()
    rep_pan, rep_pri = representante("rep_pan", "PAN"), representante("rep_pri", "PRI")
    d = s.registrar_destinatario(
        clave="PAN-CG",
        nombre="Representación del PAN",
        tipo="representante",
        partido="PAN",
        actor=None,
    )
    s.aceptar(destinatario=d, usuario=rep_pan, correo="pan@example.org", ahora=AHORA)
    acto = s.publicar(
        tipo="acuerdo",
        expediente="CG-A-60/22",
        organo="Consejo General",
        titulo="Calendario",
        texto="Texto",
        firmado_por="SE",
        actor=None,
        ahora=AHORA,
    )
    n = s.notificar(publicacion=acto, destinatario=d, actor=None, ahora=AHORA)
    login_verified(client, rep_pri)
    assert n.folio not in client.get("/notificaciones/").content.decode()
    assert client.get(f"/notificaciones/{n.pk}/").status_code == 404
    assert client.post(f"/notificaciones/{n.pk}/").status_code == 404
    assert client.get(f"/notificaciones/{n.pk}/acuse.json").status_code == 404
    assert client.get("/notificaciones/oficina/").status_code == 403
    client.force_login(make_user("capturista", "captura"))  # staff of another system
    assert n.folio not in client.get("/notificaciones/").content.decode()
    assert client.get(f"/notificaciones/{n.pk}/").status_code == 404
    login_verified(client, rep_pan)
    assert n.folio in client.get("/notificaciones/").content.decode()
    # before opening, the document is not served
    assert client.get(f"/notificaciones/{n.pk}/documento.pdf").status_code == 403
    client.logout()
    assert client.get("/estrados/").status_code == 404  # nothing published yet
    corte = s.publicar_sitio(actor=None)
    r = client.get("/estrados/", follow=True)
    assert r.status_code == 200 and acto.folio in b"".join(r.streaming_content).decode()
    base = f"/estrados/cortes/{corte.nombre}/"
    assert b"<feed" in b"".join(client.get(base + "estrados.atom").streaming_content)
    pdf = client.get(f"/estrados/almacen/{acto.pdf_sha256}.pdf")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(base + "no-existe.html").status_code == 404
    from ople.publicacion.verificar import verificar_corte

    assert verificar_corte(corte.ruta) == []


def test_oficina_publica_y_notifica_por_estrados_sin_aceptacion(client):
    client.force_login(make_user("notif", "notificador"))
    d = s.registrar_destinatario(clave="C-1", nombre="María López", tipo="ciudadania", actor=None)
    client.post(
        "/notificaciones/oficina/",
        {
            "accion": "publicar",
            "tipo": "auto",
            "expediente": "IEE/PES/003/2024",
            "organo": "Secretaría Ejecutiva",
            "titulo": "Auto de admisión",
            "texto": "Se admite.",
            "firmado_por": "Secretaría Ejecutiva",
            "materia": "electoral",
        },
    )
    from ople.estrados.models import Publicacion

    acto = Publicacion.objects.get()
    r = client.post(
        "/notificaciones/oficina/",
        {"accion": "notificar", "publicacion": acto.pk, "destinatario": d.pk, "plazo_dias": "3"},
        follow=True,
    )
    assert "Por estrados" in r.content.decode()
    assert Publicacion.objects.filter(tipo="cedula").count() == 1
    r = client.post(
        "/notificaciones/oficina/",
        {"accion": "retirar", "publicacion": acto.pk, "motivo": ""},
        follow=True,
    )
    assert "Indique el motivo del retiro." in r.content.decode()


def test_oficina_registra_notificacion_automatica(client):
    client.force_login(make_user("notif", "notificador"))
    partidos()
    d = s.registrar_destinatario(
        clave="PAN-CG",
        nombre="Representación del PAN",
        tipo="representante",
        partido="PAN",
        actor=None,
    )
    acto = s.publicar(
        tipo="acuerdo",
        expediente="CG-A-60/22",
        organo="Consejo General",
        titulo="Calendario",
        texto="Texto",
        firmado_por="SE",
        actor=None,
        ahora=AHORA,
    )
    r = client.post(
        "/notificaciones/oficina/",
        {
            "accion": "automatica",
            "publicacion": acto.pk,
            "destinatario": d.pk,
            "sesion": "Sesión extraordinaria",
            "sesion_en": "2024-03-14T18:00",
            "plazo_dias": "4",
        },
        follow=True,
    )
    assert "Notificación automática IEE/SE/001/2024 registrada" in r.content.decode()
    n = d.notificaciones.get()
    assert n.modo == "automatica" and n.sesion == "Sesión extraordinaria"
    r = client.post(
        "/notificaciones/oficina/",
        {
            "accion": "automatica",
            "publicacion": acto.pk,
            "destinatario": d.pk,
            "sesion": "x",
            "sesion_en": "ayer",
        },
        follow=True,
    )
    assert "Indique la fecha y hora de la sesión." in r.content.decode()
