"""Profiles: both files load, reproduce the settings the spec derives, and bad files are refused."""

from __future__ import annotations

import hashlib
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ople import profiles
from ople.prep import rules
from ople.profiles.schema import PerfilInvalido, perfil_desde_datos


def test_available_and_cached() -> None:
    assert profiles.disponibles() == ("ieeags-2024", "ieqroo-2019")
    assert profiles.cargar("ieeags-2024") is profiles.cargar("ieeags-2024")
    datos = profiles.ruta("ieqroo-2019").read_bytes()
    assert profiles.huella("ieqroo-2019") == hashlib.sha256(datos).hexdigest()
    with pytest.raises(PerfilInvalido, match="No existe el perfil"):
        profiles.cargar("nada-2030")


def test_ieqroo_2019() -> None:
    p = profiles.cargar("ieqroo-2019")
    assert p.csv.variante == "A" and p.desfase_utc == "UTC-5"
    assert p.clasificacion.tolerancia == "opciones" and p.clasificacion.factor_tolerancia == 2
    assert p.etiqueta([rules.OBS_SIN_DATO, rules.OBS_ILEGIBLE]) == "ALGUN DATO ILEGIBLE O SIN DATO"
    assert p.etiqueta([rules.TODOS_VACIOS]) == "TODOS ILEGIBLES O SIN DATO"
    assert p.eleccion("DIP_LOC").tipos_acta_de("S") == ("3",)
    assert p.eleccion("DIP_LOC").tipos_acta_de("B") == ("2",)
    assert p.especiales_hasta_corte_final


def test_ieeags_2024() -> None:
    p = profiles.cargar("ieeags-2024")
    assert p.csv.variante == "B" and "A" in p.csv.variantes
    assert p.zona_horaria == "America/Mexico_City" and p.desfase_utc == "UTC-6"
    assert p.publicacion.inicio.isoformat() == "2024-06-02T20:00:00-06:00"
    assert p.publicacion.fin - p.publicacion.inicio == timedelta(hours=24)
    assert p.publicacion.intervalo_s == 300 and p.publicacion.cortes_por_hora == 12
    assert p.clasificacion.boletas_especial == 1000
    assert p.csv.columnas.codigo_integridad == "CODIGO_INTEGRIDAD"
    assert p.csv.columnas.no_registrados == "NO_REGISTRADAS"
    assert p.csv.contabilizada_fuera_catalogo == 2
    assert p.etiqueta([rules.EXCEDE_LN, rules.OBS_SIN_DATO, rules.OBS_ILEGIBLE]) == (
        "Excede Lista Nominal, Ilegible, Sin dato"
    )
    assert p.codigos("Excede Lista Nominal, Ilegible, Sin dato") == (
        rules.EXCEDE_LN,
        rules.OBS_ILEGIBLE,
        rules.OBS_SIN_DATO,
    )
    assert p.eleccion("DIP_LOC").tipos_acta_de("S") == ("2", "3")
    assert p.eleccion("AYUN").tipos_acta_de("C") == ("4",)
    assert p.publicacion.contiene(datetime.fromisoformat("2024-06-03T05:00:00-06:00"))
    with pytest.raises(ValueError):
        p.codigos("Etiqueta inventada")


def test_ventana_de_recepcion() -> None:
    """capturado_en: the process's operation, or around the receipt (drills, rehearsals)."""
    v = profiles.cargar("ieeags-2024").recepcion
    ahora = datetime.fromisoformat("2026-12-06T01:00:00+00:00")
    fecha = datetime.fromisoformat
    assert v.admite(fecha("2024-06-02T19:58:12-06:00"), ahora)  # the jornada
    assert v.admite(fecha("2024-06-03T20:00:00-06:00"), ahora)  # the last moment of the PREP
    assert not v.admite(fecha("2024-06-03T20:00:01-06:00"), ahora)
    assert not v.admite(fecha("2024-06-02T07:59:59-06:00"), ahora)
    assert v.admite(ahora - timedelta(hours=48), ahora)  # a drill's queued photo
    assert not v.admite(ahora - timedelta(hours=48, seconds=1), ahora)
    assert v.admite(ahora + timedelta(minutes=60), ahora)  # a phone clock ahead
    assert not v.admite(ahora + timedelta(minutes=60, seconds=1), ahora)
    # Exist as written, not in UTC: refused, never an OverflowError.
    assert not v.admite(fecha("0001-01-01T00:00:00+01:00"), ahora)
    assert not v.admite(fecha("9999-12-31T23:59:59-01:00"), ahora)


