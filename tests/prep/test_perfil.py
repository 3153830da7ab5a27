"""The PREP's section of the profiles ([prep]): both files reproduce the settings the spec derives,
the PREP's parser is the one that reads it, and bad values are refused in Spanish."""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta
from typing import Any

import pytest

from ople import profiles
from ople.prep import perfil as perfil_prep
from ople.prep import rules
from ople.profiles import schema
from ople.profiles.schema import PerfilInvalido, perfil_desde_datos


def test_the_prep_registers_its_parser() -> None:
    assert "prep" in schema.secciones_registradas()
    assert schema._SECCIONES["prep"] is perfil_prep.leer
    seccion = profiles.cargar("ieeags-2024").seccion("prep")
    assert isinstance(seccion, perfil_prep.SeccionPrep)
    assert perfil_prep.de(profiles.cargar("ieeags-2024")) is seccion


def test_ieqroo_2019() -> None:
    p = perfil_prep.de(profiles.cargar("ieqroo-2019"))
    assert p.csv.variante == "A" and p.desfase_utc == "UTC-5"
    assert p.clasificacion.tolerancia == "opciones" and p.clasificacion.factor_tolerancia == 2
    assert p.etiqueta([rules.OBS_SIN_DATO, rules.OBS_ILEGIBLE]) == "ALGUN DATO ILEGIBLE O SIN DATO"
    assert p.etiqueta([rules.TODOS_VACIOS]) == "TODOS ILEGIBLES O SIN DATO"
    assert p.eleccion("DIP_LOC").tipos_acta_de("S") == ("3",)
    assert p.eleccion("DIP_LOC").tipos_acta_de("B") == ("2",)
    assert p.eleccion("DIP_LOC").nombre == "DIPUTACIONES LOCALES"  # from the envelope
    assert p.especiales_hasta_corte_final


def test_ieeags_2024() -> None:
    p = perfil_prep.de(profiles.cargar("ieeags-2024"))
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
    assert list(p.elecciones) == ["DIP_LOC", "AYUN"]  # the file's order: the CSVs' order
    assert p.eleccion("DIP_LOC").tipos_acta_de("S") == ("2", "3")
    assert p.eleccion("AYUN").tipos_acta_de("C") == ("4",)
    assert p.eleccion("AYUN").clave_archivo == "AYUN"
    assert p.publicacion.contiene(datetime.fromisoformat("2024-06-03T05:00:00-06:00"))
    # the whole-cut archive: the final cut only, and the profile says why (ADR 0054)
    assert p.corte_completo == "final" and "imágenes" in p.corte_completo_motivo
    assert p.ofrece_corte_completo(final=True) and not p.ofrece_corte_completo(final=False)
    with pytest.raises(ValueError):
        p.codigos("Etiqueta inventada")


def test_ventana_de_recepcion() -> None:
    """capturado_en: the process's operation, or around the receipt (drills, rehearsals)."""
    v = perfil_prep.de(profiles.cargar("ieeags-2024")).recepcion
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


def _romper(ruta: list[str], valor: object) -> dict[str, Any]:
    datos = tomllib.loads(profiles.ruta("ieeags-2024").read_text(encoding="utf-8"))
    nodo = datos
    for k in ruta[:-1]:
        nodo = nodo[k]
    if valor is KeyError:
        del nodo[ruta[-1]]
    else:
        nodo[ruta[-1]] = valor
    return datos


