"""INE-format databases (ople.prep.ine_csv): S2 byte-for-byte, both variants, property round trips."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ople import profiles
from ople.prep import ine_csv
from ople.prep import perfil as perfil_prep
from ople.prep.ine_csv import FORMATO_A, FORMATO_B, ArchivoInvalido

DATA = Path(__file__).resolve().parent.parent / "data"
S2 = DATA / "FerNHK_QROO_DIP_LOC_2019.csv"
CANDIDATURAS = DATA / "FerNHK_QROO_DIP_CANDIDATURAS_2019.csv"
PUBLICADO = "2136|2136|0|2136|100.0000|2031|95.0842|23.0337|105|1187254|263005|262598|22.1523"
QROO = perfil_prep.de(profiles.cargar("ieqroo-2019"))
AGS = perfil_prep.de(profiles.cargar("ieeags-2024"))


@pytest.fixture(scope="module")
def s2_bytes() -> bytes:
    return S2.read_bytes()


@pytest.fixture(scope="module")
def s2(s2_bytes: bytes) -> ine_csv.BaseDatos:
    return ine_csv.leer(s2_bytes)


def _escribir(base: ine_csv.BaseDatos, formato, **kw) -> bytes:
    datos = ine_csv.escribir_resultados(
        formato=formato,
        eleccion=base.eleccion,
        corte=base.corte,
        columnas=base.columnas,
        filas=base.filas,
        actas_esperadas=kw.pop("actas_esperadas", int(base.encabezado_publicado[0])),
        corte_final=kw.pop("corte_final", True),
        **kw,
    )
    assert datos is not None
    return datos


def test_read_s2(s2: ine_csv.BaseDatos) -> None:
    assert s2.eleccion == "DIPUTACIONES LOCALES"
    assert s2.corte == "2019/06/03 05:47 (UTC-5)"
    assert "|".join(s2.encabezado_publicado) == PUBLICADO
    assert len(s2.columnas) == 53 and len(s2.filas) == 2136
    assert s2.filas[0]["CLAVE_CASILLA"] == "230085B0100"  # ="…" removed
    assert s2.filas[0]["CLAVE_ACTA"] == "230085B010002"
    assert (s2.variante, s2.separador, s2.fin_de_linea) == ("A", "|", "\n")


def test_s2_written_back_byte_for_byte(s2: ine_csv.BaseDatos, s2_bytes: bytes) -> None:
    assert _escribir(s2, "A", decodificar_observaciones=QROO.codigos) == s2_bytes
    # streaming to a file object gives the same bytes
    buf = io.BytesIO()
    ine_csv.escribir_resultados(
        buf,
        formato=FORMATO_A,
        eleccion=s2.eleccion,
        corte=s2.corte,
        columnas=s2.columnas,
        filas=s2.filas,
        actas_esperadas=2136,
        corte_final=True,
    )
    assert buf.getvalue() == s2_bytes


def test_header_is_computed_never_copied(s2: ine_csv.BaseDatos) -> None:
    filas = [dict(f) for f in s2.filas[:-1]]  # one acta fewer
    datos = ine_csv.escribir_resultados(
        formato="A",
        eleccion=s2.eleccion,
        corte=s2.corte,
        columnas=s2.columnas,
        filas=filas,
        actas_esperadas=2136,
        corte_final=True,
    )
    assert datos is not None
    leido = ine_csv.leer(datos)
    assert leido.encabezado_publicado[:4] == ("2136", "2135", "0", "2135")


def test_columns_from_profile_match_s2(s2: ine_csv.BaseDatos) -> None:
    votos = ine_csv.columnas_de_voto(s2.columnas)
    assert ine_csv.columnas_resultados(QROO.csv.columnas, votos) == s2.columnas
    ags = ine_csv.columnas_resultados(
        AGS.csv.columnas, ["PAN", "PAN_PRI", "CI_01", "NO_REGISTRADAS", "NULOS"], municipal=True
    )
    assert ags[2:8] == (
        "ID_ENTIDAD",
        "ENTIDAD",
        "ID_DISTRITO_LOCAL",
        "DISTRITO_LOCAL",
        "ID_MUNICIPIO",
        "MUNICIPIO",
    )
    assert "CODIGO_INTEGRIDAD" in ags and ags[-1] == "COTEJADA"
    assert AGS.csv.columnas.combinacion(["PAN", "PRI"]) == "PAN_PRI"
    assert QROO.csv.columnas.combinacion(["PAN", "PRD"]) == "C_PAN_PRD"
    assert AGS.csv.columnas.candidatura_independiente(1) == "CI_01"


def test_variant_b_layout_and_back(s2: ine_csv.BaseDatos) -> None:
    datos = _escribir(s2, "B")
    assert datos.startswith(
        b"\xef\xbb\xbfDIPUTACIONES LOCALES\r\n2019/06/03 05:47 (UTC-5)\r\n\r\nACTAS_ESPERADAS,"
    )
    lineas = datos.decode("utf-8-sig").split("\r\n")
    assert lineas[4] == PUBLICADO.replace("|", ",")
    assert lineas[5] == ""
    assert lineas[7].startswith("'230085B0100','230085B010002',23,")
    leido = ine_csv.leer(datos)
    assert (leido.variante, leido.separador, leido.codificacion, leido.fin_de_linea) == (
        "B",
        ",",
        "utf-8-sig",
        "\r\n",
    )
    assert leido.filas == s2.filas
    assert leido.claves_escapadas == {"CLAVE_CASILLA": "apostrofo", "CLAVE_ACTA": "apostrofo"}
    assert _escribir(leido, "B") == datos


@pytest.mark.parametrize("fin", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("codificacion", ["utf-8", "utf-8-sig", "cp1252"])
def test_reader_accepts_encodings_and_line_ends(
    s2_bytes: bytes, fin: str, codificacion: str
) -> None:
    texto = (
        s2_bytes.decode("ascii")
        .replace("DIPUTACIONES LOCALES", "DIPUTACIÓN LOCAL")
        .replace("\n", fin)
    )
    datos = texto.encode(codificacion)
    b = ine_csv.leer(datos)
    assert b.eleccion == "DIPUTACIÓN LOCAL"
    assert b.fin_de_linea == fin and len(b.filas) == 2136
    assert b.codificacion == ("utf-8" if codificacion == "utf-8" else codificacion)
    assert "|".join(ine_csv.recalcular_encabezado(b).valores()) == PUBLICADO


def test_reader_finds_header_by_names_not_line_numbers(s2_bytes: bytes) -> None:
    texto = s2_bytes.decode()
    # no sep= line, extra blank lines, LEEME spellings of two header names
    texto = texto.removeprefix("sep=|\n").replace("\n\n", "\n\n\n\n")
    texto = texto.replace("ACTAS_FUERA_CATALOGO", "ACTAS_FUERA_DE_CATALOGO", 1)
    texto = texto.replace(
        "PORCENTAJE_ACTAS_INCONSISTENCIAS", "PORCENTAJE_ACTAS_CON_INCONSISTENCIAS", 1
    )
    b = ine_csv.leer(texto.encode())
    assert "|".join(b.encabezado_publicado) == PUBLICADO and len(b.filas) == 2136


@pytest.mark.parametrize(
    "datos",
    [
        b"",
        b"hola\nmundo\n",
        b"X\nY\nACTAS_ESPERADAS|ACTAS_REGISTRADAS\n1|2\n",
        b"sep=|\nX\nY\n" + b"|".join(n.encode() for n in ine_csv.CAMPOS_ENCABEZADO) + b"\n",
        b"\xff\xfe\x00A\x00C",
    ],
)
def test_reader_rejects_with_spanish_message(datos: bytes) -> None:
    with pytest.raises(ArchivoInvalido) as e:
        ine_csv.leer(datos)
    assert str(e.value)


def test_reader_rejects_short_row(s2_bytes: bytes) -> None:
    datos = s2_bytes.replace(b"|ACTA PREP\n", b"\n", 1)
    with pytest.raises(ArchivoInvalido, match="campos"):
        ine_csv.leer(datos)


def test_observation_labels_known_wordings() -> None:
    c = ine_csv.codigos_de_observacion
    assert c("ALGUN DATO ILEGIBLE O SIN DATO") == ("ILEGIBLE", "SIN_DATO")
    assert c("Excede Lista Nominal, Ilegible, Sin dato") == ("EXCEDE_LN", "ILEGIBLE", "SIN_DATO")
    assert c("Todos los campos vacíos") == ("TODOS_VACIOS",)
    assert c("TODOS ILEGIBLES O SIN DATO") == ("TODOS_ILEGIBLES",)
    assert c("SIN ACTA POR PAQUETE ENTREGADO SIN SOBRE") == ("SIN_ACTA_SIN_SOBRE",)
    assert c("NP: SIN ACTA POR PAQUETE NO ENTREGADO") == ("SIN_ACTA_PAQUETE_NO_ENTREGADO",)
    assert c("NO IDENTIFICADA (FUERA DE CATALOGO)") == ("FUERA_CATALOGO",)
    assert c("") == ()
    with pytest.raises(ValueError):
        c("ACTA BONITA")
    # every label of every profile is understood the same by the profile and the generic reader
    for nombre in profiles.disponibles():
        perfil = profiles.cargar(nombre)
        if "prep" not in perfil.secciones:  # a profile for another system (a federal cómputo)
            continue
        p = perfil_prep.de(perfil)
        for codigo, etiqueta in p.etiquetas.items():
            assert codigo in p.codigos(etiqueta)
            assert p.es_inconsistente(etiqueta) == any(
                x in ine_csv.CODIGOS_INCONSISTENCIA for x in c(etiqueta)
            )


def test_texto_corte() -> None:
    momento = datetime(2024, 6, 3, 11, 47, tzinfo=UTC)
    assert AGS.texto_corte(momento) == "03/06/2024 05:47 (UTC-6)"
    assert (
        ine_csv.texto_corte(momento, formato=FORMATO_A, zona=AGS.zona, desfase_utc="UTC-6")
        == "2024/06/03 05:47 (UTC-6)"
    )
    assert QROO.texto_corte(datetime(2019, 6, 3, 10, 47, tzinfo=UTC)) == "2019/06/03 05:47 (UTC-5)"


def test_datetime_cells_printed_in_zone() -> None:
    cols = ine_csv.columnas_resultados(AGS.csv.columnas, ["PAN", "NO_REGISTRADAS", "NULOS"])
    fila = {c: "" for c in cols} | {
        "CLAVE_CASILLA": "010393C0200",
        "CLAVE_ACTA": "010393C02002",
        "TIPO_CASILLA": "C",
        "PAN": 10,
        "NO_REGISTRADAS": 0,
        "NULOS": 1,
        "TOTAL_VOTOS_CALCULADO": 11,
        "LISTA_NOMINAL": 500,
        "CONTABILIZADA": True,
        "FECHA_HORA_CAPTURA": datetime(2024, 6, 3, 3, 5, 9, tzinfo=UTC),
    }
    datos = ine_csv.escribir_resultados(
        formato=FORMATO_B,
        eleccion="DIPUTACIONES LOCALES",
        corte="x",
        columnas=cols,
        filas=[fila],
        actas_esperadas=2,
        corte_final=False,
        zona=AGS.zona,
    )
    assert datos is not None
    b = ine_csv.leer(datos)
    assert b.filas[0]["FECHA_HORA_CAPTURA"] == "02/06/2024 21:05:09"
    assert b.filas[0]["CONTABILIZADA"] == "1"
    assert b.encabezado_publicado[:6] == ("2", "1", "0", "1", "50.0000", "1")


def test_candidaturas_byte_for_byte() -> None:
    datos = CANDIDATURAS.read_bytes()
    c = ine_csv.leer_candidaturas(datos)
    assert c.columnas == ine_csv.COLUMNAS_CANDIDATURAS_A
    assert c.codificacion == "cp1252" and len(c.filas) == 265
    assert "MAURICIO DELFIN AVENDAÑO" in {f["CANDIDATURA_PROPIETARIA"] for f in c.filas}
    assert (
        ine_csv.escribir_candidaturas(
            columnas=c.columnas, filas=c.filas, codificacion="cp1252", fin_de_linea="\n"
        )
        == datos
    )
    b = ine_csv.escribir_candidaturas(columnas=c.columnas, filas=c.filas)
    assert b.startswith(b"\xef\xbb\xbf") and ine_csv.leer_candidaturas(b).filas == c.filas


# --- write → read → write properties ------------------------------------------------------------

texto_libre = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12
)
voto = st.one_of(st.integers(0, 999).map(str), st.sampled_from(["ILEGIBLE", "SIN DATO", "-"]))
COLS = ine_csv.columnas_resultados(
    AGS.csv.columnas, ["PAN", "PRI", "PAN_PRI", "CI_01", "NO_REGISTRADAS", "NULOS"]
)
VOTOS = ine_csv.columnas_de_voto(COLS)
ETIQUETAS = [
    "",
    "Ilegible",
    "Sin dato",
    "Excede Lista Nominal, Sin dato",
    "Todos los campos vacíos",
    "Sin Acta por paquete no entregado",
    "No identificada - Fuera del catálogo",
]


@st.composite
def fila_st(draw: st.DrawFn) -> dict[str, str]:
    fila = {c: draw(texto_libre) for c in COLS}
    fila["CLAVE_CASILLA"] = draw(st.from_regex(r"[0-9]{6}[BCES][0-9]{4}", fullmatch=True))
    fila["CLAVE_ACTA"] = fila["CLAVE_CASILLA"] + draw(st.sampled_from(["2", "3", "4", "2E"]))
    fila["TIPO_CASILLA"] = draw(st.sampled_from(["B", "C", "E", "S"]))
    for c in VOTOS:
        fila[c] = draw(voto)
    fila["TOTAL_VOTOS_CALCULADO"] = str(sum(int(fila[c]) for c in VOTOS if fila[c].isdigit()))
    fila["LISTA_NOMINAL"] = str(draw(st.integers(0, 3000)))
    fila["OBSERVACIONES"] = draw(st.sampled_from(ETIQUETAS))
    fila["CONTABILIZADA"] = draw(st.sampled_from(["0", "1", "2"]))
    return fila


@settings(max_examples=40, deadline=None)
@given(
    filas=st.lists(fila_st(), max_size=8),
    eleccion=texto_libre.filter(lambda s: s.strip() == s and s),
    formato=st.sampled_from([FORMATO_A, FORMATO_B]),
    final=st.booleans(),
)
def test_write_read_write(filas, eleccion, formato, final) -> None:
    if formato.variante == "A":
        # variant A has no quoting: a cell cannot hold the separator or start like an escaped key
        filas = [{k: v.replace("|", "/") for k, v in f.items()} for f in filas]
        eleccion = eleccion.replace("|", "/")
    filas = [{k: (v if v[:1] not in ("=", "'") else "x" + v) for k, v in f.items()} for f in filas]
    eleccion = eleccion if eleccion[:1] not in ("=", "'", '"') else "x" + eleccion
    kw = dict(
        formato=formato,
        eleccion=eleccion,
        corte="02/06/2024 20:00 (UTC-6)",
        columnas=COLS,
        actas_esperadas=len(filas) + 3,
        corte_final=final,
        decodificar_observaciones=AGS.codigos,
    )
    primero = ine_csv.escribir_resultados(filas=filas, **kw)
    assert primero is not None
    leido = ine_csv.leer(primero)
    assert leido.columnas == COLS
    assert leido.filas == filas
    assert leido.eleccion == eleccion.strip()
    assert ine_csv.escribir_resultados(filas=leido.filas, **kw) == primero
    # the header read back is the header recomputed from the rows read back
    rec = ine_csv.recalcular_encabezado(
        leido, corte_final=final, decodificar_observaciones=AGS.codigos
    )
    assert rec.valores() == leido.encabezado_publicado


@pytest.mark.parametrize(
    ("formato", "celda"),
    [
        (FORMATO_A, "a|b"),
        (FORMATO_A, "a\nb"),
        (FORMATO_A, "a\rb"),
        (FORMATO_B, "a\nb"),
        (FORMATO_B, "a\rb"),
    ],
)
def test_writer_refuses_cells_that_would_break_the_layout(formato, celda) -> None:
    cols = ine_csv.columnas_resultados(AGS.csv.columnas, ["PAN", "NULOS"])
    fila = {c: "" for c in cols} | {
        "CONTABILIZADA": "0",
        "TOTAL_VOTOS_CALCULADO": "0",
        "LISTA_NOMINAL": "0",
        "ENTIDAD": celda,
    }
    with pytest.raises(ValueError):
        ine_csv.escribir_resultados(
            formato=formato,
            eleccion="X",
            corte="Y",
            columnas=cols,
            filas=[fila],
            actas_esperadas=1,
            corte_final=True,
        )


def test_rows_as_sequences_give_the_same_bytes(s2: ine_csv.BaseDatos, s2_bytes: bytes) -> None:
    listas = [[f[c] for c in s2.columnas] for f in s2.filas]
    datos = ine_csv.escribir_resultados(
        formato="A",
        eleccion=s2.eleccion,
        corte=s2.corte,
        columnas=s2.columnas,
        filas=listas,
        actas_esperadas=2136,
        corte_final=True,
    )
    assert datos == s2_bytes
    with pytest.raises(ValueError):
        ine_csv.escribir_resultados(
            formato="B",
            eleccion="x",
            corte="y",
            columnas=s2.columnas,
            filas=[listas[0][:-1]],
            actas_esperadas=1,
            corte_final=True,
        )


def test_cached_rows_and_table_give_the_same_bytes(s2: ine_csv.BaseDatos, s2_bytes: bytes) -> None:
    """The cut builder's fast path: row texts rendered once, header from a TablaActas."""
    from ople.ley.tally import TablaActas

    votos = ine_csv.columnas_de_voto(s2.columnas)
    tabla = TablaActas(votos)
    lineas = []
    for f, r in zip(s2.filas, ine_csv.resumenes(s2.columnas, s2.filas), strict=True):
        tabla.agregar(
            [rules_valor(f[c]) for c in votos],
            contabilizada=r.contabilizada,
            lista_nominal=r.lista_nominal,
            especial=r.especial,
            en_catalogo=r.en_catalogo,
            inconsistente=r.inconsistente,
        )
        lineas.append(ine_csv.renderizar_fila(f, columnas=s2.columnas, formato=FORMATO_A))
    datos = ine_csv.escribir_desde_tabla(
        formato="A",
        eleccion=s2.eleccion,
        corte=s2.corte,
        columnas=s2.columnas,
        lineas=lineas,
        tabla=tabla,
        actas_esperadas=2136,
        corte_final=True,
    )
    assert datos == s2_bytes
    assert ine_csv.renderizar_filas(s2.filas, columnas=s2.columnas, formato=FORMATO_A) == lineas
    assert ine_csv.renderizar_filas(s2.filas[:5], columnas=s2.columnas, formato=FORMATO_B) == [
        ine_csv.renderizar_fila(f, columnas=s2.columnas, formato=FORMATO_B) for f in s2.filas[:5]
    ]
    for fmt in (FORMATO_A, FORMATO_B):  # quotes in a cell: as the writer prints them
        raras = [{"ENTIDAD": 'dice "hola"', "SECCION": 1}, {"ENTIDAD": '"', "SECCION": ""}]
        assert ine_csv.renderizar_filas(raras, columnas=["ENTIDAD", "SECCION"], formato=fmt) == [
            ine_csv.renderizar_fila(f, columnas=["ENTIDAD", "SECCION"], formato=fmt) for f in raras
        ]
    with pytest.raises(ValueError):
        ine_csv.renderizar_filas([{"ENTIDAD": "a\nb"}], columnas=["ENTIDAD"], formato=FORMATO_B)
    with pytest.raises(ValueError):
        ine_csv.escribir_desde_tabla(
            formato="A",
            eleccion="x",
            corte="y",
            columnas=s2.columnas,
            lineas=lineas[:-1],
            tabla=tabla,
            actas_esperadas=2136,
            corte_final=True,
        )


