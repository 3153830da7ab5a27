from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ople.core"
    label = "core"
    verbose_name = "Núcleo: bitácora, roles y acceso"
