"""Classification (ople.prep.rules): every row of the real Quintana Roo 2019 file, plus tables
and hypothesis properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ople import profiles
from ople.prep import ine_csv, rules
from ople.prep import perfil as perfil_prep
from ople.prep.rules import (
    EXCEDE_LN,
    ILEGIBLE,
    NO_APLICA,
    OBS_ILEGIBLE,
    OBS_SIN_DATO,
    SIN_DATO,
    TODOS_ILEGIBLES,
    TODOS_VACIOS,
    ReglasClasificacion,
    clasificar,
    valor_de_letra_y_cifra,
    valor_numerico,
)

S2 = Path(__file__).resolve().parent.parent / "data" / "FerNHK_QROO_DIP_LOC_2019.csv"
QROO = perfil_prep.de(profiles.cargar("ieqroo-2019"))


@pytest.fixture(scope="module")
def s2() -> ine_csv.BaseDatos:
    return ine_csv.leer(S2.read_bytes())


def _sin_acta(obs: str) -> str | None:
    codigos = QROO.codigos(obs)
    causa = [c for c in codigos if c in rules.CAUSAS_SIN_ACTA]
    return causa[0] if causa else None


def _n_opciones(fila: dict[str, str], votos: tuple[str, ...]) -> int:
    """Parties + CI that apply in this acta's district (combinations, CNR and nulos excluded)."""
    return sum(
        1
        for c in votos
        if fila[c] != NO_APLICA and not c.startswith("C_") and c not in ("NO_REGISTRADOS", "NULOS")
    )


def test_s2_every_row_reproduced(s2: ine_csv.BaseDatos) -> None:
    votos = ine_csv.columnas_de_voto(s2.columnas)
    assert len(votos) == 23 and votos[0] == "PAN" and votos[-1] == "NULOS"
    assert len(s2.filas) == 2136
    distintos = []
    for fila in s2.filas:
        r = clasificar(
            {c: fila[c] for c in votos},
            tipo_casilla=fila["TIPO_CASILLA"],
            lista_nominal=int(fila["LISTA_NOMINAL"]),
            n_opciones=_n_opciones(fila, votos),
            reglas=QROO.clasificacion,
            sin_acta=_sin_acta(fila["OBSERVACIONES"]),
        )
        esperado = (int(fila["TOTAL_VOTOS_CALCULADO"]), fila["CONTABILIZADA"] == "1")
        obs = QROO.etiqueta(r.observaciones)
        if (r.total_votos_calculado, r.contabilizada) != esperado or obs != fila["OBSERVACIONES"]:
            distintos.append((fila["CLAVE_ACTA"], r, esperado, fila["OBSERVACIONES"]))
    assert distintos == []


def test_s2_header_from_classification(s2: ine_csv.BaseDatos) -> None:
    """Classify every row ourselves, then aggregate: the published 13 figures come out."""
    from ople.ley.tally import ResumenActa, calcular_encabezado

    votos = ine_csv.columnas_de_voto(s2.columnas)
    resumenes = []
    for fila in s2.filas:
        r = clasificar(
            {c: fila[c] for c in votos},
            tipo_casilla=fila["TIPO_CASILLA"],
            lista_nominal=int(fila["LISTA_NOMINAL"]),
            n_opciones=_n_opciones(fila, votos),
            reglas=QROO.clasificacion,
            sin_acta=_sin_acta(fila["OBSERVACIONES"]),
        )
        resumenes.append(
            ResumenActa(
                en_catalogo=not r.fuera_catalogo,
                contabilizada=r.contabilizada,
                inconsistente=r.inconsistente,
                especial=fila["TIPO_CASILLA"] == "S",
                lista_nominal=int(fila["LISTA_NOMINAL"]),
                total_votos=r.total_votos_calculado,
            )
        )
    enc = calcular_encabezado(resumenes, actas_esperadas=2136, corte_final=True)
    assert "|".join(enc.valores()) == (
        "2136|2136|0|2136|100.0000|2031|95.0842|23.0337|105|1187254|263005|262598|22.1523"
    )


def test_s2_tighter_allowance_would_drop_counted_actas(s2: ine_csv.BaseDatos) -> None:
    """The allowance matters: with factor 1 some published-counted actas would exceed LN."""
    votos = ine_csv.columnas_de_voto(s2.columnas)
    estricta = ReglasClasificacion(factor_tolerancia=1, boletas_especial=750)
    excedidas = [
        f["CLAVE_ACTA"]
        for f in s2.filas
        if EXCEDE_LN
        in clasificar(
            {c: f[c] for c in votos},
            tipo_casilla=f["TIPO_CASILLA"],
            lista_nominal=int(f["LISTA_NOMINAL"]),
            n_opciones=_n_opciones(f, votos),
            reglas=estricta,
        ).observaciones
    ]
    assert len(excedidas) >= 5


