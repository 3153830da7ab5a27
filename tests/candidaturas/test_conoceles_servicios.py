"""Conóceles through the services and the demo's serving of the published cut."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from PIL import Image

from ople.candidaturas import selectors
from ople.candidaturas.models import Ficha
from ople.candidaturas.services import conoceles, registro, revision
from ople.candidaturas.services.comun import CandidaturaError
from ople.catalog import testing as cat

from .datos import consejo, pdf_valido, persona, proceso_con_distritos, representante, revisora

pytestmark = pytest.mark.django_db

DATOS = {
    "grado_maximo": "Licenciatura",
    "por_que": "Para servir.",
    "propuesta_1": "Agua para todas las colonias.",
    "propuesta_2": "Seguridad.",
}


def png() -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (24, 30), (120, 40, 90)).save(salida, format="PNG")
    return salida.getvalue()


@pytest.fixture
def aprobada(settings, tmp_path):
    settings.PUBLISH_ROOT = tmp_path / "pub"
    elec, dems, (pan, pri, morena) = proceso_con_distritos(2)
    ent = elec.proceso.entidad
    cat.seccion(
        numero=101,
        municipio=cat.municipio(entidad=ent),
        distrito_local=dems[0].distrito_local,
        distrito_federal=cat.distrito_federal(entidad=ent),
    )
    rep = representante("rep_pan", "PAN")
    c = registro.registrar_candidatura(
        actor=rep,
        eleccion=elec,
        demarcacion=dems[0],
        partido=pan,
        cargo="Diputación",
        propietario=persona(1),
    )
    for t in (
        "aceptacion",
        "acta_nacimiento",
        "credencial",
        "residencia",
        "tres_de_tres",
        "estatutos",
    ):
        registro.subir_documento(actor=rep, candidatura=c, tipo=t, datos=pdf_valido())
    registro.presentar(actor=rep, candidatura=c)
    revision.declarar_procedente(actor=revisora(), candidatura=c)
    revision.aprobar_en_bloque(actor=consejo(), eleccion=elec, candidaturas=[c])
    c.refresh_from_db()
    return c, rep


def test_cuestionario_moderacion_y_publicacion(aprobada, client):
    c, rep = aprobada
    from django.contrib.auth import get_user_model

    rev = get_user_model().objects.get(username="revisora")
    with pytest.raises(CandidaturaError, match="aviso de privacidad"):
        conoceles.capturar_ficha(actor=rep, candidatura=c, datos=DATOS, aviso_privacidad=False)
    with pytest.raises(CandidaturaError, match="es PDF"):
        conoceles.capturar_ficha(
            actor=rep, candidatura=c, datos=DATOS, aviso_privacidad=True, foto=pdf_valido()
        )
    assert Ficha.objects.count() == 0
    f = conoceles.capturar_ficha(
        actor=rep, candidatura=c, datos=DATOS, aviso_privacidad=True, foto=png()
    )
    assert f.estado_foto == Ficha.EstadoFoto.PENDIENTE
    with pytest.raises(PermissionDenied):
        conoceles.revisar_ficha(actor=rep, ficha=f, valida=True)
    # Not yet validated: the site shows the candidacy but not the answers nor the photo.
    nombre, _ = conoceles.publicar(actor=rev, proceso=c.eleccion.proceso)
    base = f"/conoceles/cortes/{nombre}/"
    assert client.get("/conoceles/")["Location"] == base + "index.html"
    r = client.get(f"{base}candidatura/{c.pk}.html")
    assert "no ha respondido" in b"".join(r.streaming_content).decode()
    [cumple] = selectors.cumplimiento_conoceles()
    assert (cumple.aprobadas, cumple.respondieron) == (1, 1)

    conoceles.moderar_foto(actor=rev, ficha=f, aprobada=True)
    conoceles.revisar_ficha(actor=rev, ficha=f, valida=True)
    nombre, _ = conoceles.publicar(
        actor=rev, proceso=c.eleccion.proceso, ahora=timezone.now() + timedelta(seconds=1)
    )
    base = f"/conoceles/cortes/{nombre}/"
    pagina = b"".join(client.get(f"{base}candidatura/{c.pk}.html").streaming_content)
    assert "Agua para todas las colonias." in pagina.decode()
    foto = re.search(rb'<img class="foto" src="\.\./\.\./\.\./almacen/([0-9a-f]{64})\.png"', pagina)
    assert foto is not None
    r = client.get(f"/conoceles/almacen/{foto.group(1).decode()}.png")
    assert r.status_code == 200 and b"".join(r.streaming_content) == png()
    # The cut is signed and chained: the platform's checks pass.
    from ople.publicacion import sitio_de
    from ople.publicacion.verificar import verificar_corte

    assert verificar_corte(sitio_de("conoceles").raiz / "cortes" / nombre) == []
    datos = json.loads(b"".join(client.get(f"{base}datos/candidaturas.json").streaming_content))
    (uno,) = datos["candidaturas"]
    assert uno["grado_maximo"] == "Licenciatura" and "curp" not in uno
    # ¿Quién aparece en mi boleta?
    r = client.get(f"{base}seccion/", {"s": "101"})
    assert r.status_code == 302 and r["Location"] == "../boleta/dip-loc-1.html"
    assert client.get(f"{base}boleta/dip-loc-1.html").status_code == 200
    assert client.get(f"{base}seccion/", {"s": "999"}).status_code == 404
    assert client.get(f"{base}..%2f..%2f..%2fsecret_key").status_code == 404


def test_sin_publicar(settings, tmp_path, client):
    settings.PUBLISH_ROOT = tmp_path / "nada"
    r = client.get("/conoceles/")
    assert r.status_code == 404
    assert "Aún no se ha publicado" in r.content.decode()
