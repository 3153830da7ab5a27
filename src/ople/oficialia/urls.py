from django.urls import path

from ople.oficialia import views

app_name = "oficialia"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("nuevo/", views.nuevo, name="nuevo"),
    path("informatica/", views.informatica, name="informatica"),
    path("<int:pk>/", views.documento, name="documento"),
    path("<int:pk>/turnar/", views.turnar, name="turnar"),
    path("<int:pk>/archivar/", views.archivar, name="archivar"),
    path("<int:pk>/archivo/<str:sha>/", views.archivo, name="archivo"),
    path("turno/<int:pk>/", views.atender, name="atender"),
]
