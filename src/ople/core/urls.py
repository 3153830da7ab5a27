from django.urls import path

from . import bitacora, views

app_name = "core"

urlpatterns = [
    path("", views.portada, name="portada"),
    path("cuenta/", views.cuenta, name="cuenta"),
    path("cuenta/entrar/", views.entrar, name="login"),
    path("cuenta/salir/", views.salir, name="logout"),
    path("cuenta/segundo-factor/", views.segundo_factor, name="otp"),
    path("oficina/", views.inicio, name="inicio"),
    path("oficina/bitacora/", bitacora.bitacora, name="bitacora"),
]
