"""What the public registers declare to the platform (see `ople.core.registry`). No Django."""

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
from ople.registros import roles
from ople.registros.audit_actions import ACTIONS

DECLARACION = Declaration(
    app="ople.registros",
    nombre="registros",
    roles=tuple(
        Role(nombre, etiqueta, second_factor=nombre in roles.CON_2FA)
        for nombre, etiqueta in roles.ETIQUETAS.items()
    ),
    tools=(
        Tool(
            "/registros/oficina/",
            "Registros públicos",
            "Registro VPMRG (captura y aprobación), sanciones, expedientes PES/POS, conciliación con el INE.",
            frozenset({roles.CAPTURA, roles.APROBACION}),
        ),
    ),
    public_links=(
        PublicLink(
            "/registros/",
            "Registros públicos",
            "Personas sancionadas por violencia política contra las mujeres en razón de género, "
            "expedientes PES y POS, datos abiertos.",
            orden=40,
            resumen="el registro de personas sancionadas por VPMRG y los expedientes PES/POS",
        ),
    ),
    public_prefixes=("/registros/",),
    back_office_prefixes=("/registros/oficina/",),
    urls=(UrlInclude("registros/", "ople.registros.urls"),),
    publication_actions=frozenset({"registros.corte"}),
    # Checks a downloaded cut; signs nothing, opens no session.
    citizen_commands=frozenset({("registros", "verificar")}),
    demo_users=(
        DemoUser("registros1", (roles.CAPTURA,), "Captura de registros", orden=40),
        DemoUser(
            "registros2", (roles.APROBACION,), "Aprobación de registros", totp_fijo=True, orden=41
        ),
    ),
    demo_urls=(
        DemoUrl("/registros/", "registros públicos (VPMRG, PES/POS)", orden=40),
        DemoUrl(
            "/registros/oficina/",
            "registros públicos: captura y aprobación",
            oficina=True,
            orden=40,
        ),
    ),
    demo_commands=(
        DemoCommand(("registros_demo",), "Cargando los registros públicos de demostración…"),
    ),
    audit_actions=frozenset(ACTIONS),
)
