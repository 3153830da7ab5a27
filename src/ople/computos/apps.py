from django.apps import AppConfig


class ComputosConfig(AppConfig):
    name = "ople.computos"
    label = "computos"
    verbose_name = "Cómputos"
