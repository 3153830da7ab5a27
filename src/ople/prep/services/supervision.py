"""Supervisor decisions on actas: resolve a conflict, register *sin acta*, correct.

Each one appends a new Verificacion version (nothing is edited), requires the SUPERVISION or
COORDINACION role, a written reason, runs in one transaction (EstadoActa row locked first) and
writes its audit event in that same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from ople.core import audit, roles
from ople.prep import campos as campos_mod
from ople.prep import roles as prep_roles
from ople.prep.models import ActaEsperada, Captura, EstadoActa, SinActa, Verificacion
from ople.prep.services.captura import (
    CapturaError,
    crear_verificacion,
    ultima_digitalizacion,
)

ROLES_SUPERVISION = (prep_roles.SUPERVISION, prep_roles.COORDINACION)


def _motivo(motivo: str) -> str:
    texto = (motivo or "").strip()
    if len(texto) < 5:
        raise CapturaError(
            "Escriba el motivo de la decisión (al menos 5 caracteres).", code="motivo"
        )
    return texto


def _acta(acta: ActaEsperada | int) -> ActaEsperada:
    pk = acta if isinstance(acta, int) else acta.pk
    return ActaEsperada.objects.select_related("casilla", "demarcacion", "eleccion__proceso").get(
        pk=pk
    )


def _valores(campos: list[campos_mod.Campo], valores: Any) -> dict[str, int | str]:
    try:
        return campos_mod.validar_valores(campos, valores)
    except campos_mod.ValoresInvalidos as exc:
        raise CapturaError(str(exc), code="valores_invalidos", params=exc.errores) from exc


def _bloquear_estado(acta: ActaEsperada) -> EstadoActa:
    EstadoActa.objects.get_or_create(acta=acta)
    return EstadoActa.objects.select_for_update().get(acta=acta)


def _decision(
    supervisor: Any,
    acta: ActaEsperada | int,
    valores: dict[str, Any],
    motivo: str,
    ahora: datetime | None,
) -> tuple[ActaEsperada, list[campos_mod.Campo], dict[str, int | str], str, datetime]:
    """What every supervisor decision checks first, before any write: role, values, reason."""
    roles.require_role(supervisor, *ROLES_SUPERVISION)
    acta = _acta(acta)
    campos = campos_mod.campos_de(acta)
    return acta, campos, _valores(campos, valores), _motivo(motivo), ahora or timezone.now()


def resolver_conflicto(
    *,
    supervisor: Any,
    acta: ActaEsperada | int,
    valores: dict[str, Any],
    motivo: str,
    ahora: datetime | None = None,
) -> Verificacion:
    """Decide an acta in CONFLICTO against its image: new Verificacion, metodo SUPERVISION."""
    acta, campos, limpios, texto, ahora = _decision(supervisor, acta, valores, motivo, ahora)
    with transaction.atomic():
        estado = _bloquear_estado(acta)
        if estado.estado != EstadoActa.Estado.CONFLICTO:
            raise CapturaError("El acta no está en conflicto.", code="estado")
        capturas = list(Captura.objects.filter(acta=acta, corrige__isnull=True).order_by("ronda"))
        digitalizacion = capturas[-1].digitalizacion if capturas else ultima_digitalizacion(acta.pk)
        ver = crear_verificacion(
            acta=acta,
            metodo=Verificacion.Metodo.SUPERVISION,
            valores=limpios,
            campos=campos,
            capturado_en=min((c.creado for c in capturas), default=ahora),
            verificado_en=ahora,
            digitalizacion=digitalizacion,
            capturas=capturas,
            usuario=supervisor,
            motivo=texto,
        )
        estado.estado = EstadoActa.Estado.VERIFICADA
        estado.save(update_fields=["estado", "actualizado"])
        return ver


def registrar_sin_acta(
    *,
    supervisor: Any,
    acta: ActaEsperada | int,
    causa: str,
    motivo: str,
    ahora: datetime | None = None,
) -> Verificacion:
    """The Acta PREP of this casilla never arrived: SinActa + Verificacion metodo SIN_ACTA.

    All fields are 0, the observation is the cause, and the acta is not counted.
    """
    roles.require_role(supervisor, *ROLES_SUPERVISION)
    ahora = ahora or timezone.now()
    if causa not in SinActa.Causa.values:
        raise CapturaError("Causa de «sin acta» no válida.", code="causa")
    acta = _acta(acta)
    campos = campos_mod.campos_de(acta)
    texto = _motivo(motivo)
    with transaction.atomic():
        estado = _bloquear_estado(acta)
        if estado.estado == EstadoActa.Estado.VERIFICADA:
            raise CapturaError(
                "El acta ya está verificada; para cambiarla registre una corrección.",
                code="estado",
            )
        sin = SinActa.objects.create(
            acta=acta, causa=causa, usuario=supervisor, motivo=texto, creado=ahora
        )
        audit.record(
            actor=supervisor,
            action="prep.sin_acta",
            obj=sin,
            after={"acta": acta.clave, "causa": causa, "motivo": texto},
        )
        ver = crear_verificacion(
            acta=acta,
            metodo=Verificacion.Metodo.SIN_ACTA,
            valores={c.clave: 0 for c in campos},
            campos=campos,
            capturado_en=ahora,
            verificado_en=ahora,
            digitalizacion=None,
            usuario=supervisor,
            motivo=texto,
            sin_acta=causa,
        )
        estado.estado = EstadoActa.Estado.VERIFICADA
        estado.save(update_fields=["estado", "actualizado"])
        # Leases still open on this acta are over.
        acta.asignaciones.filter(terminada=False).update(terminada=True)
        return ver


def corregir(
    *,
    supervisor: Any,
    acta: ActaEsperada | int,
    valores: dict[str, Any],
    motivo: str,
    ahora: datetime | None = None,
) -> Verificacion:
    """Correct a verified acta: a new Verificacion version, metodo CORRECCION."""
    acta, campos, limpios, texto, ahora = _decision(supervisor, acta, valores, motivo, ahora)
    with transaction.atomic():
        estado = _bloquear_estado(acta)
        anterior = Verificacion.objects.filter(acta=acta).order_by("-version").first()
        if anterior is None or estado.estado != EstadoActa.Estado.VERIFICADA:
            raise CapturaError("Sólo se corrige un acta ya verificada.", code="estado")
        digitalizacion = anterior.digitalizacion or ultima_digitalizacion(acta.pk)
        ver = crear_verificacion(
            acta=acta,
            metodo=Verificacion.Metodo.CORRECCION,
            valores=limpios,
            campos=campos,
            capturado_en=anterior.capturado_en,
            verificado_en=ahora,
            digitalizacion=digitalizacion,
            usuario=supervisor,
            motivo=texto,
        )
        estado.save(update_fields=["actualizado"])
        return ver
