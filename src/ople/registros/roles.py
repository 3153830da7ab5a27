"""The roles of the public registers (Django groups); declared in `ople.registros.registro`,
checked with `ople.core.roles.require_role`. Their groups are created by migration 0002."""

CAPTURA = "registros_captura"
APROBACION = "registros_aprobacion"

ETIQUETAS: dict[str, str] = {
    CAPTURA: "Captura de registros (Secretaría Ejecutiva)",
    APROBACION: "Aprobación de registros (Secretaría Ejecutiva)",
}
