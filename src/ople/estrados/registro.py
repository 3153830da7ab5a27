"""What estrados (electronic notices and estrados) declares to the platform. No Django import."""

from ople.core.registro import DESTINATARIO
from ople.core.registry import (
    Declaration,
    DemoCommand,
    DemoUrl,
    DemoUser,
    PublicLink,
    Role,
    Tool,
    UrlInclude,
)
from ople.estrados import roles
from ople.estrados.audit_actions import ACTIONS

DECLARACION = Declaration(
    app="ople.estrados",
    nombre="estrados",
    roles=tuple(Role(n, e) for n, e in roles.ETIQUETAS.items()),
    tools=(
        Tool(
            "/notificaciones/oficina/",
            "Notificaciones y estrados",
            "Publicar en estrados, notificar a destinatarios, seguir acuses y plazos.",
            frozenset({roles.NOTIFICADOR}),
        ),
        Tool(
            "/notificaciones/",
            "Buzón de notificaciones",
            "Las notificaciones que el instituto le dirige, con su documento y su acuse.",
            frozenset({DESTINATARIO}),
        ),
    ),
    public_links=(
        PublicLink(
            "/estrados/",
            "Estrados electrónicos",
            "Acuerdos, resoluciones, autos, avisos y cédulas de notificación fijados.",
            orden=50,
            resumen="estrados electrónicos",
        ),
    ),
    # The estrados are public; the inbox needs the addressee's account (and a representative's TOTP).
    public_prefixes=("/estrados/",),
    back_office_prefixes=("/notificaciones/",),
    urls=(
        UrlInclude("notificaciones/", "ople.estrados.urls"),
        UrlInclude("estrados/", "ople.estrados.urls_publicas"),
    ),
    demo_users=(DemoUser("notificador", (roles.NOTIFICADOR,), "Notificaciones y estrados"),),
    demo_urls=(
        DemoUrl("/estrados/", "estrados electrónicos", orden=50),
        DemoUrl(
            "/notificaciones/",
            "buzón de notificaciones (representante, destinatario)",
            oficina=True,
            orden=50,
        ),
        DemoUrl("/notificaciones/oficina/", "notificar y publicar", oficina=True, orden=51),
    ),
    demo_commands=(
        DemoCommand(("estrados_demo",), "Estrados: un mes de publicaciones y notificaciones"),
    ),
    audit_actions=frozenset(ACTIONS),
    # Each published cut of the estrados is recorded by this event (ople.publicacion).
    publication_actions=frozenset({"estrados.corte"}),
)
