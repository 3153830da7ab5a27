"""What estrados (electronic notices and estrados) declares to the platform (see `ople.core.registry`). No Django import."""

from ople.core.registry import Declaration
from ople.estrados.audit_actions import ACTIONS

DECLARACION = Declaration(
    app="ople.estrados",
    nombre="estrados",
    audit_actions=frozenset(ACTIONS),
)
