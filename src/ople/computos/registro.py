"""What the Sistema de Cómputo declares to the platform (see `ople.core.registry`). No Django."""

from ople.computos.audit_actions import ACTIONS
from ople.core.registry import Declaration

DECLARACION = Declaration(
    app="ople.computos",
    nombre="computos",
    audit_actions=frozenset(ACTIONS),
    # Signs nothing, opens no session: anyone can check a split on their own figures.
    citizen_commands=frozenset({("computos", "reparto")}),
)
