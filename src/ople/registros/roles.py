"""The roles of the public registers (Django groups); declared in `ople.registros.registro`,
checked with `ople.core.roles.require_role`. Their groups are created by migration 0002."""

CAPTURA = "registros_captura"
APROBACION = "registros_aprobacion"

ETIQUETAS: dict[str, str] = {
    CAPTURA: "Captura de registros (Secretaría Ejecutiva)",
    APROBACION: "Aprobación de registros (Secretaría Ejecutiva)",
}

# Approving puts a person on a public register of sanctioned persons: a second factor (TOTP).
CON_2FA = frozenset({APROBACION})
