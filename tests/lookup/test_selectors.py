"""Selectors: the engine follows the active boundary set; sección records; search; PREP link."""

from __future__ import annotations

import json

import pytest

from ople.catalog.models import ConjuntoLimites, Entidad, LimiteSeccion, Seccion
from ople.catalog.services import activar_limites, cargar_limites
from ople.lookup import selectors

from .geodatos import secciones_ags

pytestmark = pytest.mark.django_db

GEOM = dict(secciones_ags())


def _punto(numero: int) -> tuple[float, float]:
    p = GEOM[numero].representative_point()
    return p.x, p.y


def test_sin_conjunto_activo_no_hay_motor(db):
    assert selectors.motor_activo() is None
    assert selectors.buscar_punto(-102.3, 21.9) is None
    assert selectors.mapa_svg() is None


def test_motor_del_conjunto_activo_y_reconstruccion_al_activar_otro(catalogo_ags):
    lon, lat = _punto(1)
    r, ficha = selectors.buscar_punto(lon, lat)
    assert r.seccion == selectors.clave_motor(1, 1) and ficha.seccion == 1
    motor_v1 = selectors.motor_activo()
    assert selectors.motor_activo() is motor_v1  # cached while the active set is the same

    # Version 2 (a re-seccionamiento): secciones 1 and 2 swap their polygons.
    v1 = ConjuntoLimites.objects.get(activo=True)
    feats = []
    for lim in LimiteSeccion.objects.filter(conjunto=v1).select_related("seccion"):
        numero = {1: 2, 2: 1}.get(lim.seccion.numero, lim.seccion.numero)
        feats.append(
            {"type": "Feature", "properties": {"seccion": numero}, "geometry": lim.geojson}
        )
    v2 = cargar_limites(
        entidad=Entidad.objects.get(clave=1),
        geojson={"type": "FeatureCollection", "features": feats},
        version=2,
        nombre="Reseccionamiento de prueba",
    )
    # Loaded beside the active one: nothing changes until it is activated.
    assert selectors.buscar_punto(lon, lat)[1].seccion == 1
    activar_limites(conjunto=v2)
    assert selectors.motor_activo() is not motor_v1
    assert selectors.buscar_punto(lon, lat)[1].seccion == 2
    assert selectors.buscar_punto(*_punto(2))[1].seccion == 1
    activar_limites(conjunto=v1)
    assert selectors.buscar_punto(lon, lat)[1].seccion == 1


def test_ficha_de_seccion(catalogo_ags):
    f = selectors.ficha_seccion(1)
    s = Seccion.objects.select_related("distrito_local", "municipio").get(numero=1)
    assert f.municipio == s.municipio.nombre == "Aguascalientes"
    assert f.distrito_local == s.distrito_local.numero
    assert f.distrito_local_cabecera == s.distrito_local.cabecera != ""
    assert f.casillas and f.casillas[0].tipo == "B" and f.casillas[0].domicilio
    assert [c.clave for c in f.casillas] == sorted(
        s.casillas.values_list("clave", flat=True),
        key=lambda k: (k[6], int(k[7:9]), int(k[9:11])),
    )
    assert selectors.ficha_seccion(9999) is None
    d = f.como_json()
    assert {"seccion", "distrito_local", "municipio", "distrito_federal", "casillas"} <= set(d)


def test_busqueda_por_lugar_sin_acentos(catalogo_ags):
    r = selectors.buscar_lugar("Jesus Maria")
    assert [c.nombre for c in r if c.tipo == "municipio"] == ["Jesús María"]  # INEGI's spelling
    assert r[0].tipo == "municipio" and r[0].mapa_url == "/ubica/municipio/5/"
    assert set(r[0].secciones) == set(
        Seccion.objects.filter(municipio__nombre="Jesús María").values_list("numero", flat=True)
    )
    assert selectors.buscar_lugar("x") == []  # too short
    assert selectors.buscar_lugar("zzzz") == []
    Seccion.objects.filter(numero__in=[3, 7]).update(localidades="Col. Héroes; Centro")
    r = [c for c in selectors.buscar_lugar("heroes") if c.como.startswith("Secciones que el")]
    assert [(c.tipo, c.nombre, c.secciones) for c in r] == [("localidad", "Col. Héroes", [3, 7])]
    sug = selectors.sugerencias()
    assert "Calvillo" in sug and "Col. Héroes" in sug and "Centro" in sug


def test_enlace_prep_solo_con_corte_publicado(catalogo_ags, settings):
    raiz = settings.PUBLISH_ROOT
    assert selectors.enlace_prep(5) is None
    corte = raiz / "cortes" / "20240602T2000Z"
    (corte / "secciones").mkdir(parents=True)
    (corte / "secciones" / "5.html").write_text("<html></html>")
    (raiz / "current.json").write_text(json.dumps({"ruta": "cortes/20240602T2000Z/"}))
    assert selectors.enlace_prep(5) == "/prep/cortes/20240602T2000Z/secciones/5.html"
    assert selectors.enlace_prep(6) is None  # no page for that sección in the cut
    assert selectors.ficha_seccion(5).prep_url == "/prep/cortes/20240602T2000Z/secciones/5.html"
    (raiz / "current.json").write_text("{no es json")
    assert selectors.enlace_prep(5) is None
    (raiz / "current.json").write_text(json.dumps({"ruta": "../../etc/"}))
    assert selectors.enlace_prep(5) is None
