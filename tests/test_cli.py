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