REGLAS = ReglasClasificacion(factor_tolerancia=2, boletas_especial=750)


@pytest.mark.parametrize(
    ("valores", "tipo", "ln", "esperado"),
    [
        ({"A": 10, "B": 5}, "B", 100, (15, True, ())),
        ({"A": 10, "B": ILEGIBLE}, "B", 100, (10, True, (OBS_ILEGIBLE,))),
        ({"A": 10, "B": SIN_DATO}, "B", 100, (10, True, (OBS_SIN_DATO,))),
        ({"A": 1, "B": SIN_DATO, "C": ILEGIBLE}, "C", 100, (1, True, (OBS_ILEGIBLE, OBS_SIN_DATO))),
        ({"A": ILEGIBLE, "B": ILEGIBLE}, "B", 100, (0, False, (TODOS_ILEGIBLES,))),
        ({"A": SIN_DATO, "B": SIN_DATO}, "B", 100, (0, False, (TODOS_VACIOS,))),
        ({"A": SIN_DATO, "B": ILEGIBLE}, "B", 100, (0, False, (TODOS_ILEGIBLES,))),
        ({"A": SIN_DATO, "B": NO_APLICA}, "B", 100, (0, False, (TODOS_VACIOS,))),
        # limit = LN + 2 × 2 options = 104: equality counts, one more does not
        ({"A": 100, "B": 4}, "B", 100, (104, True, ())),
        ({"A": 100, "B": 5}, "B", 100, (105, False, (EXCEDE_LN,))),
        ({"A": 100, "B": 5, "C": ILEGIBLE}, "B", 100, (105, False, (EXCEDE_LN, OBS_ILEGIBLE))),
        # casilla especial: LN 0, cap = 750 ballots + allowance
        ({"A": 754, "B": 0}, "S", 0, (754, True, ())),
        ({"A": 755, "B": 0}, "S", 0, (755, False, (EXCEDE_LN,))),
        ({"A": "7", "B": "-"}, "B", 100, (7, True, ())),
    ],
)
def test_clasificar_tabla(valores, tipo, ln, esperado) -> None:
    r = clasificar(valores, tipo_casilla=tipo, lista_nominal=ln, n_opciones=2, reglas=REGLAS)
    assert (r.total_votos_calculado, r.contabilizada, r.observaciones) == esperado


def test_sin_acta_y_fuera_de_catalogo() -> None:
    r = clasificar(
        {"A": 0, "B": 0},
        tipo_casilla="B",
        lista_nominal=10,
        n_opciones=2,
        reglas=REGLAS,
        sin_acta=rules.SIN_ACTA_SIN_SOBRE,
    )
    assert (r.contabilizada, r.observaciones, r.inconsistente, r.sin_acta) == (
        False,
        (rules.SIN_ACTA_SIN_SOBRE,),
        False,
        True,
    )
    f = clasificar(
        {}, tipo_casilla="B", lista_nominal=0, n_opciones=0, reglas=REGLAS, fuera_catalogo=True
    )
    assert (f.contabilizada, f.fuera_catalogo, f.observaciones) == (
        False,
        True,
        (rules.FUERA_CATALOGO,),
    )
    with pytest.raises(ValueError):
        clasificar(
            {"A": 1}, tipo_casilla="B", lista_nominal=1, n_opciones=1, reglas=REGLAS, sin_acta="X"
        )


def test_auxiliares_no_cuentan() -> None:
    valores = {"PAN": 3, "NULOS": 1, **{c: 999 for c in rules.CAMPOS_AUXILIARES}}
    r = clasificar(valores, tipo_casilla="B", lista_nominal=10, n_opciones=1, reglas=REGLAS)
    assert r.total_votos_calculado == 4 and r.contabilizada
    # with an explicit field list a missing field is SIN DATO
    r = clasificar(
        {"PAN": 3},
        campos=["PAN", "NULOS"],
        tipo_casilla="B",
        lista_nominal=10,
        n_opciones=1,
        reglas=REGLAS,
    )
    assert r.observaciones == (OBS_SIN_DATO,)


def test_tolerancia_por_representantes() -> None:
    reglas = ReglasClasificacion(tolerancia="representantes")
    kw = {"tipo_casilla": "B", "lista_nominal": 100, "n_opciones": 10, "reglas": reglas}
    assert clasificar({"A": 106}, representantes=6, **kw).contabilizada
    assert not clasificar({"A": 107}, representantes=6, **kw).contabilizada


