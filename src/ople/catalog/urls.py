from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.distritos, name="distritos"),
    path("distrito/<int:numero>/", views.distrito, name="distrito"),
]
