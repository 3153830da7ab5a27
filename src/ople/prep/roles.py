"""The PREP's roles (Django groups); declared in `ople.prep.registro`, checked with
`ople.core.roles.require_role`. Their groups are created by migration prep 0007."""

ACOPIO = "acopio"
DIGITALIZACION = "digitalizacion"
CAPTURA = "captura"
VERIFICACION = "verificacion"
SUPERVISION = "supervision"
COORDINACION = "coordinacion"

ETIQUETAS: dict[str, str] = {
    ACOPIO: "Acopio (CATD)",
    DIGITALIZACION: "Digitalización (CATD)",
    CAPTURA: "Captura (CCV)",
    VERIFICACION: "Verificación (CCV)",
    SUPERVISION: "Supervisión",
    COORDINACION: "Coordinación",
}

# Roles whose members must use a second factor (TOTP).
CON_2FA = frozenset({SUPERVISION, COORDINACION})
