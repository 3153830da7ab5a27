"""The roles of ople (Django groups) and the checks services use.

Each app declares its roles, and which need a second factor, in its `registro.py`
(`ople.core.registry`); `core` itself has only the platform's `administracion`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from . import registry
from .registro import ADMINISTRACION

__all__ = ["ADMINISTRACION", "has_role", "label", "needs_2fa", "require_role", "role_names"]


def label(name: str) -> str:
    """The Spanish label of a declared role (the name itself for an undeclared group)."""
    role = registry.roles().get(name)
    return role.label if role else name


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
    if names & registry.second_factor_roles() and callable(is_verified) and not is_verified():
        names -= registry.second_factor_roles()
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
        wanted = ", ".join(label(r) for r in roles)
        raise PermissionDenied(f"Esta acción requiere el rol: {wanted}.")


def needs_2fa(user: Any) -> bool:
    """True when the user holds a role (or is a superuser) that requires a second factor."""
    return bool(_all_role_names(user) & registry.second_factor_roles()) or bool(
        getattr(user, "is_superuser", False)
    )
