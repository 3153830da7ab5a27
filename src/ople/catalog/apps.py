from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "ople.catalog"
    label = "catalog"
    verbose_name = "Catálogo electoral"
