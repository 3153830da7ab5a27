"""The cómputo session (legal.md §1.2) as services: keyword-only, one transaction each, the audit
event inside, a Spanish `ErrorComputo` and nothing changed on any refusal.

States advance one at a time (`avanzar`); each figure is accepted only in its stage (what is in
hand before the session, the cotejo, the recount, the pleno's decisions); the consejo's row is
locked (`SELECT … FOR UPDATE`) by every write, so two people racing on the same casilla or stage
are serialised and the second one sees what the first did.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from ople.catalog import selectors as catalogo
from ople.computos import calculo, selectors
from ople.computos import roles as r
from ople.computos.models import (
    ActaEnMano,
    AcuerdoRecuento,
    CapturaCotejo,
    CondicionPaquete,
    Consejo,
    Cotejo,
    DecisionReservado,
    EnRecuento,
    Expediente,
    GrupoTrabajo,
    Integrante,
    ResultadoRecuento,
    Sesion,
    SolicitudRecuentoTotal,
    Transicion,
    VersionComputo,
    VotoReservado,
)
from ople.computos.services import documentos
from ople.core import audit, roles, scopes
from ople.core.accounts import DEMARCATION, PARTY
from ople.core.errors import OpleError
from ople.ley import actas
from ople.ley import recuento as ley_recuento
from ople.ley.boleta import NULOS

E = Sesion.Estado
ORDEN: tuple[str, ...] = tuple(E.values)


class ErrorComputo(OpleError):
    """A refusal of the cómputos (Spanish message); nothing was changed."""


def _error(codigo: str, mensaje: str) -> ErrorComputo:
    return ErrorComputo(codigo, mensaje)


def _ahora(ahora: datetime | None) -> datetime:
    return ahora or timezone.now()


def _bloquear(consejo: Consejo) -> Sesion:
    """Lock the consejo's session row for the rest of the transaction and return it fresh."""
    return Sesion.objects.select_for_update().select_related("consejo").get(consejo=consejo)


def _en_estado(sesion: Sesion, *estados: str, que: str) -> None:
    if sesion.estado not in estados:
        etiquetas = ", ".join(str(E(e).label).lower() for e in estados)
        raise _error(
            "etapa_cerrada",
            f"No se puede {que}: la sesión está en «{sesion.get_estado_display()}» "
            f"y esto solo se admite en: {etiquetas}. No se registró nada.",
        )


def _votos_validos(votos: Mapping[str, Any], bol: calculo.Boleta) -> dict[str, int]:
    """The figures, checked against the consejo's ballot: every column, whole numbers ≥ 0."""
    if not isinstance(votos, Mapping):
        raise _error("cifras_invalidas", "Las cifras deben darse por columna de la boleta.")
    faltan = [c for c in bol.nombres if c not in votos]
    sobran = sorted(set(votos) - set(bol.nombres))
    if sobran:
        raise _error(
            "cifras_invalidas", f"Columnas que no están en la boleta: {', '.join(sobran)}."
        )
    if faltan:
        raise _error("cifras_invalidas", f"Faltan cifras de: {', '.join(faltan)}.")
    salida: dict[str, int] = {}
    for c in bol.nombres:
        v = votos[c]
        if isinstance(v, str) and v.strip().isdigit():
            v = int(v.strip())
        if not isinstance(v, int) or isinstance(v, bool) or v < 0 or v > 100_000:
            raise _error(
                "cifras_invalidas", f"La cifra de {c} debe ser un número entero entre 0 y 100000."
            )
        salida[c] = v
    return salida


def _personal(usuario: Any, *rol: str, consejo: Consejo) -> None:
    """A staff member with one of `rol` who works in `consejo` (roles.CENTRAL: in every one)."""
    roles.require_role(usuario, *rol)
    selectors.exigir_consejo(usuario, consejo)


def _representante_de(usuario: Any, consejo: Consejo) -> str:
    """The party a representative acts for in this consejo (PermissionDenied otherwise)."""
    scopes.require_scope(usuario, DEMARCATION, consejo.clave)
    partidos = sorted(scopes.scopes_of(usuario, PARTY))
    if len(partidos) != 1:
        raise PermissionDenied("Su cuenta debe representar exactamente a un partido.")
    return partidos[0]


# --- consejos from the catalog -----------------------------------------------------------------


def crear_consejos(
    *, proceso: Any, usuario: Any | None = None, ahora: datetime | None = None
) -> int:
    """One consejo per demarcación of the process's diputaciones and ayuntamientos, with its
    session and one expediente per casilla. Existing consejos are left alone. Returns how many
    were created."""
    ahora = _ahora(ahora)
    creados = 0
    calculo.olvidar_boletas()
    with transaction.atomic():
        for eleccion in proceso.elecciones.filter(tipo__in=[actas.DIP_LOC, actas.AYUN]):
            distrital = eleccion.tipo == actas.DIP_LOC
            for dem in eleccion.demarcaciones.order_by("clave"):
                clave = f"{'CD' if distrital else 'CM'}{dem.clave:02d}"
                if Consejo.objects.filter(demarcacion=dem).exists():
                    continue
                consejo = Consejo.objects.create(
                    demarcacion=dem,
                    clave=clave,
                    tipo=Consejo.Tipo.DISTRITAL if distrital else Consejo.Tipo.MUNICIPAL,
                    nombre=(
                        f"Consejo Distrital {dem.clave:02d}"
                        if distrital
                        else f"Consejo Municipal de {dem.nombre}"
                    ),
                    sede=dem.nombre,
                )
                Sesion.objects.create(consejo=consejo, actualizado=ahora)
                Expediente.objects.bulk_create(
                    [
                        Expediente(consejo=consejo, casilla=c, clave=c.clave)
                        for c in catalogo.casillas_de(dem).order_by("clave")
                    ]
                )
                creados += 1
        audit.record(
            actor=usuario,
            action="computos.crear_consejos",
            object_type="catalog.procesoelectoral",
            object_id=str(proceso.pk),
            after={"creados": creados},
        )
    return creados


