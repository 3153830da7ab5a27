"""What the Sistema de Cómputo declares to the platform (see `ople.core.registry`). No Django."""

from ople.computos import roles
from ople.computos.audit_actions import ACTIONS
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

DECLARACION = Declaration(
    app="ople.computos",
    nombre="computos",
    roles=tuple(
        Role(nombre, etiqueta, second_factor=nombre in roles.CON_2FA)
        for nombre, etiqueta in roles.ETIQUETAS.items()
    ),
    tools=(
        Tool(
            "/computos/oficina/",
            "Sesiones de cómputo",
            "Consejos, sesión de cómputo, cotejo, grupos de trabajo, actas y constancias.",
            frozenset({*roles.PERSONAL, "representante_partido"}),
            orden=20,
        ),
    ),
    public_links=(
        PublicLink(
            "/computos/",
            "Cómputos",
            "Resultados oficiales de los cómputos distritales y municipales, junto al PREP.",
            orden=20,
            resumen="cómputos oficiales",
        ),
    ),
    public_prefixes=("/computos/",),
    back_office_prefixes=("/computos/oficina/",),
    urls=(UrlInclude("computos/", "ople.computos.urls"),),
    publication_actions=frozenset({"computos.corte"}),
    demo_users=(
        DemoUser(
            "computos-presidencia",
            (roles.PRESIDENCIA,),
            "Presidencia de consejo (cómputos)",
            totp_fijo=True,
            orden=30,
        ),
        DemoUser(
            "computos-secretaria",
            (roles.SECRETARIA,),
            "Secretaría técnica de consejo (cómputos)",
            totp_fijo=True,
            orden=31,
        ),
        DemoUser("computos-cotejo1", (roles.CAPTURA,), "Captura de cotejo 1", orden=32),
        DemoUser("computos-cotejo2", (roles.CAPTURA,), "Captura de cotejo 2", orden=33),
        DemoUser("computos-gt1", (roles.GRUPO,), "Presidencia del grupo de trabajo 1", orden=34),
        DemoUser(
            "computos-rep-morena",
            ("representante_partido",),
            "Representante de MORENA ante el Consejo Distrital 03",
            totp_fijo=True,
            orden=111,
            cuenta="representante",
            ambitos=(("partido", "MORENA"), ("demarcacion", "CD03")),
        ),
    ),
    demo_commands=(
        DemoCommand(
            ("computos_demo",),
            "Simulando las sesiones de cómputo (un distrito completo, uno cerrado con recuento "
            "total, uno en el cotejo) y publicando sus cómputos…",
        ),
    ),
    demo_urls=(
        DemoUrl("/computos/", "cómputos publicados", orden=20),
        DemoUrl("/computos/oficina/", "sesiones de cómputo", oficina=True, orden=20),
    ),
    audit_actions=frozenset(ACTIONS),
    # Signs nothing, opens no session: anyone can check a split on their own figures.
    citizen_commands=frozenset(
        {("computos", "reparto"), ("computos", "replay"), ("computos", "verify")}
    ),
)
