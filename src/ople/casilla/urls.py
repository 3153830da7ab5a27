from django.urls import path

from ople.casilla import views

app_name = "casilla"

urlpatterns = [
    path("", views.aplicacion, name="app"),
    path("sw.js", views.service_worker, name="sw"),
    path("manifest.webmanifest", views.manifiesto, name="manifest"),
]
