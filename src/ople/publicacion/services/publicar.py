"""`publicar`: one signed, chained, immutable cut of a site, recorded before it is served.

Under the site's lock (`candado`), after repairing what a killed publisher left (`recuperar`):

1. the cut is built in `raiz/.construccion/NAME.PID/` (never served): the system's files, a
   deterministic gzip copy of each text file (`x.html.gz`, for nginx's `gzip_static`; `_gzip`
   says which level), the
   institute's public key `clave-publica.pem`, the plain list `archivos.txt` of every file's URL
   (`wget -i` fetches the cut), the signed manifest (`ople-corte/2`, chained to the site's
   previous cut, naming the audit log's head) and the whole cut as one archive,
   `corte-completo.zip` (every file, the manifest and its signature, and the store files it
   names; not listed in the manifest, which it contains); content-addressed files (`almacen`)
   go once into the site's store `raiz/almacen/`, outside the cuts, and the manifest names them;
2. its `CortePublicado` row and the system's audit event (`accion`, naming `manifest_sha256`)
   commit in one transaction;
3. it is renamed to `raiz/cortes/NAME/` (now the public can fetch it);
4. the pointer `current.json` (and its gzip copy) is switched to it.

A kill between any two steps leaves nothing served that is not recorded (docs/publicacion.md).

Each byte is compressed once and hashed once: the files are written, hashed and gzipped by a
few threads (zlib and hashlib let go of the GIL on large buffers, so two cores work at once,
without copying the files into other processes), and the whole-cut archive takes each text
file's deflate stream from its gzip copy instead of compressing it again (`disco.Crudo`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import struct
import zlib
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.db import transaction
from django.utils import timezone

from ople.core import audit
from ople.core import selectors as core_selectors
from ople.core.errors import OpleError
from ople.publicacion import disco, manifiesto, recuperacion
from ople.publicacion.candado import candado
from ople.publicacion.models import CortePublicado
from ople.publicacion.sitio import SITIO_EN_LA_RAIZ, Sitio

log = logging.getLogger(__name__)

LISTA = disco.LISTA
COMPLETO = disco.COMPLETO
# Files the platform writes in every cut: a system cannot publish its own under these names.
PROPIOS = frozenset(
    {manifiesto.MANIFIESTO, manifiesto.FIRMA, manifiesto.CLAVE_PUBLICA, LISTA, COMPLETO}
)
TEXTO = frozenset({".html", ".css", ".js", ".json", ".csv", ".txt", ".svg", ".xml"})
_ALMACEN = re.compile(r"[0-9a-f]{64}(\.[a-z0-9]{1,10})?")
GZIP_PEQUENO = 32 * 1024  # up to this size, a gzip copy is made at level 9 (see `_gzip`)


@dataclass(frozen=True, slots=True)
class _Gzip:
    """A gzip copy and where its deflate stream lies in it (what the archive reuses)."""

    datos: bytes
    crc: int  # CRC-32 of the uncompressed file

    @property
    def crudo(self) -> memoryview:
        return memoryview(self.datos)[10:-8]


def _gzip(datos: bytes) -> _Gzip:
    """The deterministic gzip copy of a text file (zlib's own gzip wrapper: no name, no time;
    what `gzip.compress(datos, compresslevel=N, mtime=0)` gives). Level 9 up to `GZIP_PEQUENO`
    (the pages every visitor asks for: the portada, a style sheet, a small JSON; it costs
    nothing there); beyond, zlib's default 6: on the long, repetitive tables of a national cut
    level 9 runs at 2–8 MB/s and level 6 at 20–30 MB/s, for 3–9 % more bytes (bench/log.md,
    2026-12-06)."""
    gz = zlib.compress(datos, 9 if len(datos) <= GZIP_PEQUENO else 6, wbits=31)
    return _Gzip(gz, struct.unpack("<L", gz[-8:-4])[0])


@dataclass(frozen=True, slots=True)
class _Escrito:
    """A file written into the cut being built: its bytes, hash, and gzip copy (text)."""

    rel: str
    datos: bytes
    sha256: str
    crc: int
    gz: _Gzip | None = None
    sha256_gz: str = ""
    crc_gz: int = 0  # CRC-32 of the gzip copy (stored as it is in the archive)


class PublicacionInvalida(OpleError):
    def __init__(self, codigo: str, mensaje: str) -> None:
        super().__init__(codigo, mensaje, estado=400)


class CorteNoPosterior(OpleError):
    """The cut time is not after the site's last cut (the chain only moves forward)."""

    def __init__(self, mensaje: str) -> None:
        super().__init__("corte_no_posterior", mensaje, estado=409)


