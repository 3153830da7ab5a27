"""core.sql_insert.insertar: plain rows written as one statement read back as the ORM writes
them (PostgreSQL through one json parameter, SQLite through VALUES)."""

import uuid
from datetime import UTC, datetime

import pytest

from ople.core.models import AuditEvent
from ople.core.sql_insert import insertar
from ople.prep.models import Imagen

pytestmark = pytest.mark.django_db


def _imagen(sha, **cambios):
    fila = {
        "sha256": sha,
        "ruta": f"actas/{sha[:2]}/{sha}.jpg",
        "tipo_mime": "image/jpeg",
        "tamano": 300_000,
        "ancho": 700,
        "alto": None,
        "creado": datetime(2024, 6, 3, 2, 1, 7, 120001, tzinfo=UTC),
    }
    fila.update(cambios)
    return fila


def test_insertar_devuelve_en_orden_y_lee_lo_mismo_que_el_orm():
    filas = [_imagen("a" * 64), _imagen("b" * 64, ruta="ñandú/«x»")]
    devueltas = insertar(Imagen, filas, devolver=("sha256", "id"))
    assert [s for s, _ in devueltas] == ["a" * 64, "b" * 64]
    b = Imagen.objects.get(pk=devueltas[1][1])
    assert (b.ruta, b.alto, b.ancho, b.creado) == ("ñandú/«x»", None, 700, filas[1]["creado"])


def test_insertar_ignorando_conflictos_devuelve_solo_las_nuevas():
    insertar(Imagen, [_imagen("c" * 64)])
    devueltas = insertar(
        Imagen,
        [_imagen("c" * 64, ruta="otra"), _imagen("d" * 64)],
        ignorar_conflictos=True,
        devolver=("sha256",),
    )
    assert devueltas == [("d" * 64,)]
    assert Imagen.objects.get(sha256="c" * 64).ruta != "otra"


def test_insertar_json_y_nulos():
    fila = {
        "seq": 1,
        "created_at": datetime(2024, 6, 3, 2, 1, 7, 5, tzinfo=UTC),
        "actor_id": None,
        "actor_label": "dispositivo 1",
        "action": "prueba",
        "object_type": "x",
        "object_id": str(uuid.UUID(int=7)),
        "before": None,
        "after": {"a": None, "b": [1, 2.5, "ñ"], "c": {"d": True}},
        "prev_hash": "0" * 64,
        "hash": "1" * 64,
    }
    ((pk,),) = insertar(AuditEvent, [fila])
    e = AuditEvent.objects.get(pk=pk)
    assert e.before is None and e.after == fila["after"]
    assert e.created_at == fila["created_at"] and e.object_id == fila["object_id"]
    assert AuditEvent.objects.filter(before__isnull=True).count() == 1
    assert insertar(AuditEvent, []) == []
