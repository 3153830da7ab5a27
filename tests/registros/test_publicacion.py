"""Publication of the public registers through ople.publicacion: a signed cut that verifies,
served under /registros/, and the move to the historical list at the first cut on or after the
removal date."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from ople.core.models import AuditEvent
from ople.publicacion.verificar import verificar_corte
from ople.registros.services.publicacion import publicar_registros

from .datos import AHORA, aprobador, capturista, entrada_aprobada

pytestmark = pytest.mark.django_db


def test_corte_firmado_servido_y_paso_al_historico(client):
    capt, apro = capturista(), aprobador()
    entrada_aprobada(capt, apro)  # leve, final on 2024-03-01: removed on 2027-03-01
    corte = publicar_registros(usuario=apro, ahora=AHORA)
    assert verificar_corte(corte.ruta) == []
    evento = AuditEvent.objects.filter(action="registros.corte").get()
    assert evento.after["manifest_sha256"] == corte.manifest_sha256

    r = client.get("/registros/")
    assert r.status_code == 302

    def leer(url):
        respuesta = client.get(url)
        assert respuesta.status_code == 200, url
        return b"".join(respuesta.streaming_content)

    pagina = leer(r["Location"]).decode()
    assert "Registros públicos" in pagina
    vigente = leer(r["Location"].replace("index.html", "vpmrg/index.html")).decode()
    assert "Juan Pérez López" in vigente and 'id="letra-J"' in vigente
    datos = json.loads(leer(r["Location"].replace("index.html", "datos/vpmrg.json")))
    assert [e["nombre"] for e in datos["vigentes"]] == ["Juan Pérez López"]
    assert "curp" not in datos["vigentes"][0]

    # The daily cut on the removal date: the entry is historical, nobody deleted it.
    dia_de_baja = datetime(2027, 3, 1, 7, 0, tzinfo=UTC)  # 01:00 in Aguascalientes
    corte2 = publicar_registros(usuario=None, ahora=dia_de_baja)
    historico = (corte2.ruta / "vpmrg" / "historico.html").read_text()
    vigente2 = (corte2.ruta / "vpmrg" / "index.html").read_text()
    assert "Juan Pérez López" in historico and "Juan Pérez López" not in vigente2
    assert verificar_corte(corte2.ruta) == []


def test_verificar_corte_y_detectar_alteraciones(tmp_path):
    import shutil

    from django.core.management import CommandError, call_command

    from ople.registros.publica.verificar import revisar_corte

    capt, apro = capturista(), aprobador()
    entrada_aprobada(capt, apro)
    entrada_aprobada(
        capt,
        apro,
        nombre="Ana Ruiz Paz",
        sexo="M",
        expediente="TEEA-PES-2/2020",
        fecha_resolucion_firme=datetime(2020, 1, 1).date(),
    )  # historical
    corte = publicar_registros(usuario=apro, ahora=AHORA)
    assert revisar_corte(corte.ruta) == []
    call_command("registros_verificar", str(corte.ruta))

    # An altered copy: an entry moved to the wrong list and the statistics left as they were.
    copia = tmp_path / "copia"
    shutil.copytree(corte.ruta, copia)
    datos = json.loads((copia / "datos" / "vpmrg.json").read_text())
    datos["vigentes"].append(datos["historicas"].pop())
    (copia / "datos" / "vpmrg.json").write_text(json.dumps(datos, ensure_ascii=False))
    fallas = revisar_corte(copia)
    assert any("no debería estar en vigentes" in f for f in fallas)
    assert any("estadisticas.json" in f for f in fallas)
    assert any("vpmrg/index.html: falta Ana Ruiz Paz" in f for f in fallas)
    with pytest.raises(CommandError, match="no verifica"):
        call_command("registros_verificar", str(copia))
