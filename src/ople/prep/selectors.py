"""Reads of PREP capture state: the supervision dashboard and what a publication cut needs.

Every function here runs a fixed number of aggregate queries, whatever the number of actas.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.utils import timezone

from ople.prep.campos import Campo, campos_de
from ople.prep.models import (
    Acopio,
    ActaEsperada,
    Asignacion,
    Captura,
    Corte,
    Digitalizacion,
    EstadoActa,
    Verificacion,
)

# --- dashboard ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilaAvance:
    eleccion_id: int
    eleccion: str
    distrito: int | None  # distrito local of the casilla's sección
    esperadas: int
    acopiadas: int
    digitalizadas: int
    capturadas: int  # at least one capture, or registered sin acta
    verificadas: int
    contabilizadas: int
    conflictos: int


@dataclass(frozen=True)
class Tablero:
    filas: list[FilaAvance]
    totales: list[FilaAvance]  # one per election
    cola_captura: int  # actas waiting for round 1 or 2
    cola_desempate: int  # actas in conflict waiting for a third capture
    conflictos: int  # actas in conflict (third capture or supervisor)
    asignaciones_activas: int
    capturas_por_operador: list[tuple[str, int]]  # last hour, most first
    generado_en: datetime


def _avance(proceso: Any) -> list[FilaAvance]:
    ultima = Verificacion.objects.filter(acta=OuterRef("pk")).order_by("-version")
    # Group by election and distrito; conditional counts over the annotations.
    qs = (
        ActaEsperada.objects.filter(eleccion__proceso=proceso)
        .annotate(
            _acop=Exists(Acopio.objects.filter(acta=OuterRef("pk"))),
            _dig=Exists(Digitalizacion.objects.filter(acta=OuterRef("pk"))),
            _capt=Exists(Captura.objects.filter(acta=OuterRef("pk"))),
            _ver=Exists(Verificacion.objects.filter(acta=OuterRef("pk"))),
            _cont=Subquery(ultima.values("contabilizada")[:1]),
        )
        .values(
            "eleccion_id",
            "eleccion__nombre",
            "eleccion__orden",
            "casilla__seccion__distrito_local__numero",
        )
        .annotate(
            esperadas=Count("pk"),
            acopiadas=Count("pk", filter=Q(_acop=True)),
            digitalizadas=Count("pk", filter=Q(_dig=True)),
            capturadas=Count("pk", filter=Q(_capt=True) | Q(_ver=True)),
            verificadas=Count("pk", filter=Q(_ver=True)),
            contabilizadas=Count("pk", filter=Q(_cont=True)),
            conflictos=Count("pk", filter=Q(estado__estado=EstadoActa.Estado.CONFLICTO)),
        )
        .order_by("eleccion__orden", "eleccion_id", "casilla__seccion__distrito_local__numero")
    )
    return [
        FilaAvance(
            eleccion_id=r["eleccion_id"],
            eleccion=r["eleccion__nombre"],
            distrito=r["casilla__seccion__distrito_local__numero"],
            esperadas=r["esperadas"],
            acopiadas=r["acopiadas"],
            digitalizadas=r["digitalizadas"],
            capturadas=r["capturadas"],
            verificadas=r["verificadas"],
            contabilizadas=r["contabilizadas"],
            conflictos=r["conflictos"],
        )
        for r in qs
    ]


def _totales(filas: list[FilaAvance]) -> list[FilaAvance]:
    por: dict[int, FilaAvance] = {}
    campos = (
        "esperadas",
        "acopiadas",
        "digitalizadas",
        "capturadas",
        "verificadas",
        "contabilizadas",
        "conflictos",
    )
    for f in filas:
        previo = por.get(f.eleccion_id)
        if previo is None:
            por[f.eleccion_id] = FilaAvance(**{**f.__dict__, "distrito": None})
        else:
            suma = {c: getattr(previo, c) + getattr(f, c) for c in campos}
            por[f.eleccion_id] = FilaAvance(
                eleccion_id=f.eleccion_id, eleccion=f.eleccion, distrito=None, **suma
            )
    return list(por.values())


def tablero(*, proceso: Any, ahora: datetime | None = None) -> Tablero:
    """Progress per election and distrito, queue lengths, conflicts and throughput."""
    ahora = ahora or timezone.now()
    filas = _avance(proceso)
    estados = EstadoActa.objects.filter(acta__eleccion__proceso=proceso)
    colas = estados.aggregate(
        cola_captura=Count(
            "pk", filter=Q(estado=EstadoActa.Estado.DIGITALIZADA, llegada__isnull=False)
        ),
        conflictos=Count("pk", filter=Q(estado=EstadoActa.Estado.CONFLICTO)),
        cola_desempate=Count(
            "pk",
            filter=Q(estado=EstadoActa.Estado.CONFLICTO)
            & ~Q(
                Exists(
                    Captura.objects.filter(acta=OuterRef("acta_id"), ronda=3, corrige__isnull=True)
                )
            ),
        ),
    )
    activas = Asignacion.objects.filter(
        acta__eleccion__proceso=proceso, terminada=False, expira__gt=ahora
    ).count()
    por_operador = list(
        Captura.objects.filter(
            acta__eleccion__proceso=proceso, creado__gt=ahora - timedelta(hours=1)
        )
        .values("usuario__username")
        .annotate(n=Count("pk"))
        .order_by("-n", "usuario__username")
        .values_list("usuario__username", "n")
    )
    return Tablero(
        filas=filas,
        totales=_totales(filas),
        cola_captura=colas["cola_captura"],
        cola_desempate=colas["cola_desempate"],
        conflictos=colas["conflictos"],
        asignaciones_activas=activas,
        capturas_por_operador=por_operador,
        generado_en=ahora,
    )


def conflictos_pendientes(*, proceso: Any | None = None) -> Any:
    """Actas in CONFLICTO, oldest arrival first (EstadoActa rows with the acta joined)."""
    qs = EstadoActa.objects.filter(estado=EstadoActa.Estado.CONFLICTO).select_related(
        "acta__casilla", "acta__eleccion"
    )
    if proceso is not None:
        qs = qs.filter(acta__eleccion__proceso=proceso)
    return qs.order_by("llegada", "id")


def capturas_de(acta: ActaEsperada) -> list[Captura]:
    return list(
        Captura.objects.filter(acta=acta, corrige__isnull=True)
        .select_related("usuario", "digitalizacion__imagen")
        .order_by("ronda")
    )


# --- publication ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilaVerificada:
    """What one CSV row of a cut needs about one verified acta."""

    acta_id: int
    clave_acta: str
    tipo_acta: str
    eleccion_id: int
    demarcacion_id: int
    clave_casilla: str
    tipo_casilla: str
    id_casilla: int
    ext_contigua: int
    ubicacion: int
    lista_nominal: int
    representantes: int
    mecanismo_traslado: str
    seccion: int
    distrito_local: int
    distrito_federal: int
    municipio_clave: int
    municipio: str
    version: int
    metodo: str
    valores: dict[str, int | str]
    total_votos_calculado: int
    contabilizada: bool
    observaciones: list[str]
    capturado_en: datetime
    verificado_en: datetime
    acopiado_en: datetime | None  # first Acopio stamp
    sha256: str  # of the verified image ("" for sin acta)
    origen: str  # CASILLA / CATD ("" for sin acta)
    medio: str  # MOVIL / ESCANER
    tipo_documento: str  # ACTA PREP / RPP / CC / PPC


def ultimas_verificaciones(
    *,
    hasta: datetime,
    proceso: Any | None = None,
    eleccion: Any | None = None,
    relacionados: tuple[str, ...] = ("digitalizacion__imagen",),
    acopio: bool = False,
) -> dict[int, Verificacion]:
    """acta_id -> its latest Verificacion with verificado_en <= hasta (the one a cut publishes).

    One streamed query: the verifications up to `hasta` in (acta, version) order, keeping the
    last one of each acta (no correlated "later version" subquery: that made the query slow).
    `relacionados` are passed to select_related; with `acopio=True` each carries `_acopio`,
    the acta's first Acopio stamp (not filtered by `hasta`), in the same query.
    """
    qs = Verificacion.objects.filter(verificado_en__lte=hasta)
    if proceso is not None:
        qs = qs.filter(acta__eleccion__proceso=proceso)
    if eleccion is not None:
        qs = qs.filter(acta__eleccion=eleccion)
    if acopio:
        primer_acopio = (
            Acopio.objects.filter(acta=OuterRef("acta_id"))
            .order_by()
            .values("acta")
            .annotate(m=Min("acopiado_en"))
            .values("m")
        )
        qs = qs.annotate(_acopio=Subquery(primer_acopio[:1]))
    ultimas: dict[int, Verificacion] = {}
    for v in (
        qs.select_related(*relacionados).order_by("acta_id", "version").iterator(chunk_size=5000)
    ):
        ultimas[v.acta_id] = v
    return ultimas


def verificaciones_vigentes(
    *, proceso: Any, hasta: datetime, eleccion: Any | None = None
) -> list[FilaVerificada]:
    """For each acta of `proceso`, its latest Verificacion with verificado_en <= hasta.

    One SQL query (`ultimas_verificaciones`, the same one the publication selector uses), rows
    ordered by election and CLAVE_ACTA. Actas never verified by `hasta` are absent.
    """
    vigentes = ultimas_verificaciones(
        hasta=hasta,
        proceso=proceso,
        eleccion=eleccion,
        relacionados=(
            "acta__casilla__seccion__municipio",
            "acta__casilla__seccion__distrito_local",
            "acta__casilla__seccion__distrito_federal",
            "digitalizacion__imagen",
        ),
        acopio=True,
    )
    filas = []
    for v in sorted(vigentes.values(), key=lambda v: (v.acta.eleccion_id, v.acta.clave)):
        acta = v.acta
        cas = acta.casilla
        sec = cas.seccion
        dig = v.digitalizacion
        filas.append(
            FilaVerificada(
                acta_id=acta.pk,
                clave_acta=acta.clave,
                tipo_acta=acta.tipo_acta,
                eleccion_id=acta.eleccion_id,
                demarcacion_id=acta.demarcacion_id,
                clave_casilla=cas.clave,
                tipo_casilla=cas.tipo,
                id_casilla=cas.id_casilla,
                ext_contigua=cas.ext_contigua,
                ubicacion=cas.ubicacion,
                lista_nominal=cas.lista_nominal,
                representantes=cas.representantes,
                mecanismo_traslado=cas.mecanismo_traslado,
                seccion=sec.numero,
                distrito_local=sec.distrito_local.numero,
                distrito_federal=sec.distrito_federal.numero,
                municipio_clave=sec.municipio.clave,
                municipio=sec.municipio.nombre,
                version=v.version,
                metodo=v.metodo,
                valores=v.valores,
                total_votos_calculado=v.total_votos_calculado,
                contabilizada=v.contabilizada,
                observaciones=list(v.observaciones),
                capturado_en=v.capturado_en,
                verificado_en=v.verificado_en,
                acopiado_en=v._acopio,  # type: ignore[attr-defined]  # annotated above
                sha256=dig.imagen.sha256 if dig is not None else "",
                origen=dig.origen if dig is not None else "",
                medio=dig.medio if dig is not None else "",
                tipo_documento=dig.tipo_documento if dig is not None else "",
            )
        )
    return filas


# --- what the simulacro reads (it prepares and checks the PREP through this and the services) --


def actas_por_casilla(*, proceso: Any) -> dict[int, int]:
    """{casilla id: its number of expected actas} of the process, in the casillas' key order."""
    conteo: dict[int, int] = {}
    for casilla_id in (
        ActaEsperada.objects.filter(eleccion__proceso=proceso)
        .order_by("casilla__clave")
        .values_list("casilla_id", flat=True)
        .iterator(chunk_size=20_000)
    ):
        conteo[casilla_id] = conteo.get(casilla_id, 0) + 1
    return conteo


