"""The distrito and municipio maps of the results site, from the sección boundaries. Pure.

The catalog holds each sección's boundary (GeoJSON, WGS84). A distrito's or municipio's shape
is the union of its secciones', simplified as a coverage (neighbours keep their shared
borders) and projected equirectangularly (longitude scaled by the cosine of the mean latitude)
into integer SVG units. The publisher colours each shape with the colour of whoever leads it
(`sitio.mapa_svg`); the shapes themselves change only with the boundaries, so they are made once
per boundary set (`formas`, memoized by the caller's key).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape

ANCHO = 600  # viewBox width


@dataclass(frozen=True, slots=True)
class Formas:
    """The projected shapes of one level: viewBox size and group -> SVG path data."""

    ancho: int
    alto: int
    trazos: Mapping[int, str]


def _trazo(geom: Any, x0: float, y0: float, k: float, coslat: float) -> str:
    partes: list[str] = []
    poligonos = getattr(geom, "geoms", [geom])
    for pol in poligonos:
        if pol.geom_type != "Polygon" or pol.is_empty:
            continue
        for anillo in (pol.exterior, *pol.interiors):
            c = np.asarray(anillo.coords)
            xs = np.rint((c[:, 0] - x0) * coslat * k).astype(np.int64)
            ys = np.rint((y0 - c[:, 1]) * k).astype(np.int64)
            puntos: list[tuple[int, int]] = []
            for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
                if not puntos or puntos[-1] != (x, y):
                    puntos.append((x, y))
            if len(puntos) < 3:
                continue
            d = [f"M{puntos[0][0]} {puntos[0][1]}"]
            px, py = puntos[0]
            for x, y in puntos[1:]:
                d.append(f"l{x - px} {y - py}")
                px, py = x, y
            partes.append("".join(d) + "z")
    return "".join(partes)


def formas(
    secciones: Iterable[tuple[int, Mapping[str, Any]]],
    grupos: Mapping[str, Mapping[int, int]],
    tolerancia: float = 0.002,
) -> dict[str, Formas]:
    """level -> its shapes. `secciones`: (sección, GeoJSON geometry); `grupos`: level ->
    {sección: group number} (e.g. "distrito" -> {5: 1, 6: 1, …})."""
    geoms: dict[int, Any] = {}
    for numero, geo in secciones:
        try:
            g = shape(geo)
        except (ValueError, TypeError, AttributeError, KeyError):
            continue
        if not g.is_valid:
            g = shapely.make_valid(g)
        geoms[numero] = g
    if not geoms:
        return {}
    xmin, ymin, xmax, ymax = shapely.total_bounds(list(geoms.values())).tolist()
    if not all(math.isfinite(v) for v in (xmin, ymin, xmax, ymax)) or xmax <= xmin:
        return {}
    coslat = math.cos(math.radians((ymin + ymax) / 2))
    k = ANCHO / ((xmax - xmin) * coslat)
    alto = max(1, math.ceil((ymax - ymin) * k))
    salida: dict[str, Formas] = {}
    for nivel, de_seccion in grupos.items():
        por_grupo: dict[int, list[Any]] = {}
        for s, g in geoms.items():
            if s in de_seccion:
                por_grupo.setdefault(de_seccion[s], []).append(g)
        numeros = sorted(por_grupo)
        uniones = [shapely.union_all(por_grupo[n]) for n in numeros]
        try:
            simples = list(shapely.coverage_simplify(uniones, tolerancia))
        except Exception:  # noqa: BLE001 — an invalid coverage: simplify each on its own
            simples = [u.simplify(tolerancia) for u in uniones]
        salida[nivel] = Formas(
            ANCHO,
            alto,
            {n: _trazo(g, xmin, ymax, k, coslat) for n, g in zip(numeros, simples, strict=True)},
        )
    return salida
