"""Roles of estrados (declared in registro.py)."""

NOTIFICADOR = "notificador"  # Secretaría Ejecutiva / Dirección Jurídica: notifies and publishes

ETIQUETAS = {NOTIFICADOR: "Notificaciones y estrados"}