def registrar_integrante(
    *,
    consejo: Consejo,
    cargo: str,
    nombre: str,
    usuario: Any,
    persona: Any | None = None,
    partido: str = "",
    ahora: datetime | None = None,
) -> Integrante:
    # The consejo's presidencia or secretaría; the coordinación (central) too, which is how a
    # new consejo gets its first presidencia and secretaría (ADR 0051).
    if not roles.has_role(usuario, r.CENTRAL):
        _personal(usuario, r.PRESIDENCIA, r.SECRETARIA, consejo=consejo)
    if cargo not in Integrante.Cargo.values:
        raise _error("cargo_invalido", f"Cargo desconocido: {cargo}.")
    if persona is not None and scopes.is_outside(persona) != (
        cargo == Integrante.Cargo.REPRESENTACION
    ):
        raise _error(
            "cuenta_invalida",
            "Una representación de partido usa una cuenta externa; el personal del consejo, "
            "una cuenta del instituto.",
        )
    if (cargo == Integrante.Cargo.REPRESENTACION) != bool(partido):
        raise _error("cargo_invalido", "Solo una representación lleva partido, y debe llevarlo.")
    if partido and partido not in calculo.boleta_de(consejo).partidos:
        raise _error(
            "partido_invalido", f"{partido} no es un partido de la boleta de este consejo."
        )
    if not nombre.strip():
        raise _error("nombre_vacio", "Indique el nombre del integrante.")
    with transaction.atomic():
        i = Integrante.objects.create(
            consejo=consejo,
            usuario=persona,
            cargo=cargo,
            nombre=nombre.strip()[:200],
            partido=partido,
            creado=_ahora(ahora),
        )
        audit.record(
            actor=usuario,
            action="computos.integrante",
            obj=i,
            after={
                "consejo": consejo.clave,
                "cargo": cargo,
                "nombre": i.nombre,
                "partido": partido,
                # the account this gives access to the consejo (ADR 0051), if any
                "cuenta": persona.get_username() if persona is not None else "",
            },
        )
    return i


# --- before the session --------------------------------------------------------------------


def registrar_acta(
    *,
    expediente: Expediente,
    origen: str,
    votos: Mapping[str, Any],
    usuario: Any,
    partido: str = "",
    personas_votaron: int | None = None,
    votos_sacados: int | None = None,
    ilegibles: Sequence[str] = (),
    alteraciones_evidentes: bool = False,
    imagen_sha256: str = "",
    ahora: datetime | None = None,
) -> ActaEnMano:
    """Record an acta's figures in hand (the package's, the presidency's copy, a
    representative's copy) before the session."""
    consejo = expediente.consejo
    if origen == ActaEnMano.Origen.REPRESENTACION:
        partido = _representante_de(usuario, consejo)
    else:
        _personal(usuario, r.PRESIDENCIA, r.SECRETARIA, consejo=expediente.consejo)
    if origen not in ActaEnMano.Origen.values:
        raise _error("origen_invalido", f"Origen desconocido: {origen}.")
    bol = calculo.boleta_de(consejo)
    ilegibles = [c for c in ilegibles if c in bol.nombres]
    if not isinstance(votos, Mapping):
        raise _error("cifras_invalidas", "Las cifras deben darse por columna de la boleta.")
    completos = {c: v for c, v in votos.items() if c not in ilegibles}
    cifras = _votos_validos({**completos, **dict.fromkeys(ilegibles, 0)}, bol)
    for c in ilegibles:
        cifras.pop(c)
    with transaction.atomic():
        sesion = _bloquear(consejo)
        _en_estado(
            sesion, E.DISPONIBILIDAD_ACTAS, E.REUNION_DE_TRABAJO, que="registrar actas en mano"
        )
        a = ActaEnMano.objects.create(
            expediente=expediente,
            origen=origen,
            partido=partido,
            votos=cifras,
            ilegibles=sorted(ilegibles),
            personas_votaron=personas_votaron,
            votos_sacados=votos_sacados,
            alteraciones_evidentes=alteraciones_evidentes,
            imagen_sha256=imagen_sha256,
            usuario=usuario if getattr(usuario, "is_authenticated", False) else None,
            creado=_ahora(ahora),
        )
        audit.record(
            actor=usuario,
            action="computos.acta_en_mano",
            obj=a,
            after={
                "casilla": expediente.clave,
                "origen": origen,
                "partido": partido,
                "votos": cifras,
                "ilegibles": sorted(ilegibles),
            },
        )
    return a


