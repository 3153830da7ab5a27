"""Repairing what a publisher killed mid-cut left, for any site (call under the site's lock).

The record decides (the site's rows: the PREP's `Corte`, any other site's `CortePublicado`): a
staged cut under `.construccion/` whose row was committed with the same manifest is placed;
anything else staged, and any directory under `cortes/` without a row, is moved aside to
`.cuarentena/` (never deleted); a pointer that does not name the last recorded cut (with its
manifest, in `current.json` and its gzip copy alike) is written again from the record. Pure of
Django: the caller gives the record and notes each act in its audit log.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ople.publicacion import disco, manifiesto


@dataclass(frozen=True, slots=True)
class Ultimo:
    """The last recorded cut: its name, its manifest's SHA-256 and its pointer document, or None
    when the pointer cannot be rebuilt (then it is left as it is)."""

    nombre: str
    manifest_sha256: str
    puntero: Callable[[], bytes | None]


def sha_manifiesto(d: Path) -> str | None:
    """The SHA-256 of a signed cut's manifest (None when either file is missing)."""
    try:
        datos = (d / manifiesto.MANIFIESTO).read_bytes()
    except OSError:
        return None
    return manifiesto.sha256_bytes(datos) if (d / manifiesto.FIRMA).is_file() else None


def puntero_nombra(raiz: Path, nombre: str, manifest_sha256: str) -> bool:
    """Whether current.json and its .gz copy both name the cut, with its manifest."""
    try:
        datos = (raiz / disco.PUNTERO).read_bytes()
        gz = gzip.decompress((raiz / (disco.PUNTERO + disco.GZ)).read_bytes())
        doc = json.loads(datos)
    except (OSError, ValueError, EOFError):
        return False
    return (
        gz == datos
        and isinstance(doc, dict)
        and doc.get("corte") == nombre
        and doc.get("manifest_sha256") == manifest_sha256
    )


def recuperar(
    raiz: Path,
    *,
    registrados: Mapping[str, str],
    ultimo: Ultimo | None,
    anotar: Callable[[str, str, dict[str, str]], None],
    aviso: Callable[[str], None] = lambda _m: None,
) -> None:
    """Repair `raiz` from the record: `registrados` maps each recorded cut's name to its
    manifest's SHA-256; `anotar(accion, nombre, datos)` records each act (audit)."""
    cortes = raiz / disco.CORTES
    construccion = raiz / disco.CONSTRUCCION
    if construccion.is_dir():
        for d in sorted(construccion.iterdir()):
            nombre = d.name.split(".", 1)[0]
            sha = registrados.get(nombre)
            if sha is not None and not (cortes / nombre).exists() and sha_manifiesto(d) == sha:
                disco.colocar_corte(raiz, nombre, d)  # committed, then killed before the rename
                anotar("colocado", nombre, {})
            else:
                destino = disco.apartar(raiz, d)
                anotar(
                    "apartado",
                    nombre,
                    {"destino": str(destino), "motivo": "en construcción, sin fila"},
                )
    if cortes.is_dir():
        for d in sorted(cortes.iterdir()):
            if d.name not in registrados:
                destino = disco.apartar(raiz, d)
                anotar(
                    "apartado", d.name, {"destino": str(destino), "motivo": "en cortes/, sin fila"}
                )
    if ultimo is None:
        return
    if not (cortes / ultimo.nombre).is_dir():
        aviso(f"El corte registrado {ultimo.nombre} no está en {cortes}")
        return
    if puntero_nombra(raiz, ultimo.nombre, ultimo.manifest_sha256):
        return
    datos = ultimo.puntero()
    if datos is None:
        aviso(f"El corte {ultimo.nombre} no tiene con qué reescribir su puntero: sin tocar")
        return
    disco.escribir_documento_puntero(raiz, datos)
    anotar("puntero", ultimo.nombre, {})
