"""The [candidaturas] section of a profile."""

from __future__ import annotations

from fractions import Fraction

import pytest

from ople import profiles
from ople.candidaturas import perfil
from ople.profiles.schema import Lector, PerfilInvalido


def _leer(datos):
    base = profiles.cargar("ieeags-2024")
    return perfil.leer(datos, base, Lector("prueba.toml"))


def test_sin_seccion_valen_los_valores_por_defecto():
    p = profiles.cargar("ieeags-2024")
    s = perfil.de(p)
    assert s.plazo_prevencion_horas == 48
    assert "tres_de_tres" in s.documentos
    assert s.reglas.minimo_mujeres_alto == Fraction(1, 2)


def test_seccion_completa():
    s = _leer(
        {
            "plazo_prevencion_horas": 72,
            "causas_sustitucion": ["fallecimiento"],
            "paridad": {
                "no_binaria": "mujer",
                "remanente": "alto",
                "minimo_mujeres_alto": "2/3",
                "sustitucion_no_binaria": "mismo",
            },
            "cuotas": {"LGBTIQ": 1, "DISCAPACIDAD": 2},
        }
    )
    assert s.plazo_prevencion_horas == 72
    assert s.causas_sustitucion == frozenset({"fallecimiento"})
    assert s.reglas.no_binaria == "mujer" and s.reglas.remanente == "alto"
    assert s.reglas.minimo_mujeres_alto == Fraction(2, 3)
    assert dict(s.reglas.cuotas) == {"LGBTIQ": 1, "DISCAPACIDAD": 2}


@pytest.mark.parametrize(
    ("datos", "mensaje"),
    [
        ({"plazo": 1}, "clave desconocida"),
        ({"plazo_prevencion_horas": 0}, "mayor o igual a 1"),
        ({"paridad": {"remanente": "arriba"}}, "debe ser uno de"),
        ({"paridad": {"maximo_mujeres_bajo": "3/2"}}, "entre 0 y 1"),
        ({"paridad": {"maximo_mujeres_bajo": "mitad"}}, "fracción"),
    ],
)
def test_errores_en_espanol(datos, mensaje):
    with pytest.raises(PerfilInvalido, match=mensaje):
        _leer(datos)


def test_periodo_de_registro():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    z = ZoneInfo("America/Mexico_City")
    s = _leer(
        {
            "registro_inicio": datetime(2024, 3, 31, 0, 0, tzinfo=z),
            "registro_fin": datetime(2024, 4, 4, 23, 59, tzinfo=z),
        }
    )
    assert s.en_periodo_de_registro(datetime(2024, 4, 2, 12, tzinfo=z)) is True
    assert s.en_periodo_de_registro(datetime(2024, 4, 5, 0, 0, tzinfo=z)) is False
    assert perfil.POR_DEFECTO.en_periodo_de_registro(datetime(2024, 4, 5, tzinfo=z)) is None
    with pytest.raises(PerfilInvalido, match="necesita inicio y fin"):
        _leer({"registro_inicio": datetime(2024, 3, 31, tzinfo=z)})
