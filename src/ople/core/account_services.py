"""Writes of accounts: institute staff (`ensure_staff_account`, for the systems' tools that
prepare people, such as drills and replays) and outside users' accounts and scopes: create,
grant, revoke. Each one transaction, audited in it. A scope is never deleted: revoking closes its period, so what a representative
did while they held it stays attributable (docs/decisions/0027-usuarios-externos.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import accounts, audit, registry, scopes
from .models import Account, Scope


class AccountError(ValidationError):
    """Bad input to an account service; `message` is Spanish, `code` a stable identifier."""


def _actor_id(actor: Any) -> int | None:
    return actor.pk if getattr(actor, "is_authenticated", False) else None


@dataclass(frozen=True)
class StaffAccount:
    user: Any
    totp_key: str = ""  # hex key of its device `totp_device`, when one was asked for


def ensure_staff_account(
    *,
    username: str,
    roles: Iterable[str],
    actor: Any,
    actor_label: str = "",
    first_name: str | None = None,
    password: str | None = None,
    totp_device: str = "",
) -> StaffAccount:
    """A staff user holding `roles` (declared roles), created if missing (idempotent).

    Active; its roles are added to those it has. `first_name` and `password`, when given, are
    set. With `totp_device`, it has a confirmed TOTP device of that name (created with a random
    key if missing; an existing one keeps its key). An outside account is refused: one person,
    one kind of account. Audited when anything changes (never the password itself).
    """
    roles = tuple(dict.fromkeys(roles))
    declared = registry.roles()
    if unknown := [role for role in roles if role not in declared]:
        raise AccountError(f"Rol no declarado: «{', '.join(unknown)}».", "rol")
    username = (username or "").strip()
    User = get_user_model()
    if not username or len(username) > 150:
        raise AccountError("El nombre de usuario debe tener de 1 a 150 caracteres.", "usuario")
    try:
        User.username_validator(username)
    except ValidationError as exc:
        raise AccountError(f"Nombre de usuario no válido: «{username}».", "usuario") from exc
    with transaction.atomic():
        user, created = User.objects.select_for_update().get_or_create(username=username)
        if Account.objects.filter(user_id=user.pk).exists():
            raise AccountError(
                f"«{username}» es una cuenta externa; el personal del instituto es otra cuenta.",
                "externa",
            )
        changed: list[str] = []
        if not user.is_active:
            user.is_active = True
            changed.append("activa")
        if first_name is not None and user.first_name != first_name.strip()[:150]:
            user.first_name = first_name.strip()[:150]
            changed.append("nombre")
        if password is not None:
            user.set_password(password)
            changed.append("contrasena")
        if created or changed:
            user.save()
        held = set(user.groups.values_list("name", flat=True))
        added = [role for role in roles if role not in held]
        if added:
            user.groups.add(*(Group.objects.get_or_create(name=role)[0] for role in added))
        totp_key = ""
        if totp_device:
            device = TOTPDevice.objects.filter(user=user, name=totp_device).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name=totp_device, confirmed=True)
                changed.append("segundo_factor")
            elif not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                changed.append("segundo_factor")
            totp_key = device.key
        if created or changed or added:
            audit.record(
                actor=actor,
                actor_label=actor_label,
                action="core.cuenta_personal",
                obj=user,
                after={
                    "usuario": username,
                    "nueva": created,
                    "roles_agregados": added,
                    "cambios": [c for c in changed if c != "activa" or not created],
                },
            )
    return StaffAccount(user=user, totp_key=totp_key)


def create_outside_account(
    *, username: str, kind: str, actor: Any, first_name: str = "", email: str = ""
) -> Any:
    """A new user of an outside kind, in its role's group, with no usable password yet."""
    spec = accounts.ACCOUNT_KINDS.get(kind)
    if spec is None or kind not in accounts.OUTSIDE_KINDS:
        opciones = ", ".join(sorted(accounts.OUTSIDE_KINDS))
        raise AccountError(f"Tipo de cuenta desconocido: «{kind}» (opciones: {opciones}).", "tipo")
    username = (username or "").strip()
    User = get_user_model()
    try:
        User.username_validator(username)
    except ValidationError as exc:
        raise AccountError(f"Nombre de usuario no válido: «{username}».", "usuario") from exc
    if not username or len(username) > 150:
        raise AccountError("El nombre de usuario debe tener de 1 a 150 caracteres.", "usuario")
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise AccountError(f"Ya existe un usuario «{username}».", "existe")
        user = User.objects.create_user(
            username=username, email=email.strip(), first_name=first_name.strip()[:150]
        )
        open_account(user=user, kind=kind, actor=actor)
    return user


