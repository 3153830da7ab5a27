"""Reads of the public registers for other systems and for the pages (read-only).

`elegibilidad` is the seam candidaturas and RP call: whether a person is on the **current** VPMRG
register on a day, with the matched entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.utils import timezone

from ople.ley import permanencia
from ople.registros.models import VersionEntrada


@dataclass(frozen=True)
class EntradaRegistro:
    """An entry's current (latest approved) version, as the register shows it."""

    entrada_id: int
    version: int
    nombre: str
    sexo: str
    cargo_o_calidad: str
    es_candidatura: bool
    ambito: str
    entidad: str
    autoridad_sancionadora: str
    expediente: str
    fecha_resolucion_firme: date
    conducta: str
    calificacion: str
    sancion: str
    reincidencia: bool
    perdida_modo_honesto: bool
    meses_permanencia: int
    fecha_inicio: date
    fecha_baja: date
    estado: permanencia.Estado
    corregida: bool  # an earlier approved version exists
    coincide_por: Literal["", "curp", "nombre"] = ""

    @property
    def calificacion_etiqueta(self) -> str:
        return permanencia.ETIQUETAS_CALIFICACION.get(self.calificacion, self.calificacion)


@dataclass(frozen=True)
class Elegibilidad:
    """`sancionado`: the person is on the current register; `entradas`: the matched entries."""

    sancionado: bool
    entradas: tuple[EntradaRegistro, ...]


def _vigentes_y_curps(hoy: date) -> list[tuple[EntradaRegistro, str]]:
    ultimas: dict[int, VersionEntrada] = {}
    aprobadas: dict[int, int] = {}
    for v in VersionEntrada.objects.filter(estado=VersionEntrada.APROBADA).order_by(
        "entrada_id", "numero"
    ):
        ultimas[v.entrada_id] = v
        aprobadas[v.entrada_id] = aprobadas.get(v.entrada_id, 0) + 1
    resultado = []
    for entrada_id, v in ultimas.items():
        assert v.fecha_baja is not None and v.fecha_inicio is not None
        assert v.meses_permanencia is not None
        resultado.append(
            (
                EntradaRegistro(
                    entrada_id=entrada_id,
                    version=v.numero,
                    nombre=v.nombre,
                    sexo=v.sexo,
                    cargo_o_calidad=v.cargo_o_calidad,
                    es_candidatura=v.es_candidatura,
                    ambito=v.ambito,
                    entidad=v.entidad,
                    autoridad_sancionadora=v.autoridad_sancionadora,
                    expediente=v.expediente,
                    fecha_resolucion_firme=v.fecha_resolucion_firme,
                    conducta=v.conducta,
                    calificacion=v.calificacion,
                    sancion=v.sancion,
                    reincidencia=v.reincidencia,
                    perdida_modo_honesto=v.perdida_modo_honesto,
                    meses_permanencia=v.meses_permanencia,
                    fecha_inicio=v.fecha_inicio,
                    fecha_baja=v.fecha_baja,
                    estado=permanencia.estado(v.fecha_baja, hoy),
                    corregida=aprobadas[entrada_id] > 1,
                ),
                v.curp,
            )
        )
    resultado.sort(
        key=lambda par: (permanencia.normalizar_nombre(par[0].nombre), par[0].entrada_id)
    )
    return resultado


def registro(hoy: date | None = None) -> tuple[list[EntradaRegistro], list[EntradaRegistro]]:
    """The current and the historical register on `hoy` (default: today in the server's zone),
    each sorted by normalised name."""
    hoy = hoy or timezone.localdate()
    entradas = [e for e, _ in _vigentes_y_curps(hoy)]
    return permanencia.dividir(((e, e.fecha_baja) for e in entradas), hoy)


def elegibilidad(*, nombre: str, curp: str = "", hoy: date | None = None) -> Elegibilidad:
    """Whether the person is on the current VPMRG register on `hoy` (default today).

    Matches an entry when the CURPs are equal (both given), or when the names are equal once
    normalised (case, accents, punctuation and extra spaces ignored: `ley.permanencia.normalizar_nombre`).
    A name match with a different CURP still flags (a homonym is for staff to rule out, not the
    selector): `coincide_por` says which matched. An entry on the historical list never flags.
    """
    hoy = hoy or timezone.localdate()
    buscado = permanencia.normalizar_nombre(nombre)
    curp_b = permanencia.normalizar_curp(curp)
    if not buscado and not curp_b:
        return Elegibilidad(sancionado=False, entradas=())
    encontradas: list[EntradaRegistro] = []
    for entrada, curp_e in _vigentes_y_curps(hoy):
        if entrada.estado != "vigente":
            continue
        por: Literal["", "curp", "nombre"] = ""
        if curp_b and curp_e and curp_b == curp_e:
            por = "curp"
        elif buscado and permanencia.normalizar_nombre(entrada.nombre) == buscado:
            por = "nombre"
        if por:
            encontradas.append(_con(entrada, por))
    return Elegibilidad(sancionado=bool(encontradas), entradas=tuple(encontradas))


def _con(entrada: EntradaRegistro, por: Literal["curp", "nombre"]) -> EntradaRegistro:
    from dataclasses import replace

    return replace(entrada, coincide_por=por)


def pendientes() -> list[VersionEntrada]:
    """Versions waiting for approval, oldest first."""
    return list(
        VersionEntrada.objects.filter(estado=VersionEntrada.PENDIENTE)
        .select_related("capturada_por")
        .order_by("capturada_en", "id")
    )


def historial(entrada_id: int) -> list[VersionEntrada]:
    return list(VersionEntrada.objects.filter(entrada_id=entrada_id).order_by("numero"))
