"""A small catalog for PREP Casilla: one process, two elections, three casillas, open intake."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from ople.catalog import testing as fabrica
from ople.catalog.models import Casilla, Eleccion, ProcesoElectoral
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
    entidad = fabrica.entidad()
    municipio = fabrica.municipio(entidad=entidad)
    df = fabrica.distrito_federal(entidad=entidad)
    dl = fabrica.distrito_local(entidad=entidad, numero=3, cabecera="Aguascalientes")
    proceso = fabrica.proceso(entidad=entidad)
    dip = fabrica.eleccion(proceso=proceso, orden=1)
    ayun = fabrica.eleccion(
        proceso=proceso, tipo=Eleccion.Tipo.AYUNTAMIENTOS, nombre="AYUNTAMIENTOS", orden=2
    )
    dem_dip = fabrica.demarcacion(eleccion=dip, clave=3, distrito_local=dl)
    dem_ayun = fabrica.demarcacion(eleccion=ayun, municipio=municipio)
    seccion = fabrica.seccion(
        numero=393, municipio=municipio, distrito_local=dl, distrito_federal=df
    )
    casillas: dict[str, Casilla] = {}
    actas: dict[str, ActaEsperada] = {}
    for tipo, numero in (("B", 1), ("C", 1), ("C", 2)):
        casilla = fabrica.casilla(
            seccion=seccion,
            tipo=tipo,
            id_casilla=numero,
            lista_nominal=650,
            domicilio=f"Escuela Primaria {numero}, calle Juárez 10{numero}",
        )
        clave = casilla.clave
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
