"""A multi-row INSERT as one plain statement, for hot write paths (acta intake, audit log).

`QuerySet.bulk_create` costs more CPU than the handful of rows of an acta intake group are
worth: a model instance per row (foreign-key descriptors, defaults), each value adapted by its
field, the query compiled, and on PostgreSQL the rows sent as one array per column
(`UNNEST(%s::type[], …)`), which psycopg's client-side binding renders value by value in
Python. `insertar(modelo, filas)` takes plain rows — column name → the value the model field
holds: str, int, bool, None, an aware datetime, a UUID, a JSON-ready value for a JSONField —
and writes one statement:

* PostgreSQL: `INSERT INTO t (cols) SELECT cols FROM json_populate_recordset(NULL::t, %s)`,
  all the rows as ONE json parameter (json.dumps runs in C; a statement with a parameter per
  value would also be parsed anew by psycopg for every group: more than 50 parameters are not
  cached). PostgreSQL converts each JSON value to the column's type (JSON null → NULL).
* SQLite (3.35+, RETURNING): `INSERT … VALUES (…), (…)`, each value adapted by its field.

Optionally ON CONFLICT DO NOTHING, and RETURNING the columns asked for, in row order.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.db.models import Model
from django.utils import timezone


def insertar(
    modelo: type[Model],
    filas: Sequence[Mapping[str, Any]],
    *,
    ignorar_conflictos: bool = False,
    devolver: Sequence[str] = ("id",),
) -> list[tuple[Any, ...]]:
    """Insert `filas` into `modelo`'s table with one statement; return the `devolver` columns
    of the inserted rows, in the order of `filas`. Every concrete column but the primary key
    must be in each row (defaults and auto_now are the caller's). With `ignorar_conflictos`,
    a row that conflicts is skipped and returns nothing."""
    if not filas:
        return []
    conexion = connections[router.db_for_write(modelo)]
    meta = modelo._meta
    campos = [f for f in meta.concrete_fields if not f.primary_key]
    q = conexion.ops.quote_name
    tabla = q(meta.db_table)
    columnas = ", ".join(q(f.column) for f in campos)
    cola = " ON CONFLICT DO NOTHING" if ignorar_conflictos else ""
    if devolver:
        cola += " RETURNING " + ", ".join(q(c) for c in devolver)
    if conexion.vendor == "postgresql":
        nombres = [f.column for f in campos]
        documento = [{n: fila[n] for n in nombres} for fila in filas]
        sql = (
            f"INSERT INTO {tabla} ({columnas}) SELECT {columnas} "
            f"FROM json_populate_recordset(NULL::{tabla}, %s::json){cola}"
        )
        parametros: list[Any] = [
            json.dumps(documento, default=_a_json, ensure_ascii=False, separators=(",", ":"))
        ]
    else:
        fila_sql = "(" + ", ".join(["%s"] * len(campos)) + ")"
        sql = f"INSERT INTO {tabla} ({columnas}) VALUES {', '.join([fila_sql] * len(filas))}{cola}"
        parametros = [
            campo.get_db_prep_save(fila[campo.column], connection=conexion)
            for fila in filas
            for campo in campos
        ]
    with conexion.cursor() as cursor:
        cursor.execute(sql, parametros)
        return cursor.fetchall() if devolver else []


def _a_json(valor: Any) -> Any:
    """A column value json.dumps cannot write, as the JSON value PostgreSQL reads back."""
    if isinstance(valor, datetime):
        if valor.tzinfo is None and settings.USE_TZ:  # as Django's DateTimeField does
            valor = timezone.make_aware(valor, timezone.get_default_timezone())
        return valor.isoformat()
    if isinstance(valor, date | time):
        return valor.isoformat()
    if isinstance(valor, uuid.UUID | Decimal):
        return str(valor)
    raise TypeError(f"valor sin representación JSON para insertar: {type(valor).__name__}")
