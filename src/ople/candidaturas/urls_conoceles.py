from django.urls import path

from ople.candidaturas import views

app_name = "conoceles"
urlpatterns = [
    path("", views.conoceles_archivo, name="inicio"),
    path("<path:ruta>", views.conoceles_archivo, name="archivo"),
]
