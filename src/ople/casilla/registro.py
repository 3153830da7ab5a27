"""What PREP Casilla declares to the platform (see `ople.core.registry`)."""

from ople.core.registry import Declaration, DemoUrl, PublicLink, UrlInclude

DECLARACION = Declaration(
    app="ople.casilla",
    nombre="casilla",
    public_links=(
        PublicLink(
            "/casilla/",
            "PREP Casilla",
            "Aplicación para fotografiar el acta desde la casilla.",
            orden=40,
        ),
    ),
    public_prefixes=("/api/casilla", "/casilla/"),
    urls=(UrlInclude("casilla/", "ople.casilla.urls"),),
    demo_urls=(DemoUrl("/casilla/", "PREP Casilla (aplicación móvil)", orden=40),),
)
