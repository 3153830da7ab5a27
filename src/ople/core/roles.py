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
# Roles of outside users (docs/decisions/0027-usuarios-externos.md); they act only in their scopes.
REPRESENTANTE_PARTIDO = "representante_partido"
DESTINATARIO = "destinatario"

ROLES: dict[str, str] = {
    ACOPIO: "Acopio (CATD)",
    DIGITALIZACION: "Digitalización (CATD)",
    CAPTURA: "Captura (CCV)",
    VERIFICACION: "Verificación (CCV)",
    SUPERVISION: "Supervisión",
    COORDINACION: "Coordinación",
    ADMINISTRACION: "Administración",
    REPRESENTANTE_PARTIDO: "Representante de partido",
    DESTINATARIO: "Destinatario de notificaciones",
}

# Roles whose members must use a second factor (TOTP).
ROLES_CON_2FA = frozenset({SUPERVISION, COORDINACION, ADMINISTRACION, REPRESENTANTE_PARTIDO})


def _all_role_names(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_ople_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached.add(ADMINISTRACION)
        user._ople_roles = cached
    return set(cached)


def role_names(user: Any) -> set[str]:
    """The roles `user` may act with now.

    On a request's user (django-otp's middleware gives it `is_verified`), the roles that need a
    second factor only count once the session is verified. A user loaded outside a request (a
    management command, a test calling a service) has no `is_verified` and keeps every role.
    """
    names = _all_role_names(user)
    is_verified = getattr(user, "is_verified", None)
    if names & ROLES_CON_2FA and callable(is_verified) and not is_verified():
        names -= ROLES_CON_2FA
    return names


def has_role(user: Any, *roles: str) -> bool:
    names = role_names(user)
    return bool(names & set(roles)) or ADMINISTRACION in names and not roles


def require_role(user: Any, *roles: str) -> None:
    """Raise PermissionDenied (with a Spanish message) unless the user holds one of `roles`."""
    if not role_names(user) & set(roles):
        if _all_role_names(user) & set(roles):
            raise PermissionDenied(
                "Esta acción requiere verificar el segundo factor (código del autenticador)."
            )
        wanted = ", ".join(ROLES.get(r, r) for r in roles)
        raise PermissionDenied(f"Esta acción requiere el rol: {wanted}.")


def needs_2fa(user: Any) -> bool:
    """True when the user holds a role (or is a superuser) that requires a second factor."""
    return bool(_all_role_names(user) & ROLES_CON_2FA) or bool(getattr(user, "is_superuser", False))
