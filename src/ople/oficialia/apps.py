from django.apps import AppConfig


class OficialiaConfig(AppConfig):
    name = "ople.oficialia"
    label = "oficialia"
    verbose_name = "Oficialía de partes y seguimiento documental"
