from django.apps import AppConfig


class LookupConfig(AppConfig):
    name = "ople.lookup"
    label = "lookup"
    verbose_name = "Ubica tu distrito y casilla"
