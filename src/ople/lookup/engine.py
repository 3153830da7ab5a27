"""Point → sección lookup over one boundary set (pure: no Django).

The engine is built from ``(clave, geometry)`` pairs, where ``clave`` is an integer that
identifies a sección (the Django shell passes ``entidad * 10_000 + numero``, so inside one
entidad the order of claves is the order of sección numbers) and ``geometry`` is a shapely
Polygon or MultiPolygon in WGS84 longitude/latitude.

Resolution rule (deterministic, documented in docs/ubica.md):

1. Every polygon that *covers* the point (interior or boundary) is a candidate; the answer is
   the **lowest clave** among them. A point on the border shared by secciones 12 and 40 is
   therefore always sección 12, whatever the order the polygons were loaded in.
2. When no polygon covers the point and ``tolerancia`` > 0, the nearest polygon within
   ``tolerancia`` degrees answers (ties: lowest clave). This absorbs the slivers between
   digitised polygons; the result says it was not exact.
3. Otherwise the point is "fuera de la entidad".

Polygons are prepared (``shapely.prepare``). Single lookups go through a uniform grid of
candidate polygons (``_Rejilla``) and the vectorised ``shapely.intersects_xy``; bulk lookups
(``buscar_muchos``) through a shapely 2 ``STRtree`` query with ``predicate="intersects"``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

__all__ = [
    "CoordenadaInvalida",
    "GeometriaInvalida",
    "Motor",
    "Resultado",
    "geometria_desde_geojson",
]


class CoordenadaInvalida(ValueError):
    """The longitude or latitude is not a finite number in range."""


class GeometriaInvalida(ValueError):
    """A sección geometry is empty or not a (multi)polygon."""


class Resultado(NamedTuple):
    """The answer of one lookup.

    ``seccion`` is the winning clave or ``None`` when the point is outside every polygon
    (``fuera`` is then True). ``candidatas`` lists, ascending, every clave whose polygon covers
    the point (more than one only on a shared border). ``exacto`` is False when the answer came
    from the tolerance rule.
    """

    lon: float
    lat: float
    seccion: int | None
    candidatas: tuple[int, ...] = ()
    exacto: bool = True

    @property
    def fuera(self) -> bool:
        return self.seccion is None


def _validar(lon: float, lat: float) -> tuple[float, float]:
    try:
        x = float(lon)
        y = float(lat)
    except (TypeError, ValueError) as exc:
        raise CoordenadaInvalida("La longitud y la latitud deben ser números.") from exc
    if not (math.isfinite(x) and math.isfinite(y)):
        raise CoordenadaInvalida("La longitud y la latitud deben ser números finitos.")
    if not (-180.0 <= x <= 180.0) or not (-90.0 <= y <= 90.0):
        raise CoordenadaInvalida(
            "Coordenadas fuera de rango: la longitud va de -180 a 180 y la latitud de -90 a 90."
        )
    return x, y


def geometria_desde_geojson(obj: dict[str, Any]) -> BaseGeometry:
    """A valid shapely (Multi)Polygon from a GeoJSON geometry mapping (repaired if needed)."""
    try:
        geom = shape(obj)
    except Exception as exc:  # shapely raises several types for malformed input
        raise GeometriaInvalida(f"GeoJSON no interpretable: {exc}") from exc
    if geom.is_empty or geom.geom_type not in {"Polygon", "MultiPolygon"}:
        raise GeometriaInvalida(f"Se esperaba Polygon o MultiPolygon, no {geom.geom_type}.")
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
        polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type.endswith("Polygon")]
        if not polys:
            raise GeometriaInvalida("La geometría no contiene polígonos válidos.")
        geom = shapely.union_all(polys)
    return geom


FILTRO_EXACTO_MAX = 300_000  # grid pairs up to which cells are checked against the polygons
_VACIO: np.ndarray[Any, np.dtype[np.intp]] = np.empty(0, dtype=np.intp)


@dataclass(frozen=True, slots=True)
class _Rejilla:
    """A uniform grid over the set's extent; each cell lists the polygons whose bounding box
    overlaps it (a superset of those that cover any point of the cell), in CSR arrays.

    A single lookup computes its cell with two multiplications instead of creating a shapely
    Point and walking the STRtree (measured 2-3x faster per call); the prepared predicate then
    decides, and the tolerance step also stays within the cell.
    """

    x0: float
    y0: float
    fx: float
    fy: float
    nx: int
    ny: int
    inicio: list[int]  # a Python list: indexing it is cheaper than indexing numpy
    indices: np.ndarray[Any, np.dtype[np.intp]]
    geoms: np.ndarray[Any, np.dtype[np.object_]]  # geometries in the order of ``indices``

    @staticmethod
    def construir(geoms: np.ndarray[Any, np.dtype[np.object_]], margen: float) -> _Rejilla:
        """Grid over (prepared) ``geoms``; a polygon is listed in every cell that it, grown
        by ``margen``, touches, so the tolerance step can also stay inside the cell."""
        n = len(geoms)
        if n == 0:
            return _Rejilla(0.0, 0.0, 0.0, 0.0, 0, 0, [0], _VACIO, geoms[:0])
        xmin, ymin, xmax, ymax = (float(v) for v in shapely.total_bounds(geoms))
        xmin, ymin, xmax, ymax = xmin - margen, ymin - margen, xmax + margen, ymax + margen
        ancho = max(xmax - xmin, 1e-12)
        alto = max(ymax - ymin, 1e-12)
        celdas = min(max(8 * n, 64), 1 << 20)
        nx = max(1, min(4096, round(math.sqrt(celdas * ancho / alto))))
        ny = max(1, min(4096, round(celdas / nx)))
        fx, fy = nx / ancho, ny / alto
        # Every cell overlapped by a polygon's bounding box, enumerated with numpy. The range is
        # widened by a millionth of a cell: a point near a cell edge may round either way.
        b = shapely.bounds(geoms) + np.array([-margen, -margen, margen, margen])
        i0 = np.clip(np.floor((b[:, 0] - xmin) * fx - 1e-6), 0, nx - 1).astype(np.intp)
        i1 = np.clip(np.floor((b[:, 2] - xmin) * fx + 1e-6), 0, nx - 1).astype(np.intp)
        j0 = np.clip(np.floor((b[:, 1] - ymin) * fy - 1e-6), 0, ny - 1).astype(np.intp)
        j1 = np.clip(np.floor((b[:, 3] - ymin) * fy + 1e-6), 0, ny - 1).astype(np.intp)
        alto_celdas = j1 - j0 + 1
        cuantas = (i1 - i0 + 1) * alto_celdas
        poligono = np.repeat(np.arange(n, dtype=np.intp), cuantas)
        k = np.arange(int(cuantas.sum()), dtype=np.intp) - np.repeat(
            np.cumsum(cuantas) - cuantas, cuantas
        )
        w = np.repeat(alto_celdas, cuantas)
        celda = (np.repeat(i0, cuantas) + k // w) * ny + np.repeat(j0, cuantas) + k % w
        # Keep only the pairs where the polygon itself (grown by margen) touches the cell, so
        # most cells outside the entidad stay empty and answer "fuera" at once. Skipped for
        # very large sets, where it would cost seconds at start-up (the lookups stay exact).
        if len(celda) <= FILTRO_EXACTO_MAX:
            ci, cj = celda // ny, celda % ny
            ex, ey = 1e-6 / fx + margen, 1e-6 / fy + margen
            cajas = shapely.box(
                xmin + ci / fx - ex,
                ymin + cj / fy - ey,
                xmin + (ci + 1) / fx + ex,
                ymin + (cj + 1) / fy + ey,
            )
            toca = shapely.intersects(geoms[poligono], cajas)
            celda, poligono = celda[toca], poligono[toca]
        orden = np.argsort(celda, kind="stable")  # by cell, polygons stay in ascending order
        celda, poligono = celda[orden], poligono[orden]
        inicio = np.zeros(nx * ny + 1, dtype=np.intp)
        np.add.at(inicio, celda + 1, 1)
        indices = poligono.astype(np.intp)
        return _Rejilla(
            xmin,
            ymin,
            nx / ancho,
            ny / alto,
            nx,
            ny,
            [int(v) for v in np.cumsum(inicio)],
            indices,
            geoms[indices],
        )

    def rango(self, x: float, y: float) -> tuple[int, int]:
        """The slice of ``indices``/``geoms`` holding the candidates of the point's cell."""
        i = int((x - self.x0) * self.fx)
        j = int((y - self.y0) * self.fy)
        if i == self.nx:  # the far edge of the extent belongs to the last cell
            i -= 1
        if j == self.ny:
            j -= 1
        if not (0 <= i < self.nx and 0 <= j < self.ny):
            return 0, 0
        k = i * self.ny + j
        return self.inicio[k], self.inicio[k + 1]


