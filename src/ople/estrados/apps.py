from django.apps import AppConfig


class EstradosConfig(AppConfig):
    name = "ople.estrados"
    label = "estrados"
    verbose_name = "Estrados y notificaciones electrónicas"

    def ready(self) -> None:
        # Registers the [estrados] section's parser with ople.profiles.
        from ople.core import scopes
        from ople.core.accounts import NOTICES
        from ople.estrados import perfil  # noqa: F401
        from ople.estrados.selectors import nombre_de_destinatario

        # The addressees' keys (scope kind "notificaciones") are this system's (ADR 0027).
        scopes.register_resolver(NOTICES, nombre_de_destinatario)
