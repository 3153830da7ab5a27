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
        Tool(
            "/asignacion/oficina/",
            "Asignación de representación proporcional",
            "Sesión del Consejo General: cálculo paso por paso, constancias y publicación.",
            frozenset({"administracion"}),
            orden=45,
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
        PublicLink(
            "/asignacion/",
            "Representación proporcional",
            "Integración del Congreso y de los cabildos, quién ocupa cada escaño y el cálculo "
            "paso por paso.",
            orden=40,
            resumen="la asignación de representación proporcional",
        ),
    ),
    # RP allocation (issue 20) has its own signed public site, served for the demo at /asignacion/.
    public_prefixes=("/computos/", "/asignacion/"),
    back_office_prefixes=("/computos/oficina/", "/asignacion/oficina/"),
    urls=(
        UrlInclude("computos/", "ople.computos.urls"),
        UrlInclude("asignacion/", "ople.computos.asignacion.urls"),
    ),
    publication_actions=frozenset({"computos.corte", "computos.rp_corte"}),
    demo_users=(
        DemoUser(
            "computos-presidencia",
            (roles.PRESIDENCIA, roles.CENTRAL),
            "Presidencia de consejo (cómputos)",
            totp_fijo=True,
            orden=30,
        ),
        DemoUser(
            "computos-secretaria",
            (roles.SECRETARIA, roles.CENTRAL),
            "Secretaría técnica de consejo (cómputos)",
            totp_fijo=True,
            orden=31,
        ),
        DemoUser(
            "computos-cotejo1", (roles.CAPTURA, roles.CENTRAL), "Captura de cotejo 1", orden=32
        ),
        DemoUser(
            "computos-cotejo2", (roles.CAPTURA, roles.CENTRAL), "Captura de cotejo 2", orden=33
        ),
        DemoUser(
            "computos-gt1",
            (roles.GRUPO, roles.CENTRAL),
            "Presidencia del grupo de trabajo 1",
            orden=34,
        ),
        DemoUser(
            "computos-rep-morena",
            ("representante_partido",),
            "Representante de MORENA ante el Consejo Municipal 11",
            totp_fijo=True,
            orden=111,
            cuenta="representante",
            ambitos=(("partido", "MORENA"), ("demarcacion", "CM11")),
        ),
    ),
    demo_commands=(
        DemoCommand(
            ("computos_demo",),
            "Simulando las sesiones de cómputo (un distrito con su historia completa, los demás "
            "consejos cerrados, un municipio en recuento total y otro en el cotejo) y "
            "publicando sus cómputos…",
        ),
        # After candidaturas' demo (its RP lists and the gender of the MR winners).
        DemoCommand(
            ("computos_rp_publicar", "--demo"),
            "Cómputo estatal: sumando los cómputos cerrados y asignando la representación "
            "proporcional…",
            orden=90,
        ),
    ),
    demo_urls=(
        DemoUrl("/computos/", "cómputos publicados", orden=20),
        DemoUrl("/computos/oficina/", "sesiones de cómputo", oficina=True, orden=20),
        DemoUrl("/asignacion/", "asignación de representación proporcional", orden=40),
    ),
    audit_actions=frozenset(ACTIONS),
    # Signs nothing, opens no session: anyone can check a split on their own figures.
    citizen_commands=frozenset(
        {
            ("computos", "reparto"),
            ("computos", "replay"),
            ("computos", "verify"),
            ("computos", "rp"),
            ("computos", "rp_verificar"),
        }
    ),
)
