"""The pure lookup engine against the 602 real Aguascalientes sección polygons."""

from __future__ import annotations

import math
import random

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, box

from ople.lookup.engine import CoordenadaInvalida, GeometriaInvalida, Motor

from .geodatos import secciones_ags

PARES = secciones_ags()
MOTOR = Motor(PARES)
MOTOR_TOL = Motor(PARES, tolerancia=1e-5)
XMIN, YMIN, XMAX, YMAX = MOTOR.limites


def fuerza_bruta(lon: float, lat: float) -> int | None:
    p = Point(lon, lat)
    cubren = [c for c, g in PARES if g.covers(p)]
    return min(cubren) if cubren else None


def test_602_secciones_reales():
    assert len(PARES) == 602
    assert len(MOTOR) == 602
    assert MOTOR.claves[0] == 1 and MOTOR.claves[-1] == 607


def test_punto_representativo_de_cada_seccion_cae_en_ella():
    fallas = []
    for clave, geom in PARES:
        p = geom.representative_point()
        r = MOTOR.buscar(p.x, p.y)
        if r.seccion != clave or not r.exacto:
            fallas.append((clave, r))
    assert fallas == []


@pytest.mark.parametrize(
    ("lon", "lat"),
    [
        (-99.1332, 19.4326),  # Ciudad de México
        (-102.2916, 22.9),  # north of the state (Zacatecas)
        (-103.35, 20.67),  # Guadalajara
        (0.0, 0.0),
        (XMIN - 0.01, YMIN - 0.01),
        (XMAX + 0.01, (YMIN + YMAX) / 2),
    ],
)
def test_punto_fuera_de_la_entidad(lon, lat):
    r = MOTOR_TOL.buscar(lon, lat)
    assert r.fuera and r.seccion is None and r.candidatas == ()


def _vertices_compartidos(limite: int = 200):
    """Exact vertices shared by two or more real polygons (points on a common border)."""
    duenos: dict[tuple[float, float], set[int]] = {}
    for clave, geom in PARES:
        for x, y in shapely.get_coordinates(geom).tolist():
            duenos.setdefault((x, y), set()).add(clave)
    compartidos = [(xy, c) for xy, c in duenos.items() if len(c) >= 2]
    random.Random(7).shuffle(compartidos)
    return compartidos[:limite]


def test_puntos_en_limites_compartidos_son_deterministas():
    compartidos = _vertices_compartidos()
    assert len(compartidos) >= 100, "los polígonos reales comparten vértices"
    invertido = Motor(list(reversed(PARES)))
    barajado = list(PARES)
    random.Random(3).shuffle(barajado)
    otro = Motor(barajado)
    for (x, y), _duenos in compartidos:
        r = MOTOR.buscar(x, y)
        cubren = sorted(c for c, g in PARES if g.covers(Point(x, y)))
        assert r.candidatas == tuple(cubren)
        assert r.seccion == cubren[0]  # the lowest sección number wins
        assert invertido.buscar(x, y) == r
        assert otro.buscar(x, y) == r
    assert any(len(MOTOR.buscar(x, y).candidatas) >= 2 for (x, y), _ in compartidos)


def test_regla_del_numero_menor_en_tabla():
    izquierda = box(0, 0, 1, 1)
    derecha = box(1, 0, 2, 1)
    for orden in ([(40, izquierda), (12, derecha)], [(12, derecha), (40, izquierda)]):
        m = Motor(orden)
        assert m.buscar(1.0, 0.5).seccion == 12  # shared edge
        assert m.buscar(1.0, 0.5).candidatas == (12, 40)
        assert m.buscar(0.5, 0.5).seccion == 40
        assert m.buscar(1.5, 0.5).seccion == 12
        assert m.buscar(0.0, 0.0).seccion == 40  # outer corner: boundary is covered
        assert m.buscar(2.5, 0.5).fuera


def test_tolerancia_absorbe_rendijas_y_no_mas():
    m = Motor([(5, box(0, 0, 1, 1)), (3, box(1.25, 0, 2, 1))], tolerancia=0.5)
    r = m.buscar(1.125, 0.5)  # in the middle of the sliver, equidistant: lowest clave
    assert r.seccion == 3 and not r.exacto
    assert m.buscar(1.2, 0.5).seccion == 3
    assert m.buscar(1.0625, 0.5).seccion == 5
    assert m.buscar(2.75, 0.5).fuera  # farther than the tolerance
    assert Motor([(5, box(0, 0, 1, 1))]).buscar(1.125, 0.5).fuera  # no tolerance by default


@pytest.mark.parametrize(
    ("lon", "lat"),
    [(math.nan, 22.0), (-102.3, math.inf), (-181.0, 22.0), (-102.3, 91.0), ("x", 1.0)],
)
def test_coordenadas_invalidas(lon, lat):
    with pytest.raises(CoordenadaInvalida):
        MOTOR.buscar(lon, lat)


def test_geometrias_invalidas_rechazadas():
    with pytest.raises(GeometriaInvalida):
        Motor([(1, box(0, 0, 1, 1)), (1, box(1, 0, 2, 1))])
    with pytest.raises(GeometriaInvalida):
        Motor([(1, Point(0, 0))])


def test_motor_vacio_responde_fuera():
    assert Motor([]).buscar(-102.3, 21.9).fuera


@settings(max_examples=300, deadline=None)
@given(
    st.floats(min_value=XMIN - 0.05, max_value=XMAX + 0.05),
    st.floats(min_value=YMIN - 0.05, max_value=YMAX + 0.05),
)
def test_puntos_al_azar_coinciden_con_fuerza_bruta(lon, lat):
    r = MOTOR.buscar(lon, lat)
    assert r.seccion == fuerza_bruta(lon, lat)
    assert MOTOR.buscar_muchos([lon], [lat]) == [r.seccion]
    rt = MOTOR_TOL.buscar(lon, lat)
    if r.seccion is not None:
        assert rt == r
    elif rt.seccion is not None:
        p = Point(lon, lat)
        distancias = {c: g.distance(p) for c, g in PARES}
        mejor = min(distancias.values())
        assert mejor <= 1e-5
        assert rt.seccion == min(c for c, d in distancias.items() if d == mejor)


def test_buscar_muchos_coincide_con_buscar():
    rng = random.Random(11)
    xs = [rng.uniform(XMIN, XMAX) for _ in range(2000)]
    ys = [rng.uniform(YMIN, YMAX) for _ in range(2000)]
    assert MOTOR.buscar_muchos(xs, ys) == [
        MOTOR.buscar(x, y).seccion for x, y in zip(xs, ys, strict=True)
    ]


def test_vertices_extremos_de_cada_poligono():
    """The vertices on each polygon's bounding box sit on grid-cell edges in the worst case."""
    for clave, geom in PARES:
        xy = shapely.get_coordinates(geom)
        for fila in (xy[:, 0].argmin(), xy[:, 0].argmax(), xy[:, 1].argmin(), xy[:, 1].argmax()):
            x, y = (float(v) for v in xy[fila])
            assert clave in MOTOR.buscar(x, y).candidatas, (clave, x, y)


def test_esquinas_de_la_extension():
    for x, y in [(XMIN, YMIN), (XMIN, YMAX), (XMAX, YMIN), (XMAX, YMAX)]:
        assert MOTOR.buscar(x, y).seccion == fuerza_bruta(x, y)
