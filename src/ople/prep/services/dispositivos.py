"""PREP Casilla devices: one-time enrolment codes, device tokens, casilla binding.

A supervisor creates a code bound to some casillas and hands it to a CAE; the app exchanges it
once for a device token. Only SHA-256 digests of codes and tokens are stored.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ople.catalog.models import Casilla
from ople.core import audit, roles
from ople.core.errors import OpleError
from ople.prep import roles as prep_roles
from ople.prep.models import ActaEsperada, CodigoEnrolamiento, Dispositivo

# Crockford-like alphabet without look-alikes (no I, L, O, U, 0, 1): easy to dictate and type.
_ALFABETO = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
_LARGO_CODIGO = 12  # 12 symbols of 30 ≈ 59 bits, single use, with an expiry


class EnrolamientoError(OpleError):
    """A refused enrolment or revocation (`codigo` for the API, `mensaje` for people)."""


def _sha(texto: str) -> str:
    return hashlib.sha256(texto.encode()).hexdigest()


def normalizar_codigo(codigo: str) -> str:
    return "".join(c for c in codigo.upper() if c.isalnum())


def crear_codigo_enrolamiento(
    *,
    supervisor: Any,
    etiqueta: str,
    casillas: Iterable[Casilla],
    vigencia: timedelta,
    ahora: datetime | None = None,
) -> str:
    """Create a one-time enrolment code bound to `casillas`; return it (shown once)."""
    roles.require_role(
        supervisor, prep_roles.SUPERVISION, prep_roles.COORDINACION, roles.ADMINISTRACION
    )
    casillas = list(casillas)
    if not casillas:
        raise EnrolamientoError("solicitud_invalida", "Indique al menos una casilla.")
    if vigencia <= timedelta(0) or vigencia > timedelta(days=30):
        raise EnrolamientoError(
            "solicitud_invalida", "La vigencia debe ser positiva y de 30 días como máximo."
        )
    ahora = ahora or timezone.now()
    simbolos = "".join(secrets.choice(_ALFABETO) for _ in range(_LARGO_CODIGO))
    codigo = "-".join(simbolos[i : i + 4] for i in range(0, _LARGO_CODIGO, 4))
    with transaction.atomic():
        registro = CodigoEnrolamiento.objects.create(
            codigo_sha256=_sha(normalizar_codigo(codigo)),
            etiqueta=etiqueta.strip()[:120] or "sin etiqueta",
            creado_por=supervisor,
            expira=ahora + vigencia,
        )
        registro.casillas.set(casillas)
        audit.record(
            actor=supervisor,
            action="prep.codigo_enrolamiento",
            obj=registro,
            after={
                "etiqueta": registro.etiqueta,
                "casillas": sorted(c.clave for c in casillas),
                "expira": registro.expira,
            },
        )
    return codigo


@dataclass(frozen=True)
class Enrolamiento:
    token: str
    dispositivo: Dispositivo


def enrolar_dispositivo(*, codigo: str, nombre: str, ahora: datetime | None = None) -> Enrolamiento:
    """Exchange a one-time code for a device token (returned once; only its hash is kept)."""
    ahora = ahora or timezone.now()
    nombre = nombre.strip()[:120]
    if not nombre:
        raise EnrolamientoError("solicitud_invalida", "Falta el nombre del dispositivo.")
    digest = _sha(normalizar_codigo(codigo))
    with transaction.atomic():
        registro = (
            CodigoEnrolamiento.objects.select_for_update().filter(codigo_sha256=digest).first()
        )
        if registro is None or registro.usado_en is not None or registro.expira <= ahora:
            raise EnrolamientoError(
                "codigo_invalido",
                "El código de enrolamiento no es válido, ya se usó o venció. "
                "Pida uno nuevo a su supervisor.",
            )
        token = secrets.token_urlsafe(32)
        dispositivo = Dispositivo.objects.create(
            nombre=nombre, token_sha256=_sha(token), enrolado_por=registro.creado_por
        )
        casillas = list(registro.casillas.all())
        dispositivo.casillas.set(casillas)
        registro.usado_en = ahora
        registro.dispositivo = dispositivo
        registro.save(update_fields=["usado_en", "dispositivo"])
        audit.record(
            actor=None,
            actor_label=f"dispositivo {dispositivo.pk}: {nombre}"[:150],
            action="prep.enrolamiento",
            obj=dispositivo,
            after={
                "nombre": nombre,
                "codigo": registro.pk,
                "etiqueta": registro.etiqueta,
                "casillas": sorted(c.clave for c in casillas),
            },
        )
    return Enrolamiento(token=token, dispositivo=dispositivo)


_LARGO_MOTIVO = 200


def revocar_dispositivo(
    *, supervisor: Any, dispositivo: Dispositivo, motivo: str, ahora: datetime | None = None
) -> bool:
    """Revoke a device (a lost or stolen phone): its token is refused from its next request on,
    in every process of every server (see `autenticar_con_casillas`).

    Records who, when and why on the device and in the audit log. False when it was already
    revoked: nothing changes and nothing is recorded.
    """
    roles.require_role(
        supervisor, prep_roles.SUPERVISION, prep_roles.COORDINACION, roles.ADMINISTRACION
    )
    motivo = " ".join(motivo.split())[:_LARGO_MOTIVO]
    if not motivo:
        raise EnrolamientoError(
            "solicitud_invalida",
            "Indique el motivo de la revocación (por ejemplo, «teléfono extraviado»).",
        )
    if not motivo.isprintable():  # NUL and other control characters
        raise EnrolamientoError(
            "solicitud_invalida", "El motivo contiene caracteres no válidos; escríbalo de nuevo."
        )
    with transaction.atomic():
        dispositivo = Dispositivo.objects.select_for_update().get(pk=dispositivo.pk)
        if not dispositivo.activo:
            return False
        dispositivo.activo = False
        dispositivo.revocado_en = ahora or timezone.now()
        dispositivo.revocado_por = supervisor
        dispositivo.motivo_revocacion = motivo
        dispositivo.save(
            update_fields=["activo", "revocado_en", "revocado_por", "motivo_revocacion"]
        )
        audit.record(
            actor=supervisor,
            action="prep.dispositivo_revocado",
            obj=dispositivo,
            before={"activo": True},
            after={"activo": False, "nombre": dispositivo.nombre, "motivo": motivo},
        )
    return True


# --- reads (selectors) -------------------------------------------------------------------


def dispositivo_por_numero(texto: str) -> Dispositivo | None:
    """The device whose number (its id, shown on the devices page) is `texto`, or None."""
    texto = texto.strip()
    if not (texto.isascii() and texto.isdigit()) or len(texto) > 9:  # within any integer column
        return None
    return Dispositivo.objects.filter(pk=int(texto)).first()


def autenticar(token: str) -> Dispositivo | None:
    """The active device holding `token`, or None."""
    if not token or len(token) > 200:
        return None
    return Dispositivo.objects.filter(token_sha256=_sha(token), activo=True).first()


# token digest -> (expiry on the monotonic clock, device, ids of its casillas)
_SESIONES: dict[str, tuple[float, Dispositivo, frozenset[int]]] = {}
_SESIONES_CANDADO = threading.Lock()
_RELEYENDO: set[str] = set()  # token digests being read again by some thread


def autenticar_con_casillas(token: str) -> tuple[Dispositivo, frozenset[int]] | None:
    """The active device holding `token` and the ids of its casillas, or None.

    The device and its casillas are remembered for `OPLE_API_CACHE_S` seconds per token (only
    successful look-ups are kept), but whether the device is still active is read from the
    database on every call (one primary-key read, `_sigue_activo`): a revocation committed by
    any process of any server is refused on the device's next upload. A change of its casillas
    takes effect at most `OPLE_API_CACHE_S` seconds later.
    """
    if not token or len(token) > 200:
        return None
    digest = _sha(token)
    ttl = float(getattr(settings, "OPLE_API_CACHE_S", 0))
    ahora = time.monotonic()
    if ttl <= 0:
        return _leer_sesion(digest, ttl, ahora)
    visto = _SESIONES.get(digest)
    if visto is None:
        return _leer_sesion(digest, ttl, ahora)
    if visto[0] <= ahora:
        # Expired: one thread reads it again; the device's other in-flight uploads keep the
        # previous casillas for the few milliseconds that takes (instead of each thread of the
        # process running the same queries at the same moment).
        with _SESIONES_CANDADO:
            otro_lo_lee = digest in _RELEYENDO
            _RELEYENDO.add(digest)
        if not otro_lo_lee:
            try:
                return _leer_sesion(digest, ttl, ahora)
            finally:
                with _SESIONES_CANDADO:
                    _RELEYENDO.discard(digest)
    if not _sigue_activo(visto[1].pk):
        _SESIONES.pop(digest, None)
        return None
    return visto[1], visto[2]


def _sigue_activo(dispositivo_id: int) -> bool:
    """Whether the device is still active, read from the database (no ORM: the hot path)."""
    tabla = connection.ops.quote_name(Dispositivo._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT activo FROM {tabla} WHERE id = %s", [dispositivo_id])
        fila = cursor.fetchone()
    return bool(fila and fila[0])


def _leer_sesion(
    digest: str, ttl: float, ahora: float
) -> tuple[Dispositivo, frozenset[int]] | None:
    disp = Dispositivo.objects.filter(token_sha256=digest, activo=True).first()
    if disp is None:
        _SESIONES.pop(digest, None)
        return None
    casillas = frozenset(
        Dispositivo.casillas.through.objects.filter(dispositivo_id=disp.pk).values_list(
            "casilla_id", flat=True
        )
    )
    if ttl > 0:
        with _SESIONES_CANDADO:
            if len(_SESIONES) > 100_000:
                _SESIONES.clear()
            _SESIONES[digest] = (ahora + ttl, disp, casillas)
    return disp, casillas


def olvidar_sesiones() -> None:
    """Forget every remembered token (tests)."""
    _SESIONES.clear()


def casilla_asignada(dispositivo: Dispositivo, casilla_id: int) -> bool:
    return dispositivo.casillas.filter(pk=casilla_id).exists()


def casillas_del_dispositivo(dispositivo: Dispositivo) -> list[dict[str, Any]]:
    """The casillas bound to a device with their expected actas (the API's listing)."""
    casillas = list(dispositivo.casillas.select_related("seccion").order_by("clave"))
    actas = (
        ActaEsperada.objects.filter(casilla__in=casillas)
        .select_related("eleccion")
        .order_by("eleccion__orden", "clave")
    )
    por_casilla: dict[int, list[dict[str, str]]] = {}
    for a in actas:
        por_casilla.setdefault(a.casilla_id, []).append(
            {"clave_acta": a.clave, "eleccion": a.eleccion.nombre, "tipo_acta": a.tipo_acta}
        )
    return [
        {
            "clave": c.clave,
            "seccion": c.seccion.numero,
            "tipo": c.tipo,
            "domicilio": c.domicilio,
            "actas": por_casilla.get(c.pk, []),
        }
        for c in casillas
    ]
