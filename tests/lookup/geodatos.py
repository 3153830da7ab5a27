"""Real Aguascalientes sección polygons shipped with the catalog (see its NOTICE)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from shapely.geometry.base import BaseGeometry

from ople.lookup.engine import geometria_desde_geojson

GEOJSON = (
    Path(__file__).resolve().parents[2] / "src/ople/catalog/data/aguascalientes/secciones.geojson"
)


@cache
def secciones_ags() -> tuple[tuple[int, BaseGeometry], ...]:
    fc = json.loads(GEOJSON.read_text(encoding="utf-8"))
    return tuple(
        (int(f["properties"]["seccion"]), geometria_desde_geojson(f["geometry"]))
        for f in fc["features"]
    )
