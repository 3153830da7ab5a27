"""Reads of the electoral catalog shared by every ople system."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.db.models import Count, Q, QuerySet, Sum

from .models import (
    Candidatura,
    Casilla,
    Coalicion,
    ConjuntoLimites,
    Demarcacion,
    DistritoFederal,
    DistritoLocal,
    Eleccion,
    Entidad,
    LimiteSeccion,
    Municipio,
    OpcionBoleta,
    Partido,
    ProcesoElectoral,
    Seccion,
)

# --- ballot columns ----------------------------------------------------------------------------


def columnas_de(eleccion: Eleccion) -> list[OpcionBoleta]:
    """Every vote column of the election in INE order: the CSV column set of its PREP file.

    A column that does not apply in an acta's demarcación is printed as "-" (see `aplica`).
    """
    return list(eleccion.opciones.prefetch_related("partidos").order_by("orden"))


@dataclass(frozen=True)
class _Contexto:
    alianzas: list[tuple[Coalicion, frozenset[str]]]
    independientes: frozenset[int]


def _contexto(demarcacion: Demarcacion) -> _Contexto:
    alianzas = [
        (c, frozenset(p.siglas for p in c.partidos.all()))
        for c in Coalicion.objects.filter(demarcaciones=demarcacion).prefetch_related("partidos")
    ]
    independientes = cast(
        frozenset[int],  # numero_ci__isnull=False
        frozenset(
            Candidatura.objects.filter(
                demarcacion=demarcacion, numero_ci__isnull=False
            ).values_list("numero_ci", flat=True)
        ),
    )
    return _Contexto(alianzas=alianzas, independientes=independientes)


def _aplica(opcion: OpcionBoleta, ctx: _Contexto) -> bool:
    siglas = frozenset(p.siglas for p in opcion.partidos.all())
    if opcion.tipo == OpcionBoleta.Tipo.COMBINACION:
        return any(
            c.tipo == Coalicion.Tipo.COALICION and siglas <= miembros
            for c, miembros in ctx.alianzas
        )
    if opcion.tipo == OpcionBoleta.Tipo.CANDIDATURA_COMUN:
        return any(
            c.tipo == Coalicion.Tipo.CANDIDATURA_COMUN and siglas == miembros
            for c, miembros in ctx.alianzas
        )
    if opcion.tipo == OpcionBoleta.Tipo.INDEPENDIENTE:
        return opcion.numero_ci in ctx.independientes
    return True  # parties, no registradas, nulos: on every ballot of the election


def aplica(opcion: OpcionBoleta, demarcacion: Demarcacion) -> bool:
    """Whether the column is on the ballot of that demarcación."""
    return _aplica(opcion, _contexto(demarcacion))


def opciones_de(demarcacion: Demarcacion) -> list[OpcionBoleta]:
    """The ballot columns that apply in that demarcación, in INE order."""
    ctx = _contexto(demarcacion)
    return [o for o in columnas_de(demarcacion.eleccion) if _aplica(o, ctx)]


def opciones_por_demarcacion(eleccion: Eleccion) -> dict[int, list[str]]:
    """{demarcacion.clave: [columna, …]} for the whole election (few queries; for bulk work)."""
    columnas = columnas_de(eleccion)
    salida: dict[int, list[str]] = {}
    for dem in eleccion.demarcaciones.all():
        ctx = _contexto(dem)
        salida[dem.clave] = [o.columna for o in columnas if _aplica(o, ctx)]
    return salida


def candidatura_de_opcion(*, opcion: OpcionBoleta, demarcacion: Demarcacion) -> Candidatura | None:
    """The candidacy a column's votes count for in that demarcación ("by candidacy" totals).

    A party column feeds its coalition's (or candidatura común's) candidacy where the party is
    allied in that demarcación, otherwise its own; a combination or CC column feeds the alliance
    that holds those parties there; CAND_IND_n feeds independent n. NO_REGISTRADOS, NULOS and
    columns that do not apply give None.
    """
    ctx = _contexto(demarcacion)
    if not _aplica(opcion, ctx):
        return None
    candidaturas = Candidatura.objects.filter(demarcacion=demarcacion)
    if opcion.tipo == OpcionBoleta.Tipo.INDEPENDIENTE:
        return candidaturas.filter(numero_ci=opcion.numero_ci).first()
    if opcion.tipo in (OpcionBoleta.Tipo.NO_REGISTRADAS, OpcionBoleta.Tipo.NULOS):
        return None
    siglas = frozenset(p.siglas for p in opcion.partidos.all())
    for coalicion, miembros in ctx.alianzas:
        if siglas <= miembros:
            return candidaturas.filter(coalicion=coalicion).first()
    if opcion.tipo == OpcionBoleta.Tipo.PARTIDO:
        return candidaturas.filter(partido__siglas__in=siglas, coalicion__isnull=True).first()
    return None


# --- territory ---------------------------------------------------------------------------------


def casillas_de(demarcacion: Demarcacion) -> QuerySet[Casilla]:
    """The casillas whose votes count in that demarcación."""
    qs = Casilla.objects.select_related("seccion")
    if demarcacion.tipo == Demarcacion.Tipo.DISTRITO_LOCAL:
        return qs.filter(seccion__distrito_local_id=demarcacion.distrito_local_id)
    if demarcacion.tipo == Demarcacion.Tipo.MUNICIPIO:
        return qs.filter(seccion__municipio_id=cast(int, demarcacion.municipio_id))
    return qs.filter(seccion__entidad__clave=demarcacion.clave)


def demarcacion_de(*, eleccion: Eleccion, seccion: Seccion) -> Demarcacion | None:
    """The demarcación of that election a sección votes in."""
    dems = eleccion.demarcaciones.all()
    for d in dems:
        if (
            d.tipo == Demarcacion.Tipo.DISTRITO_LOCAL
            and d.distrito_local_id == seccion.distrito_local_id
        ):
            return d
        if d.tipo == Demarcacion.Tipo.MUNICIPIO and d.municipio_id == seccion.municipio_id:
            return d
        if d.tipo == Demarcacion.Tipo.ENTIDAD:
            return d
    return None


def conjunto_activo(entidad: Entidad) -> ConjuntoLimites | None:
    """The active boundary set (MapIt 'generation') of the entidad, if any."""
    return ConjuntoLimites.objects.filter(entidad=entidad, activo=True).first()


def limites(conjunto: ConjuntoLimites) -> QuerySet[LimiteSeccion]:
    """The sección polygons of a boundary set (GeoJSON + bounding box), sección preloaded."""
    return conjunto.limites.select_related(
        "seccion", "seccion__municipio", "seccion__distrito_local", "seccion__distrito_federal"
    ).order_by("seccion__numero")


def limites_activos(entidad: Entidad) -> QuerySet[LimiteSeccion]:
    conjunto = conjunto_activo(entidad)
    if conjunto is None:
        return LimiteSeccion.objects.none()
    return limites(conjunto)


# --- processes ---------------------------------------------------------------------------------


def procesos_activos() -> QuerySet[ProcesoElectoral]:
    """The processes marked active, the most recent election day first."""
    return ProcesoElectoral.objects.filter(activo=True).order_by("-fecha_jornada")


def proceso_activo() -> ProcesoElectoral | None:
    """The active process: the one every system works on when none is named (None if none)."""
    return procesos_activos().first()


def entidades_del_proceso(proceso: ProcesoElectoral) -> set[int]:
    """Ids of the entidades whose casillas a process counts.

    Its own entidad, plus those of the distritos and municipios its elections cover: a local
    process has one, the synthetic national process (`ople.catalog.nacional`) has 32.
    """
    ids = {proceso.entidad_id}
    dems = Demarcacion.objects.filter(eleccion__proceso=proceso)
    for campo in ("distrito_local__entidad_id", "municipio__entidad_id"):
        ids.update(dems.exclude(**{campo: None}).values_list(campo, flat=True).distinct())
    return ids


# --- public catalog page -----------------------------------------------------------------------


def entidad_principal() -> Entidad | None:
    return Entidad.objects.order_by("clave").first()


def resumen_distritos(entidad: Entidad) -> QuerySet[DistritoLocal]:
    """Local districts with n_secciones, n_casillas and lista_nominal annotated."""
    return (
        DistritoLocal.objects.filter(entidad=entidad)
        .annotate(
            n_secciones=Count("secciones", distinct=True),
            n_casillas=Count("secciones__casillas", distinct=True),
            lista_nominal=Sum("secciones__casillas__lista_nominal"),
        )
        .order_by("numero")
    )


def secciones_de_distrito(distrito: DistritoLocal) -> QuerySet[Seccion]:
    """The district's secciones with n_casillas, n_especiales and lista_nominal annotated."""
    return (
        distrito.secciones.select_related("municipio", "distrito_federal")
        .annotate(
            n_casillas=Count("casillas"),
            n_especiales=Count("casillas", filter=Q(casillas__tipo=Casilla.Tipo.ESPECIAL)),
            lista_nominal=Sum("casillas__lista_nominal"),
        )
        .order_by("numero")
    )


