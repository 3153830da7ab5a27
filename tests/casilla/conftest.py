"""A small catalog for PREP Casilla: one process, two elections, three casillas, open intake."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from ople.catalog.models import (
    Casilla,
    Demarcacion,
    DistritoFederal,
    DistritoLocal,
    Eleccion,
    Entidad,
    Municipio,
    ProcesoElectoral,
    Seccion,
)
from ople.prep.actas_sinteticas import acta_de_ejemplo, generar_acta
from ople.prep.models import ActaEsperada, PuestaEnCeros
from ople.prep.services.dispositivos import crear_codigo_enrolamiento


@dataclass
class Jornada:
    supervisor: User
    proceso: ProcesoElectoral
    casillas: dict[str, Casilla]
    actas: dict[str, ActaEsperada]

    def codigo(self, *claves_casilla: str, etiqueta: str = "CAE Ana López") -> str:
        return crear_codigo_enrolamiento(
            supervisor=self.supervisor,
            etiqueta=etiqueta,
            casillas=[self.casillas[c] for c in claves_casilla],
            vigencia=timedelta(hours=12),
        )


def crear_jornada(*, abrir_intake: bool = True) -> Jornada:
    supervisor = User.objects.create_superuser("supervisora", "s@example.org", "x" * 16)
    entidad = Entidad.objects.create(clave=1, nombre="Aguascalientes", abreviatura="AGS")
    municipio = Municipio.objects.create(entidad=entidad, clave=1, nombre="Aguascalientes")
    df = DistritoFederal.objects.create(entidad=entidad, numero=1)
    dl = DistritoLocal.objects.create(entidad=entidad, numero=3, cabecera="Aguascalientes")
    proceso = ProcesoElectoral.objects.create(
        entidad=entidad,
        clave="2023-2024",
        nombre="Proceso Electoral Local 2023-2024",
        fecha_jornada=date(2024, 6, 2),
        perfil="ieeags-2024",
    )
    dip = Eleccion.objects.create(
        proceso=proceso, tipo=Eleccion.Tipo.DIPUTACIONES, nombre="DIPUTACIONES LOCALES", orden=1
    )
    ayun = Eleccion.objects.create(
        proceso=proceso, tipo=Eleccion.Tipo.AYUNTAMIENTOS, nombre="AYUNTAMIENTOS", orden=2
    )
    dem_dip = Demarcacion.objects.create(
        eleccion=dip,
        tipo=Demarcacion.Tipo.DISTRITO_LOCAL,
        clave=3,
        nombre="Distrito 3",
        distrito_local=dl,
    )
    dem_ayun = Demarcacion.objects.create(
        eleccion=ayun,
        tipo=Demarcacion.Tipo.MUNICIPIO,
        clave=1,
        nombre="Aguascalientes",
        municipio=municipio,
    )
    seccion = Seccion.objects.create(
        entidad=entidad, numero=393, municipio=municipio, distrito_local=dl, distrito_federal=df
    )
    casillas: dict[str, Casilla] = {}
    actas: dict[str, ActaEsperada] = {}
    for tipo, numero in (("B", 1), ("C", 1), ("C", 2)):
        clave = Casilla.formar_clave(1, 393, tipo, numero, 0)
        casilla = Casilla.objects.create(
            seccion=seccion,
            tipo=tipo,
            id_casilla=numero,
            clave=clave,
            lista_nominal=650,
            domicilio=f"Escuela Primaria {numero}, calle Juárez 10{numero}",
        )
        casillas[clave] = casilla
        for eleccion, dem in ((dip, dem_dip), (ayun, dem_ayun)):
            acta = ActaEsperada.objects.create(
                eleccion=eleccion,
                casilla=casilla,
                demarcacion=dem,
                tipo_acta="02" if eleccion == dip else "05",
                clave=clave + ("02" if eleccion == dip else "05"),
            )
            actas[acta.clave] = acta
    if abrir_intake:
        PuestaEnCeros.objects.create(
            creado=timezone.now(),
            usuario=supervisor,
            proceso=proceso,
            huella_codigo="0" * 64,
            huella_perfil="0" * 64,
            huella_catalogo="0" * 64,
            reporte={"prueba": True},
        )
    return Jornada(supervisor=supervisor, proceso=proceso, casillas=casillas, actas=actas)


@pytest.fixture
def jornada(db) -> Jornada:
    return crear_jornada()


def foto_acta(clave_acta: str, *, semilla: int = 1, **defectos: float) -> bytes:
    """A synthetic photo of the acta `clave_acta` (JPEG)."""
    from ople.prep.actas_sinteticas import Defectos

    return generar_acta(
        acta_de_ejemplo(semilla, clave_acta=clave_acta),
        defectos=Defectos(**defectos),  # type: ignore[arg-type]
        semilla=semilla,
    )