def _datos(nombre: str = "ieeags-2024") -> dict:
    return tomllib.loads(profiles.ruta(nombre).read_text(encoding="utf-8"))


def _romper(ruta: list[str], valor: object) -> dict:
    datos = _datos()
    nodo = datos
    for k in ruta[:-1]:
        nodo = nodo[k]
    if valor is KeyError:
        del nodo[ruta[-1]]
    else:
        nodo[ruta[-1]] = valor
    return datos


@pytest.mark.parametrize(
    ("ruta", "valor", "mensaje"),
    [
        (["zona_horaria"], "Marte/Olympus", "zona horaria desconocida"),
        (["desfase_utc"], "UTC-5", "no coincide"),
        (["observaciones", "etiquetas", "EXCEDE_LN"], KeyError, "faltan las etiquetas"),
        (["observaciones", "etiquetas", "INVENTADO"], "x", "códigos desconocidos"),
        (["clasificacion", "tolerancia"], "mucha", "debe ser uno de"),
        (["clasificacion", "boletas_especial"], 0, "mayor o igual a 1"),
        (["clasificacion", "tipos_especial"], "S", "lista de textos"),
        (["csv", "variante"], "C", "debe ser uno de"),
        (["csv", "variantes"], ["A"], "variante principal"),
        (["csv", "columnas", "sha"], "SHA", "claves desconocidas"),
        (["publicacion", "fin"], datetime.fromisoformat("2024-06-04T20:00:01-06:00"), "24 horas"),
        (["publicacion", "fin"], datetime.fromisoformat("2024-06-01T20:00:00-06:00"), "posterior"),
        (["publicacion", "inicio"], datetime(2024, 6, 2, 20), "desfase"),
        (["publicacion", "intervalo_s"], 3600, "3 cortes por hora"),
        (["elecciones", "DIP_LOC", "tipos_acta"], {"S": ["2"]}, "ordinaria"),
        (["elecciones", "SENADO"], {"nombre": "x"}, "tipo de elección desconocido"),
        (["participacion", "especiales_hasta_corte_final"], "si", "true o false"),
        (["extra"], 1, "clave desconocida"),
        (["recepcion"], KeyError, "falta la tabla"),
        (["recepcion", "capturado_desde"], datetime(2024, 6, 2, 8), "desfase"),
        (
            ["recepcion", "capturado_desde"],
            datetime.fromisoformat("2024-06-02T20:00:00-06:00"),
            "anterior",
        ),
        (["recepcion", "capturado_antes_horas"], 0, "mayor o igual a 1"),
        (["recepcion", "capturado_antes_horas"], 2**62, "como máximo"),
        (["recepcion", "capturado_despues_minutos"], 1441, "como máximo"),
    ],
)
def test_invalid_profile_is_refused_in_spanish(ruta, valor, mensaje) -> None:
    with pytest.raises(PerfilInvalido, match=mensaje) as e:
        perfil_desde_datos(_romper(ruta, valor), origen="prueba.toml")
    assert "prueba.toml" in str(e.value)


def test_file_errors(tmp_path: Path) -> None:
    malo = tmp_path / "malo.toml"
    malo.write_text("nombre = [", encoding="utf-8")
    with pytest.raises(PerfilInvalido, match="no es TOML válido"):
        profiles.cargar_archivo(malo)
    otro = tmp_path / "otro-2024.toml"
    otro.write_bytes(profiles.ruta("ieeags-2024").read_bytes())
    with pytest.raises(PerfilInvalido, match="se llama"):
        profiles.cargar_archivo(otro)


def test_profile_is_frozen() -> None:
    p = profiles.cargar("ieqroo-2019")
    with pytest.raises(AttributeError):
        p.nombre = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        p.etiquetas["ILEGIBLE"] = "x"  # type: ignore[index]
