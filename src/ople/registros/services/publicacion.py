"""Publishing the public registers: generate the site for today and write it as a cut.

Interim, until the platform's `ople.publicacion` lands on main (docs/publicacion of the platform;
then this calls `publicar(sitio_de("registros"), …)` and the cut is signed and chained): the cut
is written, immutable, under `PUBLISH_ROOT/registros/cortes/<AAAAMMDD_HHMMSS>/` with a
`manifest.json` (SHA-256 of every file) and the pointer `current.json` is replaced atomically.
The audit event names the manifest's SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ople.core import audit, roles
from ople.registros import roles as r
from ople.registros.publica import datos, sitio


@dataclass(frozen=True)
class CortePublicado:
    nombre: str
    ruta: Path
    manifest_sha256: str


def raiz() -> Path:
    return Path(settings.PUBLISH_ROOT) / "registros"


def _escribir(ruta: Path, contenido: bytes) -> None:
    ruta.parent.mkdir(parents=True, exist_ok=True)
    temporal = ruta.with_name(f".{ruta.name}.tmp")
    with open(temporal, "wb") as f:
        f.write(contenido)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporal, ruta)


def publicar_registros(*, usuario: Any, ahora: datetime | None = None) -> CortePublicado:
    """Generate the site for today (the current/historical split of this day) and publish it."""
    if usuario is not None:
        roles.require_role(usuario, r.CAPTURA, r.APROBACION)
    ahora = ahora or timezone.now()
    local = timezone.localtime(ahora)
    archivos = sitio.generar(datos.modelo_actual(local.date()))
    manifiesto = {
        "sistema": "registros",
        "corte_en": ahora.isoformat(),
        "archivos": {p: hashlib.sha256(b).hexdigest() for p, b in sorted(archivos.items())},
    }
    contenido_manifiesto = (
        json.dumps(manifiesto, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    ).encode()
    sha = hashlib.sha256(contenido_manifiesto).hexdigest()
    nombre = local.strftime("%Y%m%d_%H%M%S")
    destino = raiz() / "cortes" / nombre
    n = 1
    while destino.exists():
        n += 1
        destino = raiz() / "cortes" / f"{nombre}_{n}"
    for ruta, contenido in archivos.items():
        _escribir(destino / ruta, contenido)
    _escribir(destino / "manifest.json", contenido_manifiesto)
    corte = CortePublicado(nombre=destino.name, ruta=destino, manifest_sha256=sha)
    with transaction.atomic():
        audit.record(
            actor=usuario,
            action="registros.corte",
            object_type="corte",
            object_id=corte.nombre,
            after={"corte": corte.nombre, "manifest_sha256": sha, "archivos": len(archivos)},
            actor_label="" if usuario is not None else "sistema",
        )
        _escribir(
            raiz() / "current.json",
            json.dumps({"corte": corte.nombre, "manifest_sha256": sha}).encode(),
        )
    return corte


def corte_vigente() -> Path | None:
    try:
        actual = json.loads((raiz() / "current.json").read_bytes())
    except (FileNotFoundError, ValueError):
        return None
    return raiz() / "cortes" / str(actual["corte"])