def importar_prep(*, consejo: Consejo, usuario: Any, ahora: datetime | None = None) -> int:
    """Copy the PREP's verified figures of each casilla as an acta in hand (origin PREP)."""
    from ople.prep import selectors as prep

    _personal(usuario, r.PRESIDENCIA, r.SECRETARIA, consejo=consejo)
    ahora = _ahora(ahora)
    bol = calculo.boleta_de(consejo)
    with transaction.atomic():
        sesion = _bloquear(consejo)
        _en_estado(sesion, E.DISPONIBILIDAD_ACTAS, que="traer las actas del PREP")
        verificadas = prep.ultimas_verificaciones(
            hasta=ahora,
            eleccion=consejo.demarcacion.eleccion,
            relacionados=("acta", "digitalizacion__imagen"),
        )
        por_casilla = {
            v.acta.casilla_id: v
            for v in verificadas.values()
            if v.acta.demarcacion_id == consejo.demarcacion_id and v.metodo != "SIN_ACTA"
        }
        ya = set(
            ActaEnMano.objects.filter(
                expediente__consejo=consejo, origen=ActaEnMano.Origen.PREP
            ).values_list("expediente_id", flat=True)
        )
        nuevas = []
        for exp in consejo.expedientes.all():
            v = por_casilla.get(exp.casilla_id)
            if v is None or exp.pk in ya:
                continue
            valores = v.valores
            votos = {c: int(valores[c]) for c in bol.nombres if isinstance(valores.get(c), int)}
            ilegibles = [c for c in bol.nombres if not isinstance(valores.get(c), int)]
            dig = v.digitalizacion
            nuevas.append(
                ActaEnMano(
                    expediente=exp,
                    origen=ActaEnMano.Origen.PREP,
                    votos=votos,
                    ilegibles=ilegibles,
                    personas_votaron=valores.get("TOTAL_PERSONAS_VOTARON")
                    if isinstance(valores.get("TOTAL_PERSONAS_VOTARON"), int)
                    else None,
                    votos_sacados=valores.get("TOTAL_VOTOS_SACADOS")
                    if isinstance(valores.get("TOTAL_VOTOS_SACADOS"), int)
                    else None,
                    imagen_sha256=dig.imagen.sha256 if dig is not None else "",
                    usuario=None,
                    creado=ahora,
                )
            )
        ActaEnMano.objects.bulk_create(nuevas)
        audit.record(
            actor=usuario,
            action="computos.importar_prep",
            obj=consejo,
            after={"consejo": consejo.clave, "actas": len(nuevas)},
        )
    return len(nuevas)


def registrar_condicion(
    *,
    expediente: Expediente,
    usuario: Any,
    con_alteracion: bool,
    inconsistencia_aclarada: bool = False,
    descripcion: str = "",
    ahora: datetime | None = None,
) -> CondicionPaquete:
    """The consejo's own record of a package's condition: the signs of alteration (C7) only for
    a casilla whose package the paquetes system does not track (there, its custody events
    decide), and whether an inconsistency was cleared up (C4) for any casilla."""
    _personal(usuario, r.PRESIDENCIA, r.SECRETARIA, consejo=expediente.consejo)
    if con_alteracion and calculo.condicion_de(expediente) is not None:
        raise _error(
            "condicion_en_paquetes",
            f"El paquete de la casilla {expediente.clave} lo registra el sistema de paquetes: "
            "sus muestras de alteración se anotan al recibirlo en el consejo (o como corrección "
            "de ese evento), no aquí.",
        )
    with transaction.atomic():
        sesion = _bloquear(expediente.consejo)
        _en_estado(
            sesion,
            E.DISPONIBILIDAD_ACTAS,
            E.REUNION_DE_TRABAJO,
            que="registrar la condición del paquete",
        )
        c = CondicionPaquete.objects.create(
            expediente=expediente,
            con_alteracion=con_alteracion,
            inconsistencia_aclarada=inconsistencia_aclarada,
            descripcion=descripcion[:2000],
            usuario=usuario,
            creado=_ahora(ahora),
        )
        audit.record(
            actor=usuario,
            action="computos.condicion_paquete",
            obj=c,
            after={
                "casilla": expediente.clave,
                "con_alteracion": con_alteracion,
                "inconsistencia_aclarada": inconsistencia_aclarada,
            },
        )
    return c


