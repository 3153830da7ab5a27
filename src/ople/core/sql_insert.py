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

import functools
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
    if conexion.vendor == "postgresql":
        sql = sentencia_pg(modelo, ignorar_conflictos=ignorar_conflictos, devolver=tuple(devolver))
        parametros: list[Any] = [documento_json(modelo, filas)]
    else:
        meta = modelo._meta
        campos = _campos(modelo, False)
        q = conexion.ops.quote_name
        cola = " ON CONFLICT DO NOTHING" if ignorar_conflictos else ""
        if devolver:
            cola += " RETURNING " + ", ".join(q(c) for c in devolver)
        fila_sql = "(" + ", ".join(["%s"] * len(campos)) + ")"
        sql = (
            f"INSERT INTO {q(meta.db_table)} ({', '.join(q(f.column) for f in campos)}) "
            f"VALUES {', '.join([fila_sql] * len(filas))}{cola}"
        )
        parametros = [
            campo.get_db_prep_save(fila[campo.column], connection=conexion)
            for fila in filas
            for campo in campos
        ]
    with conexion.cursor() as cursor:
        cursor.execute(sql, parametros)
        return cursor.fetchall() if devolver else []


def _campos(modelo: type[Model], con_id: bool) -> list[Any]:
    return [f for f in modelo._meta.concrete_fields if con_id or not f.primary_key]


@functools.cache
def sentencia_pg(
    modelo: type[Model],
    *,
    con_id: bool = False,
    ignorar_conflictos: bool = False,
    devolver: tuple[str, ...] = (),
) -> str:
    """The PostgreSQL statement of `insertar` (one `%s`: the rows of `documento_json`); with
    `con_id` the rows carry their primary key too (taken from the table's sequence by the
    caller). The text is the same for every call, so a server-side prepared statement can run
    it."""
    q = connections[router.db_for_write(modelo)].ops.quote_name
    tabla = q(modelo._meta.db_table)
    columnas = ", ".join(q(f.column) for f in _campos(modelo, con_id))
    cola = " ON CONFLICT DO NOTHING" if ignorar_conflictos else ""
    if devolver:
        cola += " RETURNING " + ", ".join(q(c) for c in devolver)
    return (
        f"INSERT INTO {tabla} ({columnas}) SELECT {columnas} "
        f"FROM json_populate_recordset(NULL::{tabla}, %s::json){cola}"
    )


def documento_json(
    modelo: type[Model], filas: Sequence[Mapping[str, Any]], *, con_id: bool = False
) -> str:
    """The rows as the one JSON array parameter of `sentencia_pg` (json.dumps runs in C)."""
    nombres = [f.column for f in _campos(modelo, con_id)]
    return json.dumps(
        [{n: fila[n] for n in nombres} for fila in filas],
        default=a_json,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def a_json(valor: Any) -> Any:
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
