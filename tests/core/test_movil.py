"""The platform's phone-app shell (`ople.core.movil`) as both of its apps use it: PREP Casilla
and the package scanner share the outbox, the service worker and the base style, and each
keeps its own database, API, scope and cache."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders

from ople.casilla.views import APP as CASILLA
from ople.core import movil
from ople.paquetes.views import ESCANER

APPS = [CASILLA, ESCANER]


@pytest.mark.parametrize("app", APPS, ids=lambda a: a.alcance)
def test_cada_archivo_del_armazon_existe(app):
    assert app.estaticos[:2] == (movil.BASE_CSS, *app.estilos[:1])
    for nombre in app.estaticos:
        assert finders.find(nombre) is not None, nombre


def _config(client, app) -> dict:
    js = client.get(app.alcance + "sw.js").content.decode()
    return json.loads(re.search(r"^const CONFIG = (.*);$", js, re.M).group(1))


def test_service_worker_de_cada_aplicacion(client):
    casilla, escaner = (_config(client, a) for a in APPS)
    # the same platform scripts, then each app's own outbox
    assert (
        casilla["scripts"][:2]
        == escaner["scripts"][:2]
        == [
            "/static/core/movil/almacen.js",
            "/static/core/movil/cola.js",
        ]
    )
    assert casilla["scripts"][2] == "/static/casilla/envio.js"
    assert escaner["scripts"][2] == "/static/paquetes/envio.js"
    # each its own scope, API left alone and cache, none of the other's files
    assert (casilla["alcance"], casilla["api"]) == ("/casilla/", "/prep/api/")
    assert (escaner["alcance"], escaner["api"]) == ("/paquetes/escaner/", "/paquetes/api/")
    assert casilla["cache"] != escaner["cache"]
    assert not any("paquetes" in u for u in casilla["shell"])
    assert not any("casilla" in u for u in escaner["shell"])
    assert casilla["version"] == movil.version(CASILLA) != movil.version(ESCANER)


def test_manifiesto_enmascarable_solo_donde_se_dice(client):
    def propositos(app):
        m = client.get(app.alcance + "manifest.webmanifest").json()
        return [(i["src"], i.get("purpose")) for i in m["icons"]]

    assert ("/static/casilla/icono-512.png", "maskable") in propositos(CASILLA)
    assert all(p is None for _, p in propositos(ESCANER))
