from __future__ import annotations

import pytest

from ople.core import audit

PRUEBA = "publicacion.prueba"


@pytest.fixture(autouse=True)
def _clave_y_accion(tmp_path, monkeypatch):
    """The institute's key under the test's directory, and a publication action declared for
    the tests (a system declares its own in its audit_actions.py)."""
    monkeypatch.setenv("OPLE_PUBLISH_KEY", str(tmp_path / "claves" / "publicacion.pem"))
    declaradas = dict(audit.declared_actions())
    declaradas[PRUEBA] = "Corte de prueba."
    monkeypatch.setattr(audit, "declared_actions", lambda: declaradas)
