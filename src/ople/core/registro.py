"""The platform's own declaration (see `ople.core.registry`): read after every system's."""

from ople.core.audit_actions import ACTIONS
from ople.core.registry import Declaration, DemoUrl, DemoUser, Role, Tool

ADMINISTRACION = "administracion"
# Roles of outside users (docs/decisions/0027-usuarios-externos.md); they act only in scopes.
REPRESENTANTE_PARTIDO = "representante_partido"
DESTINATARIO = "destinatario"

DECLARACION = Declaration(
    app="ople.core",
    nombre="core",
    roles=(
        Role(ADMINISTRACION, "Administración", second_factor=True),
        Role(REPRESENTANTE_PARTIDO, "Representante de partido", second_factor=True),
        Role(DESTINATARIO, "Destinatario de notificaciones"),
    ),
    tools=(
        Tool(
            "/admin/",
            "Administración",
            "Usuarios, roles, catálogo electoral y bitácora.",
            frozenset({ADMINISTRACION}),
        ),
        Tool(
            "/oficina/bitacora/",
            "Bitácora de auditoría",
            "Buscar eventos por quién, acción, objeto y fecha; verificar la cadena de hashes.",
            frozenset({ADMINISTRACION}),
            orden=90,
        ),
    ),
    public_prefixes=("/cuenta/", "/static/", "/media/", "/favicon.ico", "/robots.txt"),
    urls=(),  # core's own URLs are included last by config/urls.py
    demo_users=(
        DemoUser(
            "admin", (ADMINISTRACION,), "Administración", staff=True, superuser=True, orden=100
        ),
        DemoUser(
            "representante",
            (REPRESENTANTE_PARTIDO,),
            "Representante del PAN",
            totp_fijo=True,
            orden=110,
            cuenta="representante",
            ambitos=(("partido", "PAN"),),
        ),
        DemoUser(
            "destinatario",
            (DESTINATARIO,),
            "Destinatario de avisos",
            orden=120,
            cuenta="destinatario",
            ambitos=(("notificaciones", "DEMO-0001"),),
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
