from django.urls import path

app_name = "registros"
urlpatterns: list = []
