"""The systems installed in this ople, in installation order (their Django apps).

Each one declares what it brings to the platform in its `registro.py` (see
`ople.core.registry`); settings, URLs, the WSGI entry point and the command line read those
declarations and name no system themselves. A new system is one line here and its `registro.py`.
"""

SISTEMAS: tuple[str, ...] = (
    "ople.catalog",
    "ople.profiles",
    "ople.documentos",
    "ople.publicacion",
    "ople.prep",
    "ople.lookup",
    "ople.casilla",
    "ople.computos",
    "ople.paquetes",
    "ople.oficialia",
    "ople.estrados",
    "ople.registros",
    "ople.simulacro",
)
