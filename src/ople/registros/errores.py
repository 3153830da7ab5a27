"""The refusals of the public registers (Spanish message, stable code)."""

from __future__ import annotations

from ople.core.errors import OpleError


class RegistroInvalido(OpleError):
    """Bad input or a forbidden step: nothing changes."""

    estado = 400
