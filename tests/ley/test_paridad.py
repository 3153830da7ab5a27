"""Parity, quotas and substitutions (ople.ley.paridad): table tests and properties."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ople.ley.paridad import (
    Formula,
    ParidadInvalida,
    Postulacion,
    ReglasParidad,
    bloques_de_competitividad,
    minimo_de_mujeres,
    resumen,
    tamanos_de_bloques,
    verificar_bloques,
    verificar_cuotas,
    verificar_formula,
    verificar_horizontal,
    verificar_lista,
    verificar_postulaciones,
    verificar_sustitucion,
)

R = ReglasParidad()


def codigos(fallas):
    return [f.codigo for f in fallas]


def slate(generos: str, grupos: dict[int, str] | None = None) -> list[Postulacion]:
    """'MMHHX' -> districts D01.. with fórmulas of that gender (same-gender suplente)."""
    grupos = grupos or {}
    return [
        Postulacion(
            f"D{i:02d}",
            Formula(g, g),  # type: ignore[arg-type]
            frozenset({grupos[i]}) if i in grupos else frozenset(),
        )
        for i, g in enumerate(generos, start=1)
    ]


@pytest.mark.parametrize(
    ("propietario", "suplente", "reglas", "falla"),
    [
        ("M", "M", R, False),
        ("H", "H", R, False),
        ("H", "M", R, False),  # the permitted exception
        ("H", "M", ReglasParidad(excepcion_hombre_mujer=False), True),
        ("M", "H", R, True),  # never a woman's place to a man
        ("M", "X", R, True),
        ("X", "X", R, False),
        ("X", "H", R, False),
        ("H", "X", R, False),
        ("M", None, R, False),
    ],
)
def test_formula(propietario, suplente, reglas, falla):
    fallas = verificar_formula(Formula(propietario, suplente), reglas, "Distrito 07")
    assert bool(fallas) is falla
    if falla:
        assert fallas[0].codigo == "FORMULA"
        assert fallas[0].donde == "Distrito 07"
        assert "mismo género" in fallas[0].mensaje


@pytest.mark.parametrize(
    ("lista", "esperado"),
    [
        ("MHMHMH", []),
        ("HMHMHM", []),
        ("MHHM", ["ALTERNANCIA"]),
        ("MMHH", ["ALTERNANCIA", "ALTERNANCIA"]),
        ("MXHM", []),  # a non-binary position is skipped: M, H, M alternate
        ("MXMH", ["ALTERNANCIA"]),
        ("", []),
    ],
)
def test_alternancia(lista, esperado):
    fallas = verificar_lista([Formula(g, g) for g in lista], R, "Lista RP")
    assert codigos(fallas) == esperado


def test_alternancia_dice_donde():
    (falla,) = verificar_lista([Formula(g, g) for g in "MHHM"], R, "Planilla de Calvillo")
    assert falla.donde == "Planilla de Calvillo, posición 3"
    assert "posiciones 2 y 3" in falla.mensaje


def test_lista_encabezada_por_mujer_si_el_perfil_lo_pide():
    lista = [Formula(g, g) for g in "HMHM"]
    assert verificar_lista(lista, R, "L") == []
    reglas = ReglasParidad(lista_encabezada_por_mujer=True)
    assert codigos(verificar_lista(lista, reglas, "L")) == ["ENCABEZADO"]


def test_formula_mal_en_lista_dice_la_posicion():
    lista = [Formula("M", "M"), Formula("H", "H"), Formula("M", "H")]
    (falla,) = verificar_lista(lista, R, "Lista RP")
    assert (falla.codigo, falla.donde) == ("FORMULA", "Lista RP, posición 3")


@pytest.mark.parametrize(
    ("total", "minimo"), [(0, 0), (1, 1), (2, 1), (3, 2), (11, 6), (18, 9), (29, 15)]
)
def test_minimo_de_mujeres(total, minimo):
    assert minimo_de_mujeres(total) == minimo


@pytest.mark.parametrize(
    ("generos", "reglas", "falla"),
    [
        ("MMMMMMMMMHHHHHHHHH", R, False),  # 9 of 18
        ("MMMMMMMMHHHHHHHHHH", R, True),  # 8 of 18
        ("MMMMMMHHHHH", R, False),  # 6 of 11: the odd one a woman
        ("MMMMMHHHHHH", R, True),  # 5 of 11
        ("MMHX", R, False),  # neutral: 2 of 3 counted
        ("MHHX", R, True),  # neutral: 1 of 3
        ("MHX", ReglasParidad(no_binaria="mujer"), False),
        ("MHHX", ReglasParidad(no_binaria="mujer"), False),
        ("MHX", ReglasParidad(no_binaria="hombre"), True),
    ],
)
def test_horizontal(generos, reglas, falla):
    fallas = verificar_horizontal(slate(generos), reglas, "PAN, diputaciones MR")
    assert bool(fallas) is falla
    if falla:
        assert fallas[0].donde == "PAN, diputaciones MR"
        assert "se requieren al menos" in fallas[0].mensaje


@pytest.mark.parametrize(
    ("n", "remanente", "tamanos"),
    [
        (18, "bajo", (6, 6, 6)),
        (11, "bajo", (4, 4, 3)),
        (11, "alto", (3, 4, 4)),
        (11, "medio", (3, 5, 3)),
        (10, "bajo", (4, 3, 3)),
        (10, "alto", (3, 3, 4)),
        (2, "bajo", (1, 1, 0)),
        (0, "bajo", (0, 0, 0)),
    ],
)
def test_tamanos_de_bloques(n, remanente, tamanos):
    assert tamanos_de_bloques(n, remanente) == tamanos
    assert sum(tamanos) == n


def test_bloques_ordenados_por_votacion_previa():
    votacion = {"D01": F(30, 100), "D02": F(1, 100), "D03": F(20, 100), "D04": None}
    b = bloques_de_competitividad(votacion, R)
    # n=4: (2, 1, 1); D04 has no history and ranks as 0 %.
    assert (b.bajo, b.medio, b.alto) == (("D04", "D02"), ("D03",), ("D01",))
    b = bloques_de_competitividad(votacion, ReglasParidad(sin_historia="excluir"))
    assert (b.bajo, b.medio, b.alto, b.excluidas) == (("D02",), ("D03",), ("D01",), ("D04",))


def test_ejemplo_del_modulo():
    postulaciones = slate("MMMHH")
    votacion = {f"D{i:02d}": F(v, 100) for i, v in enumerate([1, 2, 3, 20, 30], start=1)}
    fallas = verificar_postulaciones(postulaciones, R, votacion=votacion, donde="PAN")
    assert codigos(fallas) == ["BLOQUE_ALTO", "BLOQUE_BAJO"]
    alto, bajo = fallas
    assert alto.donde == "PAN, bloque alto (D05)"
    assert bajo.donde == "PAN, bloque bajo (D01, D02)"


@pytest.mark.parametrize(
    ("generos", "esperado"),
    [
        # ascending shares: D01 lowest … D06 highest; blocks (D01,D02) (D03,D04) (D05,D06)
        ("HMHMMH", []),
        ("MMHHHM", ["BLOQUE_BAJO"]),
        ("HHMMHH", ["HORIZONTAL", "BLOQUE_ALTO"]),
        ("HMMHMM", []),
        ("MHMHHH", ["HORIZONTAL", "BLOQUE_ALTO"]),
    ],
)
def test_bloques(generos, esperado):
    votacion = {f"D{i:02d}": F(i, 100) for i in range(1, 7)}
    fallas = verificar_postulaciones(slate(generos), R, votacion=votacion)
    assert codigos(fallas) == esperado


def test_bloques_exigen_la_votacion_de_cada_demarcacion():
    with pytest.raises(ParidadInvalida, match="Falta la votación previa de: D02"):
        verificar_bloques(slate("MH"), {"D01": F(1, 10)}, R, "PAN")


def test_votacion_fuera_de_rango():
    with pytest.raises(ParidadInvalida, match="no es una proporción"):
        bloques_de_competitividad({"D01": F(3, 2)}, R)


def test_demarcacion_repetida():
    p = slate("MH")
    with pytest.raises(ParidadInvalida, match="dos veces: D01"):
        verificar_postulaciones([p[0], p[0], p[1]], R)


@pytest.mark.parametrize(
    ("grupos", "cuotas", "esperado"),
    [
        ({1: "LGBTIQ", 2: "DISCAPACIDAD"}, {"LGBTIQ": 1, "DISCAPACIDAD": 1}, []),
        ({1: "LGBTIQ"}, {"LGBTIQ": 1, "DISCAPACIDAD": 1}, ["DISCAPACIDAD"]),
        ({}, {"INDIGENA": 2}, ["INDIGENA"]),
        ({1: "INDIGENA", 3: "INDIGENA"}, {"INDIGENA": 2}, []),
    ],
)
def test_cuotas(grupos, cuotas, esperado):
    fallas = verificar_cuotas(slate("MHMH", grupos), ReglasParidad(cuotas=cuotas), "MORENA")
    assert [f.donde.rsplit(" ", 1)[1] for f in fallas] == esperado
    assert all(f.codigo == "CUOTA" for f in fallas)


def test_reglas_invalidas():
    with pytest.raises(ParidadInvalida):
        ReglasParidad(minimo_mujeres_alto=F(3, 2))
    with pytest.raises(ParidadInvalida):
        ReglasParidad(cuotas={"JOVEN": -1})


@pytest.mark.parametrize(
    ("saliente", "entrante", "reglas", "permitido"),
    [
        ("M", "M", R, True),
        ("H", "H", R, True),
        ("H", "M", R, True),
        ("M", "H", R, False),  # never the reverse
        ("M", "X", R, False),
        ("H", "X", R, False),
        ("X", "H", R, True),  # IEE 2025: a non-binary person may be replaced by anyone
        ("X", "H", ReglasParidad(sustitucion_no_binaria="mismo"), False),
        ("X", "X", ReglasParidad(sustitucion_no_binaria="mismo"), True),
        ("X", "M", ReglasParidad(sustitucion_no_binaria="mujer_o_no_binaria"), True),
    ],
)
def test_sustitucion_genero(saliente, entrante, reglas, permitido):
    fallas = verificar_sustitucion(saliente, entrante, reglas, "D07", en_periodo_de_registro=True)
    assert (not fallas) is permitido
    if not permitido:
        assert fallas[0].codigo == "SUSTITUCION_GENERO"
        assert "nunca a la inversa" in fallas[0].mensaje


def test_sustitucion_fuera_de_periodo_solo_por_causa():
    causas = frozenset({"fallecimiento", "renuncia"})
    libre = verificar_sustitucion("M", "M", R, "D07", en_periodo_de_registro=True)
    assert libre == []
    sin_causa = verificar_sustitucion("M", "M", R, "D07", causas_permitidas=causas)
    assert codigos(sin_causa) == ["CAUSA"]
    assert "fallecimiento, renuncia" in sin_causa[0].mensaje
    ok = verificar_sustitucion("M", "M", R, "D07", causa="renuncia", causas_permitidas=causas)
    assert ok == []


def test_resumen():
    votacion = {f"D{i:02d}": F(i, 100) for i in range(1, 7)}
    r = resumen(slate("HMHMMX"), R, votacion=votacion)
    assert (r.total, r.mujeres, r.hombres, r.no_binarias, r.minimo_mujeres) == (6, 3, 2, 1, 3)
    assert r.por_bloque == {"bajo": (1, 2), "medio": (1, 2), "alto": (1, 2)}


# --- properties --------------------------------------------------------------------------------

generos = st.sampled_from("MHX")
slates = st.lists(generos, min_size=1, max_size=24)
reglas = st.builds(
    ReglasParidad,
    no_binaria=st.sampled_from(["neutral", "mujer", "hombre"]),
    remanente=st.sampled_from(["bajo", "medio", "alto"]),
)


def _votacion(n: int, valores) -> dict[str, F]:
    return {f"D{i:02d}": F(valores[i - 1], 1000) for i in range(1, n + 1)}


@given(data=st.data(), reglas=reglas, g=slates)
def test_intercambio_dentro_de_un_bloque_no_cambia_el_resultado(data, reglas, g):
    """A passing slate stays passing (and a failing one fails the same way) when two fórmulas
    of the same gender swap places within a competitiveness block."""
    n = len(g)
    valores = data.draw(st.lists(st.integers(0, 1000), min_size=n, max_size=n, unique=True))
    votacion = _votacion(n, valores)
    suplentes = data.draw(st.lists(st.sampled_from("MHX"), min_size=n, max_size=n))
    postulaciones = [
        Postulacion(f"D{i:02d}", Formula(p, s if p != "M" else "M"))  # type: ignore[arg-type]
        for i, (p, s) in enumerate(zip(g, suplentes, strict=True), start=1)
    ]
    antes = codigos(verificar_postulaciones(postulaciones, reglas, votacion=votacion))
    bloques = bloques_de_competitividad(votacion, reglas)
    bloque = data.draw(st.sampled_from([bloques.bajo, bloques.medio, bloques.alto]))
    if len(bloque) < 2:
        return
    a, b = data.draw(st.lists(st.sampled_from(bloque), min_size=2, max_size=2, unique=True))
    ia, ib = int(a[1:]) - 1, int(b[1:]) - 1
    if postulaciones[ia].formula.propietario != postulaciones[ib].formula.propietario:
        return
    cambiadas = list(postulaciones)
    cambiadas[ia] = Postulacion(a, postulaciones[ib].formula)
    cambiadas[ib] = Postulacion(b, postulaciones[ia].formula)
    assert codigos(verificar_postulaciones(cambiadas, reglas, votacion=votacion)) == antes


@given(data=st.data(), g=slates)
def test_subir_a_una_mujer_de_bloque_no_rompe_la_paridad(data, g):
    """Swapping a woman in a lower-share demarcación with a man in a higher one never makes a
    passing slate fail."""
    n = len(g)
    valores = data.draw(st.lists(st.integers(0, 1000), min_size=n, max_size=n, unique=True))
    votacion = _votacion(n, valores)
    postulaciones = slate("".join(g))
    if verificar_postulaciones(postulaciones, R, votacion=votacion):
        return
    orden = sorted(votacion, key=votacion.__getitem__)
    mujeres = [d for d in orden if postulaciones[int(d[1:]) - 1].formula.propietario == "M"]
    hombres = [d for d in orden if postulaciones[int(d[1:]) - 1].formula.propietario == "H"]
    pares = [(m, h) for m in mujeres for h in hombres if votacion[m] < votacion[h]]
    if not pares:
        return
    m, h = data.draw(st.sampled_from(pares))
    cambiadas = list(postulaciones)
    im, ih = int(m[1:]) - 1, int(h[1:]) - 1
    cambiadas[im] = Postulacion(m, postulaciones[ih].formula)
    cambiadas[ih] = Postulacion(h, postulaciones[im].formula)
    assert verificar_postulaciones(cambiadas, R, votacion=votacion) == []


@given(lista=st.lists(st.sampled_from("MH"), min_size=0, max_size=30))
def test_alternancia_equivale_a_no_tener_dos_iguales_seguidas(lista):
    fallas = verificar_lista([Formula(x, x) for x in lista], R, "L")  # type: ignore[arg-type]
    iguales = sum(1 for a, b in zip(lista, lista[1:], strict=False) if a == b)
    assert len(fallas) == iguales


@given(s=st.sampled_from("MHX"), e=st.sampled_from("MHX"))
def test_sustitucion_nunca_quita_un_lugar_a_una_mujer(s, e):
    fallas = verificar_sustitucion(s, e, R, "D", en_periodo_de_registro=True)  # type: ignore[arg-type]
    if s == "M" and e != "M":
        assert fallas
