"""What other systems and the pages read of candidacies (never the models directly)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet

from ople.candidaturas import notificaciones
from ople.candidaturas import perfil as perfil_candidaturas
from ople.candidaturas.models import Candidatura, Documento, Ficha, Prevencion, Siglado
from ople.catalog.models import Eleccion, Partido
from ople.core import scopes
from ople.ley import paridad, plazos


def visibles(user: Any) -> QuerySet[Candidatura]:
    """The candidacies ``user`` may see: a representative, their party's; staff, all."""
    qs = Candidatura.objects.select_related(
        "eleccion", "demarcacion", "partido", "coalicion", "propietario", "suplente"
    )
    return scopes.restrict_to_scope(qs, user, "partido", "partido__siglas")


@dataclass(frozen=True)
class Requisito:
    tipo: str
    nombre: str
    rol: str  # "P" propietario, "S" suplente
    documento: Documento | None
    prevenido: bool

    @property
    def estado(self) -> str:
        if self.documento is None:
            return "Falta" if not self.prevenido else "Falta (prevenido)"
        return "Presentado"


def requisitos(candidatura: Candidatura, documentos: tuple[str, ...]) -> list[Requisito]:
    """The checklist: each required document per person, the last one filed, whether prevented."""
    ultimos: dict[tuple[str, str], Documento] = {}
    for d in candidatura.documentos.order_by("subido", "pk"):
        ultimos[(d.tipo, d.rol)] = d
    pendiente = candidatura.prevenciones.filter(atendida__isnull=True).first()
    prevenidos = set(pendiente.faltantes) if pendiente else set()
    tipos = list(documentos)
    if candidatura.accion_afirmativa:
        tipos.append("accion_afirmativa")
    roles = ["P"] + (["S"] if candidatura.suplente_id else [])
    return [
        Requisito(
            tipo=t,
            nombre=perfil_candidaturas.NOMBRE_DOCUMENTO.get(t, t),
            rol=r,
            documento=ultimos.get((t, r)),
            prevenido=f"{t}:{r}" in prevenidos,
        )
        for r in roles
        for t in tipos
        if not (r == "S" and t == "accion_afirmativa")
    ]


def prevencion_vigente(candidatura: Candidatura) -> Prevencion | None:
    p = candidatura.prevenciones.filter(atendida__isnull=True).first()
    return None if p is None else con_vencimiento(p)


def con_vencimiento(p: Prevencion) -> Prevencion:
    """``p`` with ``vence`` filled in from its notice's effect when known (shown, not saved:
    the notice in estrados decides it, ADR 0055)."""
    if p.vence is None:
        p.vence = vence(p)
    return p


def vencimiento(eleccion: Eleccion, desde: datetime) -> datetime:
    """When a prevención served at ``desde`` runs out: the profile's hours (default 48), every
    hour counting during the process (LGSMIME art. 7.1) — ``ley.plazos.vence_en_horas``."""
    from ople import profiles

    perfil = profiles.cargar(eleccion.proceso.perfil)
    horas = perfil_candidaturas.de(perfil).plazo_prevencion_horas
    return plazos.vence_en_horas(
        perfil.calendario,
        desde,
        horas,
        materia="electoral",
        proceso=perfil.periodo_proceso,
    )


def vence(prevencion: Prevencion) -> datetime | None:
    """The prevención's deadline: fixed when it was issued without a notice, else counted from
    the notice's effect in estrados; None while the notice has not been served (the term has
    not begun)."""
    if prevencion.vence is not None:
        return prevencion.vence
    efecto = notificaciones.surte_efectos(prevencion.notificacion)
    if efecto is None:
        return None
    return vencimiento(prevencion.candidatura.eleccion, efecto)


def simultaneas(eleccion_proceso_id: int) -> dict[str, list[Candidatura]]:
    """Persons registered more than once in a process (across parties or offices), by CURP."""
    por_curp: dict[str, list[Candidatura]] = defaultdict(list)
    qs = (
        Candidatura.objects.filter(eleccion__proceso_id=eleccion_proceso_id)
        .exclude(estado=Candidatura.Estado.NEGADA)
        .select_related("propietario", "suplente", "partido", "demarcacion")
    )
    for c in qs:
        por_curp[c.propietario.curp].append(c)
        if c.suplente_id:
            por_curp[c.suplente.curp].append(c)  # type: ignore[union-attr]
    return {k: v for k, v in por_curp.items() if len(v) > 1}


