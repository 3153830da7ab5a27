"""The [paquetes] section of the profile and the deadline it gives (ople.ley.plazos)."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, time

import pytest

from ople import profiles
from ople.paquetes import perfil
from ople.profiles.schema import PerfilInvalido, perfil_desde_datos


def _datos(**cambios):
    datos = tomllib.loads(profiles.ruta("ieeags-2024").read_text(encoding="utf-8"))
    datos["paquetes"].update(cambios)
    return datos


def test_la_seccion_del_perfil():
    s = perfil.de(profiles.cargar("ieeags-2024"))
    assert dict(s.horas) == {"CABECERA": 2, "URBANA": 12, "RURAL": 24}
    assert s.cierre_votacion == time(18, 0) and s.verificado is False
    assert "LGIPE art. 299" in s.fundamento


@pytest.mark.parametrize(
    ("cambio", "clave"),
    [
        ({"urbana_horas": -1}, "paquetes.urbana_horas"),
        ({"urbana_horas": 30}, "paquetes.cabecera_horas"),  # not growing
        ({"cierre_votacion": "6 pm"}, "paquetes.cierre_votacion"),
        ({"verificado": "no"}, "paquetes.verificado"),
        ({"plazo_extra": 3}, "paquetes.plazo_extra"),
    ],
)
def test_valores_invalidos(cambio, clave):
    with pytest.raises(PerfilInvalido, match=f"«{clave}»"):
        perfil_desde_datos(_datos(**cambio), origen="prueba.toml")


def test_plazos_de_hora_en_hora():
    p = profiles.cargar("ieeags-2024")
    cierre = datetime(2024, 6, 3, 3, 40, tzinfo=UTC)  # Sunday 21:40 in Aguascalientes
    rural = perfil.plazo_de(p, ubicacion="RURAL", cierre=cierre, jornada=date(2024, 6, 2))
    assert rural == datetime(2024, 6, 4, 3, 40, tzinfo=UTC)  # Monday 21:40: every hour counts
    sin_cierre = perfil.plazo_de(p, ubicacion="CABECERA", cierre=None, jornada=date(2024, 6, 2))
    assert sin_cierre == datetime(2024, 6, 3, 2, 0, tzinfo=UTC)  # 18:00 + 2 h, UTC-6
