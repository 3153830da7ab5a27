"""`ople verify URL`: bring a published cut from its URL to a directory, to verify it there.

The URL names a cut (`https://host/computos/cortes/NAME/`, or its `manifest.json`) or a site
(`https://host/computos/`, whose `current.json` names the current cut). What is fetched is what the
manifest lists, and the store files it names (`../../almacen/<sha256>.<ext>`, the PREP's
`../../imagenes/`), laid out as the site is, plus the previous cut's manifest and public key so
the chain can be checked. Every name is checked before it is written (no path leaves the
directory). Pure (urllib).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from ople.core.errors import OpleError
from ople.publicacion import manifiesto

_ALMACEN = re.compile(r"[0-9a-fA-F]{64}(\.[A-Za-z0-9]{1,10})?")
_NOMBRE_CORTE = re.compile(r"[0-9A-Za-z_-]{1,60}")
Abrir = Callable[[str], bytes]


class DescargaFallida(OpleError):
    def __init__(self, mensaje: str) -> None:
        super().__init__("descarga_fallida", mensaje)


def _abrir(url: str) -> bytes:
    peticion = urllib.request.Request(url, headers={"User-Agent": "ople-verify"})
    with urllib.request.urlopen(peticion, timeout=60) as r:  # noqa: S310 (http/https only)
        datos: bytes = r.read()
        return datos


def es_url(texto: str) -> bool:
    return texto.startswith(("http://", "https://"))


def _relativa(rel: str) -> str:
    partes = PurePosixPath(rel).parts
    if (
        not rel
        or rel.startswith("/")
        or "\\" in rel
        or any(p in ("", ".", "..") for p in partes)
        or PurePosixPath(rel).as_posix() != rel
    ):
        raise DescargaFallida(f"el manifiesto lista una ruta inválida: {rel!r}")
    return rel


def descargar(url: str, destino: Path, *, abrir: Abrir = _abrir, hilos: int = 8) -> Path:
    """Fetch the cut at `url` into `destino` (as `destino/cortes/NAME/` and the site's store
    beside it); the cut's directory."""
    if not es_url(url):
        raise DescargaFallida(f"{url} no es una dirección http(s)")

    def traer(u: str) -> bytes:
        try:
            return abrir(u)
        except urllib.error.HTTPError as exc:
            raise DescargaFallida(f"{u}: HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise DescargaFallida(f"{u}: {exc}") from exc

    base = url.removesuffix(manifiesto.MANIFIESTO)
    base = base if base.endswith("/") else base + "/"
    try:
        datos_man = abrir(base + manifiesto.MANIFIESTO)
    except (urllib.error.URLError, OSError):
        # a site: its pointer names the current cut
        try:
            puntero = json.loads(traer(base + "current.json"))
            ruta = str(puntero["ruta"])
        except (ValueError, KeyError, TypeError) as exc:
            raise DescargaFallida(f"{base}current.json no es un puntero de corte") from exc
        base = urllib.parse.urljoin(base, _relativa(ruta.rstrip("/")) + "/")
        datos_man = traer(base + manifiesto.MANIFIESTO)
    try:
        man = manifiesto.Manifiesto.de_bytes(datos_man)
    except (ValueError, KeyError) as exc:
        raise DescargaFallida(f"{base}{manifiesto.MANIFIESTO} no es un manifiesto ({exc})") from exc
    if not _NOMBRE_CORTE.fullmatch(man.nombre):
        raise DescargaFallida(f"nombre de corte inválido: {man.nombre!r}")
    corte = destino / "cortes" / man.nombre
    corte.mkdir(parents=True, exist_ok=True)
    (corte / manifiesto.MANIFIESTO).write_bytes(datos_man)
    trabajos: list[tuple[str, Path]] = [(base + manifiesto.FIRMA, corte / manifiesto.FIRMA)]
    for rel in man.archivos:
        trabajos.append((base + urllib.parse.quote(_relativa(rel)), corte / rel))
    for seccion, listados in (("imagenes", man.imagenes), ("almacen", man.almacen)):
        directorio = manifiesto.ALMACENES[seccion]
        for nombre in listados:
            if not _ALMACEN.fullmatch(nombre):
                raise DescargaFallida(
                    f"el manifiesto nombra un archivo del almacén inválido: {nombre!r}"
                )
            trabajos.append(
                (
                    urllib.parse.urljoin(base, f"../../{directorio}/{nombre}"),
                    destino / directorio / nombre,
                )
            )

    def uno(trabajo: tuple[str, Path]) -> None:
        u, ruta = trabajo
        datos = traer(u)
        ruta.parent.mkdir(parents=True, exist_ok=True)
        ruta.write_bytes(datos)

    with ThreadPoolExecutor(max_workers=hilos) as ex:
        list(ex.map(uno, trabajos))
    # the previous cut's manifest and key, for the chain (absent: the chain is not checked)
    if man.previo and _NOMBRE_CORTE.fullmatch(man.previo):
        previo = destino / "cortes" / man.previo
        for nombre in (manifiesto.MANIFIESTO, manifiesto.CLAVE_PUBLICA):
            try:
                datos = abrir(urllib.parse.urljoin(base, f"../{man.previo}/{nombre}"))
            except (urllib.error.URLError, OSError):
                continue
            previo.mkdir(parents=True, exist_ok=True)
            (previo / nombre).write_bytes(datos)
    return corte
