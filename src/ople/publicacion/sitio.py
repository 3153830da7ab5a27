"""What a publication site is: a name, a root on disk, a URL prefix, the signing key, a lock.

Every site lives in its own directory `PUBLISH_ROOT/<nombre>/` (`cortes/`, `almacen/`,
`current.json`), served under `/<nombre>/`. One site keeps the layout it had before sites existed:
the PREP's, whose cuts, images and pointer are `PUBLISH_ROOT` itself (`cortes/`, `imagenes/`,
`current.json`) and whose publisher has always held the lock `OPLEPREP`: nothing moves for it.
The PREP's nginx server and Django views serve only `current.json`, `cortes/` and `imagenes/`
under PUBLISH_ROOT, so another site's directory there is a 404 for them; and a site's own serving
(`ople.publicacion.urls`, or an nginx root at `PUBLISH_ROOT/<nombre>/`) never reaches above its
root. Names that would collide with the PREP's layout are refused (ADR 0028).

Every site signs with the institute's one key (`OPLE_PUBLISH_KEY`, default
`VAR_DIR/claves/publicacion.pem`): a citizen checks every cut, and every acuse, with one public
key.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ople.core.errors import OpleError

# The site whose layout predates sites: its root is PUBLISH_ROOT itself (ADR 0028).
SITIO_EN_LA_RAIZ = "prep"
CANDADO_RAIZ = 0x4F504C45_50524550 & 0x7FFFFFFFFFFFFFFF  # "OPLEPREP", as its publisher took it
_NOMBRE = re.compile(r"[a-z][a-z0-9_]{1,39}")
RESERVADOS = frozenset({"cortes", "imagenes", "almacen", "static", "media"})


class SitioInvalido(OpleError):
    def __init__(self, mensaje: str) -> None:
        super().__init__("sitio_invalido", mensaje)


@dataclass(frozen=True, slots=True)
class Sitio:
    """A publication site. `candado` is the id of its PostgreSQL advisory lock (on SQLite the
    lock is a `flock` on `raiz/.publicador.lock`); `almacen` the name of its content-addressed
    store beside `cortes/` (and of the manifest's section listing it)."""

    nombre: str
    raiz: Path
    prefijo_url: str
    clave: Path
    candado: int
    almacen: str = "almacen"


def ruta_clave() -> Path:
    """The institute's signing key (Ed25519, PEM): `OPLE_PUBLISH_KEY` or the var directory's."""
    from django.conf import settings  # here: the registry imports this package before Django

    return Path(
        os.environ.get(
            "OPLE_PUBLISH_KEY", str(Path(settings.VAR_DIR) / "claves" / "publicacion.pem")
        )
    )


def candado_de(nombre: str) -> int:
    """The advisory lock id of a site: the root site's historical one, else from its name."""
    if nombre == SITIO_EN_LA_RAIZ:
        return CANDADO_RAIZ
    digest = hashlib.sha256(f"ople-publicacion:{nombre}".encode()).digest()
    return int.from_bytes(digest[:8], "big") & 0x7FFFFFFFFFFFFFFF


def sitio_de(nombre: str) -> Sitio:
    """The site `nombre` as this installation's settings place it (PUBLISH_ROOT)."""
    from django.conf import settings

    if not _NOMBRE.fullmatch(nombre) or nombre in RESERVADOS:
        raise SitioInvalido(
            f"«{nombre}» no es un nombre de sitio de publicación: minúsculas, cifras y _, "
            f"de 2 a 40 caracteres, y ninguno de {', '.join(sorted(RESERVADOS))}"
        )
    base = Path(settings.PUBLISH_ROOT)
    if nombre == SITIO_EN_LA_RAIZ:
        return Sitio(
            nombre=nombre,
            raiz=base,
            prefijo_url=f"/{nombre}/",
            clave=ruta_clave(),
            candado=CANDADO_RAIZ,
            almacen="imagenes",
        )
    return Sitio(
        nombre=nombre,
        raiz=base / nombre,
        prefijo_url=f"/{nombre}/",
        clave=ruta_clave(),
        candado=candado_de(nombre),
    )
