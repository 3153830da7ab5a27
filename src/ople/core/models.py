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

    def content(self) -> dict:
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
