from django.urls import path

from ople.computos import views
from ople.publicacion.urls import patrones

app_name = "computos"

urlpatterns = [
    path("oficina/", views.inicio, name="inicio"),
    path("oficina/publicar/", views.publicar, name="publicar"),
    path("oficina/<str:clave>/", views.sesion, name="sesion"),
    path("oficina/<str:clave>/avanzar/", views.avanzar, name="avanzar"),
    path("oficina/<str:clave>/prep/", views.importar_prep, name="importar_prep"),
    path("oficina/<str:clave>/aprobar/", views.aprobar, name="aprobar"),
    path("oficina/<str:clave>/recuento-total/", views.recuento_total, name="recuento_total"),
    path("oficina/<str:clave>/reservado/", views.reservado, name="reservado"),
    path("oficina/<str:clave>/captura/", views.captura, name="captura"),
    path("oficina/<str:clave>/actas/", views.actas, name="actas"),
    path("oficina/<str:clave>/condicion/", views.condicion, name="condicion"),
    path("oficina/<str:clave>/integrantes/", views.integrantes, name="integrantes"),
    path("oficina/<str:clave>/grupos/", views.grupos, name="grupos"),
    path("oficina/<str:clave>/grupos/<int:pk>/acta/", views.acta_grupo, name="acta_grupo"),
    path("oficina/<str:clave>/documento/<int:pk>/", views.documento, name="documento"),
    path("oficina/<str:clave>/documento/<int:pk>/firmar/", views.firmar, name="firmar"),
    # The published cuts (demo serving; production serves PUBLISH_ROOT/computos with nginx).
    *patrones("computos"),
]
