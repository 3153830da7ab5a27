from django.urls import path

from ople.registros import views
from ople.registros.publica import vistas

app_name = "registros"
urlpatterns = [
    path("oficina/", views.oficina, name="oficina"),
    path("oficina/capturar/", views.capturar, name="capturar"),
    path("oficina/entradas/<int:entrada_id>/", views.entrada, name="entrada"),
    path("oficina/versiones/<int:version_id>/aprobar/", views.aprobar, name="aprobar"),
    path("oficina/versiones/<int:version_id>/rechazar/", views.rechazar, name="rechazar"),
    path("oficina/elegibilidad/", views.elegibilidad, name="elegibilidad"),
    path("oficina/conciliacion/", views.conciliacion, name="conciliacion"),
    path("oficina/expedientes/", views.expedientes, name="expedientes"),
    path("oficina/sanciones/", views.sanciones, name="sanciones"),
    path("oficina/publicar/", views.publicar, name="publicar"),
    *vistas.patrones(),
]