def rules_valor(celda: str) -> int:
    from ople.prep.rules import valor_numerico

    return valor_numerico(celda)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_reader_never_crashes_on_garbage(datos: bytes) -> None:
    try:
        ine_csv.leer(datos)
    except ArchivoInvalido:
        pass


_CABEZA_S2 = S2.read_bytes()[:6000]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(_CABEZA_S2) - 1), st.binary(min_size=0, max_size=3)),
        min_size=1,
        max_size=4,
    )
)
def test_reader_and_audit_only_raise_value_errors_on_corrupted_files(cambios) -> None:
    """Bytes of the real file replaced at random: a clean Spanish error or a result, never a crash."""
    datos = bytearray(_CABEZA_S2)
    for pos, nuevo in cambios:
        datos[pos : pos + len(nuevo)] = nuevo
    try:
        base = ine_csv.leer(bytes(datos))
        ine_csv.recalcular_encabezado(base)
        ine_csv.filas_con_total_incorrecto(base)
    except ValueError as e:
        assert str(e)


def test_write_in_column_printed_with_the_profile_name():
    from ople import profiles

    opciones = ["PAN", "PRI", "C_PAN_PRI", "NO_REGISTRADOS", "NULOS"]
    ags = ine_csv.columnas_resultados(
        perfil_prep.de(profiles.cargar("ieeags-2024")).csv.columnas, opciones
    )
    qroo = ine_csv.columnas_resultados(
        perfil_prep.de(profiles.cargar("ieqroo-2019")).csv.columnas, opciones
    )
    assert "NO_REGISTRADAS" in ags and "NO_REGISTRADOS" not in ags
    assert "NO_REGISTRADOS" in qroo and "NO_REGISTRADAS" not in qroo
    # Same position: the row cells stay aligned with the header.
    assert ags.index("NO_REGISTRADAS") == qroo.index("NO_REGISTRADOS")


