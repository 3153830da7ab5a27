from django.apps import AppConfig


class PublicacionConfig(AppConfig):
    name = "ople.publicacion"
    label = "publicacion"
    verbose_name = "Publicación"
