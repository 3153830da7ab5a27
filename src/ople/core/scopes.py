"""Reads of outside users' scopes, and the one pattern systems use to filter by them.

A system that serves outside users filters every query through `restrict_to_scope` and checks
every change with `require_scope`. Deny by default: an anonymous user, an outside user with no
valid scope of the kind asked for, or a representative whose second factor is not verified in
this session sees nothing. Institute staff are not filtered here: their roles govern them.

Core knows no system: a scope's key is a string, and the system that owns the kind may register
a resolver (`register_resolver`) that checks a key and names it (the parties' owner registers theirs).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from . import accounts
from .models import Account, Scope

M = TypeVar("M", bound=Model)

# kind -> function(key) returning the key's display name, or None when the key does not exist.
_RESOLVERS: dict[str, Callable[[str], str | None]] = {}


def register_resolver(kind: str, resolver: Callable[[str], str | None]) -> None:
    """Called by the app that owns `kind` (in its AppConfig.ready) to check and name its keys."""
    if kind not in accounts.SCOPE_KINDS:
        raise ValueError(f"Tipo de ámbito desconocido: {kind}")
    _RESOLVERS[kind] = resolver


def describe(kind: str, key: str) -> str | None:
    """The display name of `key` (None when its owner says it does not exist; the key itself
    when no owner is registered for the kind)."""
    resolver = _RESOLVERS.get(kind)
    return key if resolver is None else resolver(key)


def account_kind(user: Any) -> str:
    """`accounts.STAFF`, or the kind of the user's outside account."""
    if not getattr(user, "is_authenticated", False):
        return ""
    cached = getattr(user, "_ople_account_kind", None)
    if cached is None:
        row = Account.objects.filter(user_id=user.pk).values_list("kind", flat=True).first()
        cached = row or accounts.STAFF
        user._ople_account_kind = cached
    return str(cached)


def is_outside(user: Any) -> bool:
    return account_kind(user) in accounts.OUTSIDE_KINDS


def _second_factor_missing(user: Any, kind: str) -> bool:
    spec = accounts.ACCOUNT_KINDS[kind]
    is_verified = getattr(user, "is_verified", None)  # only on a request's user (django-otp)
    return spec.second_factor and callable(is_verified) and not is_verified()


def valid_now(at: datetime | None = None) -> Q:
    at = at or timezone.now()
    return Q(valid_from__lte=at) & (Q(valid_until__isnull=True) | Q(valid_until__gt=at))


def scope_rows(user: Any, *, include_past: bool = False) -> QuerySet[Scope]:
    """The user's scopes (valid now, or every one ever granted), for display."""
    if not getattr(user, "is_authenticated", False):
        return Scope.objects.none()
    rows = Scope.objects.filter(user_id=user.pk)
    return rows if include_past else rows.filter(valid_now())


def scopes_of(user: Any, kind: str, *, at: datetime | None = None) -> frozenset[str]:
    """The keys of `kind` the outside user may act on now (empty: nothing, deny by default)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return frozenset()
    account = account_kind(user)
    if account not in accounts.OUTSIDE_KINDS or not accounts.allows(account, kind):
        return frozenset()
    if _second_factor_missing(user, account):
        return frozenset()
    keys = Scope.objects.filter(valid_now(at), user_id=user.pk, kind=kind).values_list(
        "key", flat=True
    )
    return frozenset(keys)


def restrict_to_scope(queryset: QuerySet[M], user: Any, kind: str, field: str) -> QuerySet[M]:
    """`queryset` as `user` may see it: rows whose `field` holds one of the user's keys of `kind`.

    Staff see the queryset unchanged (their roles decide what they reach); anyone else sees
    only what their scopes name, and with no scope, nothing.
    """
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return queryset.none()
    if account_kind(user) == accounts.STAFF:
        return queryset
    keys = scopes_of(user, kind)
    if not keys:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": sorted(keys)})


def require_scope(user: Any, kind: str, key: str) -> None:
    """Raise PermissionDenied (Spanish message) unless an outside user holds `key` of `kind`.

    Staff pass (their services check their roles); services call this before changing data
    that belongs to a party, a consejo or an addressee.
    """
    if getattr(user, "is_authenticated", False) and account_kind(user) == accounts.STAFF:
        return
    if key in scopes_of(user, kind):
        return
    account = account_kind(user)
    if account in accounts.OUTSIDE_KINDS and _second_factor_missing(user, account):
        raise PermissionDenied(
            "Esta acción requiere verificar el segundo factor (código del autenticador)."
        )
    etiqueta = accounts.SCOPE_KINDS.get(kind, kind).lower()
    raise PermissionDenied(f"Su cuenta no tiene acceso a este ámbito ({etiqueta} «{key}»).")
