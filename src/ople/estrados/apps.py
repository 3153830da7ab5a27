from django.apps import AppConfig


class EstradosConfig(AppConfig):
    name = "ople.estrados"
    label = "estrados"
    verbose_name = "Estrados y notificaciones electrónicas"
