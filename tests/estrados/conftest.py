from __future__ import annotations

import pytest
from django.test import override_settings

from ople.publicacion import manifiesto

from .smtp import ServidorSMTP


@pytest.fixture
def clave_instituto(tmp_path, monkeypatch):
    ruta = tmp_path / "claves" / "publicacion.pem"
    clave = manifiesto.cargar_clave(ruta, crear=True)
    monkeypatch.setenv("OPLE_PUBLISH_KEY", str(ruta))
    return clave


@pytest.fixture
def smtp():
    """A real SMTP server on a local port; Django sends through it."""
    with (
        ServidorSMTP() as servidor,
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=servidor.puerto,
            EMAIL_USE_TLS=False,
            DEFAULT_FROM_EMAIL="notificaciones@iee.example.org",
        ),
    ):
        yield servidor
