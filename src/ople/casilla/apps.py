from django.apps import AppConfig


class CasillaConfig(AppConfig):
    name = "ople.casilla"
    label = "casilla"
    verbose_name = "PREP Casilla"