def aprobar_recuento(
    *,
    consejo: Consejo,
    usuario: Any,
    casillas: Sequence[str],
    sede: str,
    grupos: int,
    puntos_por_grupo: int,
    segmentos: int = 40,
    ahora: datetime | None = None,
) -> AcuerdoRecuento:
    """The sesión extraordinaria approves the casillas to re-count (with the causes each one
    has), the grupos de trabajo and their puntos de recuento, and the sede."""
    _personal(usuario, r.PRESIDENCIA, consejo=consejo)
    ahora = _ahora(ahora)
    if grupos < 0 or grupos > 50 or puntos_por_grupo < 0 or puntos_por_grupo > 50:
        raise _error("plan_invalido", "Grupos y puntos de recuento deben estar entre 0 y 50.")
    if not sede.strip():
        raise _error("plan_invalido", "Indique la sede del cómputo.")
    bol = calculo.boleta_de(consejo)
    seccion = calculo.seccion_perfil(consejo)
    with transaction.atomic():
        sesion = _bloquear(consejo)
        _en_estado(sesion, E.SESION_EXTRAORDINARIA, que="aprobar la lista de recuento")
        if AcuerdoRecuento.objects.filter(consejo=consejo).exists():
            raise _error("ya_aprobado", "La lista de recuento de este consejo ya fue aprobada.")
        expedientes = {
            e.clave: e for e in consejo.expedientes.prefetch_related("actas", "condiciones")
        }
        desconocidas = sorted(set(casillas) - set(expedientes))
        if desconocidas:
            raise _error(
                "casilla_desconocida",
                f"Casillas que no son de este consejo: {', '.join(desconocidas)}.",
            )
        lista = []
        condiciones = calculo.condiciones_paquete(consejo)
        for clave in sorted(set(casillas)):
            exp = expedientes[clave]
            causas = list(calculo.causales_de(exp, bol, condiciones=condiciones))
            lista.append({"clave": clave, "causales": causas})
            EnRecuento.objects.create(
                expediente=exp,
                causales=causas,
                momento=EnRecuento.Momento.LISTA,
                en_pleno="C7" in causas,
                creado=ahora,
            )
        pl = seccion.planeacion
        plan = ley_recuento.planear_grupos(
            len(lista),
            segmentos=max(segmentos, 1),
            umbral_grupos=pl.umbral_grupos,
            grupos=pl.max_grupos,
            max_puntos_por_grupo=pl.max_puntos_por_grupo,
        )
        acuerdo = AcuerdoRecuento.objects.create(
            consejo=consejo,
            casillas=lista,
            grupos=grupos,
            puntos_por_grupo=puntos_por_grupo,
            plan={
                "nota": "Planeación con las constantes del perfil; no es regla legal.",
                "grupos": plan.grupos,
                "puntos_por_grupo": plan.puntos_por_grupo,
                "segmentos": plan.segmentos,
                "suficiente": plan.suficiente,
                "en_pleno": plan.en_pleno,
            },
            sede=sede.strip()[:200],
            usuario=usuario,
            creado=ahora,
        )
        for n in range(1, grupos + 1):
            GrupoTrabajo.objects.create(consejo=consejo, numero=n, puntos_recuento=puntos_por_grupo)
        audit.record(
            actor=usuario,
            action="computos.aprobar_recuento",
            obj=acuerdo,
            after={
                "consejo": consejo.clave,
                "casillas": lista,
                "grupos": grupos,
                "puntos_por_grupo": puntos_por_grupo,
                "sede": acuerdo.sede,
            },
        )
    return acuerdo


# the stages in which a GT is designated or its chair replaced: from the sesión extraordinaria
# that creates the GTs to the end of the recount
DESIGNACION_GT = (
    E.SESION_EXTRAORDINARIA,
    E.SESION_COMPUTO_INICIO,
    E.COTEJO_EN_PLENO,
    E.RECUENTO_EN_GT,
)


def designar_grupo(
    *,
    grupo: GrupoTrabajo,
    usuario: Any,
    presidencia: Any,
    auxiliares: str = "",
    puntos_recuento: int | None = None,
) -> GrupoTrabajo:
    """Designate who chairs a grupo de trabajo (an account with the GT role, or None), its
    auxiliaries and, when given, its puntos de recuento."""
    _personal(usuario, r.PRESIDENCIA, consejo=grupo.consejo)
    if presidencia is not None and r.GRUPO not in roles.role_names(presidencia):
        raise _error(
            "presidencia_invalida",
            f"La cuenta {presidencia.get_username()} no tiene el rol de grupo de trabajo.",
        )
    if puntos_recuento is not None and not 0 <= puntos_recuento <= 50:
        raise _error("plan_invalido", "Los puntos de recuento deben estar entre 0 y 50.")
    with transaction.atomic():
        sesion = _bloquear(grupo.consejo)
        _en_estado(sesion, *DESIGNACION_GT, que="designar un grupo de trabajo")
        antes = GrupoTrabajo.objects.get(pk=grupo.pk)
        puntos = antes.puntos_recuento if puntos_recuento is None else puntos_recuento
        GrupoTrabajo.objects.filter(pk=grupo.pk).update(
            presidencia=presidencia, auxiliares=auxiliares.strip()[:2000], puntos_recuento=puntos
        )
        grupo.refresh_from_db()
        audit.record(
            actor=usuario,
            action="computos.designar_grupo",
            obj=grupo,
            before={
                "presidencia": antes.presidencia_id,
                "auxiliares": antes.auxiliares,
                "puntos_recuento": antes.puntos_recuento,
            },
            after={
                "consejo": grupo.consejo.clave,
                "grupo": grupo.numero,
                "presidencia": getattr(presidencia, "pk", None),
                "auxiliares": grupo.auxiliares,
                "puntos_recuento": grupo.puntos_recuento,
            },
        )
    return grupo


# --- the state machine ---------------------------------------------------------------------


