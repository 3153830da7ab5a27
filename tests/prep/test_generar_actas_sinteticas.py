"""`ople generar-actas-sinteticas`: a folder of synthetic actas, from the example or the catalog."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from ople.catalog import testing as fabrica
from ople.prep.qr import leer_clave
from tests.casilla.conftest import crear_jornada


def test_carpeta_de_ejemplos(tmp_path):
    call_command("generar_actas_sinteticas", n=3, out=str(tmp_path), semilla=5)
    archivos = sorted(tmp_path.glob("*.jpg"))
    assert len(archivos) == 3
    for a in archivos:
        datos = a.read_bytes()
        assert datos.startswith(b"\xff\xd8\xff")
        assert leer_clave(datos) in (a.stem, None)  # a few carry blur, most read back


@pytest.mark.django_db
def test_desde_el_catalogo(tmp_path):
    jornada = crear_jornada()
    eleccion = jornada.actas["010393C010002"].eleccion
    pan = fabrica.partido(proceso=jornada.proceso, siglas="PAN", color="#0a4fa3", orden=1)
    pri = fabrica.partido(proceso=jornada.proceso, siglas="PRI", color="#00843d", orden=2)
    for orden, (tipo, columna, partidos) in enumerate(
        [
            ("PARTIDO", "PAN", [pan]),
            ("PARTIDO", "PRI", [pri]),
            ("COMBINACION", "C_PAN_PRI", [pan, pri]),
            ("CNR", "NO_REGISTRADAS", []),
            ("NULOS", "NULOS", []),
        ],
        start=1,
    ):
        fabrica.opcion(
            eleccion=eleccion, tipo=tipo, columna=columna, orden=orden, partidos=partidos
        )
    call_command(
        "generar_actas_sinteticas", n=6, out=str(tmp_path), catalogo=True, sin_defectos=True
    )
    nombres = {p.stem for p in tmp_path.glob("*.jpg")}
    assert nombres == set(jornada.actas)
    for p in tmp_path.glob("*.jpg"):
        assert leer_clave(p.read_bytes()) == p.stem


def test_n_fuera_de_rango(tmp_path):
    with pytest.raises(CommandError):
        call_command("generar_actas_sinteticas", n=0, out=str(tmp_path))
