"""The "_like" (varchar_pattern_ops) indexes of the columns every upload writes are dropped on
PostgreSQL by the migrations; the operation goes both ways and does nothing elsewhere."""

from __future__ import annotations

import pytest
from django.db import connection

from ople.core.indices_like import quitar

pytestmark = pytest.mark.django_db

SIN_LIKE = [
    ("core_auditevent", "hash"),
    ("core_auditevent", "action"),
    ("core_auditevent", "object_id"),
    ("prep_imagen", "sha256"),
    ("prep_estadoacta", "estado"),
]


def _indices(tabla: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [tabla])
        return dict(cursor.fetchall())


def test_las_migraciones_quitan_los_indices_like():
    if connection.vendor != "postgresql":
        pytest.skip("sólo PostgreSQL tiene índices varchar_pattern_ops")
    for tabla, columna in SIN_LIKE:
        indices = _indices(tabla)
        assert not [n for n, d in indices.items() if "varchar_pattern_ops" in d and columna in d]
        # an ordinary index (or unique constraint) starting with the column is still there
        # (for estado, the queue index (estado, llegada, id))
        assert [d for d in indices.values() if f"({columna})" in d or f"({columna}," in d]


def test_ida_y_vuelta():
    if connection.vendor != "postgresql":
        pytest.skip("sólo PostgreSQL tiene índices varchar_pattern_ops")
    operacion = quitar([("prep_imagen", "sha256")])
    with connection.schema_editor() as editor:
        operacion.reverse_code(None, editor)  # type: ignore[misc]
    assert any("varchar_pattern_ops" in d for d in _indices("prep_imagen").values())
    with connection.schema_editor() as editor:
        operacion.code(None, editor)
    assert not any("varchar_pattern_ops" in d for d in _indices("prep_imagen").values())


def test_en_otras_bases_no_hace_nada():
    class Editor:
        class connection:  # noqa: N801 - stands in for a DatabaseWrapper
            vendor = "sqlite"

        def execute(self, sql: str) -> None:  # pragma: no cover - must not be called
            raise AssertionError(sql)

    operacion = quitar([("prep_imagen", "sha256")])
    operacion.code(None, Editor())
    operacion.reverse_code(None, Editor())  # type: ignore[misc]


def test_sin_indices_redundantes():
    """Digitalizacion.acta_id and EstadoActa.estado have no index of their own (migration
    prep 0005): an index that starts with the column serves every lookup by it."""

    def indices(tabla: str) -> list[list[str]]:
        with connection.cursor() as cursor:
            restricciones = connection.introspection.get_constraints(cursor, tabla)
        return [r["columns"] for r in restricciones.values() if r["index"] or r["unique"]]

    digitalizacion = indices("prep_digitalizacion")
    assert ["acta_id"] not in digitalizacion
    assert ["acta_id", "imagen_id"] in digitalizacion and ["acta_id", "version"] in digitalizacion
    estado = indices("prep_estadoacta")
    assert ["estado"] not in estado
    assert ["estado", "llegada", "id"] in estado