def pendientes(sesion: Sesion) -> list[str]:
    """What must be done before the session can leave its current state (Spanish)."""
    consejo = sesion.consejo
    e = sesion.estado
    exps = consejo.expedientes
    if (
        e == E.SESION_EXTRAORDINARIA
        and not AcuerdoRecuento.objects.filter(consejo=consejo).exists()
    ):
        return ["Aprobar la lista de casillas a recontar, los grupos de trabajo y la sede."]
    if e == E.COTEJO_EN_PLENO:
        faltan = exps.filter(en_recuento__isnull=True, cotejo__isnull=True)
        return [f"Cotejar la casilla {x.clave}." for x in faltan]
    if e == E.RECUENTO_EN_GT:
        faltan = exps.filter(
            en_recuento__isnull=False, en_recuento__en_pleno=False, recuento__isnull=True
        )
        return [f"Recontar la casilla {x.clave} en un grupo de trabajo." for x in faltan]
    if e == E.VOTOS_RESERVADOS_PLENO:
        sin_decidir = VotoReservado.objects.filter(
            recuento__expediente__consejo=consejo,
            decision__isnull=True,
            recuento__expediente__en_recuento__en_pleno=False,
        ).select_related("recuento__expediente")
        return [
            f"Decidir el voto reservado {v.numero} de {v.recuento.expediente.clave}."
            for v in sin_decidir
        ]
    if e == E.PAQUETES_CON_ALTERACION:
        faltan_r = exps.filter(en_recuento__en_pleno=True, recuento__isnull=True)
        faltan_v = VotoReservado.objects.filter(
            recuento__expediente__consejo=consejo, decision__isnull=True
        ).select_related("recuento__expediente")
        return [f"Recontar en el pleno el paquete alterado {x.clave}." for x in faltan_r] + [
            f"Decidir el voto reservado {v.numero} de {v.recuento.expediente.clave}."
            for v in faltan_v
        ]
    return []


def avanzar(
    *, sesion: Sesion, usuario: Any, motivo: str = "", ahora: datetime | None = None
) -> Sesion:
    """Move the session to its next state (never skipping one), once nothing is pending.
    Entering the sum computes a version; entering the acta issues it; entering the declaration
    of validity issues the constancia de mayoría."""
    _personal(usuario, r.PRESIDENCIA, consejo=sesion.consejo)
    ahora = _ahora(ahora)
    with transaction.atomic():
        s = _bloquear(sesion.consejo)
        if s.estado != sesion.estado:
            raise _error(
                "estado_cambiado",
                f"La sesión ya está en «{s.get_estado_display()}»; recargue la página.",
            )
        i = ORDEN.index(s.estado)
        if i + 1 >= len(ORDEN):
            raise _error("sesion_concluida", "La sesión ya concluyó.")
        faltan = pendientes(s)
        if faltan:
            raise _error(
                "pendientes",
                f"No se puede avanzar: quedan {len(faltan)} pendientes (p. ej. {faltan[0]})",
            )
        desde, hacia = s.estado, ORDEN[i + 1]
        s.estado = hacia
        s.actualizado = ahora
        s.save(update_fields=["estado", "actualizado"])
        t = Transicion.objects.create(
            sesion=s, desde=desde, hacia=hacia, usuario=usuario, motivo=motivo[:2000], creado=ahora
        )
        audit.record(
            actor=usuario,
            action="computos.avanzar",
            obj=t,
            after={"consejo": s.consejo.clave, "desde": desde, "hacia": hacia},
        )
        if hacia == E.SUMA_Y_DISTRIBUCION:
            _nueva_version(s.consejo, usuario=usuario, ahora=ahora)
        elif hacia == E.ACTA_DE_COMPUTO:
            documentos.emitir_acta(consejo=s.consejo, usuario=usuario, ahora=ahora)
        elif hacia == E.VALIDEZ_Y_CONSTANCIA:
            documentos.emitir_constancia_mayoria(consejo=s.consejo, usuario=usuario, ahora=ahora)
    return s


# --- total recount -------------------------------------------------------------------------


