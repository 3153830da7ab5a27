"""What Ubica declares to the platform (see `ople.core.registry`)."""

from ople.core.registry import Declaration, DemoUrl, PublicLink, UrlInclude

DECLARACION = Declaration(
    app="ople.lookup",
    nombre="ubica",
    settings="ople.lookup.ajustes:ajustes",
    public_links=(
        PublicLink(
            "/ubica/",
            "Ubica tu casilla",
            "Tu sección, tu distrito, tu municipio y dónde votar.",
            orden=20,
            resumen="ubicación de casillas",
        ),
    ),
    public_prefixes=("/ubica", "/api/ubica"),
    json_prefixes=("/api/",),
    urls=(UrlInclude("", "ople.lookup.urls"),),
    demo_urls=(
        DemoUrl("/ubica/", "ubica tu casilla", orden=20),
        DemoUrl("/ubica/?q=Pocitos", "ubica: buscar por localidad o colonia", orden=21),
        DemoUrl("/ubica/ciudad/", "ubica: mapa de la ciudad de Aguascalientes", orden=22),
    ),
)
