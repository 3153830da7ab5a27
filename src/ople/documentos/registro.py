"""What the documents platform declares (see `ople.core.registry`). No Django import."""

from ople.core.registry import Declaration, UrlInclude
from ople.documentos.audit_actions import ACTIONS

DECLARACION = Declaration(
    app="ople.documentos",
    nombre="documentos",
    # A third party checks an acuse with the institute's public key alone.
    citizen_commands=frozenset({("documentos", "verificar_acuse"), ("documentos", "verificar")}),
    # Each issued document's verification page, served from static files (ADR 0056).
    public_prefixes=("/documentos/",),
    urls=(UrlInclude("documentos/", "ople.documentos.urls"),),
    audit_actions=frozenset(ACTIONS),
    publication_actions=frozenset({"documentos.corte"}),
)