def solicitar_recuento_total(
    *, consejo: Consejo, usuario: Any, ahora: datetime | None = None
) -> SolicitudRecuentoTotal:
    """A representative of the second place's party asks for a total recount (at the start of
    the session or at the final check). It proceeds when the difference is ≤ the profile's
    threshold of the profile's base; then every casilla (at the end: every one not already
    re-counted, if the profile says so) goes to recount."""
    partido = _representante_de(usuario, consejo)
    ahora = _ahora(ahora)
    bol = calculo.boleta_de(consejo)
    seccion = calculo.seccion_perfil(consejo)
    with transaction.atomic():
        s = _bloquear(consejo)
        _en_estado(
            s, E.SESION_COMPUTO_INICIO, E.VERIFICA_RECUENTO_TOTAL, que="solicitar el recuento total"
        )
        inicio = s.estado == E.SESION_COMPUTO_INICIO
        if s.recuento_total:
            raise _error(
                "ya_recuento_total", "En este cómputo ya se hizo el recuento total de los paquetes."
            )
        exps = list(
            consejo.expedientes.prefetch_related(
                "actas", "recuento__reservados__decision", "cotejo"
            )
        )
        if inicio:
            filas = [f for f in (calculo.cifras_en_mano(x) for x in exps) if f is not None]
        else:
            filas = [f[0] for f in (calculo.cifras_computadas(x) for x in exps) if f is not None]
        por_columna = calculo.sumar_columnas(filas, bol.nombres)
        por_candidatura, _ = calculo.resultados(por_columna, bol, seccion)
        base = ley_recuento.base_recuento(por_columna, seccion.recuento_total.base)
        prueba = ley_recuento.prueba_recuento_total(
            por_candidatura, base=base, solicitado=True, umbral=seccion.recuento_total.umbral_puntos
        )
        segunda = next((c for c in bol.candidaturas if c.clave == prueba.segundo), None)
        if segunda is None or partido not in segunda.partidos:
            raise PermissionDenied(
                "Solo la representación del partido que postula a la candidatura en segundo "
                f"lugar ({prueba.segundo or 'ninguna'}) puede solicitar el recuento total."
            )
        sol = SolicitudRecuentoTotal.objects.create(
            sesion=s,
            momento=SolicitudRecuentoTotal.Momento.INICIO
            if inicio
            else SolicitudRecuentoTotal.Momento.FINAL,
            partido=partido,
            usuario=usuario,
            prueba={
                "primero": prueba.primero,
                "segundo": prueba.segundo,
                "diferencia": prueba.diferencia,
                "base": prueba.base,
                "regla_base": seccion.recuento_total.base,
                "puntos": prueba.puntos_texto(4),
                "puntos_fraccion": f"{prueba.puntos.numerator}/{prueba.puntos.denominator}",
                "umbral": str(seccion.recuento_total.umbral_puntos),
            },
            procede=prueba.procede,
            creado=ahora,
        )
        enviadas = 0
        if prueba.procede:
            s.recuento_total = True
            momento = EnRecuento.Momento.TOTAL_INICIO if inicio else EnRecuento.Momento.TOTAL_FINAL
            for x in exps:
                if hasattr(x, "en_recuento"):
                    continue
                EnRecuento.objects.create(expediente=x, causales=[], momento=momento, creado=ahora)
                enviadas += 1
            if not inicio:
                if not seccion.recuento_total.excluir_ya_recontadas:
                    raise _error(
                        "no_soportado",
                        "El perfil pide recontar también las casillas ya recontadas; este "
                        "sistema conserva un solo recuento por casilla.",
                    )
                # Back to the GTs: the casillas accepted at the cotejo are re-counted now.
                Transicion.objects.create(
                    sesion=s,
                    desde=s.estado,
                    hacia=E.RECUENTO_EN_GT,
                    usuario=usuario,
                    motivo="Recuento total al final del cómputo",
                    creado=ahora,
                )
                s.estado = E.RECUENTO_EN_GT
                if not GrupoTrabajo.objects.filter(consejo=consejo).exists():
                    GrupoTrabajo.objects.create(consejo=consejo, numero=1, puntos_recuento=1)
            s.actualizado = ahora
            s.save(update_fields=["recuento_total", "estado", "actualizado"])
        audit.record(
            actor=usuario,
            action="computos.solicitar_recuento_total",
            obj=sol,
            after={
                "consejo": consejo.clave,
                "partido": partido,
                **sol.prueba,
                "procede": sol.procede,
                "casillas_enviadas": enviadas,
            },
        )
    return sol


# --- cotejo ----------------------------------------------------------------------------------


def capturar_cotejo(
    *, expediente: Expediente, usuario: Any, votos: Mapping[str, Any], ahora: datetime | None = None
) -> Cotejo | CapturaCotejo:
    """The figures of the package's acta read aloud at the cotejo. A first person captures them;
    a second person confirms by capturing them again (blind). When both agree the cotejo is
    decided: accepted when nothing differs and no cause applies, sent to recount otherwise.
    Returns the `Cotejo` once decided, the pending `CapturaCotejo` before."""
    _personal(usuario, r.CAPTURA, r.PRESIDENCIA, r.SECRETARIA, consejo=expediente.consejo)
    ahora = _ahora(ahora)
    consejo = expediente.consejo
    bol = calculo.boleta_de(consejo)
    cifras = _votos_validos(votos, bol)
    with transaction.atomic():
        s = _bloquear(consejo)
        _en_estado(s, E.COTEJO_EN_PLENO, que="capturar cifras de cotejo")
        exp = Expediente.objects.prefetch_related("actas", "condiciones").get(pk=expediente.pk)
        if EnRecuento.objects.filter(expediente=exp).exists():
            raise _error("en_recuento", f"La casilla {exp.clave} va a recuento; no se coteja.")
        if Cotejo.objects.filter(expediente=exp).exists():
            raise _error("ya_cotejada", f"La casilla {exp.clave} ya fue cotejada.")
        pendiente = CapturaCotejo.objects.filter(expediente=exp, ronda=1).order_by("-id").first()
        if pendiente is None or pendiente.usuario_id == usuario.pk:
            cap = CapturaCotejo.objects.create(
                expediente=exp, ronda=1, votos=cifras, usuario=usuario, creado=ahora
            )
            audit.record(
                actor=usuario,
                action="computos.cotejo_captura",
                obj=cap,
                after={"casilla": exp.clave, "ronda": 1, "votos": cifras},
            )
            return cap
        if dict(pendiente.votos) != cifras:
            raise _error(
                "no_coincide",
                f"Las cifras no coinciden con la primera captura de {exp.clave}; "
                "vuelvan a leer el acta. No se registró la confirmación.",
            )
        conf = CapturaCotejo.objects.create(
            expediente=exp, ronda=2, votos=cifras, usuario=usuario, creado=ahora
        )
        causas = list(calculo.causales_de(exp, bol, paquete=cifras))
        resultado = Cotejo.Resultado.A_RECUENTO if causas else Cotejo.Resultado.ACEPTADA
        cot = Cotejo.objects.create(
            expediente=exp,
            votos=cifras,
            resultado=resultado,
            causales=causas,
            captura=pendiente,
            confirmacion=conf,
            creado=ahora,
        )
        if causas:
            EnRecuento.objects.create(
                expediente=exp,
                causales=causas,
                momento=EnRecuento.Momento.COTEJO,
                en_pleno="C7" in causas,
                creado=ahora,
            )
        audit.record(
            actor=usuario,
            action="computos.cotejo",
            obj=cot,
            after={
                "casilla": exp.clave,
                "resultado": resultado,
                "causales": causas,
                "votos": cifras,
                "capturo": pendiente.usuario_id,
                "confirmo": usuario.pk,
            },
        )
    return cot


