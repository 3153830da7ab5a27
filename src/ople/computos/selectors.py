"""Reads of the cómputos for pages, the publication and other systems."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet

from ople.computos import calculo
from ople.computos import roles as r
from ople.computos.asignacion.desde_computos import ComputoCerrado
from ople.computos.models import (
    Consejo,
    Documento,
    Expediente,
    GrupoTrabajo,
    Integrante,
    Sesion,
    VersionComputo,
    VotoReservado,
)
from ople.core import roles, scopes
from ople.core.accounts import DEMARCATION


def _donde_trabaja(usuario: Any) -> Q | None:
    """Where a staff member works, as a condition on `Consejo`: None for every one (the
    institute-wide role `computos_central`, or a superuser); otherwise the consejos where they
    are an integrante other than a party's representation, or chair a grupo de trabajo."""
    if getattr(usuario, "is_superuser", False) or r.CENTRAL in roles.role_names(usuario):
        return None
    if not getattr(usuario, "is_authenticated", False):
        return Q(pk__in=[])
    integrante = Integrante.objects.filter(usuario=usuario).exclude(
        cargo=Integrante.Cargo.REPRESENTACION
    )
    return Q(pk__in=integrante.values("consejo_id")) | Q(
        pk__in=GrupoTrabajo.objects.filter(presidencia=usuario).values("consejo_id")
    )


def consejos_del_personal(usuario: Any) -> frozenset[int] | None:
    """The consejos (ids) a staff member works in (`_donde_trabaja`); None for every one."""
    donde = _donde_trabaja(usuario)
    if donde is None:
        return None
    return frozenset(Consejo.objects.filter(donde).values_list("pk", flat=True))


def _trabaja_en(usuario: Any, consejo: Consejo) -> bool:
    """`consejos_del_personal` for one consejo, in one statement (a capture's hot path)."""
    donde = _donde_trabaja(usuario)
    return donde is None or Consejo.objects.filter(pk=consejo.pk).filter(donde).exists()


def consejos_visibles(usuario: Any) -> QuerySet[Consejo]:
    """A representative sees the consejos of their scope (decision 0027); the staff, those they
    work in (`consejos_del_personal`): all of them with the institute-wide role. Deny by
    default."""
    qs = Consejo.objects.select_related("sesion", "demarcacion__eleccion__proceso").order_by(
        "tipo", "clave"
    )
    if scopes.is_outside(usuario) or not getattr(usuario, "is_authenticated", False):
        return scopes.restrict_to_scope(qs, usuario, DEMARCATION, "clave")
    propios = consejos_del_personal(usuario)
    return qs if propios is None else qs.filter(pk__in=sorted(propios))


def exigir_consejo(usuario: Any, consejo: Consejo) -> None:
    """PermissionDenied (in Spanish) unless the account works in `consejo` as its staff (or
    holds the institute-wide role). For the staff's paths only: a service after its role check,
    a view for a staff account; representatives are checked by their scope where they act (an
    outside account, being no integrante of the staff, is refused here). Each service of a
    consejo calls it; the answer is kept on the user object for the rest of its request (a
    capture asks once)."""
    vistos: set[int] | None = getattr(usuario, "_ople_computos_consejos", None)
    if vistos is not None and consejo.pk in vistos:
        return
    if not _trabaja_en(usuario, consejo):
        raise PermissionDenied(
            f"Su cuenta no es del personal del {consejo.nombre}: solo ve y actúa en el cómputo de "
            "los consejos donde está registrada como integrante o preside un grupo de trabajo. "
            "Si debe trabajar en este consejo, pida a su presidencia que la registre."
        )
    if vistos is None:
        vistos = set()
        try:
            usuario._ople_computos_consejos = vistos
        except AttributeError:  # an object that takes no attributes: ask every time
            return
    vistos.add(consejo.pk)


@dataclass
class FilaTablero:
    consejo: Consejo
    estado: str
    casillas: int
    cotejadas: int
    en_recuento: int
    recontadas: int
    reservados_pendientes: int
    limite: date | None = None  # the Sunday after election day: recounts end before it

    @property
    def avance_recuento(self) -> int:
        """Re-counted casillas as a whole percentage of those sent to recount."""
        return 100 * self.recontadas // self.en_recuento if self.en_recuento else 100


def tablero(consejos: QuerySet[Consejo]) -> list[FilaTablero]:
    anotados = consejos.annotate(
        n=Count("expedientes", distinct=True),
        cot=Count("expedientes__cotejo", distinct=True),
        rec=Count("expedientes__en_recuento", distinct=True),
        hechos=Count("expedientes__recuento", distinct=True),
    )
    pendientes = dict(
        VotoReservado.objects.filter(decision__isnull=True)
        .values_list("recuento__expediente__consejo")
        .annotate(c=Count("id"))
        .values_list("recuento__expediente__consejo", "c")
    )
    return [
        FilaTablero(
            c,
            c.sesion.get_estado_display(),
            c.n,
            c.cot,
            c.rec,
            c.hechos,
            pendientes.get(c.pk, 0),
            domingo_siguiente(c.demarcacion.eleccion.proceso.fecha_jornada),
        )
        for c in anotados
    ]


