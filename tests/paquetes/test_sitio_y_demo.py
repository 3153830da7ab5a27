"""The public progress cut (pure generator) and the demo night."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from ople.paquetes import demo, selectors, sitio
from ople.paquetes.models import Evento, Mecanismo

from .conftest import crear_escenario


def test_el_sitio_publico_son_solo_cifras():
    modelo = sitio.ModeloAvance(
        institucion="Instituto <Estatal>",
        proceso="PEL 2023-2024",
        corte_en=datetime(2024, 6, 3, 4, 0, tzinfo=UTC),
        filas=(
            sitio.FilaAvance("Distrito 1", "DIPUTACIONES LOCALES", 120, 90, 85, 80, 10, 3),
            sitio.FilaAvance("Distrito 2", "DIPUTACIONES LOCALES", 3, 1, 1, 1, 0, 2),
        ),
    )
    archivos = sitio.generar(modelo)
    assert set(archivos) == {"index.html", "estilo.css", "datos/avance.csv", "datos/avance.json"}
    html = archivos["index.html"].decode()
    assert '<html lang="es">' in html and "Instituto &lt;Estatal&gt;" in html
    assert "<script" not in html and "<style" not in html and 'href="estilo.css"' in html
    assert "73.98 %" in html  # 91 of 123 = 0.739837…, truncated
    filas = list(csv.reader(io.StringIO(archivos["datos/avance.csv"].decode())))
    assert filas[0][:3] == ["CONSEJO", "ELECCION", "ESPERADOS"] and filas[1][2] == "120"
    assert json.loads(archivos["datos/avance.json"])["total"]["recibidos"] == 91
    assert sitio.generar(modelo) == archivos  # deterministic


@pytest.mark.django_db
def test_la_noche_de_demostracion():
    esc = crear_escenario(n_casillas=8)
    resultado = demo.preparar(consejos_a_mover=2)
    assert resultado["eventos"] > 8
    assert Evento.objects.filter(tipo=Evento.Tipo.RECEPCION_CONSEJO).exists()
    assert Evento.objects.filter(tipo=Evento.Tipo.ENTREGA_OTRO_ORGANO).count() == 1
    assert demo.preparar(consejos_a_mover=2)["eventos"] == 0  # idempotent
    modelo = selectors.modelo_avance(ahora=datetime(2024, 6, 4, tzinfo=UTC))
    assert sum(f.recibidos for f in modelo.filas) >= 1
    assert Mecanismo.objects.count() == 0 or Mecanismo.objects.first().consejo_id in (
        esc.consejo.pk,
        esc.otro_consejo.pk,
    )
