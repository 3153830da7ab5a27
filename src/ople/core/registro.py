"""The platform's own declaration (see `ople.core.registry`): read after every system's."""

from ople.core.audit_actions import ACTIONS
from ople.core.registry import Declaration, DemoUrl, DemoUser, Role, Tool

ADMINISTRACION = "administracion"

DECLARACION = Declaration(
    app="ople.core",
    nombre="core",
    roles=(Role(ADMINISTRACION, "Administración", second_factor=True),),
    tools=(
        Tool(
            "/admin/",
            "Administración",
            "Usuarios, roles, catálogo electoral y bitácora.",
            frozenset({ADMINISTRACION}),
        ),
    ),
    public_prefixes=("/cuenta/", "/static/", "/media/", "/favicon.ico", "/robots.txt"),
    urls=(),  # core's own URLs are included last by config/urls.py
    demo_users=(
        DemoUser(
            "admin", (ADMINISTRACION,), "Administración", staff=True, superuser=True, orden=100
        ),
    ),
    demo_urls=(
        DemoUrl("/", "portada"),
        DemoUrl("/cuenta/entrar/", "entrar", oficina=True),
        DemoUrl("/oficina/", "herramientas según el rol", oficina=True, orden=1),
        DemoUrl("/admin/", "administración", oficina=True, orden=100),
    ),
    audit_actions=frozenset(ACTIONS),
)
