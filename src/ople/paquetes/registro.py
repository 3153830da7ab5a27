"""What package tracking declares to the platform (see `ople.core.registry`). No Django."""

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
from ople.paquetes import roles
from ople.paquetes.audit_actions import ACTIONS

DECLARACION = Declaration(
    app="ople.paquetes",
    nombre="paquetes",
    roles=tuple(
        Role(nombre, etiqueta, second_factor=nombre in roles.CON_2FA)
        for nombre, etiqueta in roles.ETIQUETAS.items()
    ),
    tools=(
        Tool(
            "/paquetes/oficina/",
            "Recepción de paquetes electorales",
            "Mesas de recepción, bodega, plazos de entrega, etiquetas e historial de cada paquete.",
            frozenset({roles.RECEPCION, roles.BODEGA, roles.SUPERVISION}),
            orden=20,
        ),
    ),
    public_links=(
        PublicLink(
            "/paquetes/",
            "Recepción de paquetes electorales",
            "Cuántos paquetes ha recibido cada consejo (solo cifras).",
            orden=30,
        ),
    ),
    public_prefixes=("/paquetes/",),
    back_office_prefixes=("/paquetes/oficina/",),
    urls=(UrlInclude("paquetes/", "ople.paquetes.urls"),),
    json_prefixes=("/paquetes/api/",),
    # Each published progress cut is recorded by this event, which names its manifest's SHA-256.
    publication_actions=frozenset({"paquetes.corte"}),
    demo_users=(
        DemoUser("mesa_paquetes", (roles.RECEPCION,), "Mesa de recepción del consejo", orden=30),
        DemoUser("bodega", (roles.BODEGA,), "Responsable de la bodega", orden=31),
        DemoUser("cae_paquetes", (roles.CAE,), "CAE (traslado de paquetes)", orden=32),
        DemoUser(
            "supervision_paquetes",
            (roles.SUPERVISION,),
            "Supervisión de paquetes",
            totp_fijo=True,
            orden=33,
        ),
    ),
    demo_urls=(
        DemoUrl("/paquetes/", "avance público de la recepción de paquetes", orden=30),
        DemoUrl("/paquetes/escaner/", "escáner de paquetes (aplicación móvil)", orden=31),
        DemoUrl("/paquetes/oficina/", "recepción de paquetes y bodega", oficina=True, orden=30),
    ),
    demo_commands=(
        DemoCommand(
            ("paquetes_demo",),
            "Paquetes: moviendo paquetes por sus mecanismos de recolección…",
        ),
    ),
    # POST /paquetes/api/v1/eventos (the scanner's events) skips the middleware it does not use
    # and writes in groups with plain SQL on PostgreSQL (src/ople/paquetes/api_wsgi.py).
    wsgi_wrappers=("ople.paquetes.api_wsgi:con_ruta_directa",),
    audit_actions=frozenset(ACTIONS),
)
