"""Oficialía's roles (declared in registro.py)."""

PARTES = "oficialia_partes"  # registers incoming documents and turns them
AREA = "oficialia_area"  # staff of an area: attends and answers turnos, reports progress

ETIQUETAS = {
    PARTES: "Oficialía de partes",
    AREA: "Personal de área (atención de turnos)",
}
