from django.apps import AppConfig


class PrepConfig(AppConfig):
    name = "ople.prep"
    label = "prep"
    verbose_name = "PREP"

    def ready(self) -> None:
        # Registers the [prep] section's parser with ople.profiles (ople/prep/perfil.py).
        from ople.prep import perfil  # noqa: F401
