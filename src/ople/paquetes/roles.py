"""The roles of package tracking (Django groups), declared in `ople.paquetes.registro`."""

RECEPCION = "paquetes_recepcion"
CAE = "paquetes_cae"
BODEGA = "paquetes_bodega"
SUPERVISION = "paquetes_supervision"

ETIQUETAS: dict[str, str] = {
    RECEPCION: "Recepción de paquetes (mesa del consejo)",
    CAE: "Traslado de paquetes (CAE, CRyT, DAT)",
    BODEGA: "Bodega electoral del consejo",
    SUPERVISION: "Supervisión de paquetes (consejo)",
}

CON_2FA = frozenset({SUPERVISION})

# Who may record each kind of event (SUPERVISION may record any).
PUEDEN_CAMPO = frozenset({CAE, RECEPCION, SUPERVISION})
PUEDEN_CONSEJO = frozenset({RECEPCION, BODEGA, SUPERVISION})
PUEDEN_BODEGA = frozenset({BODEGA, SUPERVISION})
