"""Double-blind capture: the work queue (leases) and the capture that may complete a pair.

Lock order, everywhere in PREP capture and supervision: the acta's EstadoActa row first, then
its Asignacion rows. Consolidation (verification or conflict) runs in the same transaction as
the capture that completes the pair, never in a separate process (peers.md §3).

On PostgreSQL the queue takes the candidate's EstadoActa row with
``SELECT … FOR UPDATE SKIP LOCKED``, so operators pulling at the same time get different actas.
SQLite has no row locks; ``transaction_mode=IMMEDIATE`` (settings) makes every write transaction
take the database write lock at BEGIN, which serialises the same code path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from ople.core import audit, roles
from ople.prep import campos as campos_mod
from ople.prep import roles as prep_roles
from ople.prep import rules
from ople.prep.models import (
    ActaEsperada,
    Asignacion,
    Captura,
    Digitalizacion,
    EstadoActa,
    Verificacion,
)

DURACION_ASIGNACION = timedelta(minutes=10)
RONDAS_CIEGAS = (1, 2)
RONDA_DESEMPATE = 3
# How many locked-or-stale candidates the queue skips before giving up on one call.
INTENTOS_COLA = 50


class CapturaError(ValidationError):
    """A capture that cannot be accepted; the message is Spanish and nothing was written."""


@dataclass(frozen=True)
class ResultadoCaptura:
    captura: Captura
    estado: str  # EstadoActa.Estado after this capture
    verificacion: Verificacion | None = None

    @property
    def verificada(self) -> bool:
        return self.verificacion is not None

    @property
    def conflicto(self) -> bool:
        return self.estado == EstadoActa.Estado.CONFLICTO


# --- classification (profile + pure rules) ---------------------------------------------------


def reglas_del_proceso(acta: ActaEsperada) -> rules.ReglasClasificacion:
    from ople.prep import perfil
    from ople.profiles import cargar

    return perfil.de(cargar(acta.eleccion.proceso.perfil)).clasificacion


def clasificar_acta(
    acta: ActaEsperada,
    campos: list[campos_mod.Campo],
    valores: dict[str, int | str],
    *,
    sin_acta: str | None = None,
) -> rules.Clasificacion:
    casilla = acta.casilla
    return rules.clasificar(
        valores,
        tipo_casilla=casilla.tipo,
        lista_nominal=casilla.lista_nominal,
        n_opciones=campos_mod.n_opciones(campos),
        reglas=reglas_del_proceso(acta),
        representantes=casilla.representantes,
        sin_acta=sin_acta,
        campos=campos_mod.columnas_voto(campos),
    )


def crear_verificacion(
    *,
    acta: ActaEsperada,
    metodo: str,
    valores: dict[str, int | str],
    campos: list[campos_mod.Campo],
    capturado_en: datetime,
    verificado_en: datetime,
    digitalizacion: Digitalizacion | None,
    capturas: Sequence[Captura] = (),
    usuario: Any = None,
    motivo: str = "",
    sin_acta: str | None = None,
) -> Verificacion:
    """Append the next Verificacion version of `acta`. Caller holds the EstadoActa lock."""
    clasif = clasificar_acta(acta, campos, valores, sin_acta=sin_acta)
    ultima = Verificacion.objects.filter(acta=acta).aggregate(v=Max("version"))["v"] or 0
    ver = Verificacion.objects.create(
        acta=acta,
        version=ultima + 1,
        metodo=metodo,
        digitalizacion=digitalizacion,
        valores=valores,
        total_votos_calculado=clasif.total_votos_calculado,
        contabilizada=clasif.contabilizada,
        observaciones=list(clasif.observaciones),
        capturado_en=capturado_en,
        verificado_en=verificado_en,
        usuario=usuario if getattr(usuario, "is_authenticated", False) else None,
        motivo=motivo,
    )
    if capturas:
        ver.capturas.set(capturas)
    audit.record(
        actor=usuario,
        action="prep.verificacion",
        obj=ver,
        after={
            "acta": acta.clave,
            "version": ver.version,
            "metodo": metodo,
            "valores": valores,
            "total_votos_calculado": ver.total_votos_calculado,
            "contabilizada": ver.contabilizada,
            "observaciones": ver.observaciones,
            "capturas": [c.pk for c in capturas],
            "motivo": motivo,
        },
    )
    return ver


# --- the work queue ---------------------------------------------------------------------------


def _activas(ahora: datetime) -> Any:
    return Asignacion.objects.filter(acta=OuterRef("acta_id"), terminada=False, expira__gt=ahora)


def _ronda_libre(ronda: int, ahora: datetime) -> Q:
    return ~Q(
        Exists(Captura.objects.filter(acta=OuterRef("acta_id"), ronda=ronda, corrige__isnull=True))
    ) & ~Q(Exists(_activas(ahora).filter(ronda=ronda)))


def _rondas_posibles(usuario: Any) -> tuple[bool, bool]:
    ciegas = roles.has_role(usuario, prep_roles.CAPTURA)
    desempate = roles.has_role(usuario, prep_roles.VERIFICACION)
    return ciegas, desempate


def _candidatas(*, usuario: Any, ahora: datetime, excluir: set[int]) -> Any:
    ciegas, desempate = _rondas_posibles(usuario)
    condicion = Q(pk__in=[])
    if ciegas:
        condicion |= Q(estado=EstadoActa.Estado.DIGITALIZADA) & (
            _ronda_libre(1, ahora) | _ronda_libre(2, ahora)
        )
    if desempate:
        condicion |= Q(estado=EstadoActa.Estado.CONFLICTO) & _ronda_libre(RONDA_DESEMPATE, ahora)
    qs = (
        EstadoActa.objects.filter(condicion, llegada__isnull=False)
        .exclude(
            Exists(
                Captura.objects.filter(
                    acta=OuterRef("acta_id"), usuario=usuario, corrige__isnull=True
                )
            )
        )
        .exclude(Exists(_activas(ahora).filter(usuario=usuario)))
    )
    if excluir:
        qs = qs.exclude(pk__in=excluir)
    return qs.order_by("llegada", "id")


def _ronda_para(estado: EstadoActa, *, usuario: Any, ahora: datetime) -> int | None:
    """With the acta's row locked, the round this user may take now (fresh reads)."""
    capturas = list(
        Captura.objects.filter(acta_id=estado.acta_id, corrige__isnull=True).values_list(
            "ronda", "usuario_id"
        )
    )
    activas = list(
        Asignacion.objects.filter(
            acta_id=estado.acta_id, terminada=False, expira__gt=ahora
        ).values_list("ronda", "usuario_id")
    )
    if any(u == usuario.pk for _, u in capturas + activas):
        return None
    ocupadas = {r for r, _ in capturas + activas}
    ciegas, desempate = _rondas_posibles(usuario)
    if estado.estado == EstadoActa.Estado.DIGITALIZADA and ciegas:
        for r in RONDAS_CIEGAS:
            if r not in ocupadas:
                return r
    if estado.estado == EstadoActa.Estado.CONFLICTO and desempate:
        if RONDA_DESEMPATE not in ocupadas:
            return RONDA_DESEMPATE
    return None