def actas_esperadas(*, proceso: Any, casillas: list[int] | None = None) -> list[ActaEsperada]:
    """The process's expected actas (all, or those of the casillas with these ids), with their
    election, demarcación, casilla and sección (municipio, distrito local, entidad), ordered by
    casilla key, election order and acta type."""
    qs = (
        ActaEsperada.objects.filter(eleccion__proceso=proceso)
        .select_related(
            "eleccion",
            "demarcacion",
            "casilla__seccion__municipio",
            "casilla__seccion__distrito_local",
            "casilla__seccion__entidad",
        )
        .order_by("casilla__clave", "eleccion__orden", "tipo_acta")
    )
    if casillas is None:
        return list(qs)
    actas: list[ActaEsperada] = []
    for i in range(0, len(casillas), 5_000):  # under SQLite's limit of query parameters
        actas += qs.filter(casilla_id__in=casillas[i : i + 5_000])
    actas.sort(key=lambda a: (a.casilla.clave, a.eleccion.orden, a.tipo_acta))
    return actas


def campos_del_acta(acta: ActaEsperada) -> list[Campo]:
    """The capture fields of an expected acta (its election's and demarcación's ballot)."""
    return campos_de(acta)


def claves_verificadas(claves: Iterable[str]) -> set[str]:
    """Which of these acta keys are verified (their capture closed)."""
    return set(
        EstadoActa.objects.filter(
            acta__clave__in=list(claves), estado=EstadoActa.Estado.VERIFICADA
        ).values_list("acta__clave", flat=True)
    )


