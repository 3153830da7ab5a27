"""A small process for package tracking: two district consejos, urban and rural casillas."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from ople.catalog import testing as fabrica
from ople.catalog.models import Casilla, Demarcacion, Eleccion, ProcesoElectoral
from ople.core.testing import make_user
from ople.paquetes import roles
from ople.paquetes.models import Paquete
from ople.paquetes.services import generar_paquetes


@dataclass
class Escenario:
    proceso: ProcesoElectoral
    eleccion: Eleccion
    consejo: Demarcacion
    otro_consejo: Demarcacion
    casillas: list[Casilla]
    supervisor: Any
    recepcion: Any
    bodega: Any
    cae: Any

    def paquete(self, i: int = 0) -> Paquete:
        return Paquete.objects.get(eleccion=self.eleccion, casilla=self.casillas[i])


def nuevo_id() -> str:
    return uuid.uuid4().hex


def crear_escenario(n_casillas: int = 4) -> Escenario:
    entidad = fabrica.entidad()
    municipio = fabrica.municipio(entidad=entidad)
    df = fabrica.distrito_federal(entidad=entidad)
    dl1 = fabrica.distrito_local(entidad=entidad, numero=1, cabecera="Aguascalientes")
    dl2 = fabrica.distrito_local(entidad=entidad, numero=2, cabecera="Jesús María")
    proceso = fabrica.proceso(entidad=entidad)
    dip = fabrica.eleccion(proceso=proceso, orden=1)
    consejo = fabrica.demarcacion(eleccion=dip, clave=1, distrito_local=dl1)
    otro = fabrica.demarcacion(eleccion=dip, clave=2, distrito_local=dl2)
    s1 = fabrica.seccion(numero=393, municipio=municipio, distrito_local=dl1, distrito_federal=df)
    s2 = fabrica.seccion(numero=500, municipio=municipio, distrito_local=dl2, distrito_federal=df)
    casillas = []
    for i in range(n_casillas):
        casillas.append(
            fabrica.casilla(
                seccion=s1,
                tipo="B" if i == 0 else "C",
                id_casilla=max(i, 1),
                ubicacion=Casilla.Ubicacion.NO_URBANA if i % 2 else Casilla.Ubicacion.URBANA,
            )
        )
    casillas.append(fabrica.casilla(seccion=s2, tipo="B", id_casilla=1))
    supervisor = make_user("supervisora", roles.SUPERVISION)
    generar_paquetes(eleccion=dip, usuario=supervisor)
    return Escenario(
        proceso=proceso,
        eleccion=dip,
        consejo=consejo,
        otro_consejo=otro,
        casillas=casillas,
        supervisor=supervisor,
        recepcion=make_user("mesa1", roles.RECEPCION),
        bodega=make_user("bodeguera", roles.BODEGA),
        cae=make_user("cae1", roles.CAE),
    )


@pytest.fixture
def esc(db) -> Escenario:
    return crear_escenario()
