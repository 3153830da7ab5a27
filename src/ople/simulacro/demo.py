"""The drill as `ople demo`'s background process (declared in `ople.simulacro.registro`)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

DEMO_CONSEJOS_DESPUES = 2


def simulacro_available() -> bool:
    from django.core.management import get_commands

    return "simulacro" in get_commands()


def start_simulacro(*, base_url: str, speed: int) -> subprocess.Popen[Any] | None:
    """Start the simulated election night in the background.

    Called by `ople demo` (unless `--sin-simulacro`) after the catalog and the demo users are
    ready and just before the server starts; the server is up a moment later at `base_url`,
    so the simulacro must wait for it to answer. Returns the child process (the demo stops it
    on Ctrl-C / exit) or None when nothing was started.
    """
    if not simulacro_available():
        return None
    env = {**os.environ, "OPLE_DEMO_URL": base_url}
    # A demo night always starts from a clean slate: --reiniciar archives the previous drill.
    # After the night it continues into packages and cómputos in a few consejos per election
    # (DEMO_CONSEJOS_DESPUES), beside the demo's own examples, without keeping the demo's
    # database busy for long.
    cmd = [
        sys.executable,
        "-m",
        "ople.cli",
        "simulacro",
        "--speed",
        str(speed),
        "--url",
        base_url,
        "--reiniciar",
        "--consejos-despues",
        str(DEMO_CONSEJOS_DESPUES),
    ]
    return subprocess.Popen(cmd, env=env)
