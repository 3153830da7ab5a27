from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "ople.catalog"
    label = "catalog"
    verbose_name = "Catálogo electoral"

    def ready(self) -> None:
        # Parties are the catalog's: core stores a representative's party as its siglas and
        # asks the catalog whether they exist (docs/decisions/0027-usuarios-externos.md).
        from ople.core import accounts, scopes

        from . import selectors

        scopes.register_resolver(accounts.PARTY, selectors.nombre_de_partido)
