"""Reconciliation with INE's national register on a crafted CSV: exactly the missing, extra and
differing entries are reported."""

from __future__ import annotations

import datetime

import pytest

from ople.core.models import AuditEvent
from ople.registros.conciliacion import ArchivoInvalido, leer_csv, meses_de_texto
from ople.registros.services.conciliacion import conciliar_archivo

from .datos import AHORA, aprobador, capturista, entrada_aprobada

ENCABEZADO = (
    "NOMBRE,SEXO,CANDIDATURA,AMBITO,ENTIDAD,AUTORIDAD_SANCIONADORA,EXPEDIENTE,FECHA_RESOLUCION,"
    "CONDUCTA,CALIFICACION,SANCION,REINCIDENCIA,PERMANENCIA,PERDIDA_MODO_HONESTO\n"
)
TEEA = "Tribunal Electoral del Estado de Aguascalientes"


def _fila(
    nombre,
    expediente,
    *,
    entidad="AGUASCALIENTES",
    sexo="HOMBRE",
    fecha="01/03/2024",
    calificacion="LEVE",
    sancion="Amonestación pública",
    reincidencia="NO",
    permanencia="3 AÑOS",
    autoridad=TEEA,
    modo="NO",
):
    return (
        f'"{nombre}",{sexo},NO,MUNICIPAL,{entidad},"{autoridad}",{expediente},{fecha},"Conducta",'
        f'{calificacion},"{sancion}",{reincidencia},{permanencia},{modo}\n'
    )


@pytest.mark.django_db
def test_reporta_exactamente_faltantes_sobrantes_y_diferencias():
    capt, apro = capturista(), aprobador()
    # Local register: four current entries.
    entrada_aprobada(capt, apro, nombre="Juan Pérez López", expediente="TEEA-PES-010/2024")  # same
    entrada_aprobada(
        capt, apro, nombre="Rosa Martínez Gil", sexo="M", expediente="TEEA-PES-011/2024"
    )  # missing at INE
    entrada_aprobada(  # differs: rating and permanence
        capt,
        apro,
        nombre="Luis Ortega Vela",
        expediente="TEEA-PES-012/2024",
        calificacion="ordinaria",
    )
    entrada_aprobada(  # differs: re-offence and the loss of modo honesto
        capt,
        apro,
        nombre="Carlos Ruiz Paz",
        expediente="TEEA-PES-013/2024",
        reincidencia=True,
        perdida_modo_honesto=True,
    )
    csv = (
        ENCABEZADO
        # The same entry, written differently (case, accents, spaces, date format).
        + _fila(
            "JUAN  PEREZ LOPEZ",
            "teea-pes-010/2024",
            fecha="2024-03-01",
            sancion="AMONESTACIÓN PÚBLICA",
        )
        + _fila("Luis Ortega Vela", "TEEA-PES-012/2024")  # leve, 3 years at INE
        + _fila(
            "Carlos Ruiz Paz", "TEEA-PES-013/2024", reincidencia="SI", permanencia="6 años"
        )  # modo honesto NO
        + _fila(
            "Mario Sosa Leal", "TEEA-PES-020/2023", fecha="15/08/2023"
        )  # only at INE: missing locally
        + _fila("Otra Persona", "SRE-PSC-1/2024", entidad="JALISCO")  # another state: ignored
    ).encode()
    registro, reporte = conciliar_archivo(
        datos=csv, nombre_archivo="rnps.csv", usuario=apro, ahora=AHORA
    )
    assert [x.nombre for x in reporte.faltan_en_nacional] == ["Rosa Martínez Gil"]
    assert [(x.nombre, x.linea) for x in reporte.faltan_en_local] == [("Mario Sosa Leal", 5)]
    diferencias = {
        lo.nombre: [(d.campo, d.local, d.nacional) for d in ds] for lo, _, ds in reporte.diferencias
    }
    assert diferencias == {
        "Luis Ortega Vela": [
            ("calificación", "ordinaria", "leve"),
            ("permanencia (meses)", "48", "36"),
        ],
        "Carlos Ruiz Paz": [("pérdida del modo honesto de vivir", "Sí", "No")],
    }
    assert reporte.coinciden == 1
    assert registro.resultado["coinciden"] == 1
    assert AuditEvent.objects.filter(action="registros.conciliacion").count() == 1


