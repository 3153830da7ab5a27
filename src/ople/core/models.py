from typing import Any

from django.conf import settings
from django.db import models


class AuditHead(models.Model):
    """A single row that serialises appends to the chain (locked FOR UPDATE on PostgreSQL)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "cabeza de la bitácora"

    def __str__(self) -> str:
        return f"bitácora hasta #{self.seq}"


class AuditEvent(models.Model):
    """Append-only, hash-chained audit event. Never updated, never deleted."""

    seq = models.BigIntegerField(unique=True)
    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=120, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = "evento de bitácora"
        verbose_name_plural = "bitácora"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def content(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "created_at": self.created_at.isoformat(),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "before": self.before,
            "after": self.after,
        }


class Account(models.Model):
    """The kind of an outside user's account. A user without this row is institute staff."""

    class Kind(models.TextChoices):
        PARTY_REPRESENTATIVE = "representante", "Representante de partido"
        ADDRESSEE = "destinatario", "Destinatario de notificaciones"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ople_account"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "cuenta externa"
        verbose_name_plural = "cuentas externas"

    def __str__(self) -> str:
        return f"{self.user} ({self.get_kind_display()})"


class Scope(models.Model):
    """What an outside user may see and change: one key of one kind, over a period.

    The key is the owning system's identifier as a string (a party's siglas, ...): core knows
    no system's models. Never deleted: revoking or replacing closes the period (`valid_until`).
    """

    class Kind(models.TextChoices):
        PARTY = "partido", "Partido político"
        DEMARCATION = "demarcacion", "Consejo / demarcación"
        NOTICES = "notificaciones", "Destinatario de notificaciones"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ople_scopes"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=120)
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    granted_at = models.DateTimeField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["user", "kind", "key", "valid_from"]
        indexes = [models.Index(fields=["user", "kind"], name="core_scope_user_kind")]
        verbose_name = "ámbito"
        verbose_name_plural = "ámbitos"

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} {self.key}"


class RateCounter(models.Model):
    """One counter of the platform's rate limiter (ople.core.limiter) when Redis is not used.

    Written only by the limiter's atomic upsert; `expires_at` (Unix time) ends its window."""

    name = models.CharField(max_length=80, primary_key=True)
    hits = models.IntegerField(default=0)
    expires_at = models.FloatField()

    class Meta:
        verbose_name = "contador de límite"
        verbose_name_plural = "contadores de límites"

    def __str__(self) -> str:
        return f"{self.name}: {self.hits}"
