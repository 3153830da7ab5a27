"""The public page and the JSON API (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from ople.catalog.models import ConjuntoLimites

from .geodatos import secciones_ags

pytestmark = pytest.mark.django_db

GEOM = dict(secciones_ags())
CLAVES = {"seccion", "distrito_local", "municipio", "distrito_federal", "casillas"}


def _punto(numero: int) -> tuple[float, float]:
    p = GEOM[numero].representative_point()
    return p.x, p.y


def _error(r, status: int, codigo: str | None = None) -> dict:
    assert r.status_code == status, r.content
    assert r["Content-Type"].startswith("application/json")
    d = json.loads(r.content)
    assert set(d) == {"error"} and d["error"]["mensaje"]
    if codigo:
        assert d["error"]["codigo"] == codigo
    return d


# --- API ---------------------------------------------------------------------------------


def test_api_por_seccion(catalogo_ags, cliente_api):
    r = cliente_api.get("/api/ubica", {"seccion": "402"})
    assert r.status_code == 200
    d = r.json()
    assert CLAVES <= set(d)
    assert d["seccion"] == 402
    assert d["municipio"]["nombre"] == "Jesús María"
    assert d["distrito_local"]["numero"] >= 1 and d["distrito_local"]["cabecera"]
    assert d["distrito_federal"]["numero"] in (1, 2, 3)
    assert d["casillas"] and all(c["clave"].startswith("010402") for c in d["casillas"])
    assert d["url"] == "/ubica/seccion/402/"
    assert "public" in r["Cache-Control"] and "max-age=300" in r["Cache-Control"]


def test_api_por_punto(catalogo_ags, cliente_api):
    for numero in [1, 150, 337, 401, 404, 488, 607]:
        lon, lat = _punto(numero)
        r = cliente_api.get("/api/ubica", {"lat": f"{lat:.9f}", "lon": f"{lon:.9f}"})
        assert r.status_code == 200, r.content
        d = r.json()
        assert d["seccion"] == numero and CLAVES <= set(d)
        assert d["punto"]["exacto"] is True


def test_api_punto_fuera_de_la_entidad(catalogo_ags, cliente_api):
    r = cliente_api.get("/api/ubica", {"lat": "19.4326", "lon": "-99.1332"})
    d = _error(r, 404, "fuera_de_la_entidad")
    assert "fuera de la entidad" in d["error"]["mensaje"]
    assert "max-age" in r["Cache-Control"]


def test_api_seccion_inexistente(catalogo_ags, cliente_api):
    _error(cliente_api.get("/api/ubica", {"seccion": "9999"}), 404, "seccion_inexistente")


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"seccion": "abc"},
        {"seccion": "0"},
        {"seccion": "-5"},
        {"seccion": "99999999999999999999"},
        {"seccion": "１２"},
        {"seccion": "12", "lat": "21.9", "lon": "-102.3"},
        {"lat": "21.9"},
        {"lon": "-102.3"},
        {"lat": "x", "lon": "-102.3"},
        {"lat": "nan", "lon": "-102.3"},
        {"lat": "21.9", "lon": "inf"},
        {"lat": "91", "lon": "-102.3"},
        {"lat": "21.9", "lon": "-181"},
        {"lat": "", "lon": ""},
    ],
)
def test_api_parametros_invalidos(db, cliente_api, params):
    r = cliente_api.get("/api/ubica", params)
    _error(r, 400)
    assert "no-store" in r["Cache-Control"]


def test_api_solo_get(db, cliente_api):
    r = cliente_api.post("/api/ubica", {"seccion": "1"})
    _error(r, 405, "metodo_no_permitido")


def test_api_sin_limites_activos(catalogo_ags, cliente_api):
    ConjuntoLimites.objects.update(activo=False)
    _error(cliente_api.get("/api/ubica", {"lat": "21.9", "lon": "-102.3"}), 503, "sin_limites")


def test_api_limite_por_direccion(catalogo_ags, client, settings):
    settings.UBICA_LIMITE = 3
    settings.UBICA_VENTANA_SEGUNDOS = 3600
    for _ in range(3):
        assert client.get("/api/ubica", {"seccion": "1"}).status_code == 200
    r = client.get("/api/ubica", {"seccion": "1"})
    d = _error(r, 429, "demasiadas_consultas")
    assert "Demasiadas consultas" in d["error"]["mensaje"]
    assert int(r["Retry-After"]) >= 1
    otro = client.get("/api/ubica", {"seccion": "1"}, REMOTE_ADDR="10.0.0.9")
    assert otro.status_code == 200


def test_pagina_de_busqueda_limitada_por_direccion(catalogo_ags, client, settings):
    """The search page's queries (~89 ms each for ?q=) had no limit at all."""
    settings.UBICA_LIMITE = 3
    settings.UBICA_VENTANA_SEGUNDOS = 3600
    for _ in range(3):
        assert client.get("/ubica/", {"q": "Calvillo"}).status_code == 200
    r = client.get("/ubica/", {"q": "Calvillo"})
    assert r.status_code == 429 and int(r["Retry-After"]) >= 1
    assert "Demasiadas consultas" in r.content.decode() and 'lang="es-MX"' in r.content.decode()
    # The page without a query is not counted; the API shares the address's budget.
    assert client.get("/ubica/").status_code == 200
    assert client.get("/ubica/", {"seccion": "1"}).status_code == 429
    _error(client.get("/api/ubica", {"seccion": "1"}), 429, "demasiadas_consultas")
    assert client.get("/ubica/", {"q": "Calvillo"}, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_openapi(db, client):
    r = client.get("/api/ubica/openapi.json")
    assert r.status_code == 200
    d = r.json()
    assert d["openapi"].startswith("3.")
    op = d["paths"]["/api/ubica"]["get"]
    assert {p["name"] for p in op["parameters"]} == {"lat", "lon", "seccion"}
    assert {"200", "400", "404", "429"} <= set(op["responses"])
    assert set(d["components"]["schemas"]["Ubicacion"]["required"]) == CLAVES


@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(["lat", "lon", "seccion", "q", "x"]),
        st.one_of(st.text(max_size=30), st.floats(allow_nan=True).map(str), st.integers().map(str)),
        max_size=3,
    )
)
def test_api_nunca_500(catalogo_ags, cliente_api, params):
    r = cliente_api.get("/api/ubica", params)
    assert r.status_code in (200, 400, 404)
    assert r["Content-Type"].startswith("application/json")
    d = json.loads(r.content)
    assert ("error" in d) == (r.status_code != 200)


