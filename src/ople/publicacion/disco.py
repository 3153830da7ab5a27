"""A site's files on disk: the layout, atomic writes, the pointer, placing and setting aside.

A site's root holds `cortes/NAME/` (each cut, immutable once placed), its content-addressed store
(`almacen/`, the PREP's `imagenes/`), `current.json` (the pointer to the current cut, and its gzip
copy), and, never served, `.construccion/` (cuts being built), `.cuarentena/` (what a recovery
set aside: never deleted), `.indice/` (the PREP's reuse index) and `.publicador.lock`. Pure of
Django.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import urllib.parse
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from ople.publicacion import manifiesto

CORTES = "cortes"
CONSTRUCCION = ".construccion"
INDICE = ".indice"
CUARENTENA = ".cuarentena"  # what the publisher's recovery moves aside (never deletes)
PUNTERO = "current.json"
CANDADO = ".publicador.lock"
GZ = ".gz"
LISTA = "archivos.txt"  # every file of a cut, one address a line (`wget -i`)
COMPLETO = "corte-completo.zip"  # the whole cut as one archive (not in its manifest)
# files a zip deflates; the rest (images, PDFs, zips) are stored as they are
_COMPRIMIBLES = frozenset(
    {".html", ".css", ".js", ".json", ".csv", ".txt", ".svg", ".xml", ".sig", ".pem"}
)


def precomprimido(contenido: bytes) -> bytes:
    """The gzip copy of a page that every visitor asks for (the portada, each election's
    entidad page, the style sheet, the entidad JSON): nginx's `gzip_static` sends it as it is
    instead of compressing the page again for every request (docs/servir.md). Deterministic (no
    time, no name in the gzip header), so the same page gives the same bytes in every cut, and
    `ople verify` checks that it holds exactly the page beside it."""
    return gzip.compress(contenido, compresslevel=9, mtime=0)


class CorteExistente(Exception):
    """A cut with that name is already published (cuts are immutable)."""


MATAR_EN = "OPLE_PRUEBA_MATAR_EN"


def punto_de_fallo(paso: str) -> None:
    """The publisher kills itself (SIGKILL, as the kernel or an operator would) when the
    environment names this step in `OPLE_PRUEBA_MATAR_EN`: the tests kill it at every step of
    a cut and check what the next start finds. Unset in production; costs one lookup."""
    if os.environ.get(MATAR_EN) == paso:
        os.kill(os.getpid(), signal.SIGKILL)


def leer_puntero(raiz: Path) -> dict[str, object] | None:
    try:
        datos: dict[str, object] = json.loads((raiz / PUNTERO).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return datos


def fsync_dir(directorio: Path | str) -> None:
    fd = os.open(directorio, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def escribir_atomico(ruta: Path, datos: bytes) -> None:
    """Write to a temporary sibling, fsync, rename: readers see the old or the new file."""
    tmp = ruta.with_name(f".{ruta.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(datos)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, ruta)
    fsync_dir(ruta.parent)


def escribir_documento_puntero(raiz: Path, datos: bytes) -> None:
    # Its gzip copy first (what nginx's gzip_static sends to pollers that accept gzip): each file
    # switches atomically, and for the moment between the two renames either names a complete cut.
    escribir_atomico(raiz / (PUNTERO + GZ), precomprimido(datos))
    punto_de_fallo("puntero_gz")
    escribir_atomico(raiz / PUNTERO, datos)


def colocar_corte(raiz: Path, nombre: str, preparado: Path) -> Path:
    """Move a complete, signed cut from `.construccion/` to `cortes/NOMBRE` (one rename, then the
    directory's fsync): from here the public can fetch it."""
    cortes = Path(raiz) / CORTES
    destino = cortes / nombre
    if destino.exists():
        raise CorteExistente(f"El corte {nombre} ya existe; los cortes publicados no se modifican")
    os.rename(preparado, destino)
    fsync_dir(cortes)
    return destino


def apartar(raiz: Path, ruta: Path) -> Path:
    """Move what the public must not be served to `.cuarentena/` (never delete it)."""
    cuarentena = raiz / CUARENTENA
    cuarentena.mkdir(parents=True, exist_ok=True)
    sello = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    destino = cuarentena / f"{ruta.name}.{sello}.{os.getpid()}"
    os.rename(ruta, destino)
    return destino


def poner_en_almacen(almacen: Path, nombre: str, datos: bytes) -> bool:
    """Write a content-addressed file once (temporary name, fsync, rename); an existing name
    holds the same bytes (names are hashes). Whether it was new."""
    destino = almacen / nombre
    if destino.exists():
        return False
    almacen.mkdir(parents=True, exist_ok=True)
    tmp = almacen / f".{nombre}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(datos)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, destino)
    return True


def enlazar_en_almacen(almacen: str, nombre: str, origen: str) -> int:
    """Publish the file `origen` into the store `almacen` as `nombre` (its hash); its size.

    A new one is hard-linked from where it was kept (the evidence store) straight to its final
    name: a link names an inode whose bytes were complete and fsynced when it was stored, so no
    reader ever sees part of it; an existing name holds the same bytes, since names are hashes.
    Across file systems it is copied under a temporary name and renamed."""
    destino = os.path.join(almacen, nombre)
    try:
        n = os.stat(origen).st_size
    except FileNotFoundError:
        raise FileNotFoundError(f"No se encontró la imagen {origen}") from None
    try:
        os.link(origen, destino)
    except FileExistsError:
        pass
    except OSError:  # another file system, or links not supported
        tmp = f"{destino}.{os.getpid()}.tmp"
        shutil.copyfile(origen, tmp)
        os.replace(tmp, destino)
    return n


def lista_archivos(
    archivos: Sequence[str], almacen: Sequence[str], *, prefijo: str, prefijo_almacen: str
) -> bytes:
    """`archivos.txt`: one address a line, `prefijo` + each file of the cut (URL-quoted where a
    name needs it), then `prefijo_almacen` + each store file the cut names, each group in the
    order given. `wget -i` reads it. A national PREP cut lists over a million lines: the text is
    joined at once and checked with one regular expression (quoting name by name only when some
    name needs it)."""
    partes = []
    if archivos:
        texto = prefijo + f"\n{prefijo}".join(archivos)
        if _INSEGURO.search(texto):
            texto = "\n".join(prefijo + urllib.parse.quote(r) for r in archivos)
        partes.append(texto)
    if almacen:
        partes.append(prefijo_almacen + f"\n{prefijo_almacen}".join(almacen))
    return ("\n".join(partes) + "\n").encode() if partes else b""


# what needs quoting in a URL's path (the prefixes are the platform's own, and safe)
_INSEGURO = re.compile(r"[^A-Za-z0-9_.~/\n-]")


def escribir_completo(
    destino: Path,
    *,
    nombre: str,
    corte: Path,
    listados: Iterable[str],
    almacen: Path,
    seccion: str,
    guardados: Iterable[str],
    fecha: tuple[int, int, int, int, int, int],
) -> None:
    """`corte-completo.zip`: the cut in `corte` (its `listados` files, then its manifest and
    signature) as `cortes/NAME/…`, and the store files it names (`guardados`, from `almacen`)
    as `seccion/…`, laid out as the site is, so it unzips and verifies as is
    (`ople verify cortes/NAME`). Deterministic: every member dated `fecha` (the cut's local
    time), mode 0644, text deflated and the rest stored."""

    def poner(z: zipfile.ZipFile, arcname: str, ruta: Path) -> None:
        info = zipfile.ZipInfo(arcname, date_time=fecha)
        info.external_attr = 0o644 << 16
        texto = ruta.suffix in _COMPRIMIBLES
        info.compress_type = zipfile.ZIP_DEFLATED if texto else zipfile.ZIP_STORED
        info.file_size = ruta.stat().st_size  # ZIP64 only for a member that needs it
        with open(ruta, "rb") as f, z.open(info, "w") as dst:
            shutil.copyfileobj(f, dst, 1 << 20)

    with zipfile.ZipFile(destino, "w", allowZip64=True) as z:
        for rel in [*listados, manifiesto.MANIFIESTO, manifiesto.FIRMA]:
            poner(z, f"{CORTES}/{nombre}/{rel}", corte / rel)
        for n in guardados:
            poner(z, f"{seccion}/{n}", almacen / n)