@pytest.mark.parametrize(
    ("ruta", "valor", "clave", "mensaje"),
    [
        (["prep", "desfase_utc"], "UTC-5", "prep.desfase_utc", "no coincide"),
        (["zona_horaria"], "America/Cancun", "prep.desfase_utc", "no coincide con America/Cancun"),
        (
            ["prep", "observaciones", "etiquetas", "EXCEDE_LN"],
            KeyError,
            "prep.observaciones.etiquetas",
            "faltan las etiquetas",
        ),
        (
            ["prep", "observaciones", "etiquetas", "INVENTADO"],
            "x",
            "prep.observaciones.etiquetas",
            "códigos desconocidos",
        ),
        (
            ["prep", "clasificacion", "tolerancia"],
            "mucha",
            "prep.clasificacion.tolerancia",
            "uno de",
        ),
        (
            ["prep", "clasificacion", "boletas_especial"],
            0,
            "prep.clasificacion.boletas_especial",
            "1",
        ),
        (
            ["prep", "clasificacion", "tipos_especial"],
            "S",
            "prep.clasificacion.tipos_especial",
            "lista",
        ),
        (["prep", "csv", "variante"], "C", "prep.csv.variante", "debe ser uno de"),
        (["prep", "csv", "variantes"], ["A"], "prep.csv.variantes", "variante principal"),
        (["prep", "csv", "columnas", "sha"], "SHA", "prep.csv.columnas", "claves desconocidas"),
        (
            ["prep", "publicacion", "fin"],
            datetime.fromisoformat("2024-06-04T20:00:01-06:00"),
            "prep.publicacion.fin",
            "24 horas",
        ),
        (
            ["prep", "publicacion", "fin"],
            datetime.fromisoformat("2024-06-01T20:00:00-06:00"),
            "prep.publicacion.fin",
            "posterior",
        ),
        (
            ["prep", "publicacion", "inicio"],
            datetime(2024, 6, 2, 20),
            "prep.publicacion.inicio",
            "desfase",
        ),
        (["prep", "publicacion", "intervalo_s"], 3600, "prep.publicacion.intervalo_s", "3 cortes"),
        (
            ["prep", "publicacion", "corte_completo"],
            "siempre",
            "prep.publicacion.corte_completo",
            "debe ser uno de ninguno, final, cada_corte",
        ),
        (
            ["prep", "publicacion", "corte_completo_motivo"],
            KeyError,
            "prep.publicacion.corte_completo_motivo",
            "texto no vacío",
        ),
        (
            ["prep", "publicacion", "corte_completo"],
            KeyError,
            "prep.publicacion.corte_completo_motivo",
            "sólo acompaña",
        ),
        (
            ["prep", "elecciones", "DIP_LOC", "tipos_acta"],
            {"S": ["2"]},
            "prep.elecciones.DIP_LOC.tipos_acta",
            "ordinaria",
        ),
        (["prep", "elecciones", "AYUN"], KeyError, "prep.elecciones", "faltan las elecciones AYUN"),
        (
            ["prep", "elecciones", "GUB"],
            {"clave_archivo": "GUB", "tipos_acta": {"ordinaria": ["1"]}},
            "prep.elecciones.GUB",
            "no define en \\[elecciones\\]",
        ),
        (
            ["prep", "participacion", "especiales_hasta_corte_final"],
            "si",
            "prep.participacion.especiales_hasta_corte_final",
            "true o false",
        ),
        (["prep", "extra"], 1, "prep.extra", "clave desconocida en la sección \\[prep\\]"),
        (["prep", "recepcion"], KeyError, "prep.recepcion", "falta la tabla"),
        (
            ["prep", "recepcion", "capturado_desde"],
            datetime(2024, 6, 2, 8),
            "prep.recepcion.capturado_desde",
            "desfase",
        ),
        (
            ["prep", "recepcion", "capturado_desde"],
            datetime.fromisoformat("2024-06-02T20:00:00-06:00"),
            "prep.recepcion.capturado_desde",
            "anterior",
        ),
        (
            ["prep", "recepcion", "capturado_antes_horas"],
            0,
            "prep.recepcion.capturado_antes_horas",
            "1",
        ),
        (
            ["prep", "recepcion", "capturado_antes_horas"],
            2**62,
            "prep.recepcion.capturado_antes_horas",
            "como máximo",
        ),
        (
            ["prep", "recepcion", "capturado_despues_minutos"],
            1441,
            "prep.recepcion.capturado_despues_minutos",
            "como máximo",
        ),
    ],
)
def test_invalid_section_is_refused_in_spanish(
    ruta: list[str], valor: object, clave: str, mensaje: str
) -> None:
    with pytest.raises(PerfilInvalido, match=mensaje) as e:
        perfil_desde_datos(_romper(ruta, valor), origen="prueba.toml")
    assert str(e.value).startswith(f"Perfil prueba.toml: «{clave}»")


def test_corte_completo_por_omision_y_en_cada_corte() -> None:
    """Without the setting no cut offers the whole-cut archive; «cada_corte», every cut."""
    datos = _romper(["prep", "publicacion", "corte_completo_motivo"], KeyError)
    del datos["prep"]["publicacion"]["corte_completo"]
    p = perfil_prep.de(perfil_desde_datos(datos, origen="prueba.toml"))
    assert p.corte_completo == "ninguno" and not p.ofrece_corte_completo(final=True)
    p = perfil_prep.de(
        perfil_desde_datos(
            _romper(["prep", "publicacion", "corte_completo"], "cada_corte"), origen="p.toml"
        )
    )
    assert p.ofrece_corte_completo(final=False)


def test_section_is_frozen() -> None:
    p = perfil_prep.de(profiles.cargar("ieqroo-2019"))
    with pytest.raises(AttributeError):
        p.desfase_utc = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        p.etiquetas["ILEGIBLE"] = "x"  # type: ignore[index]