@dataclass(frozen=True)
class InformeParidad:
    partido: str
    resumen: paridad.ResumenParidad
    fallas: list[paridad.Incumplimiento]


def informe_paridad(
    eleccion: Eleccion,
    reglas: paridad.ReglasParidad,
    *,
    votacion: dict[str, dict[str, Fraction | None]] | None = None,
) -> list[InformeParidad]:
    """Per party: the MR slate's parity (horizontal, blocks, quotas) and its RP lists'."""
    informes = []
    qs = (
        Candidatura.objects.filter(eleccion=eleccion, partido__isnull=False)
        .exclude(estado=Candidatura.Estado.NEGADA)
        .select_related("partido", "demarcacion", "propietario", "suplente")
        .order_by("partido__orden", "demarcacion__clave", "posicion")
    )
    por_partido: dict[str, list[Candidatura]] = defaultdict(list)
    for c in qs:
        por_partido[c.partido.siglas].append(c)  # type: ignore[union-attr]
    for siglas, cands in por_partido.items():
        mr = [
            paridad.Postulacion(
                f"{c.demarcacion.nombre}",
                _formula(c),
                frozenset({c.accion_afirmativa}) if c.accion_afirmativa else frozenset(),
            )
            for c in cands
            if c.principio == "MR" and c.posicion == 1
        ]
        listas: dict[str, list[paridad.Formula]] = defaultdict(list)
        for c in cands:
            if c.principio == "RP" or c.posicion > 1:
                listas[f"{c.cargo} {c.demarcacion.nombre}"].append(_formula(c))
        v = (votacion or {}).get(siglas)
        try:
            fallas = paridad.verificar_postulaciones(
                mr, reglas, votacion=v, listas=listas, donde=siglas
            )
        except paridad.ParidadInvalida as exc:
            fallas = [paridad.Incumplimiento("DATOS", siglas, str(exc))]
        informes.append(
            InformeParidad(siglas, paridad.resumen(mr, reglas, votacion=v, fallas=fallas), fallas)
        )
    return informes


def _formula(c: Candidatura) -> paridad.Formula:
    return paridad.Formula(
        c.propietario.genero,  # type: ignore[arg-type]
        c.suplente.genero if c.suplente_id else None,  # type: ignore[union-attr,arg-type]
    )


def lista_ordenada(*, eleccion: Eleccion, partido: Partido, cargo: str) -> list[Candidatura]:
    """An approved RP list in order (for the cómputos' "from seats to people", legal.md §2.3)."""
    return list(
        Candidatura.objects.filter(
            eleccion=eleccion,
            partido=partido,
            cargo=cargo,
            principio=Candidatura.Principio.RP,
            estado=Candidatura.Estado.APROBADA,
        )
        .select_related("propietario", "suplente")
        .order_by("posicion")
    )


def listas_rp(
    *, proceso: Any, tipo: str = Eleccion.Tipo.DIPUTACIONES
) -> dict[str, list[Candidatura]]:
    """Each party's approved RP list for the ``tipo`` election of ``proceso`` (by default the
    Congress), in order: {siglas: [candidacies by posición]} (the cómputo estatal's "from seats to
    people", legal.md §2.3). Parties without an approved RP candidacy are absent."""
    listas: dict[str, list[Candidatura]] = defaultdict(list)
    for c in _rp_aprobadas(proceso, tipo).order_by("partido__orden", "posicion", "pk"):
        assert c.partido is not None
        listas[c.partido.siglas].append(c)
    return dict(listas)


def _rp_aprobadas(proceso: Any, tipo: str) -> QuerySet[Candidatura]:
    return Candidatura.objects.filter(
        eleccion__proceso=proceso,
        eleccion__tipo=tipo,
        principio=Candidatura.Principio.RP,
        estado=Candidatura.Estado.APROBADA,
        partido__isnull=False,
    ).select_related("demarcacion", "partido", "propietario", "suplente")


