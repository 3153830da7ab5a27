"""Registros públicos: the VPMRG register, sanctions follow-up, PES/POS listings (README.md)."""

from django.apps import AppConfig


class RegistrosConfig(AppConfig):
    name = "ople.registros"
    label = "registros"
    verbose_name = "Registros públicos"

    def ready(self) -> None:
        from ople.registros import perfil  # noqa: F401  (registers the [registros] section)
