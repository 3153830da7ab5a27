"""Profiles' envelope: both files load, the envelope is validated, sections go to their parsers."""

from __future__ import annotations

import ast
import hashlib
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from ople import profiles
from ople.ley import plazos
from ople.profiles import schema
from ople.profiles.schema import PerfilInvalido, perfil_desde_datos


def _datos(nombre: str = "ieeags-2024") -> dict[str, Any]:
    return tomllib.loads(profiles.ruta(nombre).read_text(encoding="utf-8"))


def _romper(ruta: list[str], valor: object) -> dict[str, Any]:
    datos = _datos("ieqroo-2019")  # the profile without [calendario]
    nodo = datos
    for k in ruta[:-1]:
        nodo = nodo.setdefault(k, {})
    if valor is KeyError:
        del nodo[ruta[-1]]
    else:
        nodo[ruta[-1]] = valor
    return datos


def test_available_and_cached() -> None:
    assert profiles.disponibles() == ("ieeags-2024", "ieqroo-2019", "ine-dipfed-2024")
    assert profiles.cargar("ieeags-2024") is profiles.cargar("ieeags-2024")
    datos = profiles.ruta("ieqroo-2019").read_bytes()
    assert profiles.huella("ieqroo-2019") == hashlib.sha256(datos).hexdigest()
    with pytest.raises(PerfilInvalido, match="No existe el perfil"):
        profiles.cargar("nada-2030")


def test_envelope() -> None:
    p = profiles.cargar("ieeags-2024")
    assert p.institucion == "Instituto Estatal Electoral de Aguascalientes"
    assert (p.id_entidad, p.entidad) == (1, "AGUASCALIENTES")
    assert p.zona_horaria == "America/Mexico_City" and p.zona.key == "America/Mexico_City"
    assert dict(p.elecciones) == {"DIP_LOC": "DIPUTACIONES LOCALES", "AYUN": "AYUNTAMIENTOS"}
    assert "prep" in p.secciones  # and the other systems' sections
    q = profiles.cargar("ieqroo-2019")
    assert q.zona_horaria == "America/Cancun" and dict(q.elecciones) == {
        "DIP_LOC": "DIPUTACIONES LOCALES"
    }


def test_calendar_defaults_and_data() -> None:
    """Without [calendario]: Saturday and Sunday, nothing else. With it: the institute's days and
    the official rest days of the process's years, as a ley.plazos.Calendario."""
    p = profiles.cargar("ieqroo-2019")
    assert p.periodo_proceso is None and p.inhabiles_instituto == frozenset()
    cal = p.calendario
    assert isinstance(cal, plazos.Calendario)
    assert cal.fin_de_semana == {plazos.SABADO, plazos.DOMINGO}
    assert cal.descanso_obligatorio == frozenset()

    datos = _datos()
    datos["calendario"] = {
        "inhabiles_instituto": [date(2024, 7, 22), date(2024, 7, 23)],
        "proceso_inicio": date(2023, 11, 3),
        "proceso_fin": date(2024, 9, 30),
    }
    p = perfil_desde_datos(datos, origen="prueba.toml")
    cal = p.calendario
    assert p.periodo_proceso == plazos.Periodo(date(2023, 11, 3), date(2024, 9, 30))
    assert cal.inhabiles_instituto == {date(2024, 7, 22), date(2024, 7, 23)}
    assert date(2023, 11, 20) in cal.descanso_obligatorio  # third Monday of November 2023
    assert date(2024, 2, 5) in cal.descanso_obligatorio
    # the calendar computes: Friday 19 July 2024 + 1 business day skips the weekend and the
    # institute's two days
    assert plazos.sumar_dias_habiles(cal, date(2024, 7, 19), 1, materia="ordinaria") == date(
        2024, 7, 24
    )


@pytest.mark.parametrize(
    ("ruta", "valor", "clave", "mensaje"),
    [
        (["zona_horaria"], "Marte/Olympus", "zona_horaria", "zona horaria desconocida"),
        (["institucion"], "", "institucion", "texto no vacío"),
        (["id_entidad"], 0, "id_entidad", "mayor o igual a 1"),
        (["elecciones", "SENADO"], {"nombre": "x"}, "elecciones.SENADO", "tipo de elección"),
        (["elecciones", "AYUN", "tipos_acta"], {}, "elecciones.AYUN", "claves desconocidas"),
        (["elecciones"], {}, "elecciones", "al menos una elección"),
        (["extra"], 1, "extra", "clave desconocida"),
        (
            ["calendario", "fin_de_semana"],
            [0, 1, 2, 3, 4, 5, 6],
            "calendario.fin_de_semana",
            "deje días hábiles",
        ),
        (["calendario", "fin_de_semana"], [7], "calendario.fin_de_semana", "de 0 \\(lunes\\)"),
        (
            ["calendario", "inhabiles_instituto"],
            [datetime(2024, 1, 1)],
            "calendario.inhabiles_instituto",
            "fechas sin hora",
        ),
        (["calendario", "proceso_inicio"], date(2024, 1, 1), "calendario.proceso_fin", "fecha"),
        (["calendario", "otro"], 1, "calendario", "claves desconocidas: otro"),
    ],
)
def test_invalid_envelope_is_refused_in_spanish(
    ruta: list[str], valor: object, clave: str, mensaje: str
) -> None:
    with pytest.raises(PerfilInvalido, match=mensaje) as e:
        perfil_desde_datos(_romper(ruta, valor), origen="prueba.toml")
    assert str(e.value).startswith(f"Perfil prueba.toml: «{clave}»")