# --- pages -------------------------------------------------------------------------------


def test_pagina_inicio(catalogo_ags, client):
    r = client.get("/ubica/")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'lang="es-MX"' in html
    assert html.count('<a href="/ubica/seccion/') == 602
    assert '<datalist id="lugares">' in html and '<option value="Calvillo">' in html
    assert 'name="seccion"' in html and 'name="q"' in html
    assert len(r.content) < 400_000


def test_buscar_seccion_sin_javascript(catalogo_ags, client):
    r = client.get("/ubica/", {"seccion": "42"})
    assert r.status_code == 302 and r["Location"] == "/ubica/seccion/42/"
    r = client.get("/ubica/", {"q": "42"})
    assert r.status_code == 302 and r["Location"] == "/ubica/seccion/42/"
    r = client.get("/ubica/", {"seccion": "9999"})
    assert r.status_code == 404 and "No existe la sección 9999" in r.content.decode()
    r = client.get("/ubica/", {"seccion": "doce"})
    assert r.status_code == 400 and 'role="alert"' in r.content.decode()


def test_buscar_lugar_sin_javascript(catalogo_ags, client):
    r = client.get("/ubica/", {"q": "pabellon"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Municipio: Pabellón de Arteaga" in html
    assert re.search(r'href="/ubica/municipio/6/"', html)
    r = client.get("/ubica/", {"q": "Atlantida"})
    assert "No encontramos" in r.content.decode()


def test_buscar_por_punto_sin_javascript(catalogo_ags, client):
    lon, lat = _punto(250)
    r = client.get("/ubica/", {"lat": f"{lat}", "lon": f"{lon}"})
    assert r.status_code == 302 and r["Location"] == "/ubica/seccion/250/"
    r = client.get("/ubica/", {"lat": "19.43", "lon": "-99.13"})
    assert r.status_code == 404 and "fuera de la entidad" in r.content.decode()
    r = client.get("/ubica/", {"lat": "abc", "lon": "-99.13"})
    assert r.status_code == 400


def test_pagina_de_seccion(catalogo_ags, client, settings):
    r = client.get("/ubica/seccion/402/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "<h1>Sección 402</h1>" in html
    assert "Jesús María" in html and "cabecera:" in html
    assert 'id="casillas"' in html and "Básica" in html
    assert "Resultados preliminares" not in html
    corte = settings.PUBLISH_ROOT / "cortes" / "C1"
    (corte / "secciones").mkdir(parents=True)
    (corte / "secciones" / "402.html").write_text("x")
    (settings.PUBLISH_ROOT / "current.json").write_text('{"ruta": "cortes/C1/"}')
    html = client.get("/ubica/seccion/402/").content.decode()
    assert 'href="/prep/cortes/C1/secciones/402.html"' in html
    assert client.get("/ubica/seccion/9999/").status_code == 404
    assert client.get("/ubica/seccion/0/").status_code == 404


def test_enlace_opcional_a_mapa_de_calles(catalogo_ags, client, settings):
    assert "mapa de calles" not in client.get("/ubica/seccion/402/").content.decode()
    settings.UBICA_MAPA_CALLES_URL = "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}"
    html = client.get("/ubica/seccion/402/").content.decode()
    assert "openstreetmap.org/?mlat=" in html


def test_mapa_svg(catalogo_ags, client):
    r = client.get("/ubica/mapa.svg")
    assert r.status_code == 200 and r["Content-Type"].startswith("image/svg+xml")
    assert len(r.content) < 300_000
    assert r.content.decode().count("<path ") == 602
