"""Packages, their collection mechanisms, the chain-of-custody events and the scanning devices.

`Evento` is append-only (ADR 0037): the database refuses UPDATE and DELETE on its table (a
trigger on PostgreSQL, migration 0002), and the model refuses them too. A correction is a new
event naming the one it corrects (`corrige`) with its reason.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from ople.catalog.models import Casilla, Demarcacion, Eleccion


class Mecanismo(models.Model):
    """A collection mechanism approved by a consejo (RE arts. 326–327): a CRyT fijo, a CRyT
    itinerante with its route and the representatives invited along, or a DAT."""

    class Tipo(models.TextChoices):
        CRYT_FIJO = "CRYT_FIJO", "CRyT fijo"
        CRYT_ITINERANTE = "CRYT_ITINERANTE", "CRyT itinerante"
        DAT = "DAT", "DAT (apoyo para el traslado)"

    consejo = models.ForeignKey(Demarcacion, on_delete=models.PROTECT, related_name="+")
    tipo = models.CharField(max_length=20, choices=Tipo.choices)
    nombre = models.CharField(max_length=120)
    ruta = models.TextField(blank=True, help_text="Recorrido (CRyT itinerante)")
    representantes_invitados = models.JSONField(default=list, blank=True)
    responsable = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["consejo", "nombre"]
        constraints = [
            models.UniqueConstraint(fields=["consejo", "nombre"], name="mecanismo_unico")
        ]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} {self.nombre}"


class Paquete(models.Model):
    """One casilla's package of one election, received by the consejo of its demarcación."""

    class Ubicacion(models.TextChoices):
        CABECERA = "CABECERA", "En la cabecera"
        URBANA = "URBANA", "Urbana"
        RURAL = "RURAL", "Rural"

    clave = models.CharField(max_length=12, unique=True, help_text="Casilla (11) + elección (1)")
    eleccion = models.ForeignKey(Eleccion, on_delete=models.PROTECT, related_name="+")
    casilla = models.ForeignKey(Casilla, on_delete=models.PROTECT, related_name="+")
    consejo = models.ForeignKey(Demarcacion, on_delete=models.PROTECT, related_name="+")
    ubicacion = models.CharField(max_length=10, choices=Ubicacion.choices)
    mecanismo = models.ForeignKey(
        Mecanismo, null=True, blank=True, on_delete=models.PROTECT, related_name="paquetes"
    )  # None: the casilla's officials deliver it directly

    class Meta:
        ordering = ["clave"]
        constraints = [
            models.UniqueConstraint(fields=["eleccion", "casilla"], name="paquete_unico")
        ]

    def __str__(self) -> str:
        return self.clave


class Bodega(models.Model):
    """A consejo's bodega electoral: the row its openings and closings lock, in order, and the
    counter of its reception receipts."""

    consejo = models.OneToOneField(Demarcacion, on_delete=models.PROTECT, related_name="+")
    # The last receipt number this consejo issued (its receipts' gap-free series, per year).
    anio_recibos = models.PositiveSmallIntegerField(default=0)
    ultimo_recibo = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Bodega de {self.consejo}"


class Dispositivo(models.Model):
    """A phone enrolled to scan packages, bound to the person it acts for."""

    nombre = models.CharField(max_length=120)
    token_sha256 = models.CharField(max_length=64, unique=True)
    persona = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    enrolado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    creado = models.DateTimeField()
    activo = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.nombre


