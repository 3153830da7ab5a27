"""The roles of ople (Django groups) and the object-level checks services use."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

ACOPIO = "acopio"
DIGITALIZACION = "digitalizacion"
CAPTURA = "captura"
VERIFICACION = "verificacion"
SUPERVISION = "supervision"
COORDINACION = "coordinacion"
ADMINISTRACION = "administracion"

ROLES: dict[str, str] = {
    ACOPIO: "Acopio (CATD)",
    DIGITALIZACION: "Digitalización (CATD)",
    CAPTURA: "Captura (CCV)",
    VERIFICACION: "Verificación (CCV)",
    SUPERVISION: "Supervisión",
    COORDINACION: "Coordinación",
    ADMINISTRACION: "Administración",
}

# Roles whose members must use a second factor (TOTP).
ROLES_CON_2FA = frozenset({SUPERVISION, COORDINACION, ADMINISTRACION})


def role_names(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_ople_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached.add(ADMINISTRACION)
        user._ople_roles = cached
    return cached


def has_role(user: Any, *roles: str) -> bool:
    names = role_names(user)
    return bool(names & set(roles)) or ADMINISTRACION in names and not roles


def require_role(user: Any, *roles: str) -> None:
    """Raise PermissionDenied (with a Spanish message) unless the user holds one of `roles`."""
    if not role_names(user) & set(roles):
        wanted = ", ".join(ROLES.get(r, r) for r in roles)
        raise PermissionDenied(f"Esta acción requiere el rol: {wanted}.")


def needs_2fa(user: Any) -> bool:
    return bool(role_names(user) & ROLES_CON_2FA) or bool(getattr(user, "is_superuser", False))
