import io

import pytest
from django.core.management import call_command


@pytest.fixture
def catalogo_ags(db):
    """The shipped Aguascalientes catalog, loaded through the real command."""
    call_command("load_catalog", "aguascalientes", stdout=io.StringIO())
