from __future__ import annotations

import pytest

from ople.lookup import selectors


@pytest.fixture(autouse=True)
def _motor_limpio(settings):
    settings.UBICA_LLAVE_SEGUNDOS = 0  # see every activation at once
    selectors.olvidar()
    yield
    selectors.olvidar()


@pytest.fixture
def catalogo_ags(db):
    """The shipped Aguascalientes catalog (602 real polygons, synthetic casillas), active set v1."""
    from ople.catalog.services import cargar_catalogo, ruta_dataset

    return cargar_catalogo(directorio=ruta_dataset("aguascalientes"))


@pytest.fixture
def cliente_api(client, settings):
    settings.UBICA_LIMITE = 0  # no rate limit unless a test sets one
    return client
