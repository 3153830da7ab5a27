import pytest


@pytest.fixture(autouse=True)
def _clave_de_publicacion(tmp_path, monkeypatch):
    """The institute's signing key under the test's directory (never the var directory's)."""
    monkeypatch.setenv("OPLE_PUBLISH_KEY", str(tmp_path / "claves" / "publicacion.pem"))
