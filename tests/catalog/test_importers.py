"""CSV importers: good files load; a bad file is rejected whole, naming the line and reason."""

import pytest
from django.core.management import CommandError, call_command

from ople.catalog import services
from ople.catalog import testing as fabrica
from ople.catalog.importers import ErrorImportacion
from ople.catalog.models import (
    Casilla,
    Coalicion,
    DistritoLocal,
    Municipio,
    OpcionBoleta,
    Partido,
    ProcesoElectoral,
    Seccion,
)
from ople.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SECCIONES = """ENTIDAD,SECCION,MUNICIPIO,NOMBRE_MUNICIPIO,DISTRITO_FEDERAL,DISTRITO_LOCAL
23,1,1,COZUMEL,1,1
23,2,1,COZUMEL,1,1
23,85,5,BENITO JUAREZ,3,4
23,86,5,BENITO JUAREZ,3,5
"""


def _estado():
    return (
        Municipio.objects.count(),
        DistritoLocal.objects.count(),
        Seccion.objects.count(),
        Casilla.objects.count(),
        list(Casilla.objects.order_by("clave").values_list("clave", "lista_nominal")),
        Partido.objects.count(),
        Coalicion.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def qroo(db):
    return fabrica.entidad(clave=23, nombre="QUINTANA ROO", abreviatura="QROO")


def test_secciones_good_file(qroo):
    conteo = services.importar_catalogo(tipo="secciones", contenido=SECCIONES.encode())
    assert conteo["secciones"] == 4 and conteo["filas"] == 4
    assert Municipio.objects.get(clave=5).nombre == "BENITO JUAREZ"
    assert qroo.distritos_locales.count() == 3
    assert Seccion.objects.get(numero=86).distrito_local.numero == 5
    evento = AuditEvent.objects.get(action="catalog.importar_secciones")
    assert evento.after["secciones"] == 4
    # re-import: nothing written, still one event per import
    assert services.importar_catalogo(tipo="secciones", contenido=SECCIONES)["secciones"] == 0


@pytest.mark.parametrize(
    ("contenido", "mensaje"),
    [
        (SECCIONES + "23,87,5,BENITO JUAREZ,3,\n", "línea 6: DISTRITO_LOCAL debe ser un número entero"),
        (SECCIONES + "23,2,1,COZUMEL,1,1\n", "línea 6: la sección 2 está repetida (ya en la línea 3)"),
        (SECCIONES + "9,3,1,X,1,1\n", "línea 6: la entidad 9 no existe"),
        (SECCIONES.replace("DISTRITO_LOCAL", "DL"), "línea 1: faltan las columnas DISTRITO_LOCAL"),
        (SECCIONES + "23,3,1\n", "línea 6: tiene 3 campos"),
        ("", "vacío"),
        ("ENTIDAD,SECCION,MUNICIPIO,NOMBRE_MUNICIPIO,DISTRITO_FEDERAL,DISTRITO_LOCAL\n", "no tiene filas"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
    ],
)  # fmt: skip
def test_secciones_bad_file_is_rejected_whole(qroo, contenido, mensaje):
    antes = _estado()
    with pytest.raises(ErrorImportacion) as exc:
        services.importar_catalogo(tipo="secciones", contenido=contenido)
    assert mensaje in str(exc.value)
    assert _estado() == antes


CASILLAS_OK = """# comentario: archivo de prueba
ENTIDAD,SECCION,TIPO_CASILLA,ID_CASILLA,EXT_CONTIGUA,UBICACION_CASILLA,LISTA_NOMINAL,DOMICILIO,LATITUD,LONGITUD,MECANISMOS_TRASLADO
1,1,B,1,0,1,700,"Escuela, Calle 1",21.93,-102.33,D
1,1,C,1,0,1,650,Escuela,,,
1,1,C,2,0,1,640,Escuela,,,F
"""


def test_casillas_good_file_updates_and_creates(catalogo_ags):
    existente = Casilla.objects.get(clave="010001B0100")
    conteo = services.importar_catalogo(
        tipo="casillas", contenido=CASILLAS_OK, nombre_archivo="x.csv"
    )
    assert conteo["filas"] == 3
    existente.refresh_from_db()
    assert existente.lista_nominal == 700 and existente.domicilio == "Escuela, Calle 1"
    assert not existente.sintetica  # imported without --sintetica
    nueva = Casilla.objects.get(clave="010001C0200")
    assert (nueva.lista_nominal, nueva.mecanismo_traslado) == (640, "F")
    evento = AuditEvent.objects.filter(action="catalog.importar_casillas").get()
    assert evento.after["archivo"] == "x.csv"


@pytest.mark.parametrize(
    ("fila", "mensaje"),
    [
        ("1,9999,B,1,0,1,100,X,,,", "línea 6: la sección 9999 no existe en la entidad 1"),
        ("1,2,Z,1,0,1,100,X,,,", "línea 6: TIPO_CASILLA «Z»"),
        ("1,2,B,1,0,3,100,X,,,", "línea 6: UBICACION_CASILLA debe estar entre 1 y 2"),
        ("1,2,B,1,0,1,-5,X,,,", "línea 6: LISTA_NOMINAL debe ser un número entero"),
        ("1,2,B,1,0,1,100,X,95,-102,", "línea 6: LATITUD fuera de rango"),
        ("1,2,B,1,0,1,100,X,21.9,,", "línea 6: LATITUD y LONGITUD van juntas"),
        ("1,2,B,1,0,1,100,X,,,Q", "línea 6: MECANISMOS_TRASLADO «Q»"),
        (
            "1,1,C,2,0,1,100,X,,,",
            "línea 6: la casilla 010001C0200 está repetida (ya en la línea 5)",
        ),
    ],
)
def test_casillas_bad_row_rejects_the_whole_file(catalogo_ags, fila, mensaje):
    antes = _estado()
    with pytest.raises(ErrorImportacion) as exc:
        services.importar_catalogo(tipo="casillas", contenido=CASILLAS_OK + fila + "\n")
    assert [e for e in exc.value.errores if e.startswith(mensaje)] == exc.value.errores
    assert _estado() == antes  # the good rows above the bad one were not written either


def test_many_errors_are_all_reported(catalogo_ags):
    filas = "".join(f"1,{9000 + i},B,1,0,1,100,X,,,\n" for i in range(30))
    with pytest.raises(ErrorImportacion) as exc:
        services.importar_catalogo(tipo="casillas", contenido=CASILLAS_OK + filas)
    assert exc.value.errores[0] == "línea 6: la sección 9000 no existe en la entidad 1"
    assert len(exc.value.errores) == 21


def test_partidos_and_coaliciones_regenerate_the_ballot(catalogo_ags):
    proceso = ProcesoElectoral.objects.get()
    services.importar_catalogo(
        tipo="partidos",
        proceso=proceso,
        contenido="SIGLAS,NOMBRE,COLOR,ORDEN,LOCAL\nPAN,Partido Acción Nacional,#0059b3,1,0\n"
        "NUEVO,Partido Local Nuevo,#123456,8,1\n",
    )
    services.importar_catalogo(
        tipo="coaliciones",
        proceso=proceso,
        contenido="ELECCION,TIPO,NOMBRE,PARTIDOS,DEMARCACIONES\nDIP_LOC,COALICION,C,MC+NUEVO,13;14\n",
    )
    columnas = list(
        OpcionBoleta.objects.filter(eleccion__tipo="DIP_LOC").values_list("columna", flat=True)
    )
    assert columnas[:8] == ["PAN", "PRI", "PRD", "PVEM", "PT", "MC", "MORENA", "NUEVO"]
    assert columnas[-5:] == ["C_PT_MORENA", "C_MC_NUEVO", "CAND_IND_1", "NO_REGISTRADOS", "NULOS"]


@pytest.mark.parametrize(
    ("tipo", "contenido", "mensaje"),
    [
        ("partidos", "SIGLAS,NOMBRE,ORDEN\nPAN,x,1\nPAN,y,9\n", "línea 3: el partido PAN está repetido"),
        ("partidos", "SIGLAS,NOMBRE,ORDEN\nC_PAN,x,9\n", "línea 2: SIGLAS «C_PAN»"),
        ("partidos", "SIGLAS,NOMBRE,ORDEN\nNUEVO,x,2\n", "ORDEN 2 de NUEVO ya lo tiene PRI"),
        ("partidos", "SIGLAS,NOMBRE,ORDEN,COLOR\nNUEVO,x,9,rojo\n", "línea 2: COLOR «rojo»"),
        ("coaliciones", "ELECCION,TIPO,NOMBRE,PARTIDOS,DEMARCACIONES\nGUB,COALICION,X,PAN+PRI,*\n", "línea 2: la elección GUB no existe"),
        ("coaliciones", "ELECCION,TIPO,NOMBRE,PARTIDOS,DEMARCACIONES\nDIP_LOC,COALICION,X,PAN+PES,*\n", "línea 2: partidos inexistentes: PES"),
        ("coaliciones", "ELECCION,TIPO,NOMBRE,PARTIDOS,DEMARCACIONES\nDIP_LOC,COALICION,X,PAN+MC,1;99\n", "línea 2: la demarcación «99» no existe"),
        ("coaliciones", "ELECCION,TIPO,NOMBRE,PARTIDOS,DEMARCACIONES\nDIP_LOC,COALICION,X,PAN,*\n", "línea 2: PARTIDOS debe nombrar dos"),
        ("coaliciones", "ELECCION,TIPO,NOMBRE,PARTIDOS,DEMARCACIONES\nDIP_LOC,COALICION,X,MC+PAN,3\n", "PAN estaría en"),
        ("candidaturas", "ELECCION,DEMARCACION,POSTULA,PROPIETARIA\nDIP_LOC,3,PES,Nadie\n", "línea 2: POSTULA «PES»"),
    ],
)  # fmt: skip
def test_bad_party_files_change_nothing(catalogo_ags, tipo, contenido, mensaje):
    proceso = ProcesoElectoral.objects.get()
    antes = _estado()
    opciones = list(OpcionBoleta.objects.values_list("eleccion_id", "columna", "orden"))
    with pytest.raises(ErrorImportacion) as exc:
        services.importar_catalogo(tipo=tipo, contenido=contenido, proceso=proceso)
    assert any(mensaje in e for e in exc.value.errores), exc.value.errores
    assert _estado() == antes
    assert list(OpcionBoleta.objects.values_list("eleccion_id", "columna", "orden")) == opciones


def test_import_command(catalogo_ags, tmp_path, capsys):
    bueno = tmp_path / "casillas.csv"
    bueno.write_text(CASILLAS_OK, encoding="utf-8")
    call_command("import_catalog", "casillas", str(bueno), "--sintetica")
    assert '"filas": 3' in capsys.readouterr().out
    assert Casilla.objects.get(clave="010001C0200").sintetica
    malo = tmp_path / "malo.csv"
    malo.write_text(CASILLAS_OK + "1,9999,B,1,0,1,100,X,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="línea 6: la sección 9999 no existe"):
        call_command("import_catalog", "casillas", str(malo))
