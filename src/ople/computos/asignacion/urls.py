"""The RP allocation's published site, served by Django for the demo (production: nginx)."""

from __future__ import annotations

from ople.publicacion.sitio import sitio_de
from ople.publicacion.urls import patrones

urlpatterns = patrones(sitio_de("asignacion"))