def test_renderizar_filas_como_el_escritor():
    """The fast path of renderizar_filas (join when no cell needs quoting) prints what the csv
    writer prints (renderizar_fila), and refuses what it refuses, in both variants."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    columnas = [
        "CLAVE_CASILLA",
        "ENTIDAD",
        "SECCION",
        "OBSERVACIONES",
        "CONTABILIZADA",
        "FECHA_HORA_ACOPIO",
        "FECHA_HORA_CAPTURA",
        "PAN",
    ]
    t = datetime(2024, 6, 3, 2, 0, tzinfo=UTC)
    celdas = ["x", "", None, 'co"mi"lla', "a|b", "a,b", "ñandú", " espacio ", 7, True]
    zona = ZoneInfo("America/Mexico_City")
    for formato in (FORMATO_A, FORMATO_B):
        for i in range(len(celdas) ** 2):
            a, b = celdas[i % len(celdas)], celdas[i // len(celdas)]
            fila = ["01001B0100", a, 12, b, i % 2 == 0, t + timedelta(minutes=i), t, i]
            try:
                esperado = ine_csv.renderizar_fila(
                    fila, columnas=columnas, formato=formato, zona=zona
                )
            except ValueError:
                with pytest.raises(ValueError):
                    ine_csv.renderizar_filas([fila], columnas=columnas, formato=formato, zona=zona)
                continue
            assert ine_csv.renderizar_filas(
                [fila, fila], columnas=columnas, formato=formato, zona=zona
            ) == [esperado, esperado]


def test_fecha_hora_como_strftime():
    from datetime import datetime, timedelta

    t = datetime(1999, 12, 31, 23, 59, 58)
    for formato in {f.formato_fecha_hora for f in ine_csv.FORMATOS.values()} | {"%H:%M"}:
        for h in range(0, 24 * 400, 13):
            u = t + timedelta(hours=h, seconds=h)
            assert ine_csv._fecha_hora(u, formato) == u.strftime(formato)
        assert ine_csv._fecha_hora(datetime(999, 1, 2, 3), formato) == datetime(
            999, 1, 2, 3
        ).strftime(formato)
