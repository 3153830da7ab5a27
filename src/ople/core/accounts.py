"""Kinds of account and kinds of scope: who may log in to ople and what an outside user may see.

Pure declarations (no Django import). Institute staff act through their roles; an outside user
(a party's representative, the addressee of notices) acts only within the scopes granted to
them (`ople.core.scopes`). See docs/decisions/0027-usuarios-externos.md.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of account.
STAFF = "personal"
PARTY_REPRESENTATIVE = "representante"
ADDRESSEE = "destinatario"

# Kinds of scope: the key stored with each is the owning system's identifier, as a string.
PARTY = "partido"  # key: the party's siglas (PAN, MORENA, ...), resolved by its owner
DEMARCATION = "demarcacion"  # key: the consejo's demarcación, as the system names it
NOTICES = "notificaciones"  # key: the addressee's identifier in the notices' register

SCOPE_KINDS: dict[str, str] = {
    PARTY: "Partido político",
    DEMARCATION: "Consejo / demarcación",
    NOTICES: "Destinatario de notificaciones",
}


@dataclass(frozen=True)
class AccountKind:
    code: str
    label: str
    role: str  # the group every account of this kind belongs to ("" for staff: roles vary)
    second_factor: bool  # a verified TOTP is demanded before any scope counts
    scope_kinds: frozenset[str]  # the kinds of scope this account may be granted


ACCOUNT_KINDS: dict[str, AccountKind] = {
    STAFF: AccountKind(STAFF, "Personal del instituto", "", False, frozenset()),
    # Representatives sign and file things in their party's name: second factor required.
    PARTY_REPRESENTATIVE: AccountKind(
        PARTY_REPRESENTATIVE,
        "Representante de partido",
        "representante_partido",
        True,
        frozenset({PARTY, DEMARCATION}),
    ),
    # Addressees only read what is addressed to them; the notice takes effect when it is made
    # available, not when read, so a password (and rate-limited login) is the proportionate bar.
    ADDRESSEE: AccountKind(
        ADDRESSEE, "Destinatario de notificaciones", "destinatario", False, frozenset({NOTICES})
    ),
}

OUTSIDE_KINDS = frozenset({PARTY_REPRESENTATIVE, ADDRESSEE})
MAX_KEY_LENGTH = 120


def check_key(kind: str, key: str) -> str:
    """The key, trimmed; ValueError with a Spanish message when it cannot be a scope's key."""
    if kind not in SCOPE_KINDS:
        opciones = ", ".join(sorted(SCOPE_KINDS))
        raise ValueError(f"Tipo de ámbito desconocido: «{kind}» (opciones: {opciones}).")
    key = (key or "").strip()
    if not key:
        raise ValueError("La clave del ámbito no puede estar vacía.")
    if len(key) > MAX_KEY_LENGTH or any(ch.isspace() and ch != " " for ch in key):
        raise ValueError(f"La clave del ámbito no es válida (máximo {MAX_KEY_LENGTH} caracteres).")
    return key


def allows(account_kind: str, scope_kind: str) -> bool:
    spec = ACCOUNT_KINDS.get(account_kind)
    return spec is not None and scope_kind in spec.scope_kinds
