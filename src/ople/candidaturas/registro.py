"""What candidacies and Conóceles declare to the platform (see `ople.core.registry`)."""

from ople.candidaturas import roles
from ople.candidaturas.audit_actions import ACTIONS
from ople.core.registro import REPRESENTANTE_PARTIDO
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
    app="ople.candidaturas",
    nombre="candidaturas",
    roles=tuple(
        Role(nombre, etiqueta, second_factor=nombre in roles.CON_2FA)
        for nombre, etiqueta in roles.ETIQUETAS.items()
    ),
    tools=(
        Tool(
            "/candidaturas/revision/",
            "Registro de candidaturas",
            "Revisar solicitudes, emitir prevenciones, aprobar por acuerdo, sustituciones.",
            frozenset({roles.REVISION, roles.CONSEJO}),
            orden=30,
        ),
        Tool(
            "/candidaturas/",
            "Candidaturas de su partido",
            "Registrar candidaturas, subir sus documentos y atender las prevenciones.",
            frozenset({REPRESENTANTE_PARTIDO}),
            orden=31,
        ),
    ),
    public_links=(
        PublicLink(
            "/conoceles/",
            "Candidatas y candidatos, Conóceles",
            "Quién se postula, su trayectoria y sus propuestas; quién aparece en su boleta.",
            orden=30,
            resumen="las candidaturas (Conóceles)",
        ),
    ),
    public_prefixes=("/conoceles/",),
    back_office_prefixes=("/candidaturas/revision/",),
    urls=(
        UrlInclude("candidaturas/", "ople.candidaturas.urls"),
        UrlInclude("conoceles/", "ople.candidaturas.urls_conoceles"),
    ),
    publication_actions=frozenset({"candidaturas.conoceles"}),
    demo_users=(
        DemoUser("revision", (roles.REVISION,), "Revisión de candidaturas", orden=40),
        DemoUser("consejo_general", (roles.CONSEJO,), "Consejo General", totp_fijo=True, orden=41),
        DemoUser(
            "representante_pri",
            ("representante_partido",),
            "Representante del PRI",
            totp_fijo=True,
            orden=111,
            cuenta="representante",
            ambitos=(("partido", "PRI"),),
        ),
    ),
    demo_urls=(
        DemoUrl("/conoceles/", "Conóceles: candidatas y candidatos", orden=30),
        DemoUrl("/candidaturas/", "portal de partidos: registro de candidaturas", orden=30),
        DemoUrl("/candidaturas/revision/", "revisión de candidaturas", oficina=True, orden=30),
    ),
    demo_commands=(
        DemoCommand(
            ("candidaturas_demo",),
            "Registrando las candidaturas del proceso simulado y publicando Conóceles…",
        ),
    ),
    audit_actions=frozenset(ACTIONS),
)
