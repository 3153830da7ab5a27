"""The signed manifest of a cut: every file with its SHA-256, chained to the previous cut.

`manifest.json` lists every file of the cut (except itself and `manifest.sig`) with its size
and SHA-256, the previous cut's name and the SHA-256 of the previous `manifest.json` bytes.
Acta images live outside the cuts, in the content-addressed store `PUBLISH_ROOT/imagenes/`
(written once, shared by every cut): the manifest lists each image the cut publishes under
`imagenes` as `{"<sha256>.<ext>": bytes}` (the name is its SHA-256).
Any other site's store (`ople.publicacion`: documents, PDFs) is `SITE_ROOT/almacen/`, listed the
same way under `almacen` (written only when not empty, so the PREP's manifests keep their bytes).
`manifest.sig` holds the Ed25519 signature of the exact bytes of `manifest.json`, base64.
The public key is published in the cut as `clave-publica.pem`. Pure (uses `cryptography`).
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import io
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ople.publicacion import empalme

MANIFIESTO = "manifest.json"
FIRMA = "manifest.sig"
CLAVE_PUBLICA = "clave-publica.pem"
FORMATO = "ople-corte/2"
# The manifest's sections of content-addressed files, and the directory (beside `cortes/`, in the
# site's root) that holds each: the PREP's acta images, any other site's store.
ALMACENES = {"imagenes": "imagenes", "almacen": "almacen"}
FORMATOS_LEGIBLES = ("ople-corte/1", FORMATO)
TANDA = 4096  # manifest entries formatted and encoded at a time


def sha256_bytes(datos: bytes) -> str:
    return hashlib.sha256(datos).hexdigest()


def sha256_archivo(ruta: Path) -> str:
    h = hashlib.sha256()
    with open(ruta, "rb") as f:
        while bloque := f.read(1 << 20):
            h.update(bloque)
    return h.hexdigest()


def generar_clave(ruta: Path) -> Ed25519PrivateKey:
    """Create an Ed25519 private key at `ruta` (PEM, mode 0600). Refuses to overwrite
    (FileExistsError). Written whole under a temporary name and linked to `ruta`, so a reader
    never sees part of it, and of two processes creating it at once one wins."""
    clave = Ed25519PrivateKey.generate()
    pem = clave.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    ruta.parent.mkdir(parents=True, exist_ok=True)
    tmp = ruta.with_name(f".{ruta.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
            f.flush()
            os.fsync(f.fileno())
        os.link(tmp, ruta)
    finally:
        os.unlink(tmp)
    return clave


def cargar_clave(ruta: Path, *, crear: bool = False) -> Ed25519PrivateKey:
    if not ruta.exists():
        if crear:
            try:
                return generar_clave(ruta)
            except FileExistsError:
                pass  # another publisher created it meanwhile: use theirs
        else:
            raise FileNotFoundError(f"No existe la clave de publicación {ruta}")
    clave = serialization.load_pem_private_key(ruta.read_bytes(), password=None)
    if not isinstance(clave, Ed25519PrivateKey):
        raise ValueError(f"{ruta} no es una clave Ed25519")
    return clave


def pem_publica(clave: Ed25519PrivateKey) -> bytes:
    return clave.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def huella_publica(pem: bytes) -> str:
    """SHA-256 of the raw 32-byte public key, for printing on the verify page."""
    pub = serialization.load_pem_public_key(pem)
    if not isinstance(pub, Ed25519PublicKey):
        raise ValueError("la clave pública no es Ed25519")
    crudo = pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(crudo).hexdigest()


def _cadena(texto: str) -> str:
    """A JSON string as `json.dumps(texto, ensure_ascii=False)` writes it."""
    if texto.isprintable() and '"' not in texto and "\\" not in texto:
        return f'"{texto}"'
    return json.dumps(texto, ensure_ascii=False)


def _nulo(texto: str | None) -> str:
    return "null" if texto is None else _cadena(texto)


class _Seccion(NamedTuple):
    """The `imagenes` section of the last manifest this process wrote: its lines (`"name":
    bytes` joined by `,\\n`), where each starts, the names in order and a copy of the dict
    they came from."""

    datos: bytes
    inicios: npt.NDArray[np.int64]
    orden: list[str]
    imagenes: dict[str, int]


class Memoria:
    """What one publisher keeps between the manifests it writes (its site's, never shared):
    the last manifest (so the next cut need not parse it again) and the last `imagenes` section
    (the next cut lists nearly the same images, ~500,000 at national scale: its section is made
    of runs of the last one's lines and the lines of the images added or changed)."""

    def __init__(self) -> None:
        self.seccion: _Seccion | None = None
        self.ultimo: tuple[str, Manifiesto] | None = None

    def recordar(self, sha256: str, man: Manifiesto) -> None:
        self.ultimo = (sha256, man)

    def manifiesto(self, sha256: str) -> Manifiesto | None:
        """The manifest last recorded, when its SHA-256 is `sha256`."""
        return self.ultimo[1] if self.ultimo is not None and self.ultimo[0] == sha256 else None

    def olvidar(self) -> None:
        self.seccion = None
        self.ultimo = None


def _simples(textos: list[str]) -> bool:
    """Whether every text is printed by `json.dumps` as itself between quotes (`_cadena`)."""
    junto = "".join(textos)
    return junto.isprintable() and '"' not in junto and "\\" not in junto


def _en_tandas(
    buf: io.BytesIO,
    claves: list[str],
    sep: str,
    linea: Callable[[str], str],
    tanda: Callable[[list[str]], list[str] | None] | None = None,
) -> None:
    """`sep.join(linea(k) for k in claves)` written into `buf`, `TANDA` entries at a time;
    `tanda(claves)`, when given, makes the lines of a batch whose texts are all `_simples`
    (the same lines, without escaping text by text)."""
    for i in range(0, len(claves), TANDA):
        if i:
            buf.write(sep.encode("utf-8"))
        lote = claves[i : i + TANDA]
        lineas = tanda(lote) if tanda is not None else None
        if lineas is None:
            lineas = [linea(k) for k in lote]
        buf.write(sep.join(lineas).encode("utf-8"))


def _lineas_imagenes(nombres: list[str], imagenes: dict[str, int]) -> list[str]:
    """The `"name": bytes` lines of `nombres`; each name as `json.dumps` prints it, as itself
    between quotes when no name of the batch needs escaping (one check per batch)."""
    if _simples(nombres):
        return [f'"{k}": {int(imagenes[k])}' for k in nombres]
    return [f"{_cadena(k)}: {int(imagenes[k])}" for k in nombres]


def orden_imagenes(imagenes: dict[str, int], memoria: Memoria) -> list[str]:
    """The names of `imagenes` sorted, as the manifest's `imagenes` section lists them: the
    section is made (or spliced from the last one) here and kept in `memoria`, so the manifest
    written next from the same images splices it whole instead of sorting again (the PREP's
    `archivos.txt` lists the images in this order before its manifest is written)."""
    return _hacer_seccion(imagenes, memoria).orden


def _seccion_imagenes(imagenes: dict[str, int], memoria: Memoria | None) -> bytes:
    return _hacer_seccion(imagenes, memoria).datos


def _hacer_seccion(imagenes: dict[str, int], memoria: Memoria | None) -> _Seccion:
    """The lines of the `imagenes` object (sorted by name, joined by `,\\n`), spliced from the
    last section this publisher wrote (`memoria`) when few images changed, else made whole;
    kept for the next manifest."""
    previa = memoria.seccion if memoria is not None else None
    if previa is not None and previa.imagenes == imagenes:
        seccion: _Seccion | None = previa  # the same images (the manifest after orden_imagenes)
    else:
        seccion = None if previa is None else _empalmar(previa, imagenes)
    if seccion is None:
        orden = sorted(imagenes)
        buf = io.BytesIO()
        _en_tandas(
            buf,
            orden,
            ",\n",
            lambda k: _lineas_imagenes([k], imagenes)[0],
            lambda lote: _lineas_imagenes(lote, imagenes),
        )
        datos = buf.getvalue()
        # a line holds no newline byte (json.dumps escapes it): each one follows a ",\n"
        saltos = np.flatnonzero(np.frombuffer(datos, dtype=np.uint8) == 10)
        inicios = np.concatenate(([0], saltos + 1)).astype(np.int64)
        seccion = _Seccion(datos, inicios, orden, dict(imagenes))
    if memoria is not None:
        memoria.seccion = seccion if len(seccion.inicios) == len(seccion.orden) else None
    return seccion


def _empalmar(previa: _Seccion, imagenes: dict[str, int]) -> _Seccion | None:
    """The section of `imagenes` as runs of `previa`'s lines (slices of its bytes) and the
    lines of the images it did not list or listed with another size; None when more than a
    quarter of them changed."""
    antes = previa.imagenes
    poner = [k for k, n in imagenes.items() if antes.get(k) != n]
    quitar = len(antes) - (len(imagenes) - len(poner))  # listed before, gone or resized
    if len(poner) + quitar > len(imagenes) // 4:
        return None
    orden = previa.orden
    n = len(orden)
    # events: (position in the previous order, 0 insert a name / 1 drop that position)
    eventos: list[tuple[int, int, str]] = [(bisect.bisect_left(orden, k), 0, k) for k in poner]
    if quitar:
        eventos += [(i, 1, k) for i, k in enumerate(orden) if imagenes.get(k) != antes[k]]
    eventos.sort()
    e = empalme.Empalme(b",\n", previo=previa.datos, inicios=previa.inicios, fin=len(previa.datos))
    nuevo_orden: list[str] = []
    c = 0  # next line of the previous section to copy
    for i, tipo, k in eventos:
        e.copiar(c, i)
        nuevo_orden.extend(orden[c:i])
        c = max(c, i)
        if tipo == 1:
            c = i + 1
            continue
        e.poner(_lineas_imagenes([k], imagenes)[0].encode("utf-8"))
        nuevo_orden.append(k)
    e.copiar(c, n)
    nuevo_orden.extend(orden[c:n])
    if len(nuevo_orden) != len(imagenes):
        return None
    return _Seccion(e.unir(), e.inicios(), nuevo_orden, dict(imagenes))


@dataclass(frozen=True, slots=True)
class Manifiesto:
    nombre: str
    corte_en: str  # ISO 8601 UTC
    final: bool
    previo: str | None
    previo_sha256: str | None
    archivos: dict[str, tuple[int, str]]  # ruta relativa -> (bytes, sha256)
    imagenes: dict[str, int] = field(default_factory=dict)  # "<sha256>.<ext>" -> bytes
    bitacora: tuple[int, str] | None = None  # audit log head (events, hash) at the cut
    almacen: dict[str, int] = field(default_factory=dict)  # a site's store: "<sha256>.<ext>"

    def a_bytes(
        self, memoria: Memoria | None = None, *, orden_archivos: list[str] | None = None
    ) -> bytes:
        """The manifest's bytes: exactly `json.dumps(doc, ensure_ascii=False, indent=0)` of the
        document, written line by line (a national cut lists ~570,000 entries; the encoder
        took seconds), `TANDA` entries at a time straight into one buffer (never a string per
        entry of the whole list, nor the text and its encoding at once).
        `test_manifiesto_como_json_dumps` checks the equality. `orden_archivos`: the names of
        `archivos` already sorted, when the caller has them (a national cut's are sorted once
        for its file list and its manifest)."""
        lineas = [
            "{",
            f'"formato": {_cadena(FORMATO)},',
            f'"corte": {_cadena(self.nombre)},',
            f'"corte_en": {_cadena(self.corte_en)},',
            f'"final": {"true" if self.final else "false"},',
            f'"previo": {_nulo(self.previo)},',
            f'"previo_sha256": {_nulo(self.previo_sha256)},',
        ]
        if self.bitacora is not None:
            lineas += [
                '"bitacora": {',
                f'"eventos": {int(self.bitacora[0])},',
                f'"cabeza": {_cadena(self.bitacora[1])}',
                "},",
            ]
        buf = io.BytesIO()  # getvalue() hands over its buffer: the bytes exist once
        buf.write("\n".join(lineas).encode("utf-8"))
        archivos = self.archivos
        if archivos:
            buf.write(b'\n"archivos": {\n')

            def archivos_simples(lote: list[str]) -> list[str] | None:
                info = [archivos[k] for k in lote]
                if not _simples(lote) or not _simples([sha for _n, sha in info]):
                    return None
                return [
                    f'"{k}": {{\n"bytes": {int(n)},\n"sha256": "{sha}"'
                    for k, (n, sha) in zip(lote, info, strict=True)
                ]

            _en_tandas(
                buf,
                orden_archivos if orden_archivos is not None else sorted(archivos),
                "\n},\n",
                lambda k: (
                    f'{_cadena(k)}: {{\n"bytes": {int(archivos[k][0])},\n'
                    f'"sha256": {_cadena(archivos[k][1])}'
                ),
                archivos_simples,
            )
            buf.write(b"\n}\n},")
        else:
            buf.write(b'\n"archivos": {},')
        if self.imagenes:
            buf.write(b'\n"imagenes": {\n')
            buf.write(_seccion_imagenes(self.imagenes, memoria))
            buf.write(b"\n}")
        else:
            buf.write(b'\n"imagenes": {}')
        if self.almacen:
            buf.write(b',\n"almacen": {\n')
            orden = sorted(self.almacen)
            _en_tandas(
                buf,
                orden,
                ",\n",
                lambda k: _lineas_imagenes([k], self.almacen)[0],
                lambda lote: _lineas_imagenes(lote, self.almacen),
            )
            buf.write(b"\n}")
        buf.write(b"\n}")
        return buf.getvalue()

    @classmethod
    def de_bytes(cls, datos: bytes) -> Manifiesto:
        doc = json.loads(datos.decode("utf-8"))
        if doc.get("formato") not in FORMATOS_LEGIBLES:
            raise ValueError(f"formato de manifiesto desconocido: {doc.get('formato')!r}")
        return cls(
            nombre=str(doc["corte"]),
            corte_en=str(doc["corte_en"]),
            final=bool(doc["final"]),
            previo=doc.get("previo"),
            previo_sha256=doc.get("previo_sha256"),
            archivos={
                str(k): (int(v["bytes"]), str(v["sha256"])) for k, v in doc["archivos"].items()
            },
            imagenes={str(k): int(v) for k, v in doc.get("imagenes", {}).items()},
            bitacora=(int(b["eventos"]), str(b["cabeza"]))
            if (b := doc.get("bitacora")) is not None
            else None,
            almacen={str(k): int(v) for k, v in doc.get("almacen", {}).items()},
        )


def firmar(datos: bytes, clave: Ed25519PrivateKey) -> bytes:
    return base64.b64encode(clave.sign(datos)) + b"\n"


def firma_valida(datos: bytes, firma_b64: bytes, pem: bytes) -> bool:
    try:
        pub = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError):
        return False
    if not isinstance(pub, Ed25519PublicKey):
        return False
    try:
        pub.verify(base64.b64decode(firma_b64.strip(), validate=True), datos)
    except (InvalidSignature, ValueError):
        return False
    return True
