"""The synthetic national catalog: its shape (pure generator) and its load through the importers."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ople.catalog import nacional, services
from ople.catalog import testing as fabrica
from ople.catalog.importers import ErrorImportacion
from ople.catalog.models import (
    Casilla,
    Demarcacion,
    DistritoFederal,
    DistritoLocal,
    Entidad,
    Municipio,
    ProcesoElectoral,
    Seccion,
)
from ople.catalog.selectors import entidades_del_proceso
from ople.core.models import AuditEvent
from ople.prep.models import ActaEsperada
from ople.prep.services import actas as actas_svc

ESCALA = 0.005


@pytest.fixture(scope="module")
def pais() -> nacional.CatalogoNacional:
    return nacional.generar()


def test_national_size_and_mix_of_casillas(pais):
    r = pais.resumen()
    assert r["entidades"] == 32
    assert r["distritos_federales"] == 300
    assert 600 <= r["distritos_locales"] <= 700
    assert 2_300 <= r["municipios"] <= 2_500
    assert 67_000 <= r["secciones"] <= 69_000
    assert 165_000 <= r["casillas"] <= 175_000
    assert 90_000_000 <= r["lista_nominal"] <= 96_000_000
    # One básica per sección; contiguas the bulk of the rest; a few extraordinarias and especiales.
    assert r["basicas"] == r["secciones"]
    assert 0.5 < r["contiguas"] / r["casillas"] < 0.65
    assert 0.01 < r["extraordinarias"] / r["casillas"] < 0.03
    assert 900 <= r["especiales"] <= 1_200


def test_generator_is_deterministic_and_within_the_catalog_formats(pais):
    a, b = nacional.generar(escala=0.02, semilla=5), nacional.generar(escala=0.02, semilla=5)
    assert a == b
    assert nacional.generar(escala=0.02, semilla=6).casillas != a.casillas
    claves = {
        Casilla.formar_clave(c.entidad, c.seccion, c.tipo, c.id_casilla, c.ext_contigua)
        for c in a.casillas
    }
    assert len(claves) == len(a.casillas)  # CLAVE_CASILLA is unique
    assert all(len(k) == 11 for k in claves)
    full = pais
    assert max(s.numero for s in full.secciones) <= 9999  # four digits in CLAVE_CASILLA
    assert max(m for *_, m in nacional.TAMANOS) <= 999
    assert all(c.lista_nominal == 0 for c in full.casillas if c.tipo == "S")
    assert all(c.lista_nominal <= nacional.ELECTORES_POR_CASILLA for c in full.casillas)


@pytest.mark.django_db
def test_loads_through_the_importers_marked_synthetic_and_idempotent():
    cat = nacional.generar(escala=ESCALA)
    r = cat.resumen()
    call_command(
        "load_catalog", "nacional-sintetico", "--escala", str(ESCALA), stdout=io.StringIO()
    )
    assert Entidad.objects.count() == 32
    assert Entidad.objects.get(clave=7).nombre == "ENTIDAD SINTÉTICA 07"
    assert DistritoFederal.objects.count() == r["distritos_federales"]
    assert DistritoLocal.objects.count() == r["distritos_locales"]
    assert Municipio.objects.count() == r["municipios"]
    assert Seccion.objects.count() == r["secciones"]
    assert (
        Casilla.objects.count() == r["casillas"] == Casilla.objects.filter(sintetica=True).count()
    )
    assert sum(Casilla.objects.values_list("lista_nominal", flat=True)) == r["lista_nominal"]
    assert (
        Municipio.objects.filter(nombre__startswith="MUNICIPIO SINTÉTICO").count()
        == r["municipios"]
    )

    proceso = ProcesoElectoral.objects.get()
    assert services.es_proceso_nacional_sintetico(proceso)
    assert "SINTÉTICO" in proceso.nombre
    assert sorted(proceso.elecciones.values_list("tipo", flat=True)) == ["AYUN", "DIP_LOC"]
    dip = Demarcacion.objects.filter(eleccion__tipo="DIP_LOC")
    assert dip.count() == r["distritos_locales"]
    assert dip.filter(
        clave=701, distrito_local__entidad__clave=7, distrito_local__numero=1
    ).exists()
    assert Demarcacion.objects.filter(eleccion__tipo="AYUN").count() == r["municipios"]
    assert len(entidades_del_proceso(proceso)) == 32

    # The process counts the casillas of all 32 entidades.
    actas = actas_svc.generar_actas_esperadas(proceso=proceso, actor=None)
    assert actas["sin_demarcacion"] == 0
    por_casilla = 2 * r["casillas"] + r["especiales"]  # DIP_LOC "2" (+ "3" in especiales), AYUN "4"
    assert actas["total"] == por_casilla
    assert (
        ActaEsperada.objects.values_list("casilla__seccion__entidad__clave").distinct().count()
        == 32
    )

    # Loading again changes nothing and records a second audit event.
    call_command(
        "load_catalog", "nacional-sintetico", "--escala", str(ESCALA), stdout=io.StringIO()
    )
    assert Casilla.objects.count() == r["casillas"]
    assert AuditEvent.objects.filter(action="catalog.cargar_catalogo_nacional").count() == 2


@pytest.mark.django_db
def test_refuses_when_another_catalog_is_loaded():
    fabrica.proceso(entidad=fabrica.entidad(nombre="AGUASCALIENTES"), nombre="Local")
    with pytest.raises(ErrorImportacion, match="ya hay otro catálogo cargado"):
        services.cargar_catalogo_nacional(escala=ESCALA)
    assert Entidad.objects.get(clave=1).nombre == "AGUASCALIENTES"
    assert not Casilla.objects.exists()
    with pytest.raises(CommandError, match="--scale national necesita el catálogo nacional"):
        call_command("simulacro", "--scale", "national", stdout=io.StringIO())


@pytest.mark.django_db
def test_simulacro_at_aguascalientes_scale_refuses_the_national_catalog():
    services.cargar_catalogo_nacional(escala=ESCALA)
    with pytest.raises(CommandError, match="use --scale national"):
        call_command("simulacro", stdout=io.StringIO())