@pytest.mark.django_db
def test_una_entrada_que_el_local_ya_paso_al_historico_no_falta_en_el_local():
    """INE still lists a person whose entry here is already historical (INE counted another
    period, or has not updated its list): that is a difference to act on, not an entry missing
    locally to capture again (the report used to offer «capturarla en el registro local»)."""
    capt, apro = capturista(), aprobador()
    entrada_aprobada(
        capt,
        apro,
        nombre="Ana Ruiz Paz",
        sexo="M",
        expediente="TEEA-PES-002/2020",
        fecha_resolucion_firme=datetime.date(2020, 1, 15),
    )  # leve: historical since 15 January 2023
    entrada_aprobada(
        capt,
        apro,
        nombre="Eva Soto Gil",
        sexo="M",
        expediente="TEEA-PES-003/2020",
        fecha_resolucion_firme=datetime.date(2020, 2, 1),
    )  # historical, and INE does not list her either: nothing to report
    csv = (
        ENCABEZADO + _fila("Ana Ruiz Paz", "TEEA-PES-002/2020", sexo="MUJER", fecha="15/01/2020")
    ).encode()
    _, reporte = conciliar_archivo(datos=csv, nombre_archivo="rnps.csv", usuario=apro, ahora=AHORA)
    assert reporte.faltan_en_local == () and reporte.faltan_en_nacional == ()
    assert [
        (lo.nombre, [(d.campo, d.local, d.nacional) for d in ds])
        for lo, _, ds in reporte.diferencias
    ] == [
        (
            "Ana Ruiz Paz",
            [("situación", "histórica desde el 15/01/2023", "vigente en el registro nacional")],
        )
    ]
    assert reporte.coinciden == 0


@pytest.mark.parametrize(
    ("contenido", "mensaje"),
    [
        ("NOMBRE,SEXO\nX,H\n", "Faltan columnas"),
        (ENCABEZADO + _fila("X", "E", sexo="OTRO"), "Línea 2, SEXO"),
        (ENCABEZADO + _fila("X", "E", fecha="31/02/2024"), "Línea 2, FECHA_RESOLUCION"),
        (ENCABEZADO + _fila("X", "E", permanencia="para siempre"), "PERMANENCIA"),
        (ENCABEZADO + _fila("X", "E", calificacion="GRAVISIMA"), "CALIFICACION"),
    ],
)
def test_archivo_invalido(contenido, mensaje):
    with pytest.raises(ArchivoInvalido, match=mensaje):
        leer_csv(contenido.encode())
    with pytest.raises(ArchivoInvalido, match="UTF-8"):
        leer_csv("NOMBRE".encode("utf-16"))


@pytest.mark.parametrize(
    ("texto", "meses"),
    [
        ("3 años", 36),
        ("4 AÑOS 6 MESES", 54),
        ("4 años y 6 meses", 54),
        ("18 meses", 18),
        ("1 año", 12),
    ],
)
def test_permanencia_en_texto(texto, meses):
    assert meses_de_texto(texto) == meses


def test_la_entrada_vigente_no_la_oculta_una_historica_del_mismo_expediente():
    """Sanctioned twice in one case: the current entry is the one compared (the historical one,
    read after it, replaced it and the report said «histórica desde»)."""
    from dataclasses import replace

    from ople.registros.conciliacion import Registro, conciliar

    vigente = Registro(
        nombre="Ana Ruiz Paz",
        expediente="TEEA-PES-002/2020",
        sexo="MUJER",
        autoridad_sancionadora=TEEA,
        fecha_resolucion_firme=datetime.date(2024, 3, 1),
        calificacion="LEVE",
        sancion="Amonestación pública",
        reincidencia=False,
        meses_permanencia=36,
        perdida_modo_honesto=False,
        entidad="AGUASCALIENTES",
    )
    historica = replace(vigente, historica_desde=datetime.date(2023, 1, 15))
    for locales in ((vigente, historica), (historica, vigente)):
        reporte = conciliar(locales, [vigente], entidad="Aguascalientes")
        assert reporte.diferencias == () and reporte.coinciden == 1
