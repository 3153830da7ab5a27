"""The real publisher (`ople publish`, a subprocess) killed with SIGKILL at each step of a cut.

`OPLE_PRUEBA_MATAR_EN` names the step at which it kills itself (`corte.punto_de_fallo`). After
each kill: the public is never served a cut without its row (every directory under `cortes/`
and the cut the pointer names are recorded), no two cuts name one parent, and the next publish
succeeds (in the same minute when the killed cut was never recorded), chains to the last
recorded cut, and passes `ople verify` and `ople audit verify --corte`. The database is the
pytest-django PostgreSQL test database when the suite runs on PostgreSQL, its own SQLite file
otherwise.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ople.prep.publish import corte
from tests.servidor_ople import PYTHONPATH_DEL_ARBOL, base_de_la_prueba

REPO = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PREPARAR = """
import django
django.setup()
from datetime import UTC, datetime, timedelta
from ople.prep import roles
from ople.prep.services import captura as captura_srv
from tests.prep import datos_captura as dc
dc.catalogo(n_actas=4, n_distritos=2)
c1, c2 = dc.usuario("cap1", roles.CAPTURA), dc.usuario("cap2", roles.CAPTURA)
ahora = datetime.now(UTC) - timedelta(minutes=2)
for _ in range(3):
    for u in (c1, c2):
        asig = captura_srv.tomar_siguiente(usuario=u, ahora=ahora)
        captura_srv.registrar_captura(usuario=u, asignacion=asig, valores=dc.valores(), ahora=ahora)
"""

ESTADO = """
import json, django
django.setup()
from ople.core.models import AuditEvent
from ople.prep.models import Corte
print(json.dumps({
    "cortes": [[c.nombre, c.previo.nombre if c.previo else None, c.manifest_sha256]
               for c in Corte.objects.order_by("pk")],
    "eventos": [e.after["nombre"] for e in AuditEvent.objects.filter(action="prep.corte")],
}))
"""

# every step of a cut, in order (see programador's docstring); "" kills nowhere
PASOS = ("preparado", "en_transaccion", "registrado", "colocado", "puntero_gz")
REGISTRADO_DESDE = PASOS.index("registrado")


def _correr(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def _python(script: str, env: dict[str, str]) -> str:
    r = _correr([str(BIN / "python"), "-c", script], env)
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""


def _entorno(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.pop(corte.MATAR_EN, None)
    env.update(
        OPLE_VAR_DIR=str(tmp_path / "var"),
        OPLE_MEDIA_ROOT=str(tmp_path / "media"),
        OPLE_PUBLISH_ROOT=str(tmp_path / "pub"),
        OPLE_PUBLISH_KEY=str(tmp_path / "clave.pem"),
        OPLE_SECRET_KEY="prueba-publicador-sigkill",
        OPLE_DEBUG="0",
        PYTHONPATH=PYTHONPATH_DEL_ARBOL,
        DJANGO_SETTINGS_MODULE="ople.config.settings",
    )
    return base_de_la_prueba(env, tmp_path / "publicador.sqlite3")


def _publicar(env: dict[str, str], hasta: datetime, *extra: str, matar: str = ""):
    e = dict(env)
    if matar:
        e[corte.MATAR_EN] = matar
    args = [str(BIN / "ople"), "publish", "--once", "--fuera-de-ventana"]
    return _correr([*args, "--hasta", hasta.strftime("%Y-%m-%d %H:%M"), *extra], e)


def _puntero(raiz: Path) -> tuple[str | None, str | None]:
    """The cut named by current.json and by its .gz copy (None when absent)."""
    j, g = raiz / corte.PUNTERO, raiz / (corte.PUNTERO + corte.GZ)
    return (
        json.loads(j.read_bytes())["corte"] if j.exists() else None,
        json.loads(gzip.decompress(g.read_bytes()))["corte"] if g.exists() else None,
    )


def _invariantes(raiz: Path, estado: dict) -> None:
    filas = estado["cortes"]
    nombres = [f[0] for f in filas]
    en_cortes = sorted(p.name for p in (raiz / corte.CORTES).iterdir())
    assert set(en_cortes) <= set(nombres), f"corte sin fila servido: {en_cortes} vs {nombres}"
    for apuntado in _puntero(raiz):
        assert apuntado is None or (apuntado in nombres and apuntado in en_cortes)
    previos = [f[1] for f in filas if f[1] is not None]
    assert len(previos) == len(set(previos)), f"dos cortes con un mismo previo: {filas}"
    # a chain: each cut's parent is the cut recorded just before it
    assert [f[1] for f in filas] == [None, *nombres[:-1]]
    assert sorted(estado["eventos"]) == sorted(nombres)  # each row has its audit event


def test_publicador_muerto_en_cada_paso(tmp_path):
    env = _entorno(tmp_path)
    _python(PREPARAR, env)
    raiz = tmp_path / "pub"
    t = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
    r = _publicar(env, t)
    assert r.returncode == 0, r.stderr[-3000:]
    for i, paso in enumerate(PASOS):
        t += timedelta(minutes=1)
        antes = json.loads(_python(ESTADO, env))
        muerto = _publicar(env, t, matar=paso)
        assert muerto.returncode == -signal.SIGKILL, (paso, muerto.stderr[-3000:])
        estado = json.loads(_python(ESTADO, env))
        _invariantes(raiz, estado)
        registrado = i >= REGISTRADO_DESDE
        assert len(estado["cortes"]) == len(antes["cortes"]) + registrado, paso

        # the next start: in the same minute when the killed cut was never recorded
        siguiente = t + timedelta(minutes=1) if registrado else t
        r = _publicar(env, siguiente)
        assert r.returncode == 0, (paso, r.stdout, r.stderr[-3000:])
        t = siguiente
        estado = json.loads(_python(ESTADO, env))
        _invariantes(raiz, estado)
        nuevo = estado["cortes"][-1][0]
        assert len(estado["cortes"]) == len(antes["cortes"]) + registrado + 1, paso
        assert _puntero(raiz) == (nuevo, nuevo)
        assert sorted(p.name for p in (raiz / corte.CORTES).iterdir()) == sorted(
            f[0] for f in estado["cortes"]
        )
        assert list((raiz / corte.CONSTRUCCION).iterdir()) == []
        apartados = list((raiz / corte.CUARENTENA).glob("*")) if not registrado else []
        assert registrado or any(p.name.startswith(nuevo) for p in apartados), paso
        v = _correr([str(BIN / "ople"), "verify", str(raiz / corte.CORTES / nuevo)], env)
        assert v.returncode == 0, (paso, v.stdout[-3000:])
        a = _correr(
            [str(BIN / "ople"), "audit", "verify", "--corte", str(raiz / corte.CORTES)], env
        )
        assert a.returncode == 0, (paso, a.stdout[-2000:], a.stderr[-2000:])
