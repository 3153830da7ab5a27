"""Sistema de Cómputo: the official count in the consejos (see README.md)."""

from django.apps import AppConfig


class ComputosConfig(AppConfig):
    name = "ople.computos"
    label = "computos"
    verbose_name = "Cómputos"

    def ready(self) -> None:
        # Registers the [asignacion] section's parser with ople.profiles (RP allocation).
        from ople.computos.asignacion import perfil  # noqa: F401

        # Registers the [computos] section's parser with ople.profiles (ople/computos/perfil.py).
        from ople.computos import perfil  # noqa: F401
