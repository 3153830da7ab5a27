"""What the electoral catalog declares to the platform (see `ople.core.registry`)."""

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
    audit_actions=frozenset(
        {
            "catalog.activar_limites",
            "catalog.cargar_catalogo",
            "catalog.cargar_catalogo_nacional",
            "catalog.crear_catalogo_descrito",
            "catalog.cargar_limites",
            "catalog.regenerar_opciones",
            # catalog.services.importar: one per kind in TIPOS_IMPORTACION
            "catalog.importar_secciones",
            "catalog.importar_casillas",
            "catalog.importar_partidos",
            "catalog.importar_coaliciones",
            "catalog.importar_candidaturas",
        }
    ),
)
