"""A publisher killed mid-cut leaves no partial cut under cortes/ and the pointer unchanged."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

from ople.prep.publish import corte, sintetico, verificar
from ople.publicacion import manifiesto

GUION = """
import sys
from datetime import timedelta
from pathlib import Path
from ople.prep.publish import corte, sintetico
from ople.publicacion import manifiesto
raiz = Path(sys.argv[1])
e = sintetico.eleccion_sintetica(casillas=1500, imagenes=raiz.parent / "media")
e = __import__("dataclasses").replace(e, corte_en=e.corte_en + timedelta(minutes=30))
print("listo", flush=True)
corte.construir_corte(e, raiz=raiz, clave=manifiesto.cargar_clave(Path(sys.argv[2])))
"""


def test_publicador_muerto_a_medio_corte(tmp_path):
    raiz = tmp_path / "pub"
    llave = tmp_path / "clave.pem"
    clave = manifiesto.generar_clave(llave)
    primero = corte.construir_corte(
        sintetico.eleccion_sintetica(casillas=30, imagenes=tmp_path / "media"),
        raiz=raiz,
        clave=clave,
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", GUION, str(raiz), str(llave)],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "listo"
        construccion = raiz / corte.CONSTRUCCION
        limite = time.monotonic() + 60
        # wait until the builder has written a good number of files, then kill it
        while time.monotonic() < limite:
            hechos = [p for p in construccion.glob("*/*/*") if p.is_file()]
            if len(hechos) > 200:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "el constructor terminó antes de poder matarlo"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert [p.name for p in (raiz / corte.CORTES).iterdir()] == [primero.nombre]
    p = json.loads((raiz / corte.PUNTERO).read_text())
    assert p["corte"] == primero.nombre
    assert verificar.verificar_corte(raiz / corte.CORTES / primero.nombre) == []
    # the next publisher cleans the leftovers and publishes normally
    siguiente = corte.construir_corte(
        sintetico.eleccion_sintetica(
            casillas=30,
            imagenes=tmp_path / "media",
            corte_en=sintetico.INICIO + timedelta(hours=11),
        ),
        raiz=raiz,
        clave=clave,
    )
    assert list((raiz / corte.CONSTRUCCION).iterdir()) == []
    assert json.loads((raiz / corte.PUNTERO).read_text())["corte"] == siguiente.nombre
    assert verificar.verificar_corte(raiz / corte.CORTES / siguiente.nombre) == []
