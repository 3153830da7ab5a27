"""Every catalog model has an admin whose list, filters and search render."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model

from ople.core.testing import login_verified

pytestmark = pytest.mark.django_db


def test_every_catalog_model_is_registered():
    faltan = [
        m.__name__
        for m in apps.get_app_config("catalog").get_models()
        if m not in admin.site._registry
    ]
    assert faltan == []


def test_changelists_render_with_filters_and_search(client, catalogo_ags):
    usuario = get_user_model().objects.create_superuser("admincat", "a@example.org", "x-1234567")
    login_verified(client, usuario)
    for modelo in apps.get_app_config("catalog").get_models():
        url = f"/admin/catalog/{modelo._meta.model_name}/"
        r = client.get(url)
        assert r.status_code == 200, url
        if admin.site._registry[modelo].search_fields:
            assert client.get(url, {"q": "1"}).status_code == 200, url
    r = client.get("/admin/catalog/casilla/", {"tipo__exact": "S"})
    assert r.status_code == 200
    assert "10 casillas" in r.content.decode()
    dip = apps.get_model("catalog", "Eleccion").objects.get(tipo="DIP_LOC")
    r = client.get(f"/admin/catalog/eleccion/{dip.pk}/change/")
    assert r.status_code == 200 and "C_PAN_PRI_PRD" in r.content.decode()
