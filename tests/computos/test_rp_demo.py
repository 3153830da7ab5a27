"""`make demo` carries the simulated process through to the allocation (issue 20, item 7): the
demo closes its cómputos through the services, the Consejo General sums the closed ones
(`computos.selectors.computos_cerrados`) and allocates, and the cap and the compensation bind in
the published trail."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from ople.computos import selectors
from ople.publicacion import CortePublicado


@pytest.fixture(autouse=True)
def _clave(tmp_path, monkeypatch):
    monkeypatch.setenv("OPLE_PUBLISH_KEY", str(tmp_path / "claves" / "publicacion.pem"))


@pytest.mark.slow
@pytest.mark.django_db
def test_la_asignacion_de_la_demo_sale_de_sus_computos_cerrados(settings):
    if connection.vendor != "sqlite":
        # `make demo` runs on the embedded default; the services it calls are tested on both.
        pytest.skip("la demostración corre sobre SQLite; tres minutos más de CI no dicen más")
    settings.DEMO = True
    call_command("demo", "--sin-servidor", stdout=io.StringIO())

    corte = CortePublicado.objects.get(sitio="asignacion")
    ruta = Path(settings.PUBLISH_ROOT) / "asignacion" / "cortes" / corte.nombre
    historia = json.loads((ruta / "versiones.json").read_text())
    assert [v["origen"] for v in historia] == ["IEE", "TEEA"]
    assert historia[0]["motivo"].startswith("Suma de los cómputos cerrados (CD01 v1, CD02 v1")

    # Version 1's Congress is the sum of the 18 closed distrital cómputos, its MR seats their
    # winners (a coalition's for the party of its registered siglado).
    distritales = [c for c in selectors.computos_cerrados() if c.tipo == "DISTRITAL"]
    assert sorted(c.numero for c in distritales) == list(range(1, 19))
    suma: Counter[str] = Counter()
    for c in distritales:
        suma.update(c.distribuido)
    mr = Counter(c.siglado or c.partidos_ganadora[0] for c in distritales)
    entrada = json.loads((ruta / "versiones" / "1" / "congreso" / "entrada.json").read_text())
    assert {p: n for p, n in entrada["votos"].items() if n} == {p: n for p, n in suma.items() if n}
    assert {p: n for p, n in entrada["mr"].items() if n} == dict(mr)
    assert entrada["nulos"] == sum(c.nulos for c in distritales)

    # The band binds: the party far ahead keeps its MR seats over its cap and gets no RP; an
    # under-represented party is compensated.
    resultado = json.loads((ruta / "versiones" / "1" / "congreso" / "resultado.json").read_text())
    tipos = {p["tipo"] for p in resultado["pasos"]}
    assert {"tope", "compensacion"} <= tipos
    assert sum(resultado["rp"].values()) == 9

    # Cabildos of the closed municipal cómputos only (two are left open for visitors).
    municipales = {c.municipio for c in selectors.computos_cerrados() if c.tipo == "MUNICIPAL"}
    carpetas = {p.name for p in (ruta / "versiones" / "1").iterdir() if p.is_dir()}
    assert len([c for c in carpetas if c.startswith("ayuntamiento-")]) == len(municipales) >= 7

    # The persons come from the RP lists registered in candidaturas, and anyone can re-run it.
    from ople.computos.asignacion import computo_estatal

    listas = computo_estatal.listas_aprobadas()
    congreso = (ruta / "versiones" / "1" / "congreso" / "index.html").read_text()
    for partido, n in resultado["rp"].items():
        if n:  # the party's first fórmula, or the next one of its list
            nombres = [f["propietario"]["nombre"] for f in listas[partido][: n + 2]]
            assert any(nombre in congreso for nombre in nombres), partido
    out = io.StringIO()
    call_command("computos_rp_verificar", str(ruta), stdout=out)
    assert "Firma, huellas y cadena del corte: correctas." in out.getvalue()
