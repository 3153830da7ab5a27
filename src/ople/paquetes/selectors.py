"""Reads of package tracking, for its own pages and for other systems (the cómputos).

The contract the cómputos read is `estado_paquetes` (documented in this app's README): keep its
name and fields stable. Every reading folds a package's *effective* events: an event corrected by
a later one (`Evento.corrige`) is replaced by it, and both stay in the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from ople import profiles
from ople.catalog.models import Demarcacion, Eleccion
from ople.paquetes import perfil as perfil_paquetes
from ople.paquetes import sitio
from ople.paquetes.models import Dispositivo, Evento, Mecanismo, Paquete

T = Evento.Tipo


@dataclass(frozen=True)
class EstadoPaquete:
    """What the cómputo needs to know of one casilla's package of one election.

    `alteracion` feeds recount cause C7 (signs of tampering: the package arrived with its seal or
    tape broken, its signatures not intact, or visible signs of alteration). `acta_por_fuera` is
    whether the acta copy came in the outside pocket for the presidency, `acta_en_paquete`
    whether the acta was found inside when the package was opened (None: not yet opened); a
    package with neither feeds C3 (`sin_acta`), which the cómputo confirms with the president's
    other copies.
    """

    casilla_id: int
    clave: str
    recibido: bool
    recibido_en: datetime | None
    en_bodega: bool
    alteracion: bool
    cinta_integra: bool | None
    firmas_integras: bool | None
    muestras_alteracion: bool | None
    acta_por_fuera: bool | None
    acta_en_paquete: bool | None
    recibo_folio: str

    @property
    def sin_acta(self) -> bool:
        return self.acta_por_fuera is False and self.acta_en_paquete is False

    @property
    def causas(self) -> tuple[str, ...]:
        """The recount causes this package itself shows ("C3", "C7")."""
        return tuple(c for c, si in (("C3", self.sin_acta), ("C7", self.alteracion)) if si)


def efectivos(eventos: Iterable[Evento]) -> list[Evento]:
    """The events not superseded by a correction, in their order."""
    eventos = list(eventos)
    corregidos = {e.corrige_id for e in eventos if e.corrige_id}
    return [e for e in eventos if e.pk not in corregidos]


def _estado(paquete: Paquete, eventos: list[Evento]) -> EstadoPaquete:
    recepcion = None
    en_bodega = False
    acta_en_paquete = None
    for e in eventos:
        if e.tipo == T.RECEPCION_CONSEJO:
            recepcion = e
        elif e.tipo in (T.INGRESO_BODEGA, T.REINTEGRO):
            en_bodega = True
        elif e.tipo in (T.EXTRACCION_ACTAS, T.RECUENTO, T.TRASLADO_SEDE_ALTERNA):
            en_bodega = False
            if e.tipo == T.EXTRACCION_ACTAS:
                acta_en_paquete = e.acta_en_paquete
    r = recepcion
    alteracion = r is not None and (
        r.cinta_integra is False or r.firmas_integras is False or r.muestras_alteracion is True
    )
    return EstadoPaquete(
        casilla_id=paquete.casilla_id,
        clave=paquete.clave,
        recibido=r is not None,
        recibido_en=r.ocurrido_en if r else None,
        en_bodega=en_bodega,
        alteracion=alteracion,
        cinta_integra=r.cinta_integra if r else None,
        firmas_integras=r.firmas_integras if r else None,
        muestras_alteracion=r.muestras_alteracion if r else None,
        acta_por_fuera=r.acta_por_fuera if r else None,
        acta_en_paquete=acta_en_paquete,
        recibo_folio=r.recibo_folio if r else "",
    )


def _eventos_por_paquete(paquetes: list[Paquete]) -> dict[int, list[Evento]]:
    por: dict[int, list[Evento]] = {p.pk: [] for p in paquetes}
    ids = list(por)
    for i in range(0, len(ids), 500):
        for e in Evento.objects.filter(paquete_id__in=ids[i : i + 500]).order_by(
            "ocurrido_en", "id"
        ):
            por[e.paquete_id].append(e)  # type: ignore[index]
    return {k: efectivos(v) for k, v in por.items()}


def estado_paquetes(
    *, eleccion: Eleccion | int, casillas: Iterable[int] | None = None
) -> dict[int, EstadoPaquete]:
    """{casilla id: EstadoPaquete} of `eleccion`'s packages (of `casillas` when given; a casilla
    with no package of that election is absent)."""
    qs = Paquete.objects.filter(eleccion=eleccion)
    if casillas is not None:
        qs = qs.filter(casilla_id__in=list(casillas))
    paquetes = list(qs)
    eventos = _eventos_por_paquete(paquetes)
    return {p.casilla_id: _estado(p, eventos[p.pk]) for p in paquetes}


# --- the consejo's own pages ------------------------------------------------------------------


def consejos() -> QuerySet[Demarcacion]:
    """The demarcaciones that have packages (each one's consejo receives them)."""
    return (
        Demarcacion.objects.filter(pk__in=Paquete.objects.values("consejo_id"))
        .select_related("eleccion")
        .order_by("eleccion__orden", "clave")
    )


@dataclass(frozen=True)
class FilaTablero:
    paquete: Paquete
    estado: EstadoPaquete
    plazo: datetime
    situacion: str  # en_plazo, extemporaneo, faltante, pendiente
    justificacion: str
    otro_organo: str
    ultimo: Evento | None


ETIQUETAS_SITUACION = {
    "en_plazo": "En plazo",
    "extemporaneo": "Extemporáneo",
    "faltante": "Faltante (venció el plazo)",
    "pendiente": "En camino (dentro del plazo)",
}


def tablero(consejo: Demarcacion, *, ahora: datetime) -> list[FilaTablero]:
    """Every package the consejo expects, with its deadline and whether it arrived on time."""
    paquetes = list(
        Paquete.objects.filter(consejo=consejo)
        .select_related("casilla", "mecanismo", "eleccion__proceso")
        .order_by("clave")
    )
    if not paquetes:
        return []
    proceso = paquetes[0].eleccion.proceso
    perfil = profiles.cargar(proceso.perfil)
    eventos = _eventos_por_paquete(paquetes)
    filas = []
    for p in paquetes:
        evs = eventos[p.pk]
        estado = _estado(p, evs)
        cierre = next((e.ocurrido_en for e in evs if e.tipo == T.CIERRE_CASILLA), None)
        plazo = perfil_paquetes.plazo_de(
            perfil, ubicacion=p.ubicacion, cierre=cierre, jornada=proceso.fecha_jornada
        )
        recepcion = next((e for e in evs if e.tipo == T.RECEPCION_CONSEJO), None)
        llegada = next(
            (e.ocurrido_en for e in evs if e.tipo in (T.LLEGADA_CONSEJO, T.RECEPCION_CONSEJO)),
            None,
        )
        if llegada is not None:
            situacion = "en_plazo" if llegada < plazo else "extemporaneo"
        else:
            situacion = "faltante" if ahora >= plazo else "pendiente"
        otro = next((e.organo for e in evs if e.tipo == T.ENTREGA_OTRO_ORGANO), "")
        if any(e.tipo == T.INTERCAMBIO for e in evs):
            otro = ""
        filas.append(
            FilaTablero(
                paquete=p,
                estado=estado,
                plazo=plazo,
                situacion=situacion,
                justificacion=recepcion.justificacion if recepcion else "",
                otro_organo=otro,
                ultimo=evs[-1] if evs else None,
            )
        )
    return filas


@dataclass(frozen=True)
class Avance:
    consejo: Demarcacion
    esperados: int
    recibidos: int
    en_bodega: int
    en_plazo: int
    extemporaneos: int
    faltantes: int


def avance(consejo: Demarcacion, *, ahora: datetime) -> Avance:
    filas = tablero(consejo, ahora=ahora)
    return Avance(
        consejo=consejo,
        esperados=len(filas),
        recibidos=sum(f.estado.recibido for f in filas),
        en_bodega=sum(f.estado.en_bodega for f in filas),
        en_plazo=sum(f.situacion == "en_plazo" for f in filas),
        extemporaneos=sum(f.situacion == "extemporaneo" for f in filas),
        faltantes=sum(f.situacion == "faltante" for f in filas),
    )


def modelo_avance(*, ahora: datetime) -> sitio.ModeloAvance:
    """The public progress page's data at `ahora`: counts per consejo, nothing personal."""
    from ople.catalog import selectors as catalogo

    proceso = catalogo.proceso_activo()
    perfil = profiles.cargar(proceso.perfil) if proceso else None
    filas = []
    for consejo in consejos():
        a = avance(consejo, ahora=ahora)
        filas.append(
            sitio.FilaAvance(
                consejo=consejo.nombre,
                eleccion=consejo.eleccion.nombre,
                esperados=a.esperados,
                recibidos=a.recibidos,
                en_bodega=a.en_bodega,
                en_plazo=a.en_plazo,
                extemporaneos=a.extemporaneos,
                faltantes=a.faltantes,
            )
        )
    return sitio.ModeloAvance(
        institucion=perfil.institucion if perfil else "",
        proceso=proceso.nombre if proceso else "",
        corte_en=ahora.astimezone(perfil.zona) if perfil else ahora,
        filas=tuple(filas),
    )


def historial(paquete: Paquete) -> list[Evento]:
    """Every event of the package, corrections included, in order."""
    return list(
        paquete.eventos.select_related("usuario", "dispositivo", "mecanismo", "corrige").order_by(
            "ocurrido_en", "id"
        )
    )


def bitacora_bodega(consejo: Demarcacion) -> list[Evento]:
    """The bodega's record: its openings and closings and every package in and out of it."""
    tipos = [
        T.INGRESO_BODEGA,
        T.APERTURA_BODEGA,
        T.CIERRE_BODEGA,
        *[str(t) for t in (T.EXTRACCION_ACTAS, T.RECUENTO, T.REINTEGRO, T.TRASLADO_SEDE_ALTERNA)],
    ]
    return list(
        Evento.objects.filter(consejo=consejo, tipo__in=tipos)
        .select_related("paquete", "usuario", "corrige")
        .order_by("ocurrido_en", "id")
    )


def dispositivos() -> QuerySet[Dispositivo]:
    """The enrolled scanning phones, active first."""
    return Dispositivo.objects.select_related("persona").order_by("-activo", "nombre")


def mecanismos() -> list[dict[str, object]]:
    """Every collection mechanism, for the scanner's list."""
    return [
        {"id": m.pk, "nombre": f"{m.get_tipo_display()} {m.nombre}", "consejo": m.consejo_id}
        for m in Mecanismo.objects.order_by("consejo_id", "nombre")
    ]


def mecanismos_de_consejo(consejo: Demarcacion) -> list[Mecanismo]:
    """The consejo's approved mechanisms with how many packages each carries."""
    from django.db.models import Count

    return list(
        Mecanismo.objects.filter(consejo=consejo)
        .annotate(n_paquetes=Count("paquetes"))
        .order_by("nombre")
    )


def paquetes_de_consejo(consejo: Demarcacion) -> QuerySet[Paquete]:
    return Paquete.objects.filter(consejo=consejo).select_related("casilla", "eleccion__proceso")
