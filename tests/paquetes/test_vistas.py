"""The scanning API, the reception desk, the bodega, the prints and the public progress page."""

from __future__ import annotations

import hashlib
import io
import json

import pytest

from ople.core.models import AuditEvent
from ople.core.testing import login_verified
from ople.documentos.models import DocumentoEmitido
from ople.paquetes import clave as claves
from ople.paquetes import selectors
from ople.paquetes.models import Evento
from ople.paquetes.services import crear_codigo_enrolamiento

from .conftest import nuevo_id

pytestmark = pytest.mark.django_db
T = Evento.Tipo


@pytest.fixture
def token(client, esc):
    codigo = crear_codigo_enrolamiento(supervisor=esc.supervisor, persona=esc.recepcion)
    r = client.post(
        "/paquetes/api/v1/enrolar",
        json.dumps({"codigo": codigo, "nombre": "Teléfono mesa 1"}),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["proceso"] == esc.proceso.clave
    return r.json()["token"]


def _post(client, token, cuerpo):
    return client.post(
        "/paquetes/api/v1/eventos",
        json.dumps(cuerpo),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def _recepcion(esc, **cambios):
    p = esc.paquete(0)
    return {
        "id_cliente": nuevo_id(),
        "etiqueta": claves.texto_qr(esc.proceso.clave, p.clave),
        "tipo": "RECEPCION_CONSEJO",
        "entregado_por": "Rosa Pérez",
        "cargo_entrega": "PRESIDENCIA",
        "recibido_por": "Mesa 1",
        "cinta_integra": False,
        "firmas_integras": True,
        "muestras_alteracion": False,
        "acta_por_fuera": True,
        **cambios,
    }


def test_api_registra_una_vez(client, esc, token):
    cuerpo = _recepcion(esc)
    r = _post(client, token, cuerpo)
    assert r.status_code == 201, r.content
    assert r.json()["recibo"].startswith("IEE/RPQ-D01/")
    again = _post(client, token, cuerpo)
    assert again.status_code == 200 and again.json()["duplicado"] is True
    assert again.json()["recibo"] == r.json()["recibo"]
    assert Evento.objects.count() == 1
    e = Evento.objects.get()
    assert e.dispositivo.nombre == "Teléfono mesa 1" and e.usuario == esc.recepcion


@pytest.mark.parametrize(
    ("etiqueta", "codigo"),
    [
        ("https://prep.example.org/acta/010393B010002", "qr_ajeno"),
        ("OPLE-PAQ:2020-2021:010001B0100295", "otro_proceso"),
        ("010393B0100-2-00", "digito_verificador"),
    ],
)
def test_api_qr_ajeno_o_digito_malo(client, esc, token, etiqueta, codigo):
    antes = AuditEvent.objects.count()
    r = _post(client, token, _recepcion(esc, etiqueta=etiqueta))
    assert r.status_code == 422
    assert r.json()["error"]["codigo"] == codigo and r.json()["error"]["mensaje"]
    assert Evento.objects.count() == 0 and AuditEvent.objects.count() == antes


def test_api_sin_token(client, esc):
    r = _post(client, "falso", _recepcion(esc))
    assert r.status_code == 401 and r.json()["error"]["codigo"] == "no_autenticado"


def test_api_etiqueta(client, esc, token):
    p = esc.paquete(0)
    r = client.get(
        "/paquetes/api/v1/etiqueta",
        {"texto": claves.impresa(esc.proceso.clave, p.clave)},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert r.status_code == 200 and r.json()["paquete"]["casilla"] == p.casilla.clave


def test_mesa_de_recepcion_y_bodega(client, esc):
    login_verified(client, esc.recepcion)
    url = f"/paquetes/oficina/consejo/{esc.consejo.pk}/"
    p = esc.paquete(0)
    r = client.post(
        url,
        {
            "etiqueta": claves.impresa(esc.proceso.clave, p.clave),
            "tipo": "RECEPCION_CONSEJO",
            "mesa": "Mesa 2",
            "entregado_por": "Rosa Pérez",
            "cargo_entrega": "PRESIDENCIA",
            "recibido_por": "Luis",
            "cinta_integra": "no",
            "firmas_integras": "si",
            "muestras_alteracion": "no",
            "acta_por_fuera": "si",
        },
    )
    assert r.status_code == 200, r.content.decode()
    assert "Recibo IEE/RPQ-D01/001/" in r.content.decode()
    e = Evento.objects.get()
    assert e.mesa == "Mesa 2" and e.cinta_integra is False
    # missing condition items: refused, nothing recorded
    r = client.post(
        url,
        {
            "etiqueta": claves.impresa(esc.proceso.clave, esc.paquete(2).clave),
            "tipo": "RECEPCION_CONSEJO",
        },
    )
    assert r.status_code == 422 and "No se registró nada" in r.content.decode()
    assert Evento.objects.count() == 1
    recibo = client.get(f"/paquetes/oficina/recibo/{e.pk}.pdf")
    assert recibo.status_code == 200 and recibo.content.startswith(b"%PDF")
    e.refresh_from_db()
    emitido = DocumentoEmitido.objects.get(folio=e.recibo_folio)
    assert emitido.sistema == "paquetes" and emitido.reservado  # it names people: not public
    # the bodega: the reception desk cannot open it
    r = client.post(
        f"/paquetes/oficina/consejo/{esc.consejo.pk}/bodega/",
        {"accion": "abrir", "presentes": "A\nB", "motivo": "Cómputo"},
    )
    assert r.status_code == 422
    client.logout()
    login_verified(client, esc.bodega)
    r = client.post(
        f"/paquetes/oficina/consejo/{esc.consejo.pk}/bodega/",
        {"accion": "abrir", "presentes": "Consejera Ana\nRep. PAN Juan", "motivo": "Cómputo"},
    )
    assert r.status_code == 302
    assert selectors.bitacora_bodega(esc.consejo)[-1].tipo == T.APERTURA_BODEGA
    lista = client.get(f"/paquetes/oficina/consejo/{esc.consejo.pk}/lista/").content.decode()
    assert 'http-equiv="refresh"' in lista and "En bodega" in lista
    for u in ("bodega.pdf", "etiquetas.pdf"):
        r = client.get(f"/paquetes/oficina/consejo/{esc.consejo.pk}/{u}")
        assert r.status_code == 200 and r.content.startswith(b"%PDF")
    r = client.get(f"/paquetes/oficina/paquete/{p.clave}/")
    assert "C7" in r.content.decode()
    r = client.get(f"/paquetes/oficina/paquete/{p.clave}/historial.pdf")
    assert r.content.startswith(b"%PDF")
    assert DocumentoEmitido.objects.filter(
        sistema="paquetes", titulo="Historial de custodia del paquete electoral"
    ).exists()


def test_la_oficina_pide_rol(client, esc):
    login_verified(client, esc.cae)
    assert client.get("/paquetes/oficina/").status_code == 403


def test_avance_publicado_solo_cifras(client, esc, settings, tmp_path):
    from ople.publicacion.verificar import verificar_corte

    settings.PUBLISH_ROOT = tmp_path / "pub"
    login_verified(client, esc.supervisor)
    vista = client.get("/paquetes/oficina/avance/")
    assert vista.status_code == 200 and "Distrito 1" in vista.content.decode()
    assert client.post("/paquetes/oficina/avance/").status_code == 302
    client.logout()
    r = client.get("/paquetes/", follow=True)
    texto = b"".join(r.streaming_content).decode()
    assert r.status_code == 200 and "Distrito 1" in texto and 'lang="es"' in texto
    assert "supervisora" not in texto and "Rosa" not in texto
    cortes = list((tmp_path / "pub" / "paquetes" / "cortes").iterdir())
    assert len(cortes) == 1 and verificar_corte(cortes[0]) == []
    assert AuditEvent.objects.filter(action="paquetes.corte").count() == 1


def test_escaner_instalable(client):
    r = client.get("/paquetes/escaner/")
    assert r.status_code == 200 and b"jsQR.js" in r.content
    m = client.get("/paquetes/escaner/manifest.webmanifest").json()
    assert m["start_url"] == "/paquetes/escaner/" and any(
        i["sizes"] == "512x512" for i in m["icons"]
    )
    sw = client.get("/paquetes/escaner/sw.js")
    assert sw["Service-Worker-Allowed"] == "/paquetes/escaner/"


def test_api_con_foto_del_paquete(client, esc, token):
    from PIL import Image

    salida = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 180, 150)).save(salida, format="PNG")
    foto = salida.getvalue()
    cuerpo = _recepcion(esc)
    r = client.post(
        "/paquetes/api/v1/eventos",
        {"datos": json.dumps(cuerpo), "foto": io.BytesIO(foto)},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert r.status_code == 201, r.content
    e = Evento.objects.get()
    assert e.foto_sha256 == hashlib.sha256(foto).hexdigest()
    malo = client.post(
        "/paquetes/api/v1/eventos",
        {"datos": json.dumps(_recepcion(esc)), "foto": io.BytesIO(b"no es una imagen")},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert malo.status_code == 415 and Evento.objects.count() == 1


def test_correccion_desde_la_oficina(client, esc):
    from ople.paquetes.services import DatosEvento, registrar_evento

    original = registrar_evento(
        usuario=esc.recepcion,
        tipo=T.RECEPCION_CONSEJO,
        id_cliente=nuevo_id(),
        paquete=esc.paquete(0),
        datos=DatosEvento(
            entregado_por="Rosa",
            cargo_entrega="PRESIDENCIA",
            recibido_por="Luis",
            cinta_integra=False,
            firmas_integras=True,
            muestras_alteracion=False,
            acta_por_fuera=True,
        ),
    ).evento
    login_verified(client, esc.supervisor)
    url = f"/paquetes/oficina/evento/{original.pk}/corregir/"
    pagina = client.get(url).content.decode()
    assert 'name="cinta_integra" value="no" checked' in pagina
    datos = {
        "entregado_por": "Rosa",
        "cargo_entrega": "PRESIDENCIA",
        "recibido_por": "Luis",
        "cinta_integra": "si",
        "firmas_integras": "si",
        "muestras_alteracion": "no",
        "acta_por_fuera": "si",
    }
    sin_motivo = client.post(url, datos)
    assert sin_motivo.status_code == 422 and Evento.objects.count() == 1
    r = client.post(url, {**datos, "motivo_correccion": "Se marcó la cinta por error"})
    assert r.status_code == 302
    assert Evento.objects.count() == 2
    estado = selectors.estado_paquetes(eleccion=esc.eleccion)[esc.casillas[0].pk]
    assert not estado.alteracion and estado.recibido_en == original.ocurrido_en
    historial = client.get(f"/paquetes/oficina/paquete/{esc.paquete(0).clave}/").content.decode()
    assert "Corrige el evento" in historial and "evento-corregido" in historial


def test_telefono_dado_de_baja(client, esc, token):
    from ople.paquetes.models import Dispositivo

    login_verified(client, esc.supervisor)
    d = Dispositivo.objects.get()
    pagina = client.get("/paquetes/oficina/dispositivos/").content.decode()
    assert "Teléfono mesa 1" in pagina
    # the list once, in the page's body; the title is text (the page once carried the list
    # inside its <title> and its <head> too)
    assert "<title>Teléfonos de escaneo · ople</title>" in pagina
    assert pagina.count('id="telefonos"') == 1
    assert pagina.index('id="telefonos"') > pagina.index("</head>")
    client.post("/paquetes/oficina/dispositivos/", {"revocar": d.pk, "motivo": "Robado"})
    d.refresh_from_db()
    assert not d.activo
    assert AuditEvent.objects.filter(action="paquetes.revocacion").count() == 1
    r = _post(client, token, _recepcion(esc))
    assert r.status_code == 401 and Evento.objects.count() == 0