def domingo_siguiente(jornada: date) -> date:
    """The Sunday after election day (legal.md §1.1: a total recount ends before it)."""
    return jornada + timedelta(days=(6 - jornada.weekday()) % 7 or 7)


@dataclass
class FilaCasilla:
    expediente: Expediente
    estado: str
    causales: list[str]
    fuente: str
    votos: dict[str, int] | None
    constancia: str = ""
    celdas: list[str] = field(default_factory=list)  # the figures in ballot order ("" if none)


@dataclass
class Vista:
    """Everything the session screen shows about one consejo."""

    consejo: Consejo
    sesion: Sesion
    boleta: calculo.Boleta
    filas: list[FilaCasilla]
    suma: dict[str, int]
    por_candidatura: dict[str, int]
    distribuido: dict[str, int]
    reservados: list[VotoReservado]
    documentos: list[Documento]
    versiones: list[VersionComputo]
    siguiente: str
    pendientes: list[str] = field(default_factory=list)


def vista(consejo: Consejo) -> Vista:
    from ople.computos.services.sesion import ORDEN, pendientes

    sesion = Sesion.objects.get(consejo=consejo)
    bol = calculo.boleta_de(consejo)
    seccion = calculo.seccion_perfil(consejo)
    filas: list[FilaCasilla] = []
    sumables = []
    antes = sesion.estado in ("DISPONIBILIDAD_ACTAS", "REUNION_DE_TRABAJO", "SESION_EXTRAORDINARIA")
    condiciones = calculo.condiciones_paquete(consejo) if antes else {}
    exps = consejo.expedientes.prefetch_related(
        "actas", "condiciones", "recuento__reservados__decision", "cotejo", "en_recuento"
    ).select_related("casilla")
    for x in exps:
        en = getattr(x, "en_recuento", None)
        rec = getattr(x, "recuento", None)
        cot = getattr(x, "cotejo", None)
        cifras = calculo.cifras_computadas(x)
        if rec is not None:
            estado = "Recontada"
        elif en is not None:
            estado = "En recuento" + (" (pleno: paquete alterado)" if en.en_pleno else "")
        elif cot is not None:
            estado = "Cotejada: se suma"
        elif x.cotejos.exists():
            estado = "Cotejo por confirmar"
        else:
            estado = "Pendiente"
        causales = (
            list(en.causales)
            if en
            else calculo.causales_de(x, bol, condiciones=condiciones)
            if antes
            else []
        )
        filas.append(
            FilaCasilla(
                x,
                estado,
                list(causales),
                cifras[1] if cifras else "",
                cifras[0] if cifras else None,
                rec.constancia_folio if rec else "",
                [str(cifras[0].get(c, 0)) if cifras else "" for c in bol.nombres],
            )
        )
        if cifras:
            sumables.append(cifras[0])
    suma = calculo.sumar_columnas(sumables, bol.nombres)
    por_cand, distribuido = calculo.resultados(suma, bol, seccion)
    i = ORDEN.index(sesion.estado)
    siguiente = Sesion.Estado(ORDEN[i + 1]).label if i + 1 < len(ORDEN) else ""
    return Vista(
        consejo=consejo,
        sesion=sesion,
        boleta=bol,
        filas=filas,
        suma=suma,
        por_candidatura=por_cand,
        distribuido=distribuido,
        reservados=list(
            VotoReservado.objects.filter(recuento__expediente__consejo=consejo)
            .select_related("recuento__expediente", "decision")
            .order_by("recuento__expediente__clave", "numero")
        ),
        documentos=list(
            consejo.documentos.exclude(tipo=Documento.Tipo.CONSTANCIA_RECUENTO).prefetch_related(
                "firmas__usuario"
            )
        ),
        versiones=list(consejo.versiones.order_by("numero")),
        siguiente=str(siguiente),
        pendientes=pendientes(sesion),
    )


def siguiente_por_capturar(
    consejo: Consejo, *, recuento: bool, en_pleno: bool = False
) -> Expediente | None:
    """The next casilla waiting for a cotejo (or for its recount)."""
    qs = consejo.expedientes.order_by("clave")
    if recuento:
        return qs.filter(
            en_recuento__isnull=False, en_recuento__en_pleno=en_pleno, recuento__isnull=True
        ).first()
    return qs.filter(en_recuento__isnull=True, cotejo__isnull=True).first()


