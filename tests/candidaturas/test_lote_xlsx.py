"""Slates from an Excel workbook (.xlsx): the first sheet's cells (shared and inline strings,
numbers, date cells), the same checks and review step as a CSV, errors naming row, column and
its letter; broken or hostile workbooks refused in Spanish with nothing saved."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ople.candidaturas import lote, xlsx
from ople.candidaturas.models import Candidatura
from ople.candidaturas.services import registro
from ople.core.testing import login_verified

from .datos import persona, proceso_con_distritos, representante
from .libro import libro

ENCABEZADO = [
    "demarcacion",
    "cargo",
    "curp",
    "nombre",
    "primer_apellido",
    "fecha_nacimiento",
    "genero",
]


def test_primera_hoja_con_textos_numeros_fechas_y_huecos():
    datos = libro(
        [
            ["a", "b", "c", "d"],
            [1, "Diputación", None, date(1980, 1, 1)],
            [],
            [2.0, "x", 3.5, date(1981, 2, 2)],
        ],
        fecha_estilo=2,  # a custom "dd/mm/yyyy" format
    )
    assert xlsx.es_xlsx(datos)
    assert xlsx.primera_hoja(datos) == [
        (1, ["a", "b", "c", "d"]),
        (2, ["1", "Diputación", "", "1980-01-01"]),
        (4, ["2", "x", "3.5", "1981-02-02"]),
    ]
    # A number in a non-date custom format ("0.00") stays a number.
    (_, (_, fila)) = xlsx.primera_hoja(libro([["a"], [date(1980, 1, 1)]], fecha_estilo=3))
    assert fila == ["29221"]


def test_letras_de_columna():
    assert [xlsx.letra(i) for i in (0, 25, 26, 51, 701, 702)] == ["A", "Z", "AA", "AZ", "ZZ", "AAA"]


@pytest.mark.parametrize(
    ("datos", "mensaje"),
    [
        (b"PK\x03\x04 esto no es un zip", "no es un libro de Excel"),
        (b"", "no tiene encabezado"),
    ],
)
def test_archivos_que_no_son_libros(datos, mensaje):
    assert any(mensaje in e for e in lote.leer(datos).errores)


def test_zip_que_no_es_libro_y_xml_con_entidades():
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as z:
        z.writestr("hola.txt", "hola")
    assert lote.leer(salida.getvalue()).errores == ["El libro no tiene la parte xl/workbook.xml."]
    bomba = libro([["a"]], extra="")
    # Swap the sheet for one declaring an entity (the billion laughs' first step).
    entrada = zipfile.ZipFile(io.BytesIO(bomba))
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as z:
        for info in entrada.infolist():
            texto = entrada.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                texto = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + texto.split(b"\n", 1)[1]
            z.writestr(info, texto)
    (error,) = lote.leer(salida.getvalue()).errores
    assert "declaraciones XML" in error


def test_zip_que_se_infla_demasiado(monkeypatch):
    monkeypatch.setattr(xlsx, "MAXIMO_PARTE", 1000)
    datos = libro([["a" * 5000]])
    assert lote.leer(datos).errores == ["El libro es demasiado grande una vez descomprimido."]


def test_errores_nombran_fila_columna_y_letra():
    datos = libro(
        [
            ENCABEZADO,
            [1, "Diputación", persona(1).curp, "Ana", "López", date(1980, 1, 1), "M"],
            [2, "Diputación", "MALA", "Luis", "Pérez", "31/02/1981", "Z"],
        ]
    )
    leido = lote.leer(datos)
    assert len(leido.filas) == 1
    f = leido.filas[0]
    assert (f.numero, f.demarcacion, f.propietario.fecha_nacimiento) == (2, 1, date(1980, 1, 1))
    assert "Fila 3, curp (columna C): «MALA» no es una CURP válida (propietario)." in leido.errores
    assert any(e.startswith("Fila 3, fecha_nacimiento (columna F)") for e in leido.errores)
    assert "Fila 3, genero (columna G): debe ser M, H o X (propietario)." in leido.errores


@pytest.mark.django_db
def test_portal_acepta_xlsx_con_el_mismo_paso_de_revision(client):
    elec, dems, (pan, pri, morena) = proceso_con_distritos(3)
    rep = representante("rep_pan", "PAN")
    login_verified(client, rep)
    datos = libro(
        [
            ENCABEZADO,
            [2, "Diputación", persona(2).curp, "Ana", "López", date(1980, 1, 1), "M"],
            [3, "Diputación", persona(3, "H").curp, "Luis", "Pérez", date(1981, 2, 2), "H"],
        ]
    )
    r = client.post(
        "/candidaturas/lote/",
        {
            "partido": pan.pk,
            "eleccion": elec.pk,
            "archivo": SimpleUploadedFile("planilla.xlsx", datos),
        },
    )
    html = r.content.decode()
    assert "2 filas correctas" in html and "Confirmar y registrar 2" in html
    assert Candidatura.objects.count() == 0  # nothing saved at review
    r = client.post(
        "/candidaturas/lote/",
        {
            "partido": pan.pk,
            "eleccion": elec.pk,
            "contenido": r.context["contenido"],
            "confirmar": "si",
        },
    )
    assert r.status_code == 302
    assert sorted(Candidatura.objects.values_list("demarcacion__clave", flat=True)) == [2, 3]
    # A wrong demarcación in a workbook: the review names row and column, nothing is saved.
    malo = libro([ENCABEZADO, [9, "Diputación", persona(4).curp, "Eva", "Ruiz", "1990-03-03", "M"]])
    vista = registro.revisar_lote(eleccion=elec, contenido=malo)
    assert any(e.startswith("Fila 2, demarcacion") for e in vista.errores)
