"""The label key's check digits: every one-symbol change and every neighbour swap is caught."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ople.paquetes import clave as c

PROCESO = "2023-2024"
ALFABETO = "0123456789"


def test_ejemplo_del_docstring():
    assert c.digitos(PROCESO, "010393B01002") == "95"
    assert c.texto_qr(PROCESO, "010393B01002") == "OPLE-PAQ:2023-2024:010393B0100295"
    assert c.impresa(PROCESO, "010393B01002") == "010393B0100-2-95"


@pytest.mark.parametrize(
    "texto",
    ["OPLE-PAQ:2023-2024:010393B0100295", "010393B0100-2-95", " 010393b0100 2 95 "],
)
def test_lee_qr_y_clave_tecleada(texto):
    assert c.leer(texto, proceso=PROCESO).clave == "010393B01002"


@pytest.mark.parametrize(
    ("texto", "codigo"),
    [
        ("", "clave_vacia"),
        ("https://prep.ieeags.mx/acta/010393B010002", "qr_ajeno"),
        ("010393B010002|2|PAN:12", "qr_ajeno"),
        ("OPLE-PAQ:2020-2021:010393B0100295", "otro_proceso"),
        ("010393B0100-2-96", "digito_verificador"),
        ("010393B0100-2-59", "digito_verificador"),  # the digits swapped
        ("010393B0200-2-95", "digito_verificador"),  # another casilla, same digits
        ("010393B0100-3-95", "clave_mal_formada"),  # no election has digit 3
        ("010393B010-2-95", "clave_mal_formada"),
    ],
)
def test_rechazos_en_espanol(texto, codigo):
    with pytest.raises(c.ClaveInvalida) as exc:
        c.leer(texto, proceso=PROCESO)
    assert exc.value.codigo == codigo
    assert exc.value.mensaje and exc.value.estado == 422


def test_la_etiqueta_de_otro_proceso_falla_su_digito():
    otra = c.impresa("2020-2021", "010393B01002")
    if otra != c.impresa(PROCESO, "010393B01002"):
        with pytest.raises(c.ClaveInvalida):
            c.leer(otra, proceso=PROCESO)


claves = st.builds(
    lambda e, s, t, i, x, d: f"{e:02d}{s:04d}{t}{i:02d}{x:02d}{d}",
    st.integers(1, 32),
    st.integers(1, 9999),
    st.sampled_from("BCESMAP"),
    st.integers(1, 99),
    st.integers(0, 99),
    st.sampled_from("124"),
)


@given(claves)
def test_ida_y_vuelta(clave):
    assert c.leer(c.texto_qr(PROCESO, clave), proceso=PROCESO).clave == clave
    assert c.leer(c.impresa(PROCESO, clave), proceso=PROCESO).clave == clave


@given(claves, st.integers(0, 13), st.sampled_from(ALFABETO))
def test_un_digito_cambiado_se_detecta(clave, pos, nuevo):
    completa = clave + c.digitos(PROCESO, clave)
    if pos == 6 or completa[pos] == nuevo:  # position 6 is the casilla type letter
        return
    alterada = completa[:pos] + nuevo + completa[pos + 1 :]
    assert not c.valida(PROCESO, alterada[:12], alterada[12:])


@given(claves, st.integers(0, 12))
def test_dos_vecinos_intercambiados_se_detectan(clave, pos):
    completa = clave + c.digitos(PROCESO, clave)
    if completa[pos] == completa[pos + 1] or 6 in (pos, pos + 1):
        return
    alterada = completa[:pos] + completa[pos + 1] + completa[pos] + completa[pos + 2 :]
    assert not c.valida(PROCESO, alterada[:12], alterada[12:])