class CorteFinalPublicado(OpleError):
    """The site's final cut is published: nothing supersedes it."""

    def __init__(self, mensaje: str) -> None:
        super().__init__("corte_final_publicado", mensaje, estado=409)


def nombre_corte(corte_en: datetime) -> str:
    """`AAAAMMDD_HHMMSS` in the installation's local time."""
    return timezone.localtime(corte_en).strftime("%Y%m%d_%H%M%S")


def _validar(archivos: Mapping[str, bytes], almacen: Mapping[str, bytes]) -> None:
    if not archivos:
        raise PublicacionInvalida("corte_vacio", "Un corte debe publicar al menos un archivo.")
    for rel, datos in archivos.items():
        partes = PurePosixPath(rel).parts
        if (
            not isinstance(rel, str)
            or not rel
            or rel.startswith("/")
            or "\\" in rel
            or "\x00" in rel
            or len(rel) > 400
            or any(p in ("", ".", "..") or p.startswith(".") for p in partes)
            or PurePosixPath(rel).as_posix() != rel
        ):
            raise PublicacionInvalida(
                "ruta_invalida", f"«{rel}» no es una ruta relativa válida dentro de un corte."
            )
        if rel in PROPIOS:
            raise PublicacionInvalida(
                "ruta_reservada", f"«{rel}» lo escribe la plataforma en cada corte."
            )
        if rel.endswith(disco.GZ) and rel[: -len(disco.GZ)] in archivos:
            raise PublicacionInvalida(
                "ruta_reservada", f"«{rel}» es la copia comprimida que la plataforma escribe."
            )
        if not isinstance(datos, bytes):
            raise PublicacionInvalida("contenido_invalido", f"«{rel}» debe ser bytes.")
    for nombre, datos in almacen.items():
        if not _ALMACEN.fullmatch(nombre) or nombre[:64] != hashlib.sha256(datos).hexdigest():
            raise PublicacionInvalida(
                "almacen_invalido",
                f"«{nombre}» no se llama por su SHA-256 (el almacén se nombra por contenido).",
            )


def _escribir(ruta: Path, datos: bytes) -> None:
    ruta.parent.mkdir(parents=True, exist_ok=True)
    with open(ruta, "wb") as f:
        f.write(datos)


