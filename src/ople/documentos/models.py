"""Folio series: one gapless numbering per (area, year), and every folio it has issued."""

from __future__ import annotations

from django.db import models


class SerieFolio(models.Model):
    area = models.CharField(max_length=20)
    anio = models.PositiveSmallIntegerField()
    ultimo = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "serie de folios"
        verbose_name_plural = "series de folios"
        constraints = [
            models.UniqueConstraint(fields=["area", "anio"], name="documentos_serie_area_anio")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.anio} (último {self.ultimo})"


class Folio(models.Model):
    serie = models.ForeignKey(SerieFolio, on_delete=models.PROTECT, related_name="folios")
    numero = models.PositiveIntegerField()
    texto = models.CharField(max_length=100, unique=True)
    asunto = models.CharField(max_length=200)
    creado = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["serie", "numero"], name="documentos_folio_numero")
        ]

    def __str__(self) -> str:
        return self.texto


class DocumentoEmitido(models.Model):
    """Every document the institute issued (ADR 0056): its canonical content, kept as it was
    hashed (`pdf.contenido_canonico`), so the verification page shows what the PDF says."""

    sha256 = models.CharField(max_length=64, unique=True)
    folio = models.CharField(max_length=100, db_index=True)
    titulo = models.TextField()
    fecha = models.DateTimeField()
    contenido = models.TextField(help_text="JSON canónico (UTF-8) cuya huella es sha256")
    sistema = models.CharField(max_length=40, help_text="sistema que lo emitió")
    creado = models.DateTimeField()
    publicado_en = models.DateTimeField(
        null=True, blank=True, help_text="cuándo se publicó su página de verificación"
    )
    reservado = models.BooleanField(
        default=False,
        help_text="contiene datos personales de uso interno: su página confirma folio, título, "
        "fecha y huella, sin el texto, y su JSON no se publica",
    )

    class Meta:
        verbose_name = "documento emitido"
        verbose_name_plural = "documentos emitidos"
        ordering = ["creado", "id"]
        indexes = [
            # every issue asks for the pages still to publish: a handful among thousands
            models.Index(
                fields=["id"],
                condition=models.Q(publicado_en__isnull=True),
                name="documentos_emitido_pendiente",
            )
        ]

    def __str__(self) -> str:
        return f"{self.folio} ({self.sha256[:12]})"
