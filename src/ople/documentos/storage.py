"""Content-addressed evidence store: the name of a file is the SHA-256 of its bytes.

One `Evidencia` per kind of evidence, each under its own prefix (the PREP's acta images:
`Evidencia(prefijo="actas")`, so `actas/<aa>/<sha>.<ext>`). `guardar(datos)` never overwrites
and never exposes a partial file under its final name.

* Local files (FileSystemStorage): the bytes go to an unnamed file (`O_TMPFILE`) in
  `<MEDIA_ROOT>/.entrantes/`, are fsync'ed, then linked to `actas/<aa>/<sha>.<ext>` (the link
  fails if the name exists, so an existing file is never replaced) and the shard directory is
  fsync'ed so the new entry survives a crash — also when the name already existed, because the
  upload that created it may not have fsync'ed the directory yet when this one answers. The
  staging directory is shared by every prefix. An unnamed file never shows anywhere and vanishes
  with its process, so a crash leaves nothing behind. Where the file system has no `O_TMPFILE`
  the staging file is a named one (ending in `.parcial`), removed after the link; a crash can
  then leave a stale one, which `limpiar_entrantes` removes.
* Any other storage (S3 and compatible): `default_storage.save` with the sha as name; object
  stores publish an object atomically when its upload completes.

The caller stores the bytes first and writes the database row after: an orphan file without a
row is harmless (it is content-addressed, the next upload of the same bytes reuses it); a row
without a file never happens.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages

ENTRANTES = ".entrantes"
SUFIJO_PARCIAL = ".parcial"
_PREFIJO_VALIDO = re.compile(r"[a-z0-9][a-z0-9-]*")


def _almacen() -> Storage:
    return storages["default"]


def _fsync_dir(path: str) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Evidencia:
    """The store of one kind of evidence: its files live under `<prefijo>/`."""

    prefijo: str

    def __post_init__(self) -> None:
        # A prefix is one path segment that cannot be the staging directory (".entrantes").
        if not _PREFIJO_VALIDO.fullmatch(self.prefijo):
            raise ValueError(f"prefijo de evidencia no válido: {self.prefijo!r}")

    def nombre_para(self, sha256: str, extension: str = "") -> str:
        """Storage name of a file: `<prefijo>/<first two hex>/<sha>.<ext>`."""
        sha256 = sha256.lower()
        ext = f".{extension.lstrip('.')}" if extension else ""
        return f"{self.prefijo}/{sha256[:2]}/{sha256}{ext}"

    def guardar(
        self,
        datos: bytes,
        *,
        extension: str = "",
        sha256: str | None = None,
        calculado_de_datos: bool = False,
    ) -> tuple[str, str]:
        """Store `datos` durably; return (sha256, storage name). Idempotent by content.

        A given `sha256` is checked against the bytes, unless `calculado_de_datos` says the
        caller has just computed it from these very bytes (the intake does: 0.2 ms saved per
        300 KB).
        """
        if sha256 is not None and calculado_de_datos:
            calculado = sha256.lower()
        else:
            calculado = hashlib.sha256(datos).hexdigest()
            if sha256 is not None and sha256.lower() != calculado:
                raise ValueError("el sha256 indicado no corresponde a los datos")
        nombre = self.nombre_para(calculado, extension)
        almacen = _almacen()
        if isinstance(almacen, FileSystemStorage):
            _guardar_local(datos, nombre, str(almacen.location))
        elif not almacen.exists(nombre):
            guardado = almacen.save(nombre, ContentFile(datos))
            if guardado != nombre:  # another writer won the race; keep theirs, drop ours
                almacen.delete(guardado)
        return calculado, nombre


# Directories this process has already created or found (one makedirs per directory, not one
# mkdir system call per image); forgotten when a write finds one missing.
_DIRECTORIOS: set[str] = set()
# Whether O_TMPFILE works on the media file system (decided by the first attempt).
_TMPFILE: list[bool] = [hasattr(os, "O_TMPFILE")]


def _asegurar_directorio(ruta: str) -> None:
    if ruta not in _DIRECTORIOS:
        os.makedirs(ruta, exist_ok=True)
        _DIRECTORIOS.add(ruta)


def _escribir(fd: int, datos: bytes) -> None:
    vista = memoryview(datos)
    while vista:
        escritos = os.write(fd, vista)
        vista = vista[escritos:]
    os.fsync(fd)


def _enlazar_anonimo(datos: bytes, entrantes: str, final: str) -> bool | None:
    """Write through an unnamed O_TMPFILE file and link it; None when O_TMPFILE is unusable."""
    try:
        fd = os.open(entrantes, os.O_TMPFILE | os.O_WRONLY, 0o644)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            _TMPFILE[0] = False
            return None
        raise
    try:
        _escribir(fd, datos)
        try:
            # linkat(AT_SYMLINK_FOLLOW) of /proc/self/fd/N gives the unnamed inode its name.
            # Python calls plain link() (which would link the /proc symlink itself) unless a
            # dir_fd is given; linkat ignores it for an absolute path.
            os.link(f"/proc/self/fd/{fd}", final, src_dir_fd=fd, follow_symlinks=True)
        except FileExistsError:
            return False  # same bytes already stored by a concurrent upload
        except FileNotFoundError:
            if not os.path.isdir("/proc/self/fd"):
                _TMPFILE[0] = False
                return None
            raise
    finally:
        os.close(fd)
    return True


def _enlazar_con_nombre(datos: bytes, entrantes: str, final: str) -> bool:
    """Write through a named staging file, link it, remove the staging name."""
    base = os.path.basename(final).split(".", 1)[0]
    temporal = os.path.join(entrantes, f"{base}.{secrets.token_hex(6)}{SUFIJO_PARCIAL}")
    fd = os.open(temporal, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        try:
            _escribir(fd, datos)
        finally:
            os.close(fd)
        try:
            os.link(temporal, final)
        except FileExistsError:
            return False
        return True
    finally:
        try:
            os.unlink(temporal)
        except FileNotFoundError:
            pass


def _guardar_local(datos: bytes, nombre: str, raiz: str) -> None:
    final = os.path.join(raiz, nombre)
    directorio = os.path.dirname(final)
    if os.path.exists(final):
        # Another upload of the same bytes named it, perhaps a moment ago in another thread or
        # process that has not yet fsync'ed the directory (or died before it could). This
        # caller is about to hand out a receipt too, so it makes the entry durable itself: a
        # retry costs one directory fsync, and no receipt rests on someone else's fsync.
        _fsync_dir(directorio)
        return
    entrantes = os.path.join(raiz, ENTRANTES)
    for intento in range(2):
        _asegurar_directorio(entrantes)
        _asegurar_directorio(directorio)
        try:
            enlazado = _enlazar_anonimo(datos, entrantes, final) if _TMPFILE[0] else None
            if enlazado is None:
                enlazado = _enlazar_con_nombre(datos, entrantes, final)
        except FileNotFoundError:
            if intento:
                raise
            # A directory was removed behind this process's back: create it again.
            _DIRECTORIOS.discard(entrantes)
            _DIRECTORIOS.discard(directorio)
            continue
        # Linked by this call or by a concurrent one (the link lost the race): either way the
        # entry must be durable before this caller's receipt.
        _fsync_dir(directorio)
        return


def abrir(nombre: str) -> bytes:
    with _almacen().open(nombre, "rb") as fh:
        datos: bytes = fh.read()
        return datos


def limpiar_entrantes(*, antiguedad_s: float = 3600.0) -> int:
    """Remove staging files older than `antiguedad_s` (left by a crash). Returns how many."""
    almacen = _almacen()
    if not isinstance(almacen, FileSystemStorage):
        return 0
    entrantes = Path(almacen.location) / ENTRANTES
    if not entrantes.is_dir():
        return 0
    limite = time.time() - antiguedad_s
    borrados = 0
    for path in entrantes.iterdir():
        if path.name.endswith(SUFIJO_PARCIAL) and path.stat().st_mtime < limite:
            path.unlink(missing_ok=True)
            borrados += 1
    return borrados
