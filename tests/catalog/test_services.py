"""The shipped Aguascalientes catalog, its loader and the boundary-set services."""

import io
import json

import pytest
from django.core.management import call_command
from django.db.models import Sum

from ople.catalog import selectors, services
from ople.catalog.importers import ErrorImportacion
from ople.catalog.models import (
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
from ople.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _conteos():
    modelos = [Entidad, Municipio, DistritoLocal, DistritoFederal, Seccion, ConjuntoLimites,
               LimiteSeccion, Casilla, ProcesoElectoral, Eleccion, Demarcacion, Partido,
               Coalicion, OpcionBoleta, Candidatura]  # fmt: skip
    return {m.__name__: m.objects.count() for m in modelos}


def test_load_counts(catalogo_ags):
    ent = Entidad.objects.get()
    assert (ent.clave, ent.nombre, ent.abreviatura) == (1, "AGUASCALIENTES", "AGS")
    assert Municipio.objects.count() == 11
    assert DistritoLocal.objects.count() == 18
    assert DistritoFederal.objects.count() == 3
    assert Seccion.objects.count() == 602
    assert not DistritoLocal.objects.filter(cabecera="").exists()
    # the 15 secciones without a local district in the source got one by adjacency
    assert Seccion.objects.filter(numero__gte=593, numero__lte=607).count() == 15
    conjunto = ConjuntoLimites.objects.get()
    assert (conjunto.version, conjunto.activo, conjunto.limites.count()) == (1, True, 602)
    assert Casilla.objects.count() == pytest.approx(1842, abs=20)
    assert Casilla.objects.filter(tipo="S").count() == 10
    assert Casilla.objects.filter(sintetica=False).count() == 0
    ln = Casilla.objects.aggregate(s=Sum("lista_nominal"))["s"]
    assert 1_000_000 <= ln <= 1_100_000
    assert set(Casilla.objects.values_list("tipo", flat=True)) == {"B", "C", "E", "S"}
    assert Casilla.objects.filter(tipo="B").count() == 602  # one básica per sección
    assert Casilla.objects.filter(tipo="E", ext_contigua__gt=0).exists()
    assert set(Casilla.objects.values_list("mecanismo_traslado", flat=True)) == {"D", "F", "I"}
    assert set(Casilla.objects.values_list("ubicacion", flat=True)) == {1, 2}
    proceso = ProcesoElectoral.objects.get()
    assert (str(proceso.fecha_jornada), proceso.perfil) == ("2024-06-02", "ieeags-2024")
    dip = Eleccion.objects.get(tipo="DIP_LOC")
    ayun = Eleccion.objects.get(tipo="AYUN")
    assert (dip.nombre, dip.demarcaciones.count()) == ("DIPUTACIONES LOCALES", 18)
    assert (ayun.nombre, ayun.demarcaciones.count()) == ("AYUNTAMIENTOS", 11)
    assert list(Partido.objects.values_list("siglas", flat=True)) == [
        "PAN", "PRI", "PRD", "PVEM", "PT", "MC", "MORENA",
    ]  # fmt: skip
    assert not Partido.objects.filter(ilustrativo=False).exists()
    assert not Candidatura.objects.filter(ilustrativa=False).exists()
    assert Coalicion.objects.filter(tipo="CAND_COMUN").count() == 1


def test_casilla_points_lie_inside_their_seccion(catalogo_ags):
    from shapely.geometry import Point, shape

    poligonos = {x.seccion_id: shape(x.geojson) for x in LimiteSeccion.objects.all()}
    casillas = Casilla.objects.exclude(latitud=None)
    assert casillas.count() == Casilla.objects.count()
    fuera = [
        c.clave
        for c in casillas
        if not poligonos[c.seccion_id].buffer(1e-6).contains(Point(c.longitud, c.latitud))
    ]
    assert fuera == []


def test_gender_parity_per_postulante(catalogo_ags):
    for eleccion in Eleccion.objects.all():
        for coal in Coalicion.objects.filter(eleccion=eleccion):
            generos = list(
                Candidatura.objects.filter(coalicion=coal).values_list("genero", flat=True)
            )
            assert abs(generos.count("M") - generos.count("H")) <= 1, coal


def test_reload_is_idempotent_and_audited(catalogo_ags):
    antes = _conteos()
    eventos = AuditEvent.objects.filter(action="catalog.cargar_catalogo").count()
    call_command("load_catalog", "aguascalientes", stdout=io.StringIO())
    assert _conteos() == antes
    assert AuditEvent.objects.filter(action="catalog.cargar_catalogo").count() == eventos + 1


def test_unknown_dataset_is_a_clear_error(db):
    with pytest.raises(ErrorImportacion, match="no existe el conjunto de datos «marte»"):
        services.ruta_dataset("marte")


def test_options_and_selectors(catalogo_ags):
    dip = Eleccion.objects.get(tipo="DIP_LOC")
    assert [o.columna for o in selectors.columnas_de(dip)] == [
        "PAN", "PRI", "PRD", "PVEM", "PT", "MC", "MORENA",
        "C_PAN_PRI_PRD", "C_PAN_PRI", "C_PAN_PRD", "C_PRI_PRD",
        "C_PVEM_PT_MORENA", "C_PVEM_PT", "C_PVEM_MORENA", "C_PT_MORENA",
        "CAND_IND_1", "NO_REGISTRADOS", "NULOS",
    ]  # fmt: skip
    d4 = dip.demarcaciones.get(clave=4)  # both coalitions and an independent
    d15 = dip.demarcaciones.get(clave=15)  # only coalition A, no independent
    assert len(selectors.opciones_de(d4)) == 18
    assert [o.columna for o in selectors.opciones_de(d15)] == [
        "PAN", "PRI", "PRD", "PVEM", "PT", "MC", "MORENA",
        "C_PAN_PRI_PRD", "C_PAN_PRI", "C_PAN_PRD", "C_PRI_PRD", "NO_REGISTRADOS", "NULOS",
    ]  # fmt: skip
    opcion = {o.columna: o for o in selectors.columnas_de(dip)}
    coal_a = Coalicion.objects.get(eleccion=dip, nombre="Coalición ilustrativa A")
    assert (
        selectors.candidatura_de_opcion(opcion=opcion["PRI"], demarcacion=d15).coalicion == coal_a
    )
    assert (
        selectors.candidatura_de_opcion(opcion=opcion["C_PAN_PRD"], demarcacion=d15).coalicion
        == coal_a
    )
    assert (
        selectors.candidatura_de_opcion(opcion=opcion["MORENA"], demarcacion=d15).partido.siglas
        == "MORENA"
    )
    assert selectors.candidatura_de_opcion(
        opcion=opcion["MORENA"], demarcacion=d4
    ).coalicion.nombre == ("Coalición ilustrativa B")
    assert selectors.candidatura_de_opcion(opcion=opcion["C_PT_MORENA"], demarcacion=d15) is None
    assert (
        selectors.candidatura_de_opcion(opcion=opcion["CAND_IND_1"], demarcacion=d4).numero_ci == 1
    )
    assert selectors.candidatura_de_opcion(opcion=opcion["NULOS"], demarcacion=d4) is None
    ayun = Eleccion.objects.get(tipo="AYUN")
    tepezala = ayun.demarcaciones.get(clave=9)
    cols = [o.columna for o in selectors.opciones_de(tepezala)]
    assert "CC_PT_MC" in cols and "C_PVEM_PT" not in cols
    cc = {o.columna: o for o in selectors.columnas_de(ayun)}["CC_PT_MC"]
    assert (
        selectors.candidatura_de_opcion(opcion=cc, demarcacion=tepezala).coalicion.tipo
        == "CAND_COMUN"
    )
    # casillas of a demarcación: every casilla falls in exactly one district
    total = sum(selectors.casillas_de(d).count() for d in dip.demarcaciones.all())
    assert total == Casilla.objects.count()
    seccion = Seccion.objects.get(numero=600)
    assert (
        selectors.demarcacion_de(eleccion=dip, seccion=seccion).distrito_local
        == seccion.distrito_local
    )


def _geojson_de(numeros, desplazar=0.0):
    feats = []
    for lim in LimiteSeccion.objects.filter(seccion__numero__in=numeros).select_related("seccion"):
        geom = json.loads(json.dumps(lim.geojson))
        feats.append({"type": "Feature", "properties": {"seccion": lim.seccion.numero},
                      "geometry": geom})  # fmt: skip
    return {"type": "FeatureCollection", "features": feats}


def test_boundary_set_load_and_activate(catalogo_ags):
    ent = Entidad.objects.get()
    nuevo = services.cargar_limites(
        entidad=ent, geojson=_geojson_de([1, 2, 3]), version=2, nombre="Prueba v2"
    )
    assert not nuevo.activo and nuevo.limites.count() == 3
    assert selectors.conjunto_activo(ent).version == 1
    services.activar_limites(conjunto=nuevo)
    assert selectors.conjunto_activo(ent).version == 2
    assert ConjuntoLimites.objects.filter(activo=True).count() == 1
    assert selectors.limites_activos(ent).count() == 3
    assert AuditEvent.objects.filter(action="catalog.activar_limites").count() == 2
    with pytest.raises(ErrorImportacion, match="ya existe la versión 2"):
        services.cargar_limites(entidad=ent, geojson=_geojson_de([1]), version=2, nombre="x")


@pytest.mark.parametrize(
    ("mutar", "mensaje"),
    [
        (lambda g: g["features"][1]["properties"].update(seccion=9999), "feature 2: la sección 9999 no existe"),
        (lambda g: g["features"][0].update(geometry={"type": "Point", "coordinates": [0, 0]}), "Polygon"),
        (lambda g: g["features"][2]["properties"].pop("seccion"), "feature 3: falta la propiedad"),
        (lambda g: g["features"][0]["geometry"].update(coordinates=[[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]), "no es válido"),
        (lambda g: g.update(type="Feature"), "no es un FeatureCollection"),
    ],
)  # fmt: skip
def test_bad_boundary_file_changes_nothing(catalogo_ags, mutar, mensaje):
    ent = Entidad.objects.get()
    g = _geojson_de([1, 2, 3])
    mutar(g)
    antes = _conteos()
    with pytest.raises(ErrorImportacion, match=mensaje):
        services.cargar_limites(entidad=ent, geojson=g, version=2, nombre="mala", activar=True)
    assert _conteos() == antes
    assert selectors.conjunto_activo(ent).version == 1


def test_boundaries_command(catalogo_ags, tmp_path, capsys):
    archivo = tmp_path / "v2.geojson"
    archivo.write_text(json.dumps(_geojson_de([5, 6])), encoding="utf-8")
    call_command(
        "boundaries", "load", str(archivo), "--version", "2", "--nombre", "v2", "--activate"
    )
    call_command("boundaries", "list")
    salida = capsys.readouterr().out
    assert "* v2  v2  (2 secciones)" in salida
    call_command("boundaries", "activate", "--version", "1")
    assert selectors.conjunto_activo(Entidad.objects.get()).version == 1


def test_regenerar_opciones_service_is_audited_and_stable(catalogo_ags):
    dip = Eleccion.objects.get(tipo="DIP_LOC")
    antes = list(dip.opciones.values_list("pk", "columna", "orden"))
    services.regenerar_opciones(eleccion=dip)
    assert list(dip.opciones.values_list("pk", "columna", "orden")) == antes  # rows kept
    evento = AuditEvent.objects.filter(action="catalog.regenerar_opciones").get()
    assert evento.before == evento.after
    # drop coalition B: its four combination columns disappear, the rest renumber
    coal_b = Coalicion.objects.get(eleccion=dip, nombre="Coalición ilustrativa B")
    Candidatura.objects.filter(coalicion=coal_b).delete()
    coal_b.delete()
    services.regenerar_opciones(eleccion=dip)
    columnas = list(dip.opciones.order_by("orden").values_list("columna", "orden"))
    assert [c for c, _ in columnas][7:] == [
        "C_PAN_PRI_PRD", "C_PAN_PRI", "C_PAN_PRD", "C_PRI_PRD", "CAND_IND_1", "NO_REGISTRADOS", "NULOS",
    ]  # fmt: skip
    assert [o for _, o in columnas] == list(range(1, 15))
    por_dem = selectors.opciones_por_demarcacion(dip)
    assert "CAND_IND_1" in por_dem[4] and "CAND_IND_1" not in por_dem[5]


def _descrito() -> services.CatalogoDescrito:
    return services.CatalogoDescrito(
        entidad={"clave": 23, "nombre": "Quintana Roo", "abreviatura": "QROO"},
        proceso={"clave": "2018-2019", "nombre": "PEL 2018-2019", "fecha_jornada": "2019-06-02"},
        eleccion={"tipo": Eleccion.Tipo.DIPUTACIONES, "nombre": "DIPUTACIONES LOCALES"},
        partidos=["PAN", "PRD"],
        distritos=[(1, "CHETUMAL"), (2, "CANCÚN")],
        secciones=[(10, 1), (20, 2)],
        coaliciones=[
            services.CoalicionDescrita(
                nombre="PAN - PRD", partidos=["PAN", "PRD"], demarcaciones=[2]
            )
        ],
        opciones=[
            services.OpcionDescrita(
                tipo=OpcionBoleta.Tipo.PARTIDO, columna="PAN", orden=1, partidos=["PAN"]
            ),
            services.OpcionDescrita(
                tipo=OpcionBoleta.Tipo.PARTIDO, columna="PRD", orden=2, partidos=["PRD"]
            ),
            services.OpcionDescrita(
                tipo=OpcionBoleta.Tipo.COMBINACION,
                columna="C_PAN_PRD",
                orden=3,
                partidos=["PAN", "PRD"],
                coalicion="PAN - PRD",
            ),
            services.OpcionDescrita(
                tipo=OpcionBoleta.Tipo.INDEPENDIENTE,
                columna="CAND_IND_1",
                orden=4,
                partidos=[],
                numero_ci=1,
                candidaturas=[(1, "CANDIDATURA INDEPENDIENTE 1")],
            ),
        ],
        casillas=[
            {"seccion": 10, "tipo": "B", "id_casilla": 1, "clave": "230010B0100"},
            {"seccion": 20, "tipo": "C", "id_casilla": 1, "clave": "230020C0100"},
        ],
    )


@pytest.mark.django_db
def test_crear_catalogo_descrito_crea_la_eleccion_y_la_audita():
    el = services.crear_catalogo_descrito(catalogo=_descrito())
    assert el.proceso.entidad.abreviatura == "QROO"
    d1, d2 = el.demarcaciones.order_by("clave")
    assert [c.columna for c in selectors.opciones_de(d1)] == ["PAN", "PRD", "CAND_IND_1"]
    assert [c.columna for c in selectors.opciones_de(d2)] == ["PAN", "PRD", "C_PAN_PRD"]
    assert Casilla.objects.get(clave="230020C0100").seccion.distrito_local.cabecera == "CANCÚN"
    evento = AuditEvent.objects.get(action="catalog.crear_catalogo_descrito")
    assert evento.after["casillas"] == 2 and evento.after["distritos"] == 2


@pytest.mark.django_db
def test_crear_catalogo_descrito_no_deja_nada_si_falla():
    malo = _descrito()
    malo.casillas.append({"seccion": 99, "tipo": "B", "id_casilla": 1, "clave": "230099B0100"})
    with pytest.raises(KeyError):
        services.crear_catalogo_descrito(catalogo=malo)
    assert not Entidad.objects.exists() and not AuditEvent.objects.exists()
