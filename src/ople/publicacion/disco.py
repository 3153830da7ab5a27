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
import zlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import NamedTuple

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
# files a zip deflates; the rest (images, PDFs, zips, gzip copies) are stored as they are
COMPRIMIBLES = frozenset(
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


class Crudo(NamedTuple):
    """An archive entry whose bytes are already as the archive holds them: `datos` is the file
    itself, stored, or (`desinflado`) a deflate stream of it made earlier — a gzip copy's (a gzip
    member is a raw deflate stream between a 10-byte header and its CRC-32 and size, which is
    exactly what a zip entry holds, ADR 0050). `crc` and `n` are the CRC-32 and size of the file
    it stands for. A named tuple: a national cut makes one per member, and a frozen dataclass
    costs several times more to build."""

    datos: bytes | memoryview
    crc: int
    n: int
    desinflado: bool = False


# What a member of `corte-completo.zip` is made from: bytes in memory, a file on disk, or an
# entry already compressed (or stored) elsewhere.
Contenido = bytes | Path | Crudo


def _poner_crudo(z: zipfile.ZipFile, info: zipfile.ZipInfo, c: Crudo) -> None:
    """Add an entry whose bytes are already as the archive holds them: what `ZipFile.writestr`
    does once it has compressed, without compressing again. zipfile has no public call for this;
    it uses the attributes typeshed declares (`fp`, `start_dir`, `filelist`, `NameToInfo`), and
    the tests read every entry back with its CRC (`testzip`) and verify the archive against the
    manifest. ZIP64 is decided by zipfile (`FileHeader`) from the sizes."""
    assert z.fp is not None
    info.file_size = c.n
    info.compress_size = len(c.datos)
    info.CRC = c.crc
    z.fp.seek(z.start_dir)
    info.header_offset = z.fp.tell()
    z.fp.write(info.FileHeader())
    z.fp.write(c.datos)
    z.start_dir = z.fp.tell()
    z.filelist.append(info)
    z.NameToInfo[info.filename] = info


def escribir_completo(
    destino: Path,
    *,
    nombre: str,
    archivos: Iterable[tuple[str, Contenido]],
    firmado: tuple[Contenido, Contenido],
    seccion: str,
    guardados: Iterable[tuple[str, Contenido]],
    fecha: tuple[int, int, int, int, int, int],
) -> None:
    """`corte-completo.zip`, the one writer of every site's whole-cut archive: the cut's
    `archivos` (its path in the cut, its content; in the order given), then its manifest and
    signature (`firmado`), as `cortes/NAME/…`, and the store files it names (`guardados`) as
    `seccion/…`, laid out as the site is, so it unzips and verifies as is
    (`ople verify cortes/NAME`). Deterministic: every member dated `fecha` (the cut's local
    time), mode 0644.

    A member is written from what its user has at hand: a `Crudo` as it is (a platform site
    builds its cut in memory and hands each text file's gzip-copy stream, so no byte is
    compressed twice); bytes or a file on disk (the PREP's cut and its images, streamed, never
    all in memory) deflated at zlib's default level when the name's suffix is a text one
    (`COMPRIMIBLES`) and stored otherwise. Each user's archive keeps the bytes it had when each
    had its own writer (`tests/publicacion/test_completo_fijado.py`)."""

    def info(arcname: str, desinflado: bool) -> zipfile.ZipInfo:
        i = zipfile.ZipInfo(arcname, date_time=fecha)
        i.external_attr = 0o644 << 16
        i.compress_type = zipfile.ZIP_DEFLATED if desinflado else zipfile.ZIP_STORED
        return i

    def poner(z: zipfile.ZipFile, arcname: str, c: bytes | Path) -> None:
        if isinstance(c, Path):
            i = info(arcname, c.suffix in COMPRIMIBLES)  # its name's, as in the archive
            i.file_size = c.stat().st_size  # ZIP64 only for a member that needs it
            with open(c, "rb") as f, z.open(i, "w") as dst:
                shutil.copyfileobj(f, dst, 1 << 20)
        elif PurePosixPath(arcname).suffix in COMPRIMIBLES:
            z.writestr(info(arcname, True), c)
        else:
            _poner_crudo(z, info(arcname, False), Crudo(c, zlib.crc32(c), len(c)))

    en_corte = f"{CORTES}/{nombre}/"
    grupos: tuple[tuple[str, Iterable[tuple[str, Contenido]]], ...] = (
        (en_corte, archivos),
        (en_corte, zip((manifiesto.MANIFIESTO, manifiesto.FIRMA), firmado, strict=True)),
        (f"{seccion}/", guardados),
    )
    with zipfile.ZipFile(destino, "w", allowZip64=True) as z:
        for prefijo, miembros in grupos:
            for rel, c in miembros:
                if isinstance(c, Crudo):  # the hot path of a site's cut: no call more than needed
                    _poner_crudo(z, info(prefijo + rel, c.desinflado), c)
                else:
                    poner(z, prefijo + rel, c)