def documento_puntero(c: CortePublicado, sitio: Sitio) -> bytes:
    ruta = f"{disco.CORTES}/{c.nombre}/"
    doc = {
        "sitio": sitio.nombre,
        "corte": c.nombre,
        "corte_en": c.corte_en.astimezone(UTC).isoformat(),
        "final": c.final,
        "ruta": ruta,
        "manifest_sha256": c.manifest_sha256,
        "archivos": ruta + LISTA,
        "completo": ruta + COMPLETO,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode()


def _completo(
    destino: Path,
    nombre: str,
    escritos: list[_Escrito],
    firmado: tuple[bytes, bytes],
    almacen: Mapping[str, bytes],
    sitio: Sitio,
    corte_en: datetime,
) -> None:
    """The whole cut as one archive, through the platform's one writer
    (`disco.escribir_completo`), from what is in memory: a text file's entry is its gzip copy's
    deflate stream, the copy and the binaries are stored as they are with the CRC-32 computed
    when they were written, the rest (the list, the key) deflated once by the writer."""

    entradas: dict[str, tuple[_Escrito, bool]] = {}  # rel -> (its file, whether the gzip copy)
    for e in escritos:
        entradas[e.rel] = (e, False)
        if e.gz is not None:
            entradas[e.rel + disco.GZ] = (e, True)
    Crudo = disco.Crudo
    miembros: list[tuple[str, disco.Contenido]] = []
    for rel in sorted(entradas):
        e, copia = entradas[rel]
        gz = e.gz
        if gz is None:
            if PurePosixPath(rel).suffix in disco.COMPRIMIBLES:  # the list, the key
                miembros.append((rel, e.datos))
            else:
                miembros.append((rel, Crudo(e.datos, e.crc, len(e.datos))))
        elif copia:
            miembros.append((rel, Crudo(gz.datos, e.crc_gz, len(gz.datos))))
        else:
            miembros.append((rel, Crudo(gz.crudo, e.crc, len(e.datos), True)))
    disco.escribir_completo(
        destino,
        nombre=nombre,
        archivos=miembros,
        firmado=firmado,
        seccion=sitio.almacen,
        guardados=[(n, Crudo(d, zlib.crc32(d), len(d))) for n, d in sorted(almacen.items())],
        fecha=timezone.localtime(corte_en).timetuple()[:6],
    )


def recuperar(sitio: Sitio) -> list[str]:
    """Repair the site after a killed publisher (under its lock); what it did, one line each."""
    hechos: list[str] = []
    filas = CortePublicado.objects.filter(sitio=sitio.nombre)
    registrados = dict(filas.values_list("nombre", "manifest_sha256"))
    ultimo_fila = filas.order_by("-corte_en").first()

    def anotar(accion: str, nombre: str, datos: dict[str, str]) -> None:
        with transaction.atomic():
            audit.record(
                actor=None,
                action="publicacion.recuperacion",
                object_type="publicacion.corte",
                object_id=f"{sitio.nombre}/{nombre}",
                after={"sitio": sitio.nombre, "accion": accion, "nombre": nombre, **datos},
            )
        hechos.append(f"{accion}: {nombre} {' '.join(datos.values())}".strip())
        log.warning("Recuperación del publicador de %s: %s", sitio.nombre, hechos[-1])

    ultimo = (
        recuperacion.Ultimo(
            ultimo_fila.nombre,
            ultimo_fila.manifest_sha256,
            lambda: documento_puntero(ultimo_fila, sitio),
        )
        if ultimo_fila is not None
        else None
    )
    recuperacion.recuperar(
        sitio.raiz, registrados=registrados, ultimo=ultimo, anotar=anotar, aviso=log.warning
    )
    return hechos


def publicar(
    sitio: Sitio,
    archivos: Mapping[str, bytes],
    *,
    corte_en: datetime,
    almacen: Mapping[str, bytes] | None = None,
    accion: str,
    actor: Any = None,
    descripcion: str | None = None,
    final: bool = False,
) -> CortePublicado:
    """Publish one cut of `sitio` holding `archivos` (path in the cut -> bytes) as of `corte_en`,
    and `almacen` ("<sha256>.<ext>" -> bytes) in the site's store. `accion` is the system's
    declared audit action recording it. Bad input raises `OpleError` and changes nothing."""
    if sitio.nombre == SITIO_EN_LA_RAIZ:
        # its cuts are recorded in its own rows (`prep.Corte`): this recovery would set them aside
        raise PublicacionInvalida(
            "sitio_propio",
            f"El sitio {sitio.nombre} publica con su propio programador, no con publicar().",
        )
    almacen = dict(almacen or {})
    _validar(archivos, almacen)
    audit.check_action(accion)
    if timezone.is_naive(corte_en):
        raise PublicacionInvalida("hora_sin_zona", "La hora del corte debe llevar zona horaria.")
    corte_en = corte_en.astimezone(UTC).replace(microsecond=0)
    nombre = nombre_corte(corte_en)
    clave = manifiesto.cargar_clave(sitio.clave, crear=True)
    raiz = sitio.raiz
    with candado(sitio):
        recuperar(sitio)
        previo = CortePublicado.objects.filter(sitio=sitio.nombre).order_by("-corte_en").first()
        if previo is not None and previo.final:
            raise CorteFinalPublicado(
                f"El corte final {previo.nombre} del sitio {sitio.nombre} ya está publicado; "
                "ningún corte posterior lo sustituye."
            )
        if previo is not None and corte_en <= previo.corte_en:
            raise CorteNoPosterior(
                f"El corte de {corte_en.isoformat()} no es posterior al último corte de "
                f"{sitio.nombre}, {previo.nombre}; cada corte sigue al anterior."
            )
        if (raiz / disco.CORTES / nombre).exists():
            raise disco.CorteExistente(
                f"El corte {nombre} ya existe; los cortes publicados no se modifican"
            )
        (raiz / disco.CORTES).mkdir(parents=True, exist_ok=True)
        (raiz / disco.CONSTRUCCION).mkdir(parents=True, exist_ok=True)
        tmp = raiz / disco.CONSTRUCCION / f"{nombre}.{os.getpid()}"
        tmp.mkdir()

        def escribir(rel: str, datos: bytes) -> _Escrito:
            # runs in a worker thread: writing, hashing and deflating let go of the GIL
            _escribir(tmp / rel, datos)
            sha = hashlib.sha256(datos).hexdigest()
            if PurePosixPath(rel).suffix not in TEXTO or rel == LISTA:
                return _Escrito(rel, datos, sha, zlib.crc32(datos))
            gz = _gzip(datos)
            _escribir(tmp / (rel + disco.GZ), gz.datos)
            return _Escrito(
                rel,
                datos,
                sha,
                gz.crc,
                gz,
                hashlib.sha256(gz.datos).hexdigest(),
                zlib.crc32(gz.datos),
            )

        pem = manifiesto.pem_publica(clave)
        por_escribir = sorted({**archivos, manifiesto.CLAVE_PUBLICA: pem}.items())
        # the largest first, so that no thread is left with a long file at the end
        orden = sorted(range(len(por_escribir)), key=lambda i: -len(por_escribir[i][1]))
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        hilos = max(1, min(cpus or 1, 4))
        with ThreadPoolExecutor(max_workers=hilos) as pool:
            hechos = dict(
                zip(orden, pool.map(lambda i: escribir(*por_escribir[i]), orden), strict=True)
            )
        escritos = [hechos[i] for i in range(len(por_escribir))]
        listado: dict[str, tuple[int, str]] = {}
        for e in escritos:
            listado[e.rel] = (len(e.datos), e.sha256)
            if e.gz is not None:
                listado[e.rel + disco.GZ] = (len(e.gz.datos), e.sha256_gz)
        dir_almacen = raiz / sitio.almacen
        for n, datos in sorted(almacen.items()):
            disco.poner_en_almacen(dir_almacen, n, datos)
        lista = escribir(
            LISTA,
            disco.lista_archivos(
                sorted([*listado, LISTA, manifiesto.MANIFIESTO, manifiesto.FIRMA]),
                sorted(almacen),
                prefijo=f"{sitio.prefijo_url}{disco.CORTES}/{nombre}/",
                prefijo_almacen=f"{sitio.prefijo_url}{sitio.almacen}/",
            ),
        )
        listado[LISTA] = (len(lista.datos), lista.sha256)
        secciones = {sitio.almacen: {n: len(d) for n, d in almacen.items()}}
        man = manifiesto.Manifiesto(
            nombre=nombre,
            corte_en=corte_en.isoformat(),
            final=final,
            previo=previo.nombre if previo else None,
            previo_sha256=previo.manifest_sha256 if previo else None,
            archivos=listado,
            imagenes=secciones.get("imagenes", {}),
            almacen=secciones.get("almacen", {}),
            bitacora=core_selectors.audit_head(),
        )
        datos_man = man.a_bytes()
        firma = manifiesto.firmar(datos_man, clave)
        for rel, datos in ((manifiesto.MANIFIESTO, datos_man), (manifiesto.FIRMA, firma)):
            with open(tmp / rel, "wb") as f:
                f.write(datos)
                f.flush()
                os.fsync(f.fileno())
        _completo(
            tmp / COMPLETO, nombre, [*escritos, lista], (datos_man, firma), almacen, sitio, corte_en
        )
        sha = manifiesto.sha256_bytes(datos_man)
        disco.punto_de_fallo("preparado")
        with transaction.atomic():
            c = CortePublicado.objects.create(
                sitio=sitio.nombre,
                nombre=nombre,
                corte_en=corte_en,
                final=final,
                manifest_sha256=sha,
                previo=previo,
                accion=accion,
                descripcion=(descripcion or "")[:300],
                archivos=len(listado),
                raiz=str(raiz),
            )
            audit.record(
                actor=actor,
                action=accion,
                obj=c,
                after={
                    "sitio": sitio.nombre,
                    "nombre": nombre,
                    "final": final,
                    "manifest_sha256": sha,
                    "previo": previo.nombre if previo else None,
                    "archivos": len(listado),
                    "almacen": len(almacen),
                    "descripcion": descripcion,
                },
            )
            disco.punto_de_fallo("en_transaccion")
        disco.punto_de_fallo("registrado")
        disco.colocar_corte(raiz, nombre, tmp)
        disco.punto_de_fallo("colocado")
        disco.escribir_documento_puntero(raiz, documento_puntero(c, sitio))
    return c


# --- for systems that republish after their own writes ---------------------------------------


def siguiente_momento(nombre_sitio: str, ahora: datetime) -> datetime:
    """`ahora` to the second, or one second after the site's last cut: two changes in one
    second still give two cuts, in order (a cut's name is its second)."""
    from datetime import timedelta

    momento = ahora.replace(microsecond=0)
    ultimo = (
        CortePublicado.objects.filter(sitio=nombre_sitio)
        .order_by("-corte_en")
        .values_list("corte_en", flat=True)
        .first()
    )
    if ultimo is not None and momento <= ultimo:
        momento = ultimo + timedelta(seconds=1)
    return momento


def al_confirmar(nombre_sitio: str, publicar_ahora: Any) -> None:
    """Run `publicar_ahora()` once the outermost transaction commits (at once without one), once
    per transaction and site however many writes asked for it; a failure is logged, not raised
    (what was written stays committed, and the next write or the system's command publishes)."""
    from django.db import connection

    pendientes = connection.run_on_commit if connection.in_atomic_block else []
    if any(getattr(entrada[1], "ople_sitio", None) == nombre_sitio for entrada in pendientes):
        return

    def publicar() -> None:
        publicar_ahora()

    publicar.ople_sitio = nombre_sitio  # type: ignore[attr-defined]
    transaction.on_commit(publicar, robust=True)
