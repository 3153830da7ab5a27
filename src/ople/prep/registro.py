"""What the PREP declares to the platform (see `ople.core.registry`). No Django import."""

from ople.core.registry import (
    Declaration,
    DemoUrl,
    DemoUser,
    PublicLink,
    Role,
    Tool,
    UrlInclude,
)
from ople.prep import roles
from ople.prep.audit_actions import ACTIONS

DECLARACION = Declaration(
    app="ople.prep",
    nombre="prep",
    settings="ople.prep.ajustes:ajustes",
    roles=tuple(
        Role(nombre, etiqueta, second_factor=nombre in roles.CON_2FA)
        for nombre, etiqueta in roles.ETIQUETAS.items()
    ),
    tools=(
        Tool(
            "/prep/catd/",
            "Acopio y digitalización (CATD)",
            "Registrar la llegada de los paquetes y digitalizar las actas PREP.",
            frozenset({roles.ACOPIO, roles.DIGITALIZACION}),
        ),
        Tool(
            "/prep/captura/",
            "Captura y verificación",
            "Capturar los datos de las actas digitalizadas y verificar las capturas.",
            frozenset({roles.CAPTURA, roles.VERIFICACION}),
        ),
        Tool(
            "/prep/supervision/",
            "Supervisión y coordinación",
            "Avance por elección y distrito, conflictos de captura, actas sin acta, dispositivos.",
            frozenset({roles.SUPERVISION, roles.COORDINACION}),
        ),
    ),
    public_links=(
        PublicLink(
            "/prep/",
            "Resultados del PREP",
            "Resultados preliminares publicados, acta por acta.",
            orden=10,
            resumen="resultados preliminares (PREP)",
        ),
    ),
    # Under /prep/ the published results and the device-authenticated PREP Casilla API
    # (/prep/api/) are public; these sub-trees are the back office.
    public_prefixes=("/prep/",),
    back_office_prefixes=(
        "/prep/catd/",
        "/prep/captura/",
        "/prep/verificacion/",
        "/prep/supervision/",
        "/prep/coordinacion/",
        "/prep/oficina/",
        "/prep/dispositivos/",
    ),
    urls=(UrlInclude("prep/", "ople.prep.urls"),),
    # The PREP Casilla API's clients read JSON, also in the server's own errors.
    json_prefixes=("/prep/api/",),
    # Each published cut is recorded by this event, which names its manifest's SHA-256.
    publication_actions=frozenset({"prep.corte"}),
    # The PREP's coordination reads the platform's audit log (its screen in the office).
    audit_readers=frozenset({roles.COORDINACION}),
    demo_users=(
        DemoUser("acopio", (roles.ACOPIO, roles.DIGITALIZACION), "Acopio y digitalización"),
        DemoUser("captura1", (roles.CAPTURA,), "Capturista 1"),
        DemoUser("captura2", (roles.CAPTURA,), "Capturista 2"),
        DemoUser("verificacion", (roles.VERIFICACION,), "Verificación"),
        DemoUser("supervision", (roles.SUPERVISION,), "Supervisión", totp_fijo=True),
        DemoUser("coordinacion", (roles.COORDINACION,), "Coordinación", totp_fijo=True),
    ),
    demo_urls=(
        DemoUrl("/prep/", "resultados preliminares (PREP)", orden=10),
        DemoUrl("/prep/catd/", "acopio y digitalización", oficina=True, orden=10),
        DemoUrl("/prep/captura/", "captura y verificación", oficina=True, orden=11),
        DemoUrl("/prep/supervision/", "supervisión y coordinación", oficina=True, orden=12),
    ),
    # These sign nothing and open no session (replay works on its own SQLite under --out).
    citizen_commands=frozenset({("verify",), ("prep", "audit"), ("prep", "replay")}),
    # POST /prep/api/v1/actas (acta uploads) skips the middleware it does not use
    # (src/ople/prep/api_wsgi.py); every other request goes through the application as before.
    wsgi_wrappers=("ople.prep.api_wsgi:con_ruta_directa",),
    middleware=("ople.prep.middleware.EntradaPrepMiddleware",),
    audit_actions=frozenset(ACTIONS),
)