def open_account(*, user: Any, kind: str, actor: Any) -> Account:
    """Make an existing user an outside account of `kind` (idempotent for the same kind).

    Refused for staff with roles or for superusers: one person, one kind of account.
    """
    spec = accounts.ACCOUNT_KINDS.get(kind)
    if spec is None or kind not in accounts.OUTSIDE_KINDS:
        raise AccountError(f"Tipo de cuenta desconocido: «{kind}».", "tipo")
    with transaction.atomic():
        account = Account.objects.select_for_update().filter(user_id=user.pk).first()
        if account is not None:
            if account.kind != kind:
                raise AccountError(
                    f"«{user.get_username()}» ya es {account.get_kind_display().lower()}.", "tipo"
                )
            return account
        otros = set(user.groups.values_list("name", flat=True)) - {spec.role}
        if user.is_superuser or user.is_staff or otros:
            raise AccountError(
                f"«{user.get_username()}» es personal del instituto; una cuenta externa es otra "
                "cuenta.",
                "personal",
            )
        user.groups.add(Group.objects.get_or_create(name=spec.role)[0])
        account = Account.objects.create(
            user=user, kind=kind, created_at=timezone.now(), created_by_id=_actor_id(actor)
        )
        audit.record(
            actor=actor,
            action="core.cuenta_externa",
            obj=account,
            after={"usuario": user.get_username(), "tipo": kind, "rol": spec.role},
        )
    return account


def grant_scope(
    *,
    user: Any,
    kind: str,
    key: str,
    actor: Any,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
) -> Scope:
    """Give an outside user one key of one kind, from `valid_from` (now) to `valid_until`."""
    try:
        key = accounts.check_key(kind, key)
    except ValueError as exc:
        raise AccountError(str(exc), "clave") from exc
    now = timezone.now()
    valid_from = valid_from or now
    if valid_until is not None and valid_until <= valid_from:
        raise AccountError("La vigencia debe terminar después de empezar.", "vigencia")
    with transaction.atomic():
        # Locking the account serialises grants to one user, so two cannot overlap.
        account = Account.objects.select_for_update().filter(user_id=user.pk).first()
        if account is None:
            raise AccountError(
                f"«{user.get_username()}» es personal del instituto: los ámbitos son para cuentas "
                "externas.",
                "personal",
            )
        if not accounts.allows(account.kind, kind):
            raise AccountError(
                f"Una cuenta de {account.get_kind_display().lower()} no puede recibir un ámbito de "
                f"tipo «{accounts.SCOPE_KINDS[kind]}».",
                "tipo_ambito",
            )
        if scopes.describe(kind, key) is None:
            raise AccountError(
                f"«{key}» no existe como {accounts.SCOPE_KINDS[kind].lower()} en el catálogo.",
                "clave_inexistente",
            )
        overlap = Scope.objects.filter(user_id=user.pk, kind=kind, key=key)
        overlap = overlap.exclude(valid_until__isnull=False, valid_until__lte=valid_from)
        if valid_until is not None:
            overlap = overlap.exclude(valid_from__gte=valid_until)
        if overlap.exists():
            raise AccountError(
                f"«{user.get_username()}» ya tiene ese ámbito en ese periodo.", "duplicado"
            )
        scope = Scope.objects.create(
            user=user,
            kind=kind,
            key=key,
            valid_from=valid_from,
            valid_until=valid_until,
            granted_at=now,
            granted_by_id=_actor_id(actor),
        )
        audit.record(
            actor=actor,
            action="core.ambito_otorgado",
            obj=scope,
            after={
                "usuario": user.get_username(),
                "tipo": kind,
                "clave": key,
                "desde": valid_from,
                "hasta": valid_until,
            },
        )
    return scope


def revoke_scope(*, scope: Scope, actor: Any, at: datetime | None = None) -> Scope:
    """Close the scope's period at `at` (now). The row stays; revoking twice is refused."""
    at = at or timezone.now()
    with transaction.atomic():
        scope = Scope.objects.select_for_update().get(pk=scope.pk)
        if scope.revoked_at is not None or (
            scope.valid_until is not None and scope.valid_until <= at
        ):
            raise AccountError("Ese ámbito ya no está vigente.", "no_vigente")
        before = {"hasta": scope.valid_until}
        scope.valid_until = max(at, scope.valid_from)
        scope.revoked_at = timezone.now()
        scope.revoked_by_id = _actor_id(actor)
        scope.save(update_fields=["valid_until", "revoked_at", "revoked_by"])
        audit.record(
            actor=actor,
            action="core.ambito_revocado",
            obj=scope,
            before=before,
            after={
                "usuario": scope.user.get_username(),
                "tipo": scope.kind,
                "clave": scope.key,
                "hasta": scope.valid_until,
            },
        )
    return scope