class Motor:
    """An immutable point-in-polygon index over one boundary set."""

    def __init__(
        self,
        poligonos: Iterable[tuple[int, BaseGeometry]],
        *,
        clave_conjunto: str = "",
        tolerancia: float = 0.0,
    ) -> None:
        pares = sorted(poligonos, key=lambda p: p[0])
        claves = [c for c, _ in pares]
        if len(set(claves)) != len(claves):
            raise GeometriaInvalida("Hay claves de sección repetidas en el conjunto.")
        for clave, geom in pares:
            if geom.is_empty or geom.geom_type not in {"Polygon", "MultiPolygon"}:
                raise GeometriaInvalida(f"La sección {clave} no es un polígono.")
        if tolerancia < 0 or not math.isfinite(tolerancia):
            raise ValueError("La tolerancia debe ser un número no negativo.")
        self.clave_conjunto = clave_conjunto
        self.tolerancia = float(tolerancia)
        self._claves: np.ndarray[Any, np.dtype[np.int64]] = np.asarray(claves, dtype=np.int64)
        self._geoms: np.ndarray[Any, np.dtype[np.object_]] = np.asarray(
            [g for _, g in pares], dtype=object
        )
        shapely.prepare(self._geoms)
        self._arbol = shapely.STRtree(self._geoms)
        self._por_clave = {int(c): i for i, c in enumerate(claves)}
        self._rejilla = _Rejilla.construir(self._geoms, self.tolerancia)
        if len(pares):
            xmin, ymin, xmax, ymax = shapely.total_bounds(self._geoms)
            self.limites: tuple[float, float, float, float] = (
                float(xmin),
                float(ymin),
                float(xmax),
                float(ymax),
            )
        else:
            self.limites = (math.nan, math.nan, math.nan, math.nan)

    def __len__(self) -> int:
        return len(self._claves)

    @property
    def claves(self) -> tuple[int, ...]:
        return tuple(int(c) for c in self._claves)

    def geometria(self, clave: int) -> BaseGeometry | None:
        i = self._por_clave.get(clave)
        return None if i is None else self._geoms[i]

    def buscar(self, lon: float, lat: float) -> Resultado:
        """The sección whose polygon covers (lon, lat), by the rule in the module docstring."""
        x, y = _validar(lon, lat)
        # Candidates of the grid cell, then the prepared predicate on them, vectorised,
        # without building a Point object.
        rejilla = self._rejilla
        a, b = rejilla.rango(x, y)
        if b > a:
            dentro = shapely.intersects_xy(rejilla.geoms[a:b], x, y)
            if dentro.any():  # the cell's candidates are stored in ascending clave order
                idx = rejilla.indices[a:b][dentro]
                candidatas = tuple(self._claves[idx].tolist())
                return Resultado(x, y, candidatas[0], candidatas)
            if self.tolerancia > 0:
                # Every polygon within the tolerance is listed in this cell (see _Rejilla).
                dist = shapely.distance(rejilla.geoms[a:b], shapely.Point(x, y))
                k = int(np.argmin(dist))  # first minimum = lowest clave among ties
                if float(dist[k]) <= self.tolerancia:
                    clave = int(self._claves[rejilla.indices[a + k]])
                    return Resultado(x, y, clave, (), exacto=False)
        return Resultado(x, y, None)

    def buscar_muchos(self, lons: Sequence[float], lats: Sequence[float]) -> list[int | None]:
        """Vectorised lookup of many points (exact rule only: no tolerance step)."""
        xs = np.asarray(lons, dtype=float)
        ys = np.asarray(lats, dtype=float)
        if xs.shape != ys.shape or xs.ndim != 1:
            raise CoordenadaInvalida("Se esperaban dos listas de igual longitud.")
        if not (np.isfinite(xs).all() and np.isfinite(ys).all()):
            raise CoordenadaInvalida("La longitud y la latitud deben ser números finitos.")
        puntos = shapely.points(xs, ys)
        pares = self._arbol.query(puntos, predicate="intersects")
        mejor = np.full(len(xs), np.iinfo(np.int64).max, dtype=np.int64)
        if pares.size:
            np.minimum.at(mejor, pares[0], pares[1])
        fuera = mejor == np.iinfo(np.int64).max
        salida: list[int | None] = []
        for i in range(len(xs)):
            salida.append(None if fuera[i] else int(self._claves[mejor[i]]))
        return salida
