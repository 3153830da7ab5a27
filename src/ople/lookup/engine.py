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

The index is a shapely 2 ``STRtree``; polygons are prepared (``shapely.prepare``) so the
predicate runs on prepared geometries after the bounding-box filter.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True, slots=True)
class Resultado:
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
        punto = shapely.Point(x, y)
        # Bounding-box candidates from the tree, then the prepared predicate, vectorised.
        idx = self._arbol.query(punto)
        if idx.size:
            idx = idx[shapely.intersects(self._geoms[idx], punto)]
        if idx.size:
            idx.sort()  # indices follow ascending clave
            candidatas = tuple(int(c) for c in self._claves[idx])
            return Resultado(x, y, candidatas[0], candidatas)
        if self.tolerancia > 0 and len(self._claves):
            cerca = self._arbol.query(punto, predicate="dwithin", distance=self.tolerancia)
            if cerca.size:
                dist = shapely.distance(self._geoms[cerca], punto)
                mejor = float(dist.min())
                empatados = np.sort(cerca[dist == mejor])
                return Resultado(x, y, int(self._claves[empatados[0]]), (), exacto=False)
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
