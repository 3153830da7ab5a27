"""Publishing the public registers: generate the site for today and publish it as a signed,
chained, immutable cut of the site `registros` (`ople.publicacion`, served under /registros/).

The current/historical split is computed for the day of the cut (`ahora` in the installation's
zone): an entry whose removal date has come moves to the historical list at the next cut, with
no one deleting it. Publish at each change and once a day (`ople registros publicar`, e.g. from
cron at 00:05).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from ople.core import roles
from ople.publicacion import CortePublicado, disco, publicar, sitio_de
from ople.registros import roles as r
from ople.registros.publica import datos, sitio

SITIO = "registros"


def publicar_registros(*, usuario: Any, ahora: datetime | None = None) -> CortePublicado:
    """One cut of the public registers for the day of `ahora` (default now). `usuario` None:
    the daily scheduled publication."""
    if usuario is not None:
        roles.require_role(usuario, r.CAPTURA, r.APROBACION)
    ahora = ahora or timezone.now()
    archivos = sitio.generar(datos.modelo_actual(timezone.localdate(ahora)))
    return publicar(
        sitio_de(SITIO),
        archivos,
        corte_en=ahora,
        accion="registros.corte",
        actor=usuario,
        descripcion="Registros públicos: VPMRG, estadísticas, expedientes PES y POS",
    )


def corte_vigente() -> Any:
    """The directory of the current cut, or None before the first publication."""
    s = sitio_de(SITIO)
    p = disco.leer_puntero(s.raiz)
    return (s.raiz / str(p["ruta"])) if p else None