def nombre_de_partido(siglas: str) -> str | None:
    """The party's name by its siglas (its latest registration), or None when there is none."""
    partido = Partido.objects.filter(siglas=siglas).order_by("-proceso_id").first()
    return partido.nombre if partido else None


def coaliciones_de(demarcacion: Demarcacion) -> dict[str, tuple[str, ...]]:
    """{coalition name: its parties' siglas in ballot order} for the coalitions (not candidaturas
    comunes) contesting that demarcación: what makes a party's column count for a coalition's
    candidacy (the cómputos' candidacy totals)."""
    salida: dict[str, tuple[str, ...]] = {}
    for c in Coalicion.objects.filter(
        demarcaciones=demarcacion, tipo=Coalicion.Tipo.COALICION
    ).prefetch_related("partidos"):
        salida[c.nombre] = tuple(p.siglas for p in sorted(c.partidos.all(), key=lambda p: p.orden))
    return salida


def cifras_catalogo() -> dict[str, int]:
    """How many of each thing the catalog holds (every entidad and process loaded)."""
    return {
        "municipios": Municipio.objects.count(),
        "distritos_locales": DistritoLocal.objects.count(),
        "distritos_federales": DistritoFederal.objects.count(),
        "secciones": Seccion.objects.count(),
        "casillas": Casilla.objects.count(),
        "elecciones": Eleccion.objects.count(),
        "partidos": Partido.objects.count(),
        "coaliciones": Coalicion.objects.count(),
    }
