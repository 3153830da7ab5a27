from django.apps import AppConfig


class OficialiaConfig(AppConfig):
    name = "ople.oficialia"
    label = "oficialia"
    verbose_name = "Oficialía de partes y seguimiento documental"

    def ready(self) -> None:
        # Registers the [oficialia] section's parser with ople.profiles.
        from ople.oficialia import perfil  # noqa: F401
