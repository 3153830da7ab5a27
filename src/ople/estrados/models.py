"""Notificaciones electrónicas and estrados electrónicos.

A `Destinatario` opts in with an authenticated account; a `Notificacion` posts an act's sealed
PDF to their inbox, e-mails a notice, and on first opening issues a signed acuse (posted-at,
first-opened-at, the PDF's SHA-256). A notice that cannot go electronically, and every act made
public, goes to the estrados as a `Publicacion`. Nothing is deleted: a publication is withdrawn
(`retirado_en`), a notification's times are set once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Destinatario(models.Model):
    class Tipo(models.TextChoices):
        REPRESENTANTE = "representante", "Representación de partido"
        CANDIDATURA = "candidatura", "Candidatura"
        CIUDADANIA = "ciudadania", "Persona en un procedimiento"
        CONSEJO = "consejo", "Consejo distrital o municipal"

    clave = models.CharField(max_length=120, unique=True)  # the scope key (ADR 0027)
    nombre = models.CharField(max_length=200)
    tipo = models.CharField(max_length=14, choices=Tipo.choices)
    partido = models.CharField(max_length=20, blank=True)  # siglas, for representatives
    correo = models.EmailField(blank=True)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acepto_en = models.DateTimeField(null=True, blank=True)  # opt-in to electronic notices

    class Meta:
        ordering = ["nombre"]

    def __str__(self) -> str:
        return self.nombre


class Publicacion(models.Model):
    """An item on the electronic estrados (legal.md §4.3)."""

    class Tipo(models.TextChoices):
        ACUERDO = "acuerdo", "Acuerdo"
        RESOLUCION = "resolucion", "Resolución"
        AUTO = "auto", "Auto"
        AVISO = "aviso", "Aviso"
        CEDULA = "cedula", "Cédula de notificación"

    folio = models.CharField(max_length=100, unique=True)
    tipo = models.CharField(max_length=12, choices=Tipo.choices)
    expediente = models.CharField(max_length=100)
    organo = models.CharField(max_length=200)
    titulo = models.CharField(max_length=300)
    texto = models.TextField()
    firmado_por = models.CharField(max_length=200)
    pdf_sha256 = models.CharField(max_length=64)  # the PDF file's bytes
    contenido_sha256 = models.CharField(max_length=64)  # the document's canonical content
    fijado_en = models.DateTimeField()
    surte_efectos_en = models.DateTimeField()
    retirado_en = models.DateTimeField(null=True, blank=True)
    motivo_retiro = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-fijado_en", "-id"]

    def __str__(self) -> str:
        return f"{self.folio} · {self.titulo}"


class Notificacion(models.Model):
    class Modo(models.TextChoices):
        ELECTRONICA = "electronica", "Electrónica (buzón)"
        AUTOMATICA = "automatica", "Automática (representante presente en la sesión)"
        ESTRADOS = "estrados", "Por estrados (no entregable electrónicamente)"

    folio = models.CharField(max_length=100, unique=True)
    destinatario = models.ForeignKey(
        Destinatario, on_delete=models.PROTECT, related_name="notificaciones"
    )
    modo = models.CharField(max_length=12, choices=Modo.choices)
    publicacion = models.ForeignKey(
        Publicacion, on_delete=models.PROTECT, related_name="notificaciones"
    )
    materia = models.CharField(max_length=10)
    plazo_dias = models.PositiveSmallIntegerField(null=True, blank=True)
    publicada_en = models.DateTimeField()
    sesion = models.CharField(max_length=200, blank=True)  # automatic: the session attended
    aviso_enviado_en = models.DateTimeField(null=True, blank=True)
    aviso_error = models.CharField(max_length=300, blank=True)
    se_tiene_por_notificada_en = models.DateTimeField()  # if unopened (profile's term)
    abierta_en = models.DateTimeField(null=True, blank=True)
    surte_efectos_en = models.DateTimeField(null=True, blank=True)
    vence_en = models.DateTimeField(null=True, blank=True)
    acuse_folio = models.CharField(max_length=100, blank=True)
    acuse_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-publicada_en", "-id"]

    def __str__(self) -> str:
        return self.folio
