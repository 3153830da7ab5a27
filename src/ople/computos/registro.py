"""What the Sistema de Cómputo declares to the platform (see `ople.core.registry`). No Django."""

from ople.computos.audit_actions import ACTIONS
from ople.core.registry import Declaration, DemoCommand, DemoUrl, PublicLink, Tool, UrlInclude

DECLARACION = Declaration(
    app="ople.computos",
    nombre="computos",
    audit_actions=frozenset(ACTIONS),
    citizen_commands=frozenset({("computos", "rp"), ("computos", "rp_verificar")}),
    # RP allocation (issue 20): its signed public site, served for the demo under /asignacion/.
    urls=(UrlInclude("asignacion/", "ople.computos.asignacion.urls"),),
    public_prefixes=("/asignacion/",),
    back_office_prefixes=("/asignacion/oficina/",),
    tools=(
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
            "/asignacion/",
            "Representación proporcional",
            "Integración del Congreso y de los cabildos, quién ocupa cada escaño y el cálculo "
            "paso por paso.",
            orden=40,
            resumen="la asignación de representación proporcional",
        ),
    ),
    publication_actions=frozenset({"computos.rp_corte"}),
    demo_commands=(
        DemoCommand(
            ("computos_rp_publicar", "--demo"),
            "Publicando la asignación de representación proporcional (simulada)…",
        ),
    ),
    demo_urls=(DemoUrl("/asignacion/", "asignación de representación proporcional", orden=40),),
)