def ultima_digitalizacion(acta_id: int) -> Digitalizacion | None:
    return (
        Digitalizacion.objects.filter(acta_id=acta_id, fuera_catalogo=False)
        .select_related("imagen")
        .order_by("-version")
        .first()
    )


def asignacion_vigente(*, usuario: Any, ahora: datetime | None = None) -> Asignacion | None:
    ahora = ahora or timezone.now()
    return (
        Asignacion.objects.filter(usuario=usuario, terminada=False, expira__gt=ahora)
        .select_related("acta", "digitalizacion__imagen")
        .order_by("asignada_en")
        .first()
    )


def _sigue_esperando(asignacion: Asignacion) -> bool:
    """Does the acta of this lease still wait for the lease's round?"""
    estado = (
        EstadoActa.objects.filter(acta_id=asignacion.acta_id)
        .values_list("estado", flat=True)
        .first()
    )
    if estado == EstadoActa.Estado.VERIFICADA:
        return False
    if asignacion.ronda == RONDA_DESEMPATE:
        return estado == EstadoActa.Estado.CONFLICTO
    return True


def tomar_siguiente(*, usuario: Any, ahora: datetime | None = None) -> Asignacion | None:
    """Lease the oldest-arrived acta that still needs a round this user has not done.

    Returns the user's current lease if it has one that has not expired, a new lease, or None
    when nothing is waiting for this user. Rounds 1 and 2 need the CAPTURA role; round 3 (only
    for actas in CONFLICTO, by a third person) needs VERIFICACION.
    """
    roles.require_role(usuario, prep_roles.CAPTURA, prep_roles.VERIFICACION)
    ahora = ahora or timezone.now()
    saltar = connection.features.has_select_for_update_skip_locked
    excluir: set[int] = set()
    with transaction.atomic():
        vigente = asignacion_vigente(usuario=usuario, ahora=ahora)
        if vigente is not None and _sigue_esperando(vigente):
            return vigente
        if vigente is not None:
            # A supervisor decided the acta (or registered it sin acta) while this lease was
            # open: close the lease and hand out the next acta instead of a dead one.
            Asignacion.objects.filter(pk=vigente.pk).update(terminada=True)
        for _ in range(INTENTOS_COLA):
            qs = _candidatas(usuario=usuario, ahora=ahora, excluir=excluir)
            if saltar:
                qs = qs.select_for_update(skip_locked=True, of=("self",))
            elif connection.features.has_select_for_update:
                qs = qs.select_for_update(of=("self",))
            estado = qs.first()
            if estado is None and saltar:
                # Everything visible may just be locked by other operators taking leases:
                # wait for those short transactions instead of reporting an empty queue.
                saltar = False
                continue
            if estado is None:
                return None
            ronda = _ronda_para(estado, usuario=usuario, ahora=ahora)
            if ronda is None:  # the snapshot was stale: someone took it meanwhile
                excluir.add(estado.pk)
                continue
            digitalizacion = ultima_digitalizacion(estado.acta_id)
            if digitalizacion is None:
                excluir.add(estado.pk)
                continue
            asignacion = Asignacion.objects.create(
                acta_id=estado.acta_id,
                usuario=usuario,
                ronda=ronda,
                asignada_en=ahora,
                expira=ahora + DURACION_ASIGNACION,
                digitalizacion=digitalizacion,
            )
            # Touch the row so a concurrent reader that already skipped it re-reads it.
            EstadoActa.objects.filter(pk=estado.pk).update(actualizado=ahora)
            return Asignacion.objects.select_related("acta", "digitalizacion__imagen").get(
                pk=asignacion.pk
            )
    return None


