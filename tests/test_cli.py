import pytest

from ople import cli


@pytest.fixture
def executed(monkeypatch):
    calls = []
    import django.core.management as management

    monkeypatch.setattr(management, "execute_from_command_line", lambda argv: calls.append(argv))
    return calls


def test_dashes_become_underscores(executed):
    assert cli.main(["load-catalog", "aguascalientes"]) == 0
    assert executed == [["ople", "load_catalog", "aguascalientes"]]


def test_compound_command_when_it_exists(executed):
    cli.main(["prep", "puesta-en-ceros", "--help"])
    assert executed[-1] == ["ople", "prep_puesta_en_ceros", "--help"]


def test_two_words_stay_apart_when_no_compound_command(executed):
    cli.main(["audit", "verify"])
    assert executed[-1] == ["ople", "audit", "verify"]


def test_demo_turns_demo_mode_on(executed, monkeypatch):
    monkeypatch.delenv("OPLE_DEMO", raising=False)
    cli.main(["demo", "--sin-servidor"])
    import os

    assert os.environ["OPLE_DEMO"] == "1"
    assert executed[-1] == ["ople", "demo", "--sin-servidor"]


def test_serve_options(monkeypatch):
    seen = {}
    monkeypatch.setattr(cli, "serve", lambda **kw: seen.update(kw) or 0)
    assert cli.main(["serve", "--port", "8123", "--workers", "1"]) == 0
    assert seen == {"host": "127.0.0.1", "port": 8123, "workers": 1, "threads": 8}


@pytest.mark.parametrize(
    ("argv", "esperado"),
    [
        (["verify", "cortes/x"], True),
        (["prep", "audit", "a.csv"], True),
        (["prep-audit", "a.csv"], True),
        (["prep", "replay", "a.csv", "--out", "d"], True),
        (["prep", "replay", "a.csv", "--out", "d", "--base-configurada"], False),
        (["documentos", "verificar-acuse", "acuse.json"], True),
        (["documentos", "verificar", "acuse.json"], True),
        (["computos", "reparto", "entrada.json"], True),
        (["computos", "replay", "base.csv.gz", "--out", "d"], True),
        (["computos", "demo"], False),
        (["audit", "verify"], False),
        (["prep", "puesta-en-ceros"], False),
        (["publish", "--once"], False),
        ([], False),
    ],
)
def test_comandos_ciudadanos_sin_configuracion(argv, esperado):
    assert cli._sin_configuracion(argv) is esperado


def _entorno_de_ciudadano(tmp_path):
    """A shell with ople installed and nothing configured: no secret, no demo, no test mode."""
    import os

    return {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
    }


def test_ciudadano_verifica_y_audita_sin_configurar_nada(tmp_path):
    """`ople prep audit` and `ople verify` work in a fresh shell with no OPLE_* variable: a
    citizen who installed ople to check a cut has no server secret to set."""
    import subprocess
    import sys
    from pathlib import Path

    ople = [sys.executable, "-m", "ople.cli"]
    datos = Path(__file__).parent / "data" / "FerNHK_QROO_DIP_LOC_2019.csv"
    env = _entorno_de_ciudadano(tmp_path)
    auditoria = subprocess.run(
        [*ople, "prep", "audit", str(datos)], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert auditoria.returncode == 0, auditoria.stderr
    assert "Traceback" not in auditoria.stderr
    falta = subprocess.run(
        [*ople, "verify", str(tmp_path / "no-existe")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert falta.returncode != 0
    assert "Traceback" not in falta.stderr and "OPLE_SECRET_KEY" not in falta.stderr
    assert not (tmp_path / "var").exists()  # a citizen's command leaves no var/ behind
    # The server's commands still refuse to run without their secret.
    servidor = subprocess.run(
        [*ople, "publish", "--once"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert servidor.returncode == 2 and "Traceback" not in servidor.stderr
    assert servidor.stderr.startswith("ople: configuración incompleta: Falta OPLE_SECRET_KEY")


def test_ayuda_sin_configuracion_lista_los_comandos_de_ople(tmp_path):
    """`ople help` in a fresh shell: ople's commands by system, as typed, described in Spanish;
    none of Django's internals; `ople help prep audit` shows that command's options."""
    import subprocess
    import sys

    from tests.servidor_ople import PYTHONPATH_DEL_ARBOL

    ople = [sys.executable, "-m", "ople.cli"]
    env = {**_entorno_de_ciudadano(tmp_path), "PYTHONPATH": PYTHONPATH_DEL_ARBOL}
    ayuda = subprocess.run([*ople, "help"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert ayuda.returncode == 0, ayuda.stderr
    assert "prep audit" in ayuda.stdout and "documentos verificar-acuse" in ayuda.stdout
    assert "Recalcula" in ayuda.stdout  # the command's own (Spanish) description
    assert "makemigrations" not in ayuda.stdout and "Available subcommands" not in ayuda.stdout
    uno = subprocess.run(
        [*ople, "help", "prep", "audit"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert uno.returncode == 0 and "--perfil" in uno.stdout, uno.stderr
    assert not (tmp_path / "var").exists()
