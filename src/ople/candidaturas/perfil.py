"""The candidacies' section of a profile (``[candidaturas]``). Pure (no Django).

Every setting is what the law leaves open (legal.md §8 questions 8–10, 12), with its default and
basis below; a profile without the section gets the defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any, Final, cast

from ople.ley.paridad import (
    CuentaNoBinaria,
    ReglasParidad,
    Remanente,
    SinHistoria,
    SustitucionNoBinaria,
)
from ople.profiles.schema import Lector, Perfil, registrar_seccion

SECCION: Final = "candidaturas"

# legal.md §3.3: the standard file (LGIPE art. 238, RE registration annex) and the "3 de 3".
DOCUMENTOS_POR_DEFECTO: Final[tuple[str, ...]] = (
    "aceptacion",
    "acta_nacimiento",
    "credencial",
    "residencia",
    "tres_de_tres",
    "estatutos",
)
NOMBRE_DOCUMENTO: Final[dict[str, str]] = {
    "aceptacion": "Aceptación de la candidatura firmada",
    "acta_nacimiento": "Acta de nacimiento",
    "credencial": "Credencial para votar",
    "residencia": "Constancia de residencia",
    "tres_de_tres": "Formato «3 de 3 contra la violencia»",
    "estatutos": "Manifestación de selección conforme a los estatutos",
    "accion_afirmativa": "Constancia o manifestación de la acción afirmativa",
}


@dataclass(frozen=True)
class SeccionCandidaturas:
    # SM-JDC-134/2024 and the 2018–2019 independents' rules: 48 hours to correct (legal.md §3.3).
    plazo_prevencion_horas: int = 48
    # Who signs a prevención fixed on the estrados and notified to the party (ADR 0055).
    organo_prevenciones: str = "Secretaría Ejecutiva del Consejo General"
    documentos: tuple[str, ...] = DOCUMENTOS_POR_DEFECTO
    # LGIPE art. 241 (legal.md §3.5): after the registration period, only these causes.
    causas_sustitucion: frozenset[str] = frozenset(
        {"fallecimiento", "inhabilitacion", "incapacidad", "renuncia"}
    )
    tamano_maximo_documento: int = 10 * 1024 * 1024
    reglas: ReglasParidad = field(default_factory=ReglasParidad)
    # The registration window of the IEE's calendar acuerdo (legal.md §3.4, §8 question 10):
    # new captures only within it; a substitution inside it is free (§3.5). None: not given.
    registro_inicio: datetime | None = None
    registro_fin: datetime | None = None

    def en_periodo_de_registro(self, momento: datetime) -> bool | None:
        """Whether ``momento`` is within the registration window (None: the profile has none)."""
        if self.registro_inicio is None or self.registro_fin is None:
            return None
        return self.registro_inicio <= momento <= self.registro_fin


POR_DEFECTO: Final = SeccionCandidaturas()


def de(perfil: Perfil) -> SeccionCandidaturas:
    valor = perfil.secciones.get(SECCION, POR_DEFECTO)
    return cast(SeccionCandidaturas, valor)


def _fraccion(lee: Lector, datos: Mapping[str, Any], clave: str, defecto: Fraction) -> Fraction:
    if clave not in datos:
        return defecto
    try:
        valor = Fraction(str(datos[clave]))
    except (ValueError, ZeroDivisionError):
        raise lee.error(f"candidaturas.{clave}", "debe ser una fracción como «1/2»") from None
    if not 0 <= valor <= 1:
        raise lee.error(f"candidaturas.{clave}", "debe estar entre 0 y 1")
    return valor


def leer(datos: Mapping[str, Any], perfil: Perfil, lee: Lector) -> SeccionCandidaturas:
    conocidas = {
        "plazo_prevencion_horas",
        "organo_prevenciones",
        "documentos",
        "causas_sustitucion",
        "tamano_maximo_documento",
        "paridad",
        "cuotas",
        "registro_inicio",
        "registro_fin",
    }
    sobrantes = sorted(set(datos) - conocidas)
    if sobrantes:
        raise lee.error(f"candidaturas.{sobrantes[0]}", "clave desconocida")
    d = POR_DEFECTO
    paridad = lee.tabla(datos, "paridad") if "paridad" in datos else {}
    cuotas = lee.tabla(datos, "cuotas") if "cuotas" in datos else {}
    r = ReglasParidad()
    reglas = ReglasParidad(
        excepcion_hombre_mujer=lee.booleano(
            paridad, "candidaturas.paridad.excepcion_hombre_mujer", True
        ),
        no_binaria=cast(
            CuentaNoBinaria,
            lee.opcion(paridad, "no_binaria", ("neutral", "mujer", "hombre"))
            if "no_binaria" in paridad
            else r.no_binaria,
        ),
        remanente=cast(
            Remanente,
            lee.opcion(paridad, "remanente", ("bajo", "medio", "alto"))
            if "remanente" in paridad
            else r.remanente,
        ),
        sin_historia=cast(
            SinHistoria,
            lee.opcion(paridad, "sin_historia", ("bajo", "excluir"))
            if "sin_historia" in paridad
            else r.sin_historia,
        ),
        minimo_mujeres_alto=_fraccion(lee, paridad, "minimo_mujeres_alto", r.minimo_mujeres_alto),
        maximo_mujeres_bajo=_fraccion(lee, paridad, "maximo_mujeres_bajo", r.maximo_mujeres_bajo),
        lista_encabezada_por_mujer=lee.booleano(paridad, "lista_encabezada_por_mujer", False),
        sustitucion_no_binaria=cast(
            SustitucionNoBinaria,
            lee.opcion(
                paridad, "sustitucion_no_binaria", ("cualquiera", "mismo", "mujer_o_no_binaria")
            )
            if "sustitucion_no_binaria" in paridad
            else r.sustitucion_no_binaria,
        ),
        cuotas={str(k): lee.entero(cuotas, k, 0) for k in cuotas},
    )
    inicio = (
        lee.momento(datos, "candidaturas.registro_inicio") if "registro_inicio" in datos else None
    )
    fin = lee.momento(datos, "candidaturas.registro_fin") if "registro_fin" in datos else None
    if (inicio is None) != (fin is None) or (inicio and fin and fin <= inicio):
        raise lee.error(
            "candidaturas.registro_fin",
            "el periodo de registro necesita inicio y fin, y el fin después del inicio",
        )
    return SeccionCandidaturas(
        registro_inicio=inicio,
        registro_fin=fin,
        plazo_prevencion_horas=lee.entero(
            datos, "plazo_prevencion_horas", 1, d.plazo_prevencion_horas
        ),
        organo_prevenciones=lee.texto(datos, "organo_prevenciones", d.organo_prevenciones),
        documentos=tuple(lee.lista_textos(datos, "documentos", list(d.documentos))),
        causas_sustitucion=frozenset(
            lee.lista_textos(datos, "causas_sustitucion", sorted(d.causas_sustitucion))
        ),
        tamano_maximo_documento=lee.entero(
            datos, "tamano_maximo_documento", 1, d.tamano_maximo_documento
        ),
        reglas=reglas,
    )


registrar_seccion(SECCION, leer)
