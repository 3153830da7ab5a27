from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ople.core"
    label = "core"
    verbose_name = "Núcleo: bitácora, roles y acceso"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
