"""`publicar` in a real process killed with SIGKILL at each step of a cut (`disco.punto_de_fallo`).

After each kill nothing unrecorded is served (every directory under `cortes/` and the cut the
pointer names have their row), the chain has no fork, and the next `publicar` (which repairs
first) succeeds, chains to the last recorded cut and verifies. The fast in-process cover of the
recovery is `test_publicar.test_la_recuperacion_aparta_lo_que_no_tiene_fila`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ople.publicacion import disco
from ople.publicacion.verificar import verificar_corte
from tests.servidor_ople import PYTHONPATH_DEL_ARBOL, REPO, base_de_la_prueba

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

DECLARAR = """
import django, json, sys
django.setup()
from ople.core import audit
_d = dict(audit.declared_actions()); _d["publicacion.prueba"] = "prueba"
audit.declared_actions = lambda: _d
"""
PUBLICAR = (
    DECLARAR
    + """
from datetime import datetime
from ople.publicacion import publicar, sitio_de
t = datetime.fromisoformat(sys.argv[1])
c = publicar(sitio_de("computos"), {"index.html": sys.argv[1].encode()}, corte_en=t,
             accion="publicacion.prueba")
print(c.nombre)
"""
)
ESTADO = """
import django, json
django.setup()
from ople.publicacion.models import CortePublicado
print(json.dumps([[c.nombre, c.previo.nombre if c.previo else None]
                  for c in CortePublicado.objects.order_by("corte_en")]))
"""
PASOS = ("preparado", "en_transaccion", "registrado", "colocado", "puntero_gz")


def _correr(script: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_publicar_muerto_en_cada_paso(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.pop(disco.MATAR_EN, None)
    env.update(
        OPLE_VAR_DIR=str(tmp_path / "var"),
        OPLE_PUBLISH_ROOT=str(tmp_path / "pub"),
        OPLE_PUBLISH_KEY=str(tmp_path / "clave.pem"),
        OPLE_SECRET_KEY="prueba-publicar-sigkill",
        PYTHONPATH=PYTHONPATH_DEL_ARBOL,
        DJANGO_SETTINGS_MODULE="ople.config.settings",
    )
    env = base_de_la_prueba(env, tmp_path / "pub.sqlite3")
    raiz = tmp_path / "pub" / "computos"
    t = datetime(2027, 6, 6, 2, 0, tzinfo=UTC)
    assert _correr(PUBLICAR, env, t.isoformat()).returncode == 0
    n = 1
    for i, paso in enumerate(PASOS):
        t += timedelta(minutes=1)
        muerto = _correr(PUBLICAR, {**env, disco.MATAR_EN: paso}, t.isoformat())
        assert muerto.returncode == -signal.SIGKILL, (paso, muerto.stderr[-2000:])
        filas = json.loads(_correr(ESTADO, env).stdout.strip().splitlines()[-1])
        nombres = [f[0] for f in filas]
        # recorded from "registrado" on: the killed cut has its row (recovery places it)
        assert len(filas) == n + (i >= PASOS.index("registrado")), paso
        servidos = {p.name for p in (raiz / "cortes").iterdir()}
        assert servidos <= set(nombres), (paso, servidos, nombres)
        apuntado = json.loads((raiz / "current.json").read_bytes())["corte"]
        assert apuntado in nombres and apuntado in servidos
        assert [f[1] for f in filas] == [None, *nombres[:-1]]  # one chain, no fork
        # the next start repairs, then publishes after the last recorded cut
        t += timedelta(seconds=30)
        r = _correr(PUBLICAR, env, t.isoformat())
        assert r.returncode == 0, (paso, r.stderr[-2000:])
        nuevo = r.stdout.strip().splitlines()[-1]
        filas = json.loads(_correr(ESTADO, env).stdout.strip().splitlines()[-1])
        assert filas[-1] == [nuevo, filas[-2][0]]
        assert json.loads((raiz / "current.json").read_bytes())["corte"] == nuevo
        assert verificar_corte(raiz / "cortes" / nuevo) == []
        assert not any(Path(raiz / ".construccion").iterdir())
        n = len(filas)
