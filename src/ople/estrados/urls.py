from django.urls import path

from ople.estrados import views

app_name = "estrados"

urlpatterns = [
    path("", views.buzon, name="buzon"),
    path("oficina/", views.oficina, name="oficina"),
    path("aceptar/<int:pk>/", views.aceptar, name="aceptar"),
    path("<int:pk>/", views.notificacion, name="notificacion"),
    path("<int:pk>/documento.pdf", views.descargar_pdf, name="pdf"),
    path("<int:pk>/acuse.json", views.descargar_acuse, name="acuse"),
]