# --- recount ---------------------------------------------------------------------------------


def registrar_recuento(
    *,
    expediente: Expediente,
    usuario: Any,
    votos: Mapping[str, Any],
    reservados: Sequence[str] = (),
    grupo: GrupoTrabajo | None = None,
    ahora: datetime | None = None,
) -> ResultadoRecuento:
    """A casilla's re-counted figures (reserved ballots apart, each with its description, for the
    pleno). In a GT during the recount; in the pleno for a package with signs of alteration.
    One result per casilla: a second submission is refused."""
    _personal(usuario, r.GRUPO, r.PRESIDENCIA, consejo=expediente.consejo)
    ahora = _ahora(ahora)
    consejo = expediente.consejo
    bol = calculo.boleta_de(consejo)
    cifras = _votos_validos(votos, bol)
    reservados = [x.strip()[:300] or "Voto reservado" for x in reservados]
    if len(reservados) > 500:
        raise _error("cifras_invalidas", "Demasiados votos reservados.")
    if grupo is not None and grupo.consejo_id != consejo.pk:
        raise _error("grupo_ajeno", "El grupo de trabajo no es de este consejo.")
    try:
        # The audit events (the folio's and the recount's) are appended at the end, so the
        # chain's head is locked only for the COMMIT (ADR 0048).
        with transaction.atomic(), audit.deferred():
            s = _bloquear(consejo)
            en = EnRecuento.objects.filter(expediente=expediente).first()
            if en is None:
                raise _error("sin_recuento", f"La casilla {expediente.clave} no está en recuento.")
            if en.en_pleno:
                _en_estado(
                    s,
                    E.PAQUETES_CON_ALTERACION,
                    que="registrar el recuento de un paquete con alteración",
                )
            else:
                _en_estado(s, E.RECUENTO_EN_GT, que="registrar resultados de recuento")
            if ResultadoRecuento.objects.filter(expediente=expediente).exists():
                raise _error(
                    "ya_recontada", f"La casilla {expediente.clave} ya tiene resultado de recuento."
                )
            res = ResultadoRecuento.objects.create(
                expediente=expediente, grupo=grupo, votos=cifras, usuario=usuario, creado=ahora
            )
            VotoReservado.objects.bulk_create(
                [
                    VotoReservado(recuento=res, numero=i, descripcion=d, creado=ahora)
                    for i, d in enumerate(reservados, 1)
                ]
            )
            documentos.emitir_constancia_recuento(
                resultado=res, usuario=usuario, ahora=ahora, reservados=reservados
            )
            audit.record(
                actor=usuario,
                action="computos.recuento",
                obj=res,
                after={
                    "casilla": expediente.clave,
                    "grupo": grupo.numero if grupo else None,
                    "votos": cifras,
                    "reservados": reservados,
                    "constancia": res.constancia_folio,
                },
            )
    except IntegrityError:
        raise _error(
            "ya_recontada", f"La casilla {expediente.clave} ya tiene resultado de recuento."
        ) from None
    return res


def decidir_reservado(
    *, voto: VotoReservado, usuario: Any, columna: str, ahora: datetime | None = None
) -> DecisionReservado:
    """The pleno's final decision on a reserved ballot: the column it counts for, or NULOS."""
    _personal(usuario, r.PRESIDENCIA, consejo=voto.recuento.expediente.consejo)
    ahora = _ahora(ahora)
    consejo = voto.recuento.expediente.consejo
    bol = calculo.boleta_de(consejo)
    if columna not in bol.nombres:
        raise _error("columna_invalida", f"«{columna}» no es una columna de la boleta.")
    with transaction.atomic():
        s = _bloquear(consejo)
        _en_estado(
            s, E.VOTOS_RESERVADOS_PLENO, E.PAQUETES_CON_ALTERACION, que="decidir votos reservados"
        )
        if DecisionReservado.objects.filter(voto=voto).exists():
            raise _error("ya_decidido", "Ese voto reservado ya fue decidido por el pleno.")
        d = DecisionReservado.objects.create(
            voto=voto, columna=columna, usuario=usuario, creado=ahora
        )
        audit.record(
            actor=usuario,
            action="computos.decidir_reservado",
            obj=d,
            after={
                "casilla": voto.recuento.expediente.clave,
                "numero": voto.numero,
                "columna": columna,
                "nulo": columna == NULOS,
            },
        )
    return d


