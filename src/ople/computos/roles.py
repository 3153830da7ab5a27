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
# Institute-wide: sees every consejo's cómputo, and acts in every consejo with whatever other
# cómputos role it holds. Everyone else on the staff works only in the consejos where they are an
# integrante (presidencia, secretaría técnica, consejería, personal de apoyo) or chair a grupo de
# trabajo (`selectors.consejos_del_personal`); with none, in no consejo (deny by default).
CENTRAL: Final = "computos_central"

ETIQUETAS: Final[dict[str, str]] = {
    PRESIDENCIA: "Presidencia de consejo (cómputos)",
    SECRETARIA: "Secretaría técnica de consejo (cómputos)",
    CAPTURA: "Captura de cotejo (cómputos)",
    GRUPO: "Grupo de trabajo (cómputos)",
    CONSEJERIA: "Consejería electoral (cómputos)",
    CENTRAL: "Coordinación de cómputos (todos los consejos)",
}
# Those who decide or certify figures sign in with a second factor.
CON_2FA: Final = frozenset({PRESIDENCIA, SECRETARIA})
PERSONAL: Final = frozenset(ETIQUETAS)
