"""The back office through Django's test client: cases, sanctions, eligibility, reconciliation,
and who may do what."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ople.core.testing import login_verified
from ople.registros.models import Expediente, Sancion, VersionEntrada
from ople.registros.services import sanciones as svc_sanciones

from .datos import aprobador, capturista, entrada_aprobada

pytestmark = pytest.mark.django_db


def test_permisos(client):
    assert client.get("/registros/oficina/").status_code == 302  # to the login
    capt, apro = capturista(), aprobador()
    client.force_login(apro)  # the approval role needs the second factor first
    assert client.get("/registros/oficina/").status_code in (302, 403)
    login_verified(client, apro)
    assert client.get("/registros/oficina/").status_code == 200
    assert client.get("/registros/oficina/expedientes/radicar/").status_code == 403
    assert client.get("/registros/oficina/capturar/").status_code == 403
    client.force_login(capt)
    from ople.registros.services import vpmrg

    from .datos import datos

    v = vpmrg.capturar_entrada(datos=datos(), usuario=capt)
    assert client.post(f"/registros/oficina/versiones/{v.pk}/aprobar/").status_code == 403
    assert VersionEntrada.objects.get(pk=v.pk).estado == "pendiente"
    pagina = client.get("/registros/oficina/").content.decode()
    assert "La aprueba otra persona" in pagina


def test_expediente_por_la_oficina(client):
    capt = capturista()
    client.force_login(capt)
    r = client.post(
        "/registros/oficina/expedientes/radicar/",
        {
            "tipo": "PES",
            "fecha_presentacion": "2025-01-10",
            "fecha_radicacion": "2025-01-10",
            "conductas": "Propaganda calumniosa.",
            "es_vpmrg": "on",
            "denunciante": "Ana Ruiz",
            "denunciante_tipo": "fisica",
            "denunciante_id": "",
            "denunciado": "Luis Mora",
            "denunciado_tipo": "fisica",
            "victima": "Ana Ruiz",
        },
    )
    x = Expediente.objects.get()
    assert r.status_code == 302 and x.clave.startswith("IEE/PES/001/")
    url = f"/registros/oficina/expedientes/{x.pk}/"
    assert (
        client.post(
            url, {"accion": "etapa", "etapa-etapa": "admision", "etapa-fecha": "2025-01-12"}
        ).status_code
        == 302
    )
    r = client.post(
        url,
        {"accion": "etapa", "etapa-etapa": "radicacion", "etapa-fecha": "2025-01-13"},
        follow=True,
    )
    assert "sólo avanzan" in r.content.decode()
    client.post(
        url,
        {
            "accion": "medida",
            "medida-descripcion": "Retirar video",
            "medida-solicitada_en": "2025-01-10",
        },
    )
    m = x.medidas.get()
    client.post(
        url,
        {
            "accion": "resolver_medida",
            "medida": m.pk,
            "resolucion": "negada",
            "fecha": "2025-01-11",
        },
    )
    client.post(
        url,
        {
            "accion": "resolucion",
            "resolucion-fecha": "2025-02-01",
            "resolucion-sentido": "inexistente",
            "resolucion-clave_tribunal": "TEEA-PES-003/2025",
        },
    )
    client.post(
        url,
        {
            "accion": "documento",
            "documento-titulo": "Sentencia",
            "documento-archivo": SimpleUploadedFile("s.pdf", b"%PDF-1.4 s"),
        },
    )
    x.refresh_from_db()
    assert [e.etapa for e in x.etapas.all()] == ["radicacion", "admision", "resolucion"]
    assert x.medidas.get().resolucion == "negada" and x.documentos.count() == 1
    assert "TEEA-PES-003/2025" in client.get(url).content.decode()


def test_sancion_por_la_oficina(client):
    capt = capturista()
    client.force_login(capt)
    r = client.post(
        "/registros/oficina/sanciones/registrar/",
        {
            "tipo": "multa",
            "sujeto": "Partido Ejemplo",
            "expediente": "IEE/POS/001/2025",
            "autoridad": "CG",
            "descripcion": "Multa",
            "monto": "1000",
            "fecha_notificacion": "2025-03-03",
        },
    )
    s = Sancion.objects.get()
    assert r.status_code == 302
    url = f"/registros/oficina/sanciones/{s.pk}/"
    client.post(
        url, {"accion": "pago", "monto": "1000", "fecha": "2025-03-05", "referencia": "R-1"}
    )
    assert svc_sanciones.estado_de(s) == "cumplida"
    r = client.post(url, {"accion": "estado", "estado": "vigilancia"}, follow=True)
    assert "ya está cumplida" in r.content.decode()
    assert "Cumplida" in client.get("/registros/oficina/sanciones/").content.decode()


def test_elegibilidad_y_conciliacion(client):
    capt, apro = capturista(), aprobador()
    entrada_aprobada(capt, apro)
    login_verified(client, apro)
    pagina = client.get(
        "/registros/oficina/elegibilidad/", {"nombre": "JUAN PEREZ LOPEZ"}
    ).content.decode()
    assert "Aparece en el registro vigente" in pagina and "TEEA-PES-010/2024" in pagina
    csv = (
        "NOMBRE,SEXO,CANDIDATURA,AMBITO,ENTIDAD,AUTORIDAD_SANCIONADORA,EXPEDIENTE,FECHA_RESOLUCION,"
        "CONDUCTA,CALIFICACION,SANCION,REINCIDENCIA,PERMANENCIA,PERDIDA_MODO_HONESTO\n"
        "Otra Persona,MUJER,NO,ESTATAL,AGUASCALIENTES,TEEA,TEEA-PES-1/2024,2024-01-01,x,LEVE,y,NO,3 AÑOS,NO\n"
    ).encode()
    pagina = client.post(
        "/registros/oficina/conciliacion/",
        {"archivo": SimpleUploadedFile("rnps.csv", csv, "text/csv")},
    ).content.decode()
    assert "Juan Pérez López" in pagina and "Otra Persona" in pagina
    # A national entry missing locally links to the capture form, prefilled.
    assert "capturarla en el registro local" in pagina
    client.force_login(capt)
    captura = client.get(
        "/registros/oficina/capturar/", {"nombre": "Otra Persona", "expediente": "TEEA-PES-1/2024"}
    ).content.decode()
    assert 'value="Otra Persona"' in captura and 'value="TEEA-PES-1/2024"' in captura
    login_verified(client, apro)
    pagina = client.post(
        "/registros/oficina/conciliacion/",
        {"archivo": SimpleUploadedFile("x.csv", b"NOMBRE\n", "text/csv")},
    ).content.decode()
    assert "Faltan columnas" in pagina


def test_boton_publicar(client):
    capt = capturista()
    client.force_login(capt)
    r = client.post("/registros/oficina/publicar/", follow=True)
    assert "Sitio público actualizado" in r.content.decode()
    # Twice in the same second: the chain only moves forward; said in Spanish, nothing breaks.
    r = client.post("/registros/oficina/publicar/", follow=True)
    assert r.status_code == 200
