"""The profile's [asignacion] section: Aguascalientes' values, and no parameter without its legal
basis."""

from __future__ import annotations

import tomllib
from fractions import Fraction

import pytest

from ople import profiles
from ople.computos.asignacion import perfil as perfil_asignacion
from ople.profiles.schema import PerfilInvalido, perfil_desde_datos


def test_aguascalientes_2024():
    s = perfil_asignacion.de(profiles.cargar("ieeags-2024"))
    c = s.congreso
    assert (c.escanos, c.rp) == (27, 9)
    assert c.reglas.umbral == Fraction(3, 100) and c.reglas.banda == Fraction(8, 100)
    assert c.reglas.distritos_minimos == 14 and c.reglas.asignacion_directa
    assert "Art. 232 CEEA" in c.fundamento["umbral"] and "[V: S2]" in c.fundamento["banda"]
    assert c.fundamento["restar_votos_usados"].startswith("[?]")
    assert len(s.cabildos) == 11
    assert sum(x.rp for x in s.cabildos.values()) == 43  # CG-A-70/24 [V: S1]
    assert not s.ayuntamiento.reglas.con_limites
    assert s.personas.sustitucion == "suplente" and s.personas.mujeres_minimas == "mitad_inferior"
    assert "SM-JDC-748/2018" in s.fundamento_personas["mujeres_minimas"]


def test_reglas_de_personas_sin_fundamento_o_invalidas():
    datos = _datos()
    del datos["asignacion"]["personas"]["fundamento"]["sustitucion"]
    with pytest.raises(PerfilInvalido, match="fundamento legal de sustitucion"):
        perfil_desde_datos(datos, origen="x.toml")
    datos = _datos()
    datos["asignacion"]["personas"]["sustitucion"] = "sorteo"
    with pytest.raises(PerfilInvalido, match=r"asignacion\.personas\.sustitucion"):
        perfil_desde_datos(datos, origen="x.toml")


def _datos() -> dict:
    return tomllib.loads(profiles.ruta("ieeags-2024").read_text(encoding="utf-8"))


def test_un_parametro_sin_fundamento_se_rechaza():
    datos = _datos()
    del datos["asignacion"]["congreso"]["fundamento"]["banda"]
    with pytest.raises(PerfilInvalido, match=r"asignacion.congreso.fundamento.*banda"):
        perfil_desde_datos(datos, origen="x.toml")


@pytest.mark.parametrize(
    ("cambio", "clave"),
    [
        ({"umbral": 0.03}, "asignacion.congreso.umbral"),
        ({"banda": "2"}, "asignacion.congreso.banda"),
        ({"compensacion": "sorteo"}, "asignacion.congreso.compensacion"),
        ({"rp": -1}, "asignacion.congreso.rp"),
        ({"otro": 1}, "asignacion.congreso.otro"),
    ],
)
def test_valores_invalidos_nombran_la_clave(cambio, clave):
    datos = _datos()
    datos["asignacion"]["congreso"].update(cambio)
    with pytest.raises(PerfilInvalido, match=clave.replace(".", r"\.")):
        perfil_desde_datos(datos, origen="x.toml")
