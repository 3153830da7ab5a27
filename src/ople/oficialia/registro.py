"""What oficialía declares to the platform (see `ople.core.registry`). No Django import."""

from ople.core.registry import Declaration
from ople.oficialia.audit_actions import ACTIONS

DECLARACION = Declaration(
    app="ople.oficialia",
    nombre="oficialia",
    # The deadline calculator reads only the profile files: no database, no key.
    citizen_commands=frozenset({("plazos", "vence")}),
    audit_actions=frozenset(ACTIONS),
)
