from django.urls import path

from ople.core import movil
from ople.paquetes import api, views
from ople.publicacion.urls import patrones

app_name = "paquetes"

urlpatterns = [
    path("oficina/avance/", views.avance, name="avance"),
    *movil.patrones(views.ESCANER, en="escaner/", nombre="escaner"),
    path("api/v1/enrolar", api.enrolar, name="api_enrolar"),
    path("api/v1/etiqueta", api.etiqueta, name="api_etiqueta"),
    path("api/v1/eventos", api.eventos, name="api_eventos"),
    path("oficina/", views.oficina, name="oficina"),
    path("oficina/dispositivos/", views.dispositivos, name="dispositivos"),
    path("oficina/consejo/<int:consejo_id>/", views.tablero, name="tablero"),
    path("oficina/consejo/<int:consejo_id>/lista/", views.lista, name="lista"),
    path("oficina/consejo/<int:consejo_id>/bodega/", views.bodega, name="bodega"),
    path("oficina/consejo/<int:consejo_id>/bodega.pdf", views.bodega_pdf, name="bodega_pdf"),
    path("oficina/consejo/<int:consejo_id>/etiquetas.pdf", views.etiquetas_pdf, name="etiquetas"),
    path("oficina/consejo/<int:consejo_id>/mecanismos/", views.mecanismos, name="mecanismos"),
    path("oficina/paquete/<str:clave>/", views.paquete, name="paquete"),
    path("oficina/paquete/<str:clave>/historial.pdf", views.historial_pdf, name="historial"),
    path("oficina/recibo/<int:evento_id>.pdf", views.recibo_pdf, name="recibo"),
    path("oficina/evento/<int:evento_id>/corregir/", views.corregir, name="corregir"),
    # The published progress cuts (signed, chained; production serves PUBLISH_ROOT/paquetes
    # with nginx).
    *patrones("paquetes"),
]
