"""The public estrados at /estrados/ (the generated static site)."""

from django.urls import path, re_path

from ople.estrados import views

app_name = "estrados_publicos"

urlpatterns = [
    path("", views.estrados, name="inicio"),
    re_path(r"^(?P<ruta>[a-z0-9/_.-]+)$", views.estrados, name="archivo"),
]
