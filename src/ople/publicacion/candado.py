"""One publisher per site: a PostgreSQL session advisory lock with the site's id, or on SQLite an
exclusive `flock` on `raiz/.publicador.lock`. Taken at once or refused (never waits)."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator

from django.db import connection

from ople.core.errors import OpleError
from ople.publicacion.disco import CANDADO
from ople.publicacion.sitio import Sitio


class PublicadorOcupado(OpleError, RuntimeError):
    """Another publisher of the same site holds the lock."""

    def __init__(self, mensaje: str) -> None:
        super().__init__("publicador_ocupado", mensaje, estado=409)


@contextlib.contextmanager
def candado(sitio: Sitio) -> Iterator[None]:
    """Exclusive publisher lock of `sitio`; raises PublicadorOcupado at once if it is held."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_try_advisory_lock(%s)", [sitio.candado])
            fila = cur.fetchone()
            if fila is None or not fila[0]:
                raise PublicadorOcupado(
                    f"Otro publicador del sitio {sitio.nombre} está en ejecución "
                    "(candado de PostgreSQL)"
                )
        try:
            yield
        finally:
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_unlock(%s)", [sitio.candado])
        return
    sitio.raiz.mkdir(parents=True, exist_ok=True)
    fd = os.open(sitio.raiz / CANDADO, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublicadorOcupado(
                f"Otro publicador del sitio {sitio.nombre} está en ejecución (archivo de candado)"
            ) from None
        yield
    finally:
        os.close(fd)
