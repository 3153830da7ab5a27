from ople.core.checks import deprecated_settings


def test_the_deprecated_ubica_proxy_variable_is_warned_about(monkeypatch):
    monkeypatch.delenv("OPLE_UBICA_CONFIAR_X_FORWARDED_FOR", raising=False)
    assert deprecated_settings() == []
    monkeypatch.setenv("OPLE_UBICA_CONFIAR_X_FORWARDED_FOR", "1")
    (warning,) = deprecated_settings()
    assert warning.id == "core.W001" and "OPLE_CLIENT_IP_HEADER" in warning.msg


def test_the_deprecated_ubica_proxy_variable_means_x_forwarded_for(monkeypatch):
    import importlib

    import ople.config.settings as configured

    monkeypatch.delenv("OPLE_CLIENT_IP_HEADER", raising=False)
    monkeypatch.setenv("OPLE_UBICA_CONFIAR_X_FORWARDED_FOR", "1")
    try:
        assert importlib.reload(configured).OPLE_CLIENT_IP_HEADER == "X-Forwarded-For"
        monkeypatch.setenv("OPLE_CLIENT_IP_HEADER", "X-Real-IP")
        assert importlib.reload(configured).OPLE_CLIENT_IP_HEADER == "X-Real-IP"
    finally:
        monkeypatch.undo()
        importlib.reload(configured)
