"""The drill as `ople demo`'s background process (moved here from tests/core/test_demo.py)."""

from ople.core import demo as core_demo
from ople.simulacro import demo


def test_simulacro_hook_does_nothing_until_the_command_exists(monkeypatch):
    monkeypatch.setattr(demo, "simulacro_available", lambda: False)
    assert demo.start_simulacro(base_url="http://127.0.0.1:8000", speed=60) is None
    core_demo.stop_process(None)
