"""Seguimiento documental: oficios and memoranda, their turnos to areas, and their history.

Nothing is overwritten: a change of state is a new `Evento`; a correction is a new document that
answers or cites the previous one. `Documento.estado` and `Turno.estado` are the last event's
state, kept for searching.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Area(models.Model):
    """An area of the institute: its folio series' initials and its name."""

    siglas = models.CharField(max_length=20, unique=True)
    nombre = models.CharField(max_length=200)

    class Meta:
        ordering = ["siglas"]

    def __str__(self) -> str:
        return f"{self.siglas} — {self.nombre}"


class Estado(models.TextChoices):
    RECIBIDO = "recibido", "Recibido"
    TURNADO = "turnado", "Turnado"
    EN_ATENCION = "en_atencion", "En atención"
    ATENDIDO = "atendido", "Atendido"
    ARCHIVADO = "archivado", "Archivado"


class Documento(models.Model):
    class Tipo(models.TextChoices):
        OFICIO = "oficio", "Oficio"
        MEMORANDUM = "memorandum", "Memorándum"
        SOLICITUD = "solicitud", "Solicitud a Informática"

    class Sentido(models.TextChoices):
        ENTRADA = "entrada", "Recibido"
        SALIDA = "salida", "Emitido"

    folio = models.CharField(max_length=100, unique=True)
    tipo = models.CharField(max_length=12, choices=Tipo.choices)
    sentido = models.CharField(max_length=8, choices=Sentido.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="documentos")
    remitente = models.CharField(max_length=200)
    destinatario = models.CharField(max_length=200)
    asunto = models.CharField(max_length=300)
    fecha_documento = models.DateField()
    registrado_en = models.DateTimeField()
    registrado_por = models.CharField(max_length=150)
    archivo_sha256 = models.CharField(max_length=64, blank=True)
    archivo_nombre = models.CharField(max_length=200, blank=True)
    responde_a = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="respuestas"
    )
    estado = models.CharField(max_length=12, choices=Estado.choices, default=Estado.RECIBIDO)

    class Meta:
        ordering = ["-registrado_en", "-id"]
        indexes = [models.Index(fields=["estado"]), models.Index(fields=["fecha_documento"])]

    def __str__(self) -> str:
        return f"{self.folio} · {self.asunto}"


class Anexo(models.Model):
    documento = models.ForeignKey(Documento, on_delete=models.PROTECT, related_name="anexos")
    nombre = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    bytes = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.nombre


class Turno(models.Model):
    documento = models.ForeignKey(Documento, on_delete=models.PROTECT, related_name="turnos")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="turnos")
    instrucciones = models.TextField()
    vence_en = models.DateTimeField()
    turnado_en = models.DateTimeField()
    estado = models.CharField(max_length=12, choices=Estado.choices, default=Estado.TURNADO)
    atendido_en = models.DateTimeField(null=True, blank=True)
    respuesta = models.ForeignKey(
        Documento, null=True, blank=True, on_delete=models.PROTECT, related_name="turnos_atendidos"
    )

    class Meta:
        ordering = ["vence_en", "id"]
        constraints = [
            models.UniqueConstraint(fields=["documento", "area"], name="oficialia_turno_unico")
        ]

    def __str__(self) -> str:
        return f"Turno a {self.area_id} de {self.documento_id}"


class Evento(models.Model):
    """One step of a document's history: who, when, what state, with a note."""

    documento = models.ForeignKey(Documento, on_delete=models.PROTECT, related_name="eventos")
    turno = models.ForeignKey(Turno, null=True, blank=True, on_delete=models.PROTECT)
    estado = models.CharField(max_length=12, choices=Estado.choices)
    descripcion = models.CharField(max_length=400)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_nombre = models.CharField(max_length=150)
    en = models.DateTimeField()

    class Meta:
        ordering = ["en", "id"]

    def __str__(self) -> str:
        return f"{self.estado} {self.en:%Y-%m-%d %H:%M}"


class Solicitud(models.Model):
    """A request to the Coordinación de Informática (a kind of memorandum), with its progress."""

    class Clase(models.TextChoices):
        SISTEMA = "sistema", "Desarrollo de sistema o aplicación"
        EVENTO = "evento", "Apoyo para evento, foro o concurso"

    class Accion(models.TextChoices):
        CREAR = "crear", "Crear"
        ACTUALIZAR = "actualizar", "Actualizar"
        MODIFICAR = "modificar", "Modificar"
        SEGUIMIENTO = "seguimiento", "Seguimiento"

    documento = models.OneToOneField(Documento, on_delete=models.PROTECT, related_name="solicitud")
    clase = models.CharField(max_length=8, choices=Clase.choices)
    accion = models.CharField(max_length=12, choices=Accion.choices)
    sistema = models.CharField(max_length=200)
    requerido_para = models.DateField()
    anticipacion_dias = models.IntegerField()
    urgente = models.BooleanField(default=False)
    avance = models.PositiveSmallIntegerField(default=0)
    situacion = models.CharField(max_length=200, blank=True)  # "En espera de especificaciones…"

    class Meta:
        ordering = ["documento__fecha_documento", "id"]

    def __str__(self) -> str:
        return self.sistema


class Avance(models.Model):
    """Each progress report of a request (append-only)."""

    solicitud = models.ForeignKey(Solicitud, on_delete=models.PROTECT, related_name="avances")
    avance = models.PositiveSmallIntegerField()
    situacion = models.CharField(max_length=200, blank=True)
    en = models.DateTimeField()
    actor_nombre = models.CharField(max_length=150)

    class Meta:
        ordering = ["en", "id"]

    def __str__(self) -> str:
        return f"{self.avance} %"
