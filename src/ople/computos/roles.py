"""The cómputos' roles (Django groups); declared in registro.py. No Django import.

Party representatives are outside users (core's `representante_partido`, decision 0027) with two
scopes: `partido` (their siglas) and `demarcacion` (the consejo's clave, e.g. ``CD01``).
"""

from __future__ import annotations

from typing import Final

PRESIDENCIA: Final = "computos_presidencia"  # conducts the session, advances its states
SECRETARIA: Final = "computos_secretaria"  # records what is in hand, signs
CAPTURA: Final = "computos_captura"  # captures and confirms cotejo figures
GRUPO: Final = "computos_grupo"  # chairs a grupo de trabajo: captures recount results
CONSEJERIA: Final = "computos_consejeria"  # votes in the pleno, signs

ETIQUETAS: Final[dict[str, str]] = {
    PRESIDENCIA: "Presidencia de consejo (cómputos)",
    SECRETARIA: "Secretaría técnica de consejo (cómputos)",
    CAPTURA: "Captura de cotejo (cómputos)",
    GRUPO: "Grupo de trabajo (cómputos)",
    CONSEJERIA: "Consejería electoral (cómputos)",
}
# Those who decide or certify figures sign in with a second factor.
CON_2FA: Final = frozenset({PRESIDENCIA, SECRETARIA})
PERSONAL: Final = frozenset(ETIQUETAS)
