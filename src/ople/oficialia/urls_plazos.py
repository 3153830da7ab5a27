"""The public deadline calculator, at /plazos/."""

from django.urls import path

from ople.oficialia import views

app_name = "plazos"

urlpatterns = [path("", views.plazos, name="calculadora")]
