"""Signed, chained, immutable static publication for any system (ADR 0028, docs/publicacion.md).

    from ople.publicacion import sitio_de, publicar
    corte = publicar(sitio_de("computos"), archivos={"index.html": b"..."}, corte_en=...,
                     accion="computos.corte")

Importing this package loads no model (settings may import it): `publicar` and `CortePublicado`
load the service and the model when first used.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ople.publicacion.sitio import Sitio, sitio_de

if TYPE_CHECKING:
    from ople.publicacion.models import CortePublicado

__all__ = ["CortePublicado", "Sitio", "publicar", "sitio_de"]


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
    """Publish one cut of `sitio` (see `ople.publicacion.services.publicar.publicar`)."""
    from ople.publicacion.services.publicar import publicar as _publicar

    return _publicar(
        sitio,
        archivos,
        corte_en=corte_en,
        almacen=almacen,
        accion=accion,
        actor=actor,
        descripcion=descripcion,
        final=final,
    )


def __getattr__(nombre: str) -> Any:
    if nombre == "CortePublicado":
        from ople.publicacion.models import CortePublicado

        return CortePublicado
    raise AttributeError(nombre)