class CodigoEnrolamiento(models.Model):
    codigo_sha256 = models.CharField(max_length=64, unique=True)
    persona = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expira = models.DateTimeField()
    usado_en = models.DateTimeField(null=True, blank=True)
    dispositivo = models.OneToOneField(
        Dispositivo, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Código de enrolamiento {self.pk}"


class EventoInmutable(Exception):
    pass


class Evento(models.Model):
    """One fact of the chain of custody (legal.md §5), never edited nor deleted."""

    class Tipo(models.TextChoices):
        CIERRE_CASILLA = "CIERRE_CASILLA", "Clausura de la casilla"
        ENTREGA_A_MECANISMO = "ENTREGA_A_MECANISMO", "Entrega al mecanismo de recolección"
        RECEPCION_CRYT = "RECEPCION_CRYT", "Recepción en el CRyT"
        SALIDA_CRYT = "SALIDA_CRYT", "Salida del CRyT"
        LLEGADA_CONSEJO = "LLEGADA_CONSEJO", "Llegada a la sede del consejo"
        RECEPCION_CONSEJO = "RECEPCION_CONSEJO", "Recepción en el consejo"
        INGRESO_BODEGA = "INGRESO_BODEGA", "Ingreso a la bodega"
        APERTURA_BODEGA = "APERTURA_BODEGA", "Apertura de la bodega"
        CIERRE_BODEGA = "CIERRE_BODEGA", "Cierre de la bodega"
        EXTRACCION_ACTAS = "EXTRACCION_ACTAS", "Extracción de actas"
        RECUENTO = "RECUENTO", "Recuento"
        REINTEGRO = "REINTEGRO", "Reintegro a la bodega"
        TRASLADO_SEDE_ALTERNA = "TRASLADO_SEDE_ALTERNA", "Traslado a sede alterna"
        ENTREGA_OTRO_ORGANO = "ENTREGA_OTRO_ORGANO", "Entregado a otro órgano"
        INTERCAMBIO = "INTERCAMBIO", "Intercambio con el órgano correcto"

    class Cargo(models.TextChoices):
        PRESIDENCIA = "PRESIDENCIA", "Presidencia de casilla"
        SECRETARIA = "SECRETARIA", "Secretaría de casilla"
        ESCRUTADORA = "ESCRUTADORA", "Escrutador(a)"
        CAE = "CAE", "CAE"
        MECANISMO = "MECANISMO", "Responsable del mecanismo"
        AUXILIAR = "AUXILIAR", "Auxiliar de recepción"
        CONSEJO = "CONSEJO", "Integrante del consejo"
        OTRO = "OTRO", "Otro"

    paquete = models.ForeignKey(
        Paquete, null=True, blank=True, on_delete=models.PROTECT, related_name="eventos"
    )  # None: an event of the bodega itself (opening, closing)
    consejo = models.ForeignKey(Demarcacion, on_delete=models.PROTECT, related_name="+")
    tipo = models.CharField(max_length=24, choices=Tipo.choices)
    ocurrido_en = models.DateTimeField(help_text="Cuándo ocurrió (lo declara quien registra)")
    registrado_en = models.DateTimeField(help_text="Cuándo lo recibió el servidor")
    mecanismo = models.ForeignKey(
        Mecanismo, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    programado = models.BooleanField(null=True, blank=True)
    entregado_por = models.CharField(max_length=150, blank=True)
    cargo_entrega = models.CharField(max_length=12, choices=Cargo.choices, blank=True)
    recibido_por = models.CharField(max_length=150, blank=True)
    cargo_recibe = models.CharField(max_length=12, choices=Cargo.choices, blank=True)
    cinta_integra = models.BooleanField(null=True, blank=True)
    firmas_integras = models.BooleanField(null=True, blank=True)
    muestras_alteracion = models.BooleanField(null=True, blank=True)
    acta_por_fuera = models.BooleanField(null=True, blank=True)
    acta_en_paquete = models.BooleanField(null=True, blank=True)
    recibo_folio = models.CharField(max_length=60, blank=True)
    presentes = models.JSONField(default=list, blank=True)
    motivo = models.CharField(max_length=300, blank=True)
    justificacion = models.CharField(max_length=500, blank=True)
    organo = models.CharField(max_length=150, blank=True, help_text="Otro órgano o sede alterna")
    observaciones = models.TextField(blank=True)
    foto_sha256 = models.CharField(max_length=64, blank=True)
    motivo_correccion = models.CharField(max_length=300, blank=True)
    corrige = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correcciones"
    )
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dispositivo = models.ForeignKey(
        Dispositivo, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    mesa = models.CharField(max_length=40, blank=True)
    id_cliente = models.CharField(
        max_length=64, unique=True, help_text="Identificador que da el cliente (idempotencia)"
    )

    class Meta:
        ordering = ["ocurrido_en", "id"]
        indexes = [models.Index(fields=["consejo", "tipo"], name="evento_consejo_tipo")]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} {self.paquete_id or self.consejo_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise EventoInmutable("Un evento de custodia no se modifica: registre una corrección.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise EventoInmutable("Un evento de custodia no se borra: registre una corrección.")
