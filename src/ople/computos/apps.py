"""Sistema de Cómputo: the official count in the consejos (see README.md)."""

from django.apps import AppConfig


class ComputosConfig(AppConfig):
    name = "ople.computos"
    label = "computos"
    verbose_name = "Cómputos"

    def ready(self) -> None:
        # Registers the profile sections' parsers with ople.profiles: [computos]
        # (ople/computos/perfil.py) and [asignacion] (RP allocation, computos/asignacion/perfil.py).
        from ople.computos import perfil as _computos  # noqa: F401
        from ople.computos.asignacion import perfil as _asignacion  # noqa: F401
