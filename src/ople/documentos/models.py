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