@dataclass(frozen=True)
class ImagenAcusada:
    sha256: str
    ruta: str  # its name in the media storage


def imagen_acusada(*, recibo: str | None = None, sha256: str | None = None) -> ImagenAcusada | None:
    """The stored image of an acknowledged upload, by its receipt (the API's) or by its hash
    (a CATD scan, acknowledged on the page with it); None when there is none."""
    qs = Digitalizacion.objects.select_related("imagen")
    if recibo is not None:
        dig = qs.filter(recibo=recibo).first()
    elif sha256 is not None:
        dig = qs.filter(imagen__sha256=sha256).first()
    else:
        raise ValueError("Indique el recibo o el hash de la imagen.")
    return None if dig is None else ImagenAcusada(dig.imagen.sha256, dig.imagen.ruta)


@dataclass(frozen=True)
class CorteRegistrado:
    nombre: str
    corte_en: datetime
    creado: datetime


def cortes_registrados(*, proceso: Any | None = None) -> list[CorteRegistrado]:
    """The published cuts recorded (of one process, or all), oldest cut time first."""
    qs = Corte.objects.order_by("corte_en")
    if proceso is not None:
        qs = qs.filter(proceso=proceso)
    return [CorteRegistrado(*fila) for fila in qs.values_list("nombre", "corte_en", "creado")]


def primeras_verificaciones(*, proceso: Any) -> dict[int, datetime]:
    """{acta id: when it was first verified} for the process's verified actas."""
    primeras: dict[int, datetime] = {}
    for acta_id, t in Verificacion.objects.filter(acta__eleccion__proceso=proceso).values_list(
        "acta_id", "verificado_en"
    ):
        if acta_id not in primeras or t < primeras[acta_id]:
            primeras[acta_id] = t
    return primeras
