from django.apps import AppConfig


class PaquetesConfig(AppConfig):
    name = "ople.paquetes"
    label = "paquetes"
    verbose_name = "Seguimiento de paquetes electorales"

    def ready(self) -> None:
        # Registers the [paquetes] section's parser with ople.profiles (ople/paquetes/perfil.py).
        from ople.paquetes import perfil  # noqa: F401
