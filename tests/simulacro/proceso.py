"""Running `ople` in a subprocess on its own SQLite file, for the end-to-end simulacro tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def entorno(tmp_path: Path, base: str) -> dict[str, str]:
    """This process's environment without its database and test settings, pointing `ople` at
    `tmp_path/var` and a fresh SQLite file `tmp_path/<base>.sqlite3`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "OPLE_TESTING"}
    }
    env.update(
        OPLE_VAR_DIR=str(tmp_path / "var"),
        OPLE_DEMO="1",
        DATABASE_URL=f"sqlite:///{tmp_path / f'{base}.sqlite3'}",
        PYTHONUNBUFFERED="1",
    )
    return env


def ople(args: list[str], env: dict[str, str], timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ople.cli", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
