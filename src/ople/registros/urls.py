from django.urls import path

from ople.publicacion.urls import patrones
from ople.registros import views

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
    path("oficina/expedientes/radicar/", views.radicar, name="radicar"),
    path("oficina/expedientes/<int:expediente_id>/", views.expediente, name="expediente"),
    path("oficina/sanciones/registrar/", views.registrar_sancion, name="registrar_sancion"),
    path("oficina/sanciones/<int:sancion_id>/", views.sancion, name="sancion"),
    path("oficina/sanciones/", views.sanciones, name="sanciones"),
    path("oficina/publicar/", views.publicar, name="publicar"),
    # The published cuts (demo serving; production serves PUBLISH_ROOT/registros with nginx).
    *patrones("registros"),
]
