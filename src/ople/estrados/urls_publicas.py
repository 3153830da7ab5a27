"""The public estrados at /estrados/: the signed cuts published through ople.publicacion (the
demo serves them; production, nginx — ADR 0028)."""

from django.urls import path

from ople.estrados import views

app_name = "estrados_publicos"

urlpatterns = [
    path("", views.estrados, name="inicio"),
    path("current.json", views.estrados_puntero, name="puntero"),
    path("cortes/<path:ruta>", views.estrados_archivo, {"sub": "cortes"}, name="corte"),
    path("almacen/<path:ruta>", views.estrados_archivo, {"sub": "almacen"}, name="almacen"),
]
