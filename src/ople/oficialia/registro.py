"""What oficialía declares to the platform (see `ople.core.registry`). No Django import."""

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
from ople.oficialia import roles
from ople.oficialia.audit_actions import ACTIONS

DECLARACION = Declaration(
    app="ople.oficialia",
    nombre="oficialia",
    roles=tuple(Role(n, e) for n, e in roles.ETIQUETAS.items()),
    tools=(
        Tool(
            "/oficialia/",
            "Seguimiento documental",
            "Oficios y memorándums con folio, turnos a las áreas, vencidos y por vencer.",
            frozenset({roles.PARTES, roles.AREA}),
        ),
    ),
    public_links=(
        PublicLink(
            "/plazos/",
            "Calculadora de plazos",
            "Cuándo vence un plazo legal, explicado día por día.",
            orden=60,
            resumen="calculadora de plazos legales",
        ),
    ),
    public_prefixes=("/plazos/",),
    back_office_prefixes=("/oficialia/",),
    urls=(
        UrlInclude("oficialia/", "ople.oficialia.urls"),
        UrlInclude("plazos/", "ople.oficialia.urls_plazos"),
    ),
    demo_users=(
        DemoUser("oficialia", (roles.PARTES,), "Oficialía de partes"),
        DemoUser("areas", (roles.AREA,), "Personal de área"),
    ),
    demo_urls=(
        DemoUrl("/oficialia/", "seguimiento documental", oficina=True, orden=60),
        DemoUrl("/plazos/", "calculadora de plazos", orden=60),
    ),
    demo_commands=(
        DemoCommand(("oficialia_demo",), "Oficialía: un mes de oficios, turnos y solicitudes"),
    ),
    # The deadline calculator reads only the profile files: no database, no key.
    citizen_commands=frozenset({("plazos", "vence")}),
    audit_actions=frozenset(ACTIONS),
)
