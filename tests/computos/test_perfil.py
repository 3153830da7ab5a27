"""The [computos] section: the open points of legal.md §8 as settings with their legal basis."""

from __future__ import annotations

import tomllib
from fractions import Fraction

import pytest

from ople import profiles
from ople.computos import perfil
from ople.profiles.schema import PerfilInvalido, perfil_desde_datos


def test_perfiles_con_seccion():
    s = perfil.de(profiles.cargar("ieeags-2024"))
    assert s.recuento_total.base == "VOTACION_TOTAL_EMITIDA"
    assert s.recuento_total.umbral_puntos == Fraction(1)
    assert s.distribucion.desempate == "ORDEN_BOLETA"
    assert "311" in s.distribucion.fundamento and "§8.4" in s.distribucion.fundamento
    assert s.planeacion.umbral_grupos == 20
    assert perfil.de(profiles.cargar("ine-dipfed-2024")).recuento_total.excluir_ya_recontadas


@pytest.mark.parametrize(
    ("cambio", "mensaje"),
    [
        (("recuento_total", "base", "VOTACION_NULA"), "debe ser uno de"),
        (("recuento_total", "umbral_puntos", "uno"), "número exacto"),
        (("recuento_total", "umbral_puntos", "-1"), "mayor que cero"),
        (("distribucion", "desempate", "SORTEO"), "debe ser uno de"),
        (("distribucion", "fundamento", ""), "texto no vacío"),
        (("planeacion", "max_grupos", 0), "mayor o igual a 1"),
        (("planeacion", "otra", 1), "claves desconocidas"),
    ],
)
def test_ajustes_malos(cambio, mensaje):
    datos = tomllib.loads(profiles.ruta("ieeags-2024").read_text())
    tabla, clave, valor = cambio
    datos["computos"][tabla][clave] = valor
    with pytest.raises(PerfilInvalido, match=mensaje):
        perfil_desde_datos(datos, origen="prueba.toml")
