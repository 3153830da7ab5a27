"""The RP allocation's session (back office, /asignacion/oficina/) and its published site,
served by Django for the demo (production: nginx)."""

from __future__ import annotations

from django.urls import path

from ople.computos.asignacion import views
from ople.publicacion.urls import patrones

urlpatterns = [
    path("oficina/", views.sesion, name="asignacion_sesion"),
    path("oficina/ejemplo-<int:numero>.json", views.ejemplo, name="asignacion_ejemplo"),
    *patrones("asignacion"),
]