def versiones_vigentes() -> list[VersionComputo]:
    """The latest version of each consejo's cómputo (for the publication)."""
    ultimas: dict[int, VersionComputo] = {}
    for v in VersionComputo.objects.select_related("consejo__demarcacion__eleccion").order_by(
        "consejo_id", "numero"
    ):
        ultimas[v.consejo_id] = v
    return list(ultimas.values())


def documentos_publicos() -> QuerySet[Documento]:
    return Documento.objects.filter(
        Q(tipo=Documento.Tipo.ACTA_COMPUTO) | Q(tipo=Documento.Tipo.CONSTANCIA_MAYORIA)
    ).select_related("consejo")


# --- the cómputo estatal (the Consejo General's RP allocation, issue 20) ----------------------

# A consejo's cómputo is closed once its validity was declared (the constancia de mayoría).
CERRADOS = (Sesion.Estado.VALIDEZ_Y_CONSTANCIA, Sesion.Estado.REMISION)


def computos_cerrados(proceso: Any | None = None) -> list[ComputoCerrado]:
    """The closed cómputos (distritales and municipales) of ``proceso`` (default: the active
    one), each from its latest version (court rulings included), with what the RP allocation
    needs: party totals after the split, nulos, no registrados, independents, the winning
    candidacy and its parties, the parties that had a candidacy there."""
    from ople.catalog import selectors as catalogo

    proceso = proceso or catalogo.proceso_activo()
    if proceso is None:
        return []
    consejos = (
        Consejo.objects.filter(demarcacion__eleccion__proceso=proceso, sesion__estado__in=CERRADOS)
        .select_related("demarcacion__municipio", "demarcacion__eleccion__proceso")
        .order_by("tipo", "clave")
    )
    ultimas: dict[int, VersionComputo] = {}
    for ver in VersionComputo.objects.filter(consejo__in=consejos).order_by("consejo_id", "numero"):
        ultimas[ver.consejo_id] = ver
    siglado = _siglado(proceso)
    generos = _generos_mr(proceso)
    resultado = []
    for c in consejos:
        if c.pk not in ultimas:
            continue
        v = ultimas[c.pk]
        bol = calculo.boleta_de(c)
        por_tipo: dict[str, int] = {}
        tipos = {col.columna: col.tipo for col in bol.columnas}
        for k, n in v.por_columna.items():
            por_tipo[tipos.get(k, "")] = por_tipo.get(tipos.get(k, ""), 0) + int(n)

        orden = sorted(v.por_candidatura.items(), key=lambda kv: -int(kv[1]))
        ganadora = orden[0][0] if orden and int(orden[0][1]) > 0 else None
        cand = next((x for x in bol.candidaturas if x.clave == ganadora), None)
        dem = c.demarcacion
        resultado.append(
            ComputoCerrado(
                consejo=c.clave,
                tipo=c.tipo,
                numero=dem.clave,
                municipio=dem.municipio.nombre if dem.municipio is not None else dem.nombre,
                version=v.numero,
                distribuido={k: int(n) for k, n in v.distribuido.items()},
                nulos=por_tipo.get("NULOS", 0),
                no_registrados=por_tipo.get("CNR", 0),
                independientes=por_tipo.get("CI", 0),
                ganadora=ganadora,
                partidos_ganadora=tuple(cand.partidos) if cand else (),
                partidos_con_candidatura=tuple(
                    dict.fromkeys(p for x in bol.candidaturas for p in x.partidos)
                ),
                siglado=siglado.get((dem.pk, ganadora)) if ganadora else None,
                generos_ganadora=generos.get((dem.pk, ganadora), ()) if ganadora else (),
            )
        )
    return resultado


def _siglado(proceso: Any) -> dict[tuple[int, str], str]:
    """The coalitions' registered siglado (candidaturas' selector), when that system is
    installed: (demarcación id, coalition name) → party."""
    from django.apps import apps

    if not apps.is_installed("ople.candidaturas"):
        return {}
    from ople.candidaturas import selectors as candidaturas

    return candidaturas.siglado(proceso=proceso)


def _generos_mr(proceso: Any) -> dict[tuple[int, str], tuple[str, ...]]:
    """The genders of each approved MR candidacy's propietarios by position (candidaturas'
    selector), when that system is installed: (demarcación id, party or coalition) → (M, …)."""
    from django.apps import apps

    if not apps.is_installed("ople.candidaturas"):
        return {}
    from ople.candidaturas import selectors as candidaturas

    return candidaturas.generos_mr(proceso=proceso)


def asignacion_publicada() -> bool:
    """Whether the RP allocation's site already has a published cut (its version 1 is fixed
    then: a change is a new version)."""
    from ople.computos.asignacion.services import SITIO
    from ople.publicacion import CortePublicado

    return CortePublicado.objects.filter(sitio=SITIO).exists()