@pytest.mark.parametrize(
    ("letra", "cifra", "prevalece", "esperado"),
    [
        (12, 12, "letra", 12),
        (12, 21, "letra", 12),
        (12, 21, "cifra", 21),
        (ILEGIBLE, 7, "letra", 7),
        (7, SIN_DATO, "cifra", 7),
        (ILEGIBLE, ILEGIBLE, "letra", ILEGIBLE),
        (ILEGIBLE, None, "letra", ILEGIBLE),
        (None, "", "letra", SIN_DATO),
        (SIN_DATO, SIN_DATO, "letra", SIN_DATO),
    ],
)
def test_letra_y_cifra(letra, cifra, prevalece, esperado) -> None:
    assert valor_de_letra_y_cifra(letra, cifra, prevalece=prevalece) == esperado


@pytest.mark.parametrize("malo", [-1, "x", "1.5", "١٢", 1.0, "-3"])
def test_valor_numerico_rechaza(malo) -> None:
    with pytest.raises(ValueError):
        valor_numerico(malo)


# --- properties --------------------------------------------------------------------------------

celda = st.one_of(st.integers(0, 600), st.sampled_from([ILEGIBLE, SIN_DATO, NO_APLICA]))
reglas_st = st.builds(
    ReglasClasificacion,
    tolerancia=st.sampled_from(["opciones", "representantes"]),
    factor_tolerancia=st.integers(0, 3),
    boletas_especial=st.integers(1, 1500),
    prevalece=st.sampled_from(["letra", "cifra"]),
)


@given(
    valores=st.dictionaries(st.sampled_from([f"P{i}" for i in range(12)]), celda, max_size=12),
    tipo=st.sampled_from(["B", "C", "E", "S", "M"]),
    ln=st.integers(0, 3000),
    n_opciones=st.integers(0, 15),
    representantes=st.none() | st.integers(0, 60),
    reglas=reglas_st,
)
def test_invariantes(valores, tipo, ln, n_opciones, representantes, reglas) -> None:
    r = clasificar(
        valores,
        tipo_casilla=tipo,
        lista_nominal=ln,
        n_opciones=n_opciones,
        reglas=reglas,
        representantes=representantes,
    )
    legibles = [v for v in valores.values() if isinstance(v, int)]
    aplicables = [v for v in valores.values() if v != NO_APLICA]
    # the total is the sum of the legible values, whatever the outcome
    assert r.total_votos_calculado == sum(legibles)
    # codes are known, unique and in printing order
    assert r.observaciones == rules.ordenar_codigos(r.observaciones)
    limite = rules.limite_votos(
        reglas,
        tipo_casilla=tipo,
        lista_nominal=ln,
        n_opciones=n_opciones,
        representantes=representantes,
    )
    if r.contabilizada:
        assert legibles and r.total_votos_calculado <= limite
        assert EXCEDE_LN not in r.observaciones
        assert set(r.observaciones) <= {OBS_ILEGIBLE, OBS_SIN_DATO}
    else:
        assert not legibles or r.total_votos_calculado > limite
    # partial flags are present exactly when such a field is present (and something is legible)
    if legibles:
        assert (OBS_ILEGIBLE in r.observaciones) == (ILEGIBLE in aplicables)
        assert (OBS_SIN_DATO in r.observaciones) == (SIN_DATO in aplicables)
    # every non-counted acta captured with data is an inconsistency (sin acta is not)
    assert r.inconsistente == (bool(r.observaciones))


@given(
    valores=st.dictionaries(st.sampled_from(["A", "B", "C"]), st.integers(0, 100), min_size=1),
    extra=st.integers(1, 50),
)
def test_mas_votos_nunca_vuelven_contable(valores, extra) -> None:
    """Monotonic: adding votes to a non-counted (excede) acta never makes it counted."""
    kw = {"tipo_casilla": "B", "lista_nominal": 50, "n_opciones": 3, "reglas": REGLAS}
    antes = clasificar(valores, **kw)
    despues = clasificar({**valores, "A": valores.get("A", 0) + extra}, **kw)
    if not antes.contabilizada:
        assert not despues.contabilizada


@given(
    letra=st.one_of(st.none(), st.integers(0, 999), st.sampled_from([ILEGIBLE, SIN_DATO])),
    cifra=st.one_of(st.none(), st.integers(0, 999), st.sampled_from([ILEGIBLE, SIN_DATO])),
)
def test_letra_y_cifra_propiedades(letra, cifra) -> None:
    a = valor_de_letra_y_cifra(letra, cifra, prevalece="letra")
    b = valor_de_letra_y_cifra(letra, cifra, prevalece="cifra")
    if isinstance(letra, int) or isinstance(cifra, int):
        assert isinstance(a, int) and isinstance(b, int)
        assert a in (letra, cifra) and b in (letra, cifra)
    else:
        assert a == b and a in (ILEGIBLE, SIN_DATO)
    # symmetric: swapping the readings swaps the policy
    assert valor_de_letra_y_cifra(cifra, letra, prevalece="cifra") == a
