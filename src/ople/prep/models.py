"""PREP persistence. Records are appended, never edited: an image, a capture, a verification,
a sin-acta registration or a correction is a new row with its author and time. The few mutable
rows (`EstadoActa`, `Asignacion`) are work-queue state derived from those records.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from ople.catalog.models import Casilla, Demarcacion, Eleccion


class ActaEsperada(models.Model):
    """One expected acta per casilla, election and acta type: the denominator of progress."""

    eleccion = models.ForeignKey(Eleccion, on_delete=models.PROTECT, related_name="actas")
    casilla = models.ForeignKey(Casilla, on_delete=models.PROTECT, related_name="actas")
    demarcacion = models.ForeignKey(Demarcacion, on_delete=models.PROTECT, related_name="actas")
    tipo_acta = models.CharField(max_length=8, help_text="Código del formato, según el perfil")
    clave = models.CharField(max_length=24, unique=True, help_text="CLAVE_ACTA")

    class Meta:
        ordering = ["eleccion", "clave"]
        verbose_name = "acta esperada"
        verbose_name_plural = "actas esperadas"
        constraints = [
            models.UniqueConstraint(
                fields=["eleccion", "casilla", "tipo_acta"], name="acta_esperada_unica"
            ),
        ]

    def __str__(self) -> str:
        return self.clave


class Imagen(models.Model):
    """Content-addressed image bytes (SHA-256), stored once and never replaced."""

    sha256 = models.CharField(max_length=64, unique=True)
    ruta = models.CharField(max_length=200, help_text="Nombre en el almacenamiento de medios")
    tipo_mime = models.CharField(max_length=40)
    tamano = models.PositiveIntegerField()
    ancho = models.PositiveIntegerField(null=True, blank=True)
    alto = models.PositiveIntegerField(null=True, blank=True)
    creado = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "imagen"
        verbose_name_plural = "imágenes"

    def __str__(self) -> str:
        return self.sha256


class Dispositivo(models.Model):
    """A PREP Casilla phone, enrolled by a supervisor and bound to some casillas."""

    nombre = models.CharField(max_length=120)
    token_sha256 = models.CharField(max_length=64, unique=True)
    casillas = models.ManyToManyField(Casilla, related_name="dispositivos")
    enrolado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    creado = models.DateTimeField(auto_now_add=True)
    activo = models.BooleanField(default=True)
    # Who revoked it, when and why (a lost or stolen phone); empty while it is active.
    revocado_en = models.DateTimeField(null=True, blank=True)
    revocado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispositivos_revocados",
    )
    motivo_revocacion = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.nombre


class CodigoEnrolamiento(models.Model):
    """A one-time code a supervisor hands a CAE; it becomes a device token when used."""

    codigo_sha256 = models.CharField(max_length=64, unique=True)
    etiqueta = models.CharField(max_length=120, help_text="Nombre del CAE o del equipo")
    casillas = models.ManyToManyField(Casilla, related_name="codigos_enrolamiento")
    creado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    creado = models.DateTimeField(auto_now_add=True)
    expira = models.DateTimeField()
    usado_en = models.DateTimeField(null=True, blank=True)
    dispositivo = models.OneToOneField(
        Dispositivo, null=True, blank=True, on_delete=models.PROTECT, related_name="codigo"
    )

    def __str__(self) -> str:
        return f"código para {self.etiqueta}"


class Digitalizacion(models.Model):
    """An image of an acta received through one channel (PREP Casilla or CATD scanner).

    A second, different image of the same acta is another version; a retry of the same bytes
    for the same acta returns the existing record (idempotent receipt).
    """

    class Origen(models.TextChoices):
        CASILLA = "CASILLA", "PREP Casilla"
        CATD = "CATD", "CATD"

    class Medio(models.TextChoices):
        MOVIL = "MOVIL", "Móvil"
        ESCANER = "ESCANER", "Escáner"

    class TipoDocumento(models.TextChoices):
        ACTA_PREP = "ACTA PREP", "Acta PREP"
        RPP = "RPP", "Representación de partido político"
        CC = "CC", "Copia del cartel"
        PPC = "PPC", "Paquete electoral (por cotejo)"

    recibo = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of its own: the two unique constraints below start with it and serve every
    # lookup by acta (one index entry less per upload).
    acta = models.ForeignKey(
        ActaEsperada,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="imagenes",
        db_index=False,
    )
    fuera_catalogo = models.BooleanField(default=False)
    clave_leida = models.CharField(max_length=40, blank=True, help_text="Lo que se leyó o tecleó")
    identificacion = models.CharField(
        max_length=12, blank=True, help_text="QR, CLAVE (tecleada) o API (declarada por el equipo)"
    )
    version = models.PositiveSmallIntegerField(default=1)
    imagen = models.ForeignKey(Imagen, on_delete=models.PROTECT, related_name="digitalizaciones")
    origen = models.CharField(max_length=8, choices=Origen.choices)
    medio = models.CharField(max_length=8, choices=Medio.choices)
    tipo_documento = models.CharField(
        max_length=10, choices=TipoDocumento.choices, default=TipoDocumento.ACTA_PREP
    )
    recibido_en = models.DateTimeField(help_text="Hora del servidor (UTC)")
    capturado_en = models.DateTimeField(
        null=True, blank=True, help_text="Hora declarada por el equipo que tomó la imagen"
    )
    dispositivo = models.ForeignKey(Dispositivo, null=True, blank=True, on_delete=models.PROTECT)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["recibido_en", "id"]
        verbose_name = "digitalización"
        verbose_name_plural = "digitalizaciones"
        constraints = [
            models.UniqueConstraint(fields=["acta", "imagen"], name="digitalizacion_idempotente"),
            models.UniqueConstraint(fields=["acta", "version"], name="digitalizacion_version"),
        ]

    def __str__(self) -> str:
        return f"{self.acta or self.clave_leida} v{self.version}"


class Acopio(models.Model):
    """The acopio stamp of an acta at the CATD (FECHA_HORA_ACOPIO). The first one counts."""

    acta = models.ForeignKey(ActaEsperada, on_delete=models.PROTECT, related_name="acopios")
    acopiado_en = models.DateTimeField()
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    creado = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["acopiado_en", "id"]

    def __str__(self) -> str:
        return f"acopio {self.acta}"


class Captura(models.Model):
    """One person's capture of one acta image. Never edited: a correction is a new row.

    `valores` maps every field of the acta (vote columns and auxiliary totals) to an int or
    to one of the literals "ILEGIBLE" / "SIN DATO".
    """

    acta = models.ForeignKey(ActaEsperada, on_delete=models.PROTECT, related_name="capturas")
    digitalizacion = models.ForeignKey(Digitalizacion, on_delete=models.PROTECT)
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    ronda = models.PositiveSmallIntegerField(help_text="1 y 2 ciegas; 3 desempate")
    valores = models.JSONField()
    iniciada_en = models.DateTimeField(null=True, blank=True)
    creado = models.DateTimeField()
    corrige = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correcciones"
    )
    motivo = models.TextField(blank=True)

    class Meta:
        ordering = ["creado", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["acta", "ronda"],
                condition=models.Q(corrige__isnull=True),
                name="captura_ronda_unica",
            ),
        ]

    def __str__(self) -> str:
        return f"captura {self.ronda} de {self.acta}"


class Verificacion(models.Model):
    """The consolidated, verified values of an acta. The latest version is the current one.

    A cut includes the latest verification whose `verificado_en` is at or before the cut time.
    """

    class Metodo(models.TextChoices):
        COINCIDENCIA = "COINCIDENCIA", "Dos capturas coincidentes"
        TERCERA = "TERCERA", "Tercera captura coincidente"
        SUPERVISION = "SUPERVISION", "Resolución de supervisión"
        SIN_ACTA = "SIN_ACTA", "Sin acta"
        CORRECCION = "CORRECCION", "Corrección"

    acta = models.ForeignKey(ActaEsperada, on_delete=models.PROTECT, related_name="verificaciones")
    version = models.PositiveSmallIntegerField(default=1)
    metodo = models.CharField(max_length=14, choices=Metodo.choices)
    digitalizacion = models.ForeignKey(
        Digitalizacion, null=True, blank=True, on_delete=models.PROTECT
    )
    capturas = models.ManyToManyField(Captura, blank=True, related_name="verificaciones")
    valores = models.JSONField()
    total_votos_calculado = models.PositiveIntegerField()
    contabilizada = models.BooleanField()
    observaciones = models.JSONField(default=list, help_text="Códigos de observación (perfil)")
    capturado_en = models.DateTimeField(help_text="FECHA_HORA_CAPTURA (primera captura)")
    verificado_en = models.DateTimeField(db_index=True, help_text="FECHA_HORA_VERIFICACION")
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    motivo = models.TextField(blank=True)

    class Meta:
        ordering = ["acta", "version"]
        verbose_name = "verificación"
        verbose_name_plural = "verificaciones"
        constraints = [
            models.UniqueConstraint(fields=["acta", "version"], name="verificacion_version"),
        ]

    def __str__(self) -> str:
        return f"{self.acta} v{self.version}"


class EstadoActa(models.Model):
    """Work-queue state of an acta, derived from the records above (one row per acta)."""

    class Estado(models.TextChoices):
        ESPERADA = "ESPERADA", "Esperada"
        DIGITALIZADA = "DIGITALIZADA", "Digitalizada"
        CONFLICTO = "CONFLICTO", "Capturas diferentes"
        VERIFICADA = "VERIFICADA", "Verificada"

    acta = models.OneToOneField(ActaEsperada, on_delete=models.CASCADE, related_name="estado")
    # Not indexed alone: the queue index (estado, llegada, id) starts with it.
    estado = models.CharField(max_length=14, choices=Estado.choices, default=Estado.ESPERADA)
    llegada = models.DateTimeField(null=True, blank=True, db_index=True)
    capturas = models.PositiveSmallIntegerField(default=0)
    actualizado = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # The work queue walks actas of one state in arrival order and stops at the first
            # one a person may take: this index lets it do so without sorting the state.
            models.Index(fields=["estado", "llegada", "id"], name="estadoacta_cola"),
        ]

    def __str__(self) -> str:
        return f"{self.acta}: {self.estado}"


class Asignacion(models.Model):
    """A lease on an acta for one capture round, handed out by the work queue; it expires."""

    acta = models.ForeignKey(ActaEsperada, on_delete=models.CASCADE, related_name="asignaciones")
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    ronda = models.PositiveSmallIntegerField()
    asignada_en = models.DateTimeField()
    expira = models.DateTimeField(db_index=True)
    terminada = models.BooleanField(default=False)
    digitalizacion = models.ForeignKey(
        Digitalizacion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="La imagen entregada con la asignación (la que se captura)",
    )

    def __str__(self) -> str:
        return f"{self.acta} → {self.usuario} (ronda {self.ronda})"


class SinActa(models.Model):
    class Causa(models.TextChoices):
        PAQUETE_NO_ENTREGADO = "SIN_ACTA_PAQUETE_NO_ENTREGADO", "Paquete no entregado"
        CASILLA_NO_INSTALADA = "SIN_ACTA_CASILLA_NO_INSTALADA", "Casilla no instalada"
        SIN_SOBRE = "SIN_ACTA_SIN_SOBRE", "Paquete entregado sin sobre"

    acta = models.ForeignKey(ActaEsperada, on_delete=models.PROTECT, related_name="sin_acta")
    causa = models.CharField(max_length=40, choices=Causa.choices)
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    motivo = models.TextField(blank=True)
    creado = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.acta}: {self.causa}"


class PuestaEnCeros(models.Model):
    """The zeroing ceremony before intake opens (read before a notary)."""

    creado = models.DateTimeField()
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    proceso = models.ForeignKey("catalog.ProcesoElectoral", on_delete=models.PROTECT)
    huella_codigo = models.CharField(max_length=64)
    huella_perfil = models.CharField(max_length=64)
    huella_catalogo = models.CharField(max_length=64)
    reporte = models.JSONField()
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_ruta = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "puesta en ceros"
        verbose_name_plural = "puestas en ceros"

    def __str__(self) -> str:
        return f"puesta en ceros {self.creado:%Y-%m-%d %H:%M}"


class Corte(models.Model):
    """A published cut: an immutable, signed directory under PUBLISH_ROOT."""

    proceso = models.ForeignKey("catalog.ProcesoElectoral", on_delete=models.PROTECT)
    nombre = models.CharField(max_length=20, unique=True, help_text="YYYYMMDD_HHMM")
    corte_en = models.DateTimeField(unique=True)
    final = models.BooleanField(default=False)
    manifest_sha256 = models.CharField(max_length=64)
    # unique (Meta.constraints), whose index serves the foreign key too
    previo = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    actas_publicadas = models.PositiveIntegerField(default=0)
    duracion_s = models.FloatField(default=0)
    creado = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["corte_en"]
        constraints = [
            # a chain, not a tree: no two cuts name the same previous cut
            models.UniqueConstraint(fields=["previo"], name="corte_previo_unico"),
        ]

    def __str__(self) -> str:
        return self.nombre
