"""The record of every cut a site published through `publicar` (the row decides recovery)."""

from __future__ import annotations

from pathlib import Path

from django.db import models


class CortePublicado(models.Model):
    """A published cut of a site: an immutable, signed directory `raiz/cortes/NOMBRE/`.

    Its row and its audit event commit together before the directory is placed: a directory
    under `cortes/` without a row is set aside by the next recovery, never served."""

    sitio = models.CharField(max_length=40)
    nombre = models.CharField(max_length=40, help_text="AAAAMMDD_HHMMSS (hora local)")
    corte_en = models.DateTimeField()
    final = models.BooleanField(default=False)
    manifest_sha256 = models.CharField(max_length=64)
    # unique (Meta.constraints): a chain, not a tree
    previo = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    accion = models.CharField(max_length=80, help_text="acción de bitácora del sistema")
    descripcion = models.CharField(max_length=300, blank=True, default="")
    archivos = models.PositiveIntegerField(default=0)
    raiz = models.CharField(max_length=500, help_text="raíz del sitio al publicarlo")
    creado = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sitio", "corte_en"]
        constraints = [
            models.UniqueConstraint(fields=["sitio", "nombre"], name="corte_publicado_unico"),
            models.UniqueConstraint(fields=["previo"], name="corte_publicado_previo_unico"),
        ]

    def __str__(self) -> str:
        return f"{self.sitio}/{self.nombre}"

    @property
    def ruta(self) -> Path:
        """The cut's directory."""
        return Path(self.raiz) / "cortes" / self.nombre