def listas_rp_por_demarcacion(
    *, proceso: Any, tipo: str = Eleccion.Tipo.AYUNTAMIENTOS
) -> dict[int, dict[str, list[Candidatura]]]:
    """Each demarcación's approved RP lists for the ``tipo`` election of ``proceso`` (by default
    the ayuntamientos' regidurías RP, one list per party and municipio): {demarcación's clave:
    {siglas: [candidacies by posición]}} (the cómputo estatal's "from seats to people" for each
    cabildo, legal.md §2.3). Demarcaciones and parties without an approved list are absent."""
    listas: dict[int, dict[str, list[Candidatura]]] = defaultdict(dict)
    orden = ("demarcacion__clave", "partido__orden", "posicion", "pk")
    for c in _rp_aprobadas(proceso, tipo).order_by(*orden):
        assert c.partido is not None
        listas[c.demarcacion.clave].setdefault(c.partido.siglas, []).append(c)
    return dict(listas)


def generos_mr(*, proceso: Any) -> dict[tuple[int, str], tuple[str, ...]]:
    """The gender of the propietario of each approved MR fórmula of ``proceso``, by position (a
    distrito's one fórmula; a planilla's presidencia, sindicatura and regidurías as registered),
    for the cómputo estatal's count of women among the MR winners (the parity of the whole body,
    legal.md §2.3): (demarcación id, the candidacy as the ballot names it: the party's siglas or
    the coalition's name) → (``M``, ``H`` or ``X``, …)."""
    generos: dict[tuple[int, str], list[str]] = defaultdict(list)
    for c in (
        Candidatura.objects.filter(
            eleccion__proceso=proceso,
            principio=Candidatura.Principio.MR,
            estado=Candidatura.Estado.APROBADA,
        )
        .select_related("partido", "coalicion", "propietario")
        .order_by("demarcacion_id", "posicion", "pk")
    ):
        nombre = c.coalicion.nombre if c.coalicion is not None else getattr(c.partido, "siglas", "")
        if nombre:
            generos[(c.demarcacion_id, nombre)].append(c.propietario.genero)
    return {k: tuple(v) for k, v in generos.items()}


def siglado(*, proceso: Any) -> dict[tuple[int, str], str]:
    """The siglado registered for ``proceso`` (``services.coaliciones.registrar_siglado``):
    (demarcación id, coalition name) → the siglas of the party its convenio gives that
    demarcación's candidacy to."""
    return {
        (s.demarcacion_id, s.coalicion.nombre): s.partido.siglas
        for s in Siglado.objects.filter(coalicion__eleccion__proceso=proceso).select_related(
            "coalicion", "partido"
        )
    }


def ficha_vigente(candidatura: Candidatura) -> Ficha | None:
    return candidatura.fichas.order_by("-capturada", "-pk").first()


def votacion_previa(eleccion: Eleccion) -> dict[str, dict[str, Fraction | None]]:
    """Per party siglas, per demarcación name: the previous vote share (None: no history)."""
    from ople.candidaturas.models import VotacionPrevia

    salida: dict[str, dict[str, Fraction | None]] = defaultdict(dict)
    nombres = list(eleccion.demarcaciones.values_list("nombre", flat=True))
    filas = VotacionPrevia.objects.filter(eleccion=eleccion).select_related(
        "partido", "demarcacion"
    )
    for v in filas:
        salida[v.partido.siglas][v.demarcacion.nombre] = (
            Fraction(v.votos, v.total) if v.total else None
        )
    for siglas in list(salida):
        for n in nombres:
            salida[siglas].setdefault(n, None)
    return dict(salida)


@dataclass(frozen=True)
class Cumplimiento:
    partido: str
    aprobadas: int
    respondieron: int
    pendientes: list[Candidatura]


def cumplimiento_conoceles() -> list[Cumplimiento]:
    """Per party: approved candidacies and who has not answered Conóceles (for the Consejo)."""
    por_partido: dict[str, list[Candidatura]] = defaultdict(list)
    qs = (
        Candidatura.objects.filter(estado=Candidatura.Estado.APROBADA)
        .select_related("partido", "coalicion", "propietario", "demarcacion")
        .prefetch_related("fichas")
    )
    for c in qs:
        por_partido[c.postulante].append(c)
    salida = []
    for postulante, cands in sorted(por_partido.items()):
        pendientes = [c for c in cands if not c.fichas.all()]
        salida.append(
            Cumplimiento(postulante, len(cands), len(cands) - len(pendientes), pendientes)
        )
    return salida
