"""What the publication platform declares (see `ople.core.registry`). No Django import."""

from ople.core.registry import Declaration
from ople.publicacion.audit_actions import ACTIONS

DECLARACION = Declaration(
    app="ople.publicacion",
    nombre="publicacion",
    audit_actions=frozenset(ACTIONS),
)