def test_process_end_before_its_start() -> None:
    datos = _datos()
    datos["calendario"] = {"proceso_inicio": date(2024, 9, 30), "proceso_fin": date(2023, 11, 3)}
    with pytest.raises(PerfilInvalido, match="«calendario.proceso_fin»: debe ser posterior"):
        perfil_desde_datos(datos, origen="prueba.toml")


def test_unknown_section_is_reported() -> None:
    """A table no system registers is refused, naming it and the sections that exist."""
    datos = _datos()
    datos["inventada"] = {"formula": "resto mayor"}
    with pytest.raises(PerfilInvalido) as e:
        perfil_desde_datos(datos, origen="prueba.toml")
    assert str(e.value).startswith(
        "Perfil prueba.toml: «inventada»: sección desconocida: ningún sistema la registra "
        "(registradas: "
    )
    assert "[prep]" in str(e.value)


@pytest.fixture
def seccion_de_prueba():
    """A second system's section, registered for one test and removed after it."""
    leidas: list[tuple[dict[str, Any], str]] = []

    def leer(datos, perfil, lee):
        leidas.append((dict(datos), perfil.zona_horaria))
        return ("leida", lee.entero(datos, "sistema_x.plazo_dias", 1))

    schema.registrar_seccion("sistema_x", leer)
    yield leidas
    del schema._SECCIONES["sistema_x"]


def test_a_registered_section_is_read_by_its_parser(seccion_de_prueba) -> None:
    datos = _datos()
    datos["sistema_x"] = {"plazo_dias": 4}
    p = perfil_desde_datos(datos, origen="prueba.toml")
    assert seccion_de_prueba == [({"plazo_dias": 4}, "America/Mexico_City")]
    assert p.seccion("sistema_x") == ("leida", 4)
    assert {"prep", "sistema_x"} <= set(p.secciones)
    # the parser's errors name the file and the key
    datos["sistema_x"] = {"plazo_dias": 0}
    with pytest.raises(PerfilInvalido, match="^Perfil prueba.toml: «sistema_x.plazo_dias»"):
        perfil_desde_datos(datos, origen="prueba.toml")
    # a section is a table
    datos["sistema_x"] = 3
    with pytest.raises(PerfilInvalido, match="«sistema_x»: falta la tabla"):
        perfil_desde_datos(datos, origen="prueba.toml")


def test_a_missing_section_is_reported() -> None:
    datos = _datos()
    del datos["prep"]
    del datos["computos"]
    p = perfil_desde_datos(datos, origen="prueba.toml")
    assert "prep" not in p.secciones
    with pytest.raises(PerfilInvalido, match="no tiene la sección \\[prep\\]"):
        p.seccion("prep")


def test_registry_refuses_clashes(seccion_de_prueba) -> None:
    with pytest.raises(ValueError, match="ya tiene otro lector"):
        schema.registrar_seccion("sistema_x", lambda d, p, lee: None)
    with pytest.raises(ValueError, match="clave del perfil"):
        schema.registrar_seccion("elecciones", lambda d, p, lee: None)


def test_profiles_imports_no_system() -> None:
    """The envelope knows no system: profiles' modules import only ople.ley, themselves and
    the platform's registry (its declaration, `registro.py`)."""
    raiz = Path(profiles.__file__).resolve().parent
    importados: set[str] = set()
    for archivo in raiz.glob("*.py"):
        for nodo in ast.walk(ast.parse(archivo.read_text(encoding="utf-8"))):
            if isinstance(nodo, ast.ImportFrom) and nodo.module:
                importados.add(nodo.module)
                importados.update(f"{nodo.module}.{n.name}" for n in nodo.names)
            elif isinstance(nodo, ast.Import):
                importados.update(n.name for n in nodo.names)
    de_ople = {m for m in importados if m.startswith("ople.") or m == "ople"}
    assert "ople.profiles.schema" in de_ople  # the walk sees ople's imports
    assert {
        m for m in de_ople if not m.startswith(("ople.ley", "ople.profiles", "ople.core.registry"))
    } == set()


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
        p.elecciones["DIP_LOC"] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        p.secciones["prep"] = None  # type: ignore[index]
