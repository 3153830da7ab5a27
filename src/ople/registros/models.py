"""The public registers' records. Nothing here is updated in place except a version's review
(pending → approved or rejected, once) and nothing is deleted: corrections are new versions,
states are new events (ADR 0045)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ople.ley.permanencia import CALIFICACIONES, ETIQUETAS_CALIFICACION

USUARIO = settings.AUTH_USER_MODEL

SEXOS = [("M", "Mujer"), ("H", "Hombre"), ("NB", "No binaria")]
AMBITOS = [("municipal", "Municipal"), ("estatal", "Estatal"), ("federal", "Federal")]
CALIFICACION_CHOICES = [(c, ETIQUETAS_CALIFICACION[c]) for c in CALIFICACIONES]


# --- VPMRG register ---------------------------------------------------------------------------


class Entrada(models.Model):
    """A person's entry on the register of persons sanctioned for VPMRG (its data are in its
    versions; the current one is the latest approved)."""

    creada_en = models.DateTimeField()
    creada_por = models.ForeignKey(USUARIO, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "entrada del registro VPMRG"
        verbose_name_plural = "entradas del registro VPMRG"

    def __str__(self) -> str:
        return f"Entrada {self.pk}"


class VersionEntrada(models.Model):
    PENDIENTE, APROBADA, RECHAZADA = "pendiente", "aprobada", "rechazada"
    ESTADOS = [
        (PENDIENTE, "Pendiente de aprobación"),
        (APROBADA, "Aprobada"),
        (RECHAZADA, "Rechazada"),
    ]

    entrada = models.ForeignKey(Entrada, on_delete=models.PROTECT, related_name="versiones")
    numero = models.PositiveIntegerField()
    motivo = models.TextField(blank=True)  # why this version corrects the previous one

    nombre = models.CharField(max_length=200)
    curp = models.CharField(max_length=18, blank=True)  # never published
    sexo = models.CharField(max_length=2, choices=SEXOS)
    cargo_o_calidad = models.CharField(max_length=200, blank=True)
    es_candidatura = models.BooleanField(default=False)  # pre-candidate or candidate
    ambito = models.CharField(max_length=10, choices=AMBITOS)
    entidad = models.CharField(max_length=60)
    autoridad_sancionadora = models.CharField(max_length=200)
    expediente = models.CharField(max_length=100)
    fecha_resolucion_firme = models.DateField()
    conducta = models.TextField()
    calificacion = models.CharField(max_length=20, choices=CALIFICACION_CHOICES)
    sancion = models.TextField()
    reincidencia = models.BooleanField(default=False)
    servidor_publico = models.BooleanField(default=False)
    perdida_modo_honesto = models.BooleanField(default=False)
    meses_fijados = models.PositiveIntegerField(null=True, blank=True)

    capturada_por = models.ForeignKey(USUARIO, on_delete=models.PROTECT, related_name="+")
    capturada_en = models.DateTimeField()
    estado = models.CharField(max_length=10, choices=ESTADOS, default=PENDIENTE)
    revisada_por = models.ForeignKey(
        USUARIO, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    revisada_en = models.DateTimeField(null=True, blank=True)
    observaciones = models.TextField(blank=True)
    # Computed when approved, with the rule then in force (kept: the entry explains itself).
    regla_inicio = models.CharField(max_length=20, blank=True)
    meses_permanencia = models.PositiveIntegerField(null=True, blank=True)
    fecha_inicio = models.DateField(null=True, blank=True)
    fecha_baja = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "versión de una entrada VPMRG"
        verbose_name_plural = "versiones de entradas VPMRG"
        constraints = [
            models.UniqueConstraint(fields=["entrada", "numero"], name="registros_version_numero")
        ]
        ordering = ["entrada_id", "numero"]

    def __str__(self) -> str:
        return f"{self.nombre} (v{self.numero})"


# --- Sanctions follow-up ----------------------------------------------------------------------


class Sancion(models.Model):
    TIPOS = [
        ("multa", "Multa"),
        ("amonestacion_publica", "Amonestación pública"),
        ("cancelacion_registro", "Cancelación o retiro del registro"),
        ("otra", "Otra"),
    ]
    tipo = models.CharField(max_length=30, choices=TIPOS)
    sujeto = models.CharField(max_length=200)  # the sanctioned party or person
    expediente = models.CharField(max_length=100)
    autoridad = models.CharField(max_length=200)
    descripcion = models.TextField()
    monto = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    fecha_notificacion = models.DateField()
    plazo_dias_habiles = models.PositiveIntegerField(default=0)
    fecha_limite = models.DateField(null=True, blank=True)  # computed with ley.plazos
    creada_por = models.ForeignKey(USUARIO, on_delete=models.PROTECT, related_name="+")
    creada_en = models.DateTimeField()

    class Meta:
        verbose_name = "sanción en seguimiento"
        verbose_name_plural = "sanciones en seguimiento"

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} — {self.sujeto}"


class EventoSancion(models.Model):
    """A change of state of a sanction (the state is the latest event)."""

    ESTADOS = [
        ("por_ejecutar", "Por ejecutar"),
        ("en_cumplimiento", "En cumplimiento"),
        ("vigilancia", "En vigilancia"),
        ("cumplida", "Cumplida"),
        ("incumplida", "Incumplida"),
    ]
    sancion = models.ForeignKey(Sancion, on_delete=models.PROTECT, related_name="eventos")
    estado = models.CharField(max_length=20, choices=ESTADOS)
    nota = models.TextField(blank=True)
    por = models.ForeignKey(USUARIO, on_delete=models.PROTECT, related_name="+")
    en = models.DateTimeField()

    class Meta:
        ordering = ["en", "id"]

    def __str__(self) -> str:
        return f"{self.sancion_id}: {self.estado}"


class PagoSancion(models.Model):
    sancion = models.ForeignKey(Sancion, on_delete=models.PROTECT, related_name="pagos")
    monto = models.DecimalField(max_digits=14, decimal_places=2)
    fecha = models.DateField()
    referencia = models.CharField(max_length=100)
    evidencia_sha256 = models.CharField(max_length=64, blank=True)
    por = models.ForeignKey(USUARIO, on_delete=models.PROTECT, related_name="+")
    en = models.DateTimeField()

    class Meta:
        ordering = ["fecha", "id"]

    def __str__(self) -> str:
        return f"{self.monto} ({self.fecha})"


class EvidenciaSancion(models.Model):
    sancion = models.ForeignKey(Sancion, on_delete=models.PROTECT, related_name="evidencias")
    descripcion = models.CharField(max_length=200)
    nombre_archivo = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    almacen = models.CharField(max_length=200)  # the documentos storage name
    por = models.ForeignKey(USUARIO, on_delete=models.PROTECT, related_name="+")
    en = models.DateTimeField()

    def __str__(self) -> str:
        return self.descripcion


# --- PES / POS --------------------------------------------------------------------------------

ETAPAS = [
    ("radicacion", "Radicación"),
    ("admision", "Admisión"),
    ("emplazamiento", "Emplazamiento"),
    ("audiencia", "Audiencia de pruebas y alegatos"),
    ("remision", "Remisión al tribunal"),
    ("resolucion", "Resolución"),
]


class Expediente(models.Model):
    TIPOS = [
        ("PES", "Procedimiento especial sancionador"),
        ("POS", "Procedimiento ordinario sancionador"),
    ]
    clave = models.CharField(max_length=40, unique=True)  # IEE/PES/001/2025 (a documentos folio)
    tipo = models.CharField(max_length=3, choices=TIPOS)
    fecha_presentacion = models.DateField()
    conductas = models.TextField()
    es_vpmrg = models.BooleanField(default=False)
    creado_por = models.ForeignKey(USUARIO, on_delete=models.PROTECT, related_name="+")
    creado_en = models.DateTimeField()

    class Meta:
        verbose_name = "expediente PES/POS"
        verbose_name_plural = "expedientes PES/POS"
        ordering = ["clave"]

    def __str__(self) -> str:
        return self.clave


class Parte(models.Model):
    ROLES = [("denunciante", "Denunciante"), ("denunciado", "Denunciada"), ("victima", "Víctima")]
    TIPOS = [("fisica", "Persona física"), ("moral", "Persona moral o partido")]
    expediente = models.ForeignKey(Expediente, on_delete=models.PROTECT, related_name="partes")
    rol = models.CharField(max_length=12, choices=ROLES)
    tipo_persona = models.CharField(max_length=6, choices=TIPOS)
    nombre = models.CharField(max_length=200)
    identificador = models.CharField(max_length=40, blank=True)  # CURP, RFC, clave de elector

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.rol} {self.pk}"


class EtapaExpediente(models.Model):
    expediente = models.ForeignKey(Expediente, on_delete=models.PROTECT, related_name="etapas")
    etapa = models.CharField(max_length=15, choices=ETAPAS)
    fecha = models.DateField()
    nota = models.TextField(blank=True)
    por = models.ForeignKey(USUARIO, on_delete=models.PROTECT, related_name="+")
    en = models.DateTimeField()

    class Meta:
        ordering = ["fecha", "id"]

    def __str__(self) -> str:
        return f"{self.expediente_id}: {self.etapa}"


class MedidaCautelar(models.Model):
    RESOLUCIONES = [("pendiente", "Pendiente"), ("concedida", "Concedida"), ("negada", "Negada")]
    expediente = models.ForeignKey(Expediente, on_delete=models.PROTECT, related_name="medidas")
    descripcion = models.TextField()
    solicitada_en = models.DateField()
    resolucion = models.CharField(max_length=10, choices=RESOLUCIONES, default="pendiente")
    resuelta_en = models.DateField(null=True, blank=True)
    por = models.ForeignKey(USUARIO, on_delete=models.PROTECT, related_name="+")
    en = models.DateTimeField()

    class Meta:
        ordering = ["solicitada_en", "id"]

    def __str__(self) -> str:
        return f"{self.expediente_id}: {self.resolucion}"


class Resolucion(models.Model):
    """The tribunal's (PES) or the Consejo General's (POS) ruling; a later one (e.g. after an
    appeal) is a new row."""

    SENTIDOS = [("existente", "Existente"), ("inexistente", "Inexistente"), ("otro", "Otro")]
    expediente = models.ForeignKey(
        Expediente, on_delete=models.PROTECT, related_name="resoluciones"
    )
    clave_tribunal = models.CharField(max_length=60, blank=True)  # TEEA-PES-001/2025
    fecha = models.DateField()
    sentido = models.CharField(max_length=12, choices=SENTIDOS)
    sancion = models.TextField(blank=True)
    por = models.ForeignKey(USUARIO, on_delete=models.PROTECT, related_name="+")
    en = models.DateTimeField()

    class Meta:
        ordering = ["fecha", "id"]

    def __str__(self) -> str:
        return f"{self.expediente_id}: {self.sentido}"


class DocumentoExpediente(models.Model):
    expediente = models.ForeignKey(Expediente, on_delete=models.PROTECT, related_name="documentos")
    titulo = models.CharField(max_length=200)
    nombre_archivo = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    almacen = models.CharField(max_length=200)
    por = models.ForeignKey(USUARIO, on_delete=models.PROTECT, related_name="+")
    en = models.DateTimeField()

    class Meta:
        ordering = ["en", "id"]

    def __str__(self) -> str:
        return self.titulo


# --- Reconciliation with the national register -------------------------------------------------


class Conciliacion(models.Model):
    archivo_sha256 = models.CharField(max_length=64)
    nombre_archivo = models.CharField(max_length=200)
    resultado = models.JSONField()
    por = models.ForeignKey(USUARIO, on_delete=models.PROTECT, related_name="+")
    en = models.DateTimeField()

    def __str__(self) -> str:
        return f"Conciliación {self.pk}"
