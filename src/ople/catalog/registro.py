"""What the electoral catalog declares to the platform (see `ople.core.registry`)."""

from ople.catalog.audit_actions import ACTIONS
from ople.core.registry import Declaration, DemoCommand, DemoUrl, PublicLink, UrlInclude

DECLARACION = Declaration(
    app="ople.catalog",
    nombre="catalog",
    public_links=(
        PublicLink(
            "/catalogo/",
            "Catálogo electoral",
            "Distritos, secciones, casillas y lista nominal.",
            orden=30,
            resumen="catálogo electoral",
        ),
    ),
    public_prefixes=("/catalogo/",),
    urls=(UrlInclude("catalogo/", "ople.catalog.urls"),),
    demo_urls=(
        DemoUrl("/catalogo/", "catálogo electoral (distritos, secciones, casillas)", orden=30),
    ),
    demo_commands=(
        DemoCommand(("load_catalog", "aguascalientes"), "Cargando el catálogo de Aguascalientes…"),
    ),
    audit_actions=frozenset(ACTIONS),
)
