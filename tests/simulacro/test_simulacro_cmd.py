"""A small simulacro, end to end: the real server in a subprocess, driven over HTTP.

It runs against its own SQLite file (the command starts and stops its own gunicorn), loads the
Aguascalientes catalog, plays a few hundred actas and asserts the consistency check passed.
"""

from __future__ import annotations

import pytest

from tests.simulacro.proceso import entorno, ople

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_small_simulacro_passes_its_consistency_check(tmp_path):
    env = entorno(tmp_path, "simulacro")
    for args in (["migrate", "-v0"], ["load-catalog", "aguascalientes"]):
        r = ople(args, env)
        assert r.returncode == 0, r.stderr[-2000:]
    r = ople(
        [
            "simulacro",
            "--speed",
            "3000",
            "--max-actas",
            "100",
            "--seed",
            "7",
            "--capturistas",
            "4",
            "--consejos-despues",
            "1",
        ],
        env,
    )
    salida = r.stdout + r.stderr
    assert r.returncode == 0, salida[-4000:]
    assert "Consistencia: el corte final reproduce la verdad del simulacro" in salida
    assert "actas simuladas:" in salida and "actas comparadas:" in salida
    # After the night: packages, one consejo per election closed, the RP sum (a short night
    # does not reach the 18 districts: it says which are missing and publishes nothing).
    assert "Después de la jornada" in salida
    assert "consejos con su cómputo hasta la declaración de validez" in salida
    assert "faltan los cómputos de los distritos" in salida
    # The cuts are on disk and the last one is final and verifiable by a citizen's command.
    cortes = sorted((tmp_path / "var" / "publicacion" / "cortes").iterdir())
    assert len(cortes) >= 2
    r = ople(["verify", str(cortes[-1])], env)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
