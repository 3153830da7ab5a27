"""The law profiles declare nothing to the platform yet (see `ople.core.registry`)."""

from ople.core.registry import Declaration

DECLARACION = Declaration(app="ople.profiles", nombre="profiles")
