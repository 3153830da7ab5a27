from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from . import views

app_name = "lookup"

urlpatterns = [
    path("ubica/", views.inicio, name="inicio"),
    path("ubica/seccion/<int:numero>/", views.seccion, name="seccion"),
    path("ubica/mapa.svg", views.mapa, name="mapa"),
    path("ubica/municipio/<int:clave>/", views.municipio, name="municipio"),
    path("ubica/ciudad/", views.ciudad, name="ciudad"),
    path("api/ubica", csrf_exempt(views.api), name="api"),
    path("api/ubica/openapi.json", views.openapi, name="openapi"),
]