def liberar(*, usuario: Any, asignacion: Asignacion, ahora: datetime | None = None) -> None:
    """Give a lease back before it expires (the operator skips the acta)."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        EstadoActa.objects.select_for_update().get(acta_id=asignacion.acta_id)
        asig = Asignacion.objects.select_for_update().get(pk=asignacion.pk)
        if asig.usuario_id != usuario.pk:
            raise PermissionDenied("Esta asignación es de otra persona.")
        if asig.terminada or asig.expira <= ahora:
            return
        asig.expira = ahora
        asig.save(update_fields=["expira"])


def siguiente_para_precarga(*, usuario: Any, ahora: datetime | None = None) -> Asignacion | None:
    """Peek (without leasing) at what the queue would likely hand out next, for prefetching.

    Returns an unsaved Asignacion carrying the acta and its latest image, or None.
    """
    ahora = ahora or timezone.now()
    estado = _candidatas(usuario=usuario, ahora=ahora, excluir=set()).first()
    if estado is None:
        return None
    digitalizacion = ultima_digitalizacion(estado.acta_id)
    if digitalizacion is None:
        return None
    return Asignacion(acta_id=estado.acta_id, usuario=usuario, digitalizacion=digitalizacion)


# --- capture ----------------------------------------------------------------------------------


def _firma(valores: dict[str, Any]) -> str:
    return "|".join(f"{k}={valores[k]}" for k in sorted(valores))


def _resumen(captura: Captura) -> dict[str, Any]:
    return {
        "acta": captura.acta.clave,
        "ronda": captura.ronda,
        "digitalizacion": captura.digitalizacion_id,
        "valores": captura.valores,
    }


def registrar_captura(
    *,
    usuario: Any,
    asignacion: Asignacion,
    valores: dict[str, Any],
    iniciada_en: datetime | None = None,
    ahora: datetime | None = None,
) -> ResultadoCaptura:
    """Record one capture and, if it completes a pair, consolidate it in the same transaction.

    Rounds 1 and 2 equal → Verificacion COINCIDENCIA (acta VERIFICADA); different → CONFLICTO.
    Round 3 equal to one of them → Verificacion TERCERA; otherwise the acta waits for a
    supervisor. Raises CapturaError / PermissionDenied and writes nothing on bad input.
    """
    roles.require_role(usuario, prep_roles.CAPTURA, prep_roles.VERIFICACION)
    ahora = ahora or timezone.now()
    acta = ActaEsperada.objects.select_related("casilla", "demarcacion", "eleccion__proceso").get(
        pk=asignacion.acta_id
    )
    campos = campos_mod.campos_de(acta)
    try:
        limpios = campos_mod.validar_valores(campos, valores)
    except campos_mod.ValoresInvalidos as exc:
        raise CapturaError(str(exc), code="valores_invalidos", params=exc.errores) from exc

    with transaction.atomic():
        estado = EstadoActa.objects.select_for_update().get(acta_id=acta.pk)
        asig = Asignacion.objects.select_for_update().get(pk=asignacion.pk)
        if asig.usuario_id != usuario.pk:
            raise PermissionDenied("Esta asignación es de otra persona.")
        if asig.terminada:
            raise CapturaError("Esta asignación ya fue capturada.", code="terminada")
        ronda = asig.ronda
        if ronda == RONDA_DESEMPATE:
            roles.require_role(usuario, prep_roles.VERIFICACION)
            esperado = EstadoActa.Estado.CONFLICTO
        else:
            roles.require_role(usuario, prep_roles.CAPTURA)
            esperado = EstadoActa.Estado.DIGITALIZADA
        if estado.estado != esperado:
            raise CapturaError(
                "El acta ya no espera esta captura (estado: "
                f"{EstadoActa.Estado(estado.estado).label}).",
                code="estado",
            )
        previas = list(
            Captura.objects.filter(acta=acta, corrige__isnull=True)
            .select_related("usuario")
            .order_by("ronda")
        )
        if any(c.usuario_id == usuario.pk for c in previas):
            raise CapturaError(
                "Usted ya capturó esta acta; la otra captura debe hacerla otra persona.",
                code="ciega",
            )
        if any(c.ronda == ronda for c in previas):
            raise CapturaError("Esta ronda de captura ya está hecha.", code="ronda_hecha")
        if asig.expira <= ahora:
            otra = Asignacion.objects.filter(
                acta=acta, ronda=ronda, terminada=False, expira__gt=ahora
            ).exclude(pk=asig.pk)
            if otra.exists():
                raise CapturaError(
                    "Su asignación expiró y el acta se entregó a otra persona.", code="expirada"
                )
        digitalizacion = asig.digitalizacion or ultima_digitalizacion(acta.pk)
        if digitalizacion is None:
            raise CapturaError("El acta no tiene imagen.", code="sin_imagen")

        captura = Captura.objects.create(
            acta=acta,
            digitalizacion=digitalizacion,
            usuario=usuario,
            ronda=ronda,
            valores=limpios,
            iniciada_en=iniciada_en,
            creado=ahora,
        )
        asig.terminada = True
        asig.save(update_fields=["terminada"])
        estado.capturas = len(previas) + 1
        audit.record(actor=usuario, action="prep.captura", obj=captura, after=_resumen(captura))

        verificacion: Verificacion | None = None
        todas = [*previas, captura]
        por_ronda = {c.ronda: c for c in todas}
        if ronda in RONDAS_CIEGAS and all(r in por_ronda for r in RONDAS_CIEGAS):
            c1, c2 = por_ronda[1], por_ronda[2]
            if _firma(c1.valores) == _firma(c2.valores):
                verificacion = crear_verificacion(
                    acta=acta,
                    metodo=Verificacion.Metodo.COINCIDENCIA,
                    valores=limpios,
                    campos=campos,
                    capturado_en=min(c1.creado, c2.creado),
                    verificado_en=ahora,
                    digitalizacion=digitalizacion,
                    capturas=[c1, c2],
                    usuario=usuario,
                )
            else:
                estado.estado = EstadoActa.Estado.CONFLICTO
                diferentes = sorted(k for k in c1.valores if c1.valores.get(k) != c2.valores.get(k))
                audit.record(
                    actor=usuario,
                    action="prep.conflicto",
                    obj=estado,
                    after={"acta": acta.clave, "campos": diferentes, "capturas": [c1.pk, c2.pk]},
                )
        elif ronda == RONDA_DESEMPATE:
            igual = [c for c in previas if _firma(c.valores) == _firma(limpios)]
            if igual:
                verificacion = crear_verificacion(
                    acta=acta,
                    metodo=Verificacion.Metodo.TERCERA,
                    valores=limpios,
                    campos=campos,
                    capturado_en=min(c.creado for c in todas),
                    verificado_en=ahora,
                    digitalizacion=digitalizacion,
                    capturas=[igual[0], captura],
                    usuario=usuario,
                )
            else:
                audit.record(
                    actor=usuario,
                    action="prep.conflicto",
                    obj=estado,
                    after={
                        "acta": acta.clave,
                        "tercera_sin_coincidencia": True,
                        "capturas": [c.pk for c in todas],
                    },
                )
        if verificacion is not None:
            estado.estado = EstadoActa.Estado.VERIFICADA
        estado.save(update_fields=["estado", "capturas", "actualizado"])
        return ResultadoCaptura(captura=captura, estado=estado.estado, verificacion=verificacion)
