"""Reconciling the local register with INE's national register: import, compare, record."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ople import profiles
from ople.core import audit, roles
from ople.registros import conciliacion, selectors
from ople.registros import roles as r
from ople.registros.models import Conciliacion


def registros_locales(hoy: Any) -> list[conciliacion.Registro]:
    """The local entries on `hoy`, current and historical, in the compared fields (INE's public
    list holds the current entries; a historical one it still lists is a difference, not an
    entry to capture again)."""
    vigentes, historicas = selectors.registro(hoy)
    return [
        conciliacion.Registro(
            nombre=e.nombre,
            expediente=e.expediente,
            sexo=e.sexo,
            autoridad_sancionadora=e.autoridad_sancionadora,
            fecha_resolucion_firme=e.fecha_resolucion_firme,
            calificacion=e.calificacion,
            sancion=e.sancion,
            reincidencia=e.reincidencia,
            meses_permanencia=e.meses_permanencia,
            perdida_modo_honesto=e.perdida_modo_honesto,
            entidad=e.entidad,
            entrada_id=e.entrada_id,
            historica_desde=e.fecha_baja if e.estado == "historico" else None,
        )
        for e in (*vigentes, *historicas)
    ]


def conciliar_archivo(
    *, datos: bytes, nombre_archivo: str, usuario: Any, ahora: datetime | None = None
) -> tuple[Conciliacion, conciliacion.Reporte]:
    """Read INE's CSV, compare it with the current local register and keep the report."""
    roles.require_role(usuario, r.CAPTURA, r.APROBACION)
    ahora = ahora or timezone.now()
    nacionales = conciliacion.leer_csv(datos)
    entidad = profiles.cargar(settings.OPLE_PROFILE).entidad
    reporte = conciliacion.conciliar(
        registros_locales(timezone.localdate(ahora)), nacionales, entidad=entidad
    )
    sha = hashlib.sha256(datos).hexdigest()
    with transaction.atomic():
        registro = Conciliacion.objects.create(
            archivo_sha256=sha,
            nombre_archivo=nombre_archivo[:200],
            resultado=reporte.como_json(),
            por=usuario,
            en=ahora,
        )
        audit.record(
            actor=usuario,
            action="registros.conciliacion",
            obj=registro,
            after={
                "archivo_sha256": sha,
                "filas": len(nacionales),
                "faltan_en_nacional": len(reporte.faltan_en_nacional),
                "faltan_en_local": len(reporte.faltan_en_local),
                "diferencias": len(reporte.diferencias),
                "coinciden": reporte.coinciden,
            },
        )
    return registro, reporte
