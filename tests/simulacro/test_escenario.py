from hypothesis import given, settings
from hypothesis import strategies as st

from ople.simulacro import escenario as esc


def _entradas(n=200):
    cols = ("PAN", "PRI", "MORENA", "C_PAN_PRI", "NO_REGISTRADOS", "NULOS")
    out = []
    for i in range(n):
        tipo = "S" if i % 97 == 0 else "B"
        out.append(
            esc.ActaEntrada(
                clave_acta=f"01{i:04d}{tipo}010002",
                clave_casilla=f"01{i:04d}{tipo}0100",
                tipo_casilla=tipo,
                lista_nominal=0 if tipo == "S" else 500 + i,
                columnas_voto=cols,
                grupo=str(i % 5),
            )
        )
    return out


def test_deterministic_for_a_seed():
    a = esc.generar(_entradas(), semilla=7)
    b = esc.generar(_entradas(), semilla=7)
    assert a == b
    assert a != esc.generar(_entradas(), semilla=8)


def test_fields_in_acta_order_and_sin_acta_all_zero():
    e = esc.generar(_entradas(), semilla=1, parametros=esc.Parametros(prob_sin_acta=0.2))
    for acta in e.actas:
        assert list(acta.valores) == esc.campos(acta.entrada)
        if acta.sin_acta:
            assert set(acta.valores.values()) == {0}
            assert esc.primera_llegada(acta) is None
        else:
            assert acta.llegada_catd_min is not None


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_two_capture_slips_never_agree_on_a_wrong_value(semilla):
    e = esc.generar(
        _entradas(60), semilla=semilla, parametros=esc.Parametros(prob_error_captura=0.5)
    )
    for acta in e.actas:
        if (
            len(acta.errores) == 2
            and acta.errores[0][0]
            and acta.errores[0][0] == acta.errores[1][0]
        ):
            assert acta.errores[0][1] != acta.errores[1][1]
