"""Server-side SVG map of a boundary set (pure: no Django).

Each sección becomes one ``<a href>`` wrapping one ``<path>``, so the map works with a mouse,
a finger or the keyboard and without JavaScript. The geometry is simplified as a *coverage*
(``shapely.coverage_simplify``), which keeps the borders shared by neighbouring secciones
shared, and drawn in integer units of an equirectangular projection (longitude scaled by the
cosine of the mean latitude) inside a ``viewBox`` ``ancho`` units wide. The projection is
written on the ``<svg>`` element (``data-*``) so a script can turn a tapped point back into
longitude/latitude with :func:`a_lonlat`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["Proyeccion", "a_lonlat", "proyeccion_para", "renderizar_svg"]


@dataclass(frozen=True, slots=True)
class Proyeccion:
    lon_min: float
    lat_max: float
    coslat: float
    escala: float  # SVG units per degree of latitude
    ancho: int
    alto: int

    def a_svg(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            (lon - self.lon_min) * self.coslat * self.escala,
            (self.lat_max - lat) * self.escala,
        )


def proyeccion_para(limites: tuple[float, float, float, float], ancho: int = 1000) -> Proyeccion:
    xmin, ymin, xmax, ymax = limites
    if not all(math.isfinite(v) for v in limites) or xmax <= xmin or ymax <= ymin:
        raise ValueError("Límites vacíos o inválidos para el mapa.")
    coslat = math.cos(math.radians((ymin + ymax) / 2))
    escala = ancho / ((xmax - xmin) * coslat)
    alto = max(1, math.ceil((ymax - ymin) * escala))
    return Proyeccion(xmin, ymax, coslat, escala, ancho, alto)


def a_lonlat(p: Proyeccion, x: float, y: float) -> tuple[float, float]:
    """The inverse of :meth:`Proyeccion.a_svg` (what the page script does on a tap)."""
    return (p.lon_min + x / (p.coslat * p.escala), p.lat_max - y / p.escala)


def _anillo(p: Proyeccion, coords: np.ndarray) -> str:
    xs = np.rint((coords[:, 0] - p.lon_min) * p.coslat * p.escala).astype(np.int64)
    ys = np.rint((p.lat_max - coords[:, 1]) * p.escala).astype(np.int64)
    puntos: list[tuple[int, int]] = []
    for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
        if not puntos or puntos[-1] != (x, y):
            puntos.append((x, y))
    if len(puntos) > 1 and puntos[0] == puntos[-1]:
        puntos.pop()
    if len(puntos) < 3:
        return ""
    cuerpo = " ".join(f"{x} {y}" for x, y in puntos)
    return f"M{cuerpo}Z"


def _trazo(p: Proyeccion, geom: BaseGeometry) -> str:
    partes: list[str] = []
    for poligono in getattr(geom, "geoms", [geom]):
        if poligono.is_empty or poligono.geom_type != "Polygon":
            continue
        for anillo in [poligono.exterior, *poligono.interiors]:
            partes.append(_anillo(p, np.asarray(anillo.coords)))
    return "".join(partes)


def renderizar_svg(
    poligonos: Sequence[tuple[int, BaseGeometry]],
    *,
    enlace: Callable[[int], str],
    etiqueta: Callable[[int], str],
    clase: Callable[[int], str] = lambda _c: "",
    numero: Callable[[int], int] = lambda c: c,
    ancho: int = 1000,
    titulo: str = "Mapa de secciones",
    vista: tuple[float, float, float, float] | None = None,
    resaltar: frozenset[int] = frozenset(),
    margen: float = 0.03,
) -> str:
    """An accessible SVG document (string) with one link per sección.

    ``vista`` (lon_min, lat_min, lon_max, lat_max) fits the viewBox to those bounds (grown by
    ``margen`` of their size on each side): only the secciones that reach into it are drawn,
    clipped to it, so a zoomed map stays light. ``resaltar`` adds the class ``sel`` to those
    claves (the secciones of the answer).
    """
    if not poligonos:
        raise ValueError("No hay polígonos que dibujar.")
    pares = sorted(poligonos, key=lambda par: par[0])
    caja = None
    if vista is not None:
        x0, y0, x1, y1 = vista
        dx, dy = max(x1 - x0, 1e-4) * margen, max(y1 - y0, 1e-4) * margen
        caja = (x0 - dx, y0 - dy, x1 + dx, y1 + dy)
        rect = shapely.box(*caja)
        pares = [par for par in pares if par[1].intersects(rect)]
        if not pares:
            raise ValueError("Ninguna sección cae en la vista pedida.")
    geoms = np.asarray([g for _, g in pares], dtype=object)
    limites = caja or tuple(float(v) for v in shapely.total_bounds(geoms))
    p = proyeccion_para((limites[0], limites[1], limites[2], limites[3]), ancho)
    # Simplify as a coverage: about one SVG unit of tolerance, shared borders stay shared.
    try:
        simples = shapely.coverage_simplify(geoms, 1.0 / p.escala)
    except Exception:  # not a clean coverage: fall back to per-polygon simplification
        simples = shapely.simplify(geoms, 1.0 / p.escala, preserve_topology=True)
    if caja is not None:  # a little beyond the viewBox, so no border is drawn at its edge
        ex = 4.0 / p.escala
        simples = shapely.clip_by_rect(
            simples, caja[0] - ex, caja[1] - ex, caja[2] + ex, caja[3] + ex
        )
    lineas = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {p.ancho} {p.alto}" '
        f'class="mapa-secciones" role="group" aria-labelledby="mapa-titulo" '
        f'data-lon-min="{p.lon_min!r}" data-lat-max="{p.lat_max!r}" '
        f'data-coslat="{p.coslat!r}" data-escala="{p.escala!r}">',
        f'<title id="mapa-titulo">{escape(titulo)}</title>',
    ]
    for (clave, _), geom in zip(pares, simples, strict=True):
        d = _trazo(p, geom)
        if not d:  # too small to draw at this scale: draw its representative point
            rp = dict(pares)[clave].representative_point()
            if caja is not None and not (caja[0] <= rp.x <= caja[2] and caja[1] <= rp.y <= caja[3]):
                continue
            x, y = p.a_svg(rp.x, rp.y)
            d = f"M{round(x) - 1} {round(y) - 1}h2v2h-2Z"
        cls = " ".join(c for c in (clase(clave), "sel" if clave in resaltar else "") if c)
        atributo_clase = f' class="{escape(cls)}"' if cls else ""
        lineas.append(
            f'<a href="{escape(enlace(clave))}" aria-label="{escape(etiqueta(clave))}" '
            f'data-seccion="{numero(clave)}"><path d="{d}"{atributo_clase}/></a>'
        )
    lineas.append("</svg>")
    return "\n".join(lineas)