# --- the sum and its versions ----------------------------------------------------------------


def _casillas_y_suma(consejo: Consejo) -> tuple[dict[str, Any], dict[str, int]]:
    bol = calculo.boleta_de(consejo)
    casillas: dict[str, Any] = {}
    filas = []
    for x in consejo.expedientes.prefetch_related(
        "recuento__reservados__decision", "cotejo", "en_recuento"
    ):
        c = calculo.cifras_computadas(x)
        if c is None:
            continue
        en = getattr(x, "en_recuento", None)
        casillas[x.clave] = {
            "votos": c[0],
            "fuente": c[1],
            "causales": list(en.causales) if en else [],
            "momento": en.momento if en else "",
        }
        filas.append(c[0])
    return casillas, calculo.sumar_columnas(filas, bol.nombres)


def _guardar_version(
    consejo: Consejo,
    *,
    casillas: dict[str, Any],
    usuario: Any,
    ahora: datetime,
    origen: str = VersionComputo.Origen.IEE,
    **judicial: Any,
) -> VersionComputo:
    bol = calculo.boleta_de(consejo)
    seccion = calculo.seccion_perfil(consejo)
    por_columna = calculo.sumar_columnas([c["votos"] for c in casillas.values()], bol.nombres)
    por_candidatura, distribuido = calculo.resultados(por_columna, bol, seccion)
    ultima = VersionComputo.objects.filter(consejo=consejo).order_by("-numero").first()
    v = VersionComputo.objects.create(
        consejo=consejo,
        numero=(ultima.numero + 1) if ultima else 1,
        origen=origen,
        casillas=casillas,
        por_columna=por_columna,
        por_candidatura=por_candidatura,
        distribuido=distribuido,
        usuario=usuario if getattr(usuario, "is_authenticated", False) else None,
        creado=ahora,
        **judicial,
    )
    audit.record(
        actor=usuario,
        action="computos.version",
        obj=v,
        after={
            "consejo": consejo.clave,
            "numero": v.numero,
            "origen": origen,
            "por_candidatura": por_candidatura,
            "distribuido": distribuido,
            **{k: str(val) for k, val in judicial.items()},
        },
    )
    return v


def _nueva_version(consejo: Consejo, *, usuario: Any, ahora: datetime) -> VersionComputo:
    casillas, _ = _casillas_y_suma(consejo)
    return _guardar_version(consejo, casillas=casillas, usuario=usuario, ahora=ahora)


def registrar_resolucion(
    *,
    consejo: Consejo,
    usuario: Any,
    origen: str,
    expediente_judicial: str,
    fecha: Any,
    resolucion: str,
    anuladas: Sequence[str] = (),
    modificadas: Mapping[str, Mapping[str, Any]] | None = None,
    ahora: datetime | None = None,
) -> VersionComputo:
    """A court ruling that annuls casillas or modifies figures: a new version of the cómputo
    (the earlier ones stay, public)."""
    _personal(usuario, r.PRESIDENCIA, r.SECRETARIA, consejo=consejo)
    ahora = _ahora(ahora)
    if origen not in VersionComputo.Origen.values or origen == VersionComputo.Origen.IEE:
        raise _error("origen_invalido", "El origen debe ser TEEA, SM o SUP.")
    if not expediente_judicial.strip():
        raise _error("sin_expediente", "Indique el número de expediente de la resolución.")
    bol = calculo.boleta_de(consejo)
    modificadas = {k: _votos_validos(v, bol) for k, v in (modificadas or {}).items()}
    with transaction.atomic():
        _bloquear(consejo)
        ultima = VersionComputo.objects.filter(consejo=consejo).order_by("-numero").first()
        if ultima is None:
            raise _error("sin_computo", "Este consejo aún no tiene un cómputo que modificar.")
        casillas = {k: dict(v) for k, v in ultima.casillas.items()}
        desconocidas = sorted((set(anuladas) | set(modificadas)) - set(casillas))
        if desconocidas:
            raise _error(
                "casilla_desconocida", f"Casillas fuera del cómputo: {', '.join(desconocidas)}."
            )
        for clave in anuladas:
            casillas.pop(clave)
        for clave, votos in modificadas.items():
            casillas[clave] = {**casillas[clave], "votos": votos, "fuente": origen}
        return _guardar_version(
            consejo,
            casillas=casillas,
            usuario=usuario,
            ahora=ahora,
            origen=origen,
            expediente_judicial=expediente_judicial.strip()[:80],
            fecha_resolucion=fecha,
            resolucion=resolucion[:4000],
        )


def umbral(consejo: Consejo) -> Fraction:
    return calculo.seccion_perfil(consejo).recuento_total.umbral_puntos
