"""The server-side SVG map of the real Aguascalientes polygons."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from ople.lookup.mapa import a_lonlat, proyeccion_para, renderizar_svg

from .geodatos import secciones_ags


def _svg() -> str:
    return renderizar_svg(
        list(secciones_ags()),
        enlace=lambda c: f"/ubica/seccion/{c}/",
        etiqueta=lambda c: f"Sección {c}",
        clase=lambda c: f"dl{c % 8}",
    )


def test_mapa_pequeno_y_un_enlace_por_seccion():
    svg = _svg()
    assert len(svg.encode("utf-8")) < 300_000
    enlaces = re.findall(r'<a href="/ubica/seccion/(\d+)/" aria-label="Sección \1"', svg)
    assert sorted(map(int, enlaces)) == sorted(c for c, _ in secciones_ags())
    assert svg.count('<path d="M') == 602
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    assert "<title" in svg


PROY = proyeccion_para((-102.9, 21.6, -101.8, 22.5))


@given(st.floats(-102.9, -101.8), st.floats(21.6, 22.5))
def test_proyeccion_inversa(lon, lat):
    x, y = PROY.a_svg(lon, lat)
    lon2, lat2 = a_lonlat(PROY, x, y)
    assert abs(lon2 - lon) < 1e-9 and abs(lat2 - lat) < 1e-9
    assert -1e-6 <= x <= PROY.ancho + 1e-6 and -1e-6 <= y <= PROY.alto + 1e-6
