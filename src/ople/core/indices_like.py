"""Migration operation: drop the PostgreSQL `varchar_pattern_ops` ("_like") index of text columns.

Django gives every indexed or unique CharField on PostgreSQL a second index for LIKE / startswith
lookups. On the columns written with every acta upload and audit event, where nothing runs such
a lookup, it only costs an index entry per row. `quitar([(tabla, columna), …])` drops them
(`DROP INDEX IF EXISTS`, with the name Django gave them); backwards it creates them again. Other
databases have no such indexes: nothing to do there.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def _nombre(schema_editor: Any, tabla: str, columna: str) -> str:
    # The name Django's PostgreSQL schema editor gives it (_create_like_index_sql).
    return str(schema_editor._create_index_name(tabla, [columna], suffix="_like"))


def quitar(columnas: list[tuple[str, str]]) -> migrations.RunPython:
    def adelante(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for tabla, columna in columnas:
            nombre = _nombre(schema_editor, tabla, columna)
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(nombre)}")

    def atras(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        q = schema_editor.quote_name
        for tabla, columna in columnas:
            nombre = _nombre(schema_editor, tabla, columna)
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {q(nombre)} ON {q(tabla)} "
                f"({q(columna)} varchar_pattern_ops)"
            )

    return migrations.RunPython(adelante, atras)
