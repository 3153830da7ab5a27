"""What the election-night drill declares to the platform (see `ople.core.registry`)."""

from ople.core.registry import Declaration, DemoBackground
from ople.simulacro.audit_actions import ACTIONS

DECLARACION = Declaration(
    app="ople.simulacro",
    nombre="simulacro",
    demo_background=DemoBackground(
        etiqueta="Simulacro de la noche electoral",
        opcion="--sin-simulacro",
        ayuda_opcion="no iniciar la simulación de la noche electoral en segundo plano",
        ayuda_velocidad="velocidad del simulacro (60: seis horas de noche en seis minutos)",
        iniciar="ople.simulacro.demo:start_simulacro",
        disponible="ople.simulacro.demo:simulacro_available",
    ),
    audit_actions=frozenset(ACTIONS),
)
