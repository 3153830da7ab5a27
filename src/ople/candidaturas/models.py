"""Persons and the registration procedure of candidacies (ADR 0026, 0039).

The catalog keeps the approved ballot; these models keep how it came to be: who asked, with which
documents, which prevenciones were issued and answered, which resolution approved or refused it,
which substitutions changed it. Rows are never edited after the fact except a candidacy's current
``estado`` (each change of it is an audited event and leaves its own row: a ``Prevencion``, a
``Resolucion``, a ``Sustitucion``); documents and fichas are appended, never replaced.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ople.catalog.models import Coalicion, Demarcacion, Eleccion, Partido


class Genero(models.TextChoices):
    MUJER = "M", "Mujer"
    HOMBRE = "H", "Hombre"
    NO_BINARIA = "X", "No binaria"


class AccionAfirmativa(models.TextChoices):
    NINGUNA = "", "Ninguna"
    INDIGENA = "INDIGENA", "Persona indígena"
    DISCAPACIDAD = "DISCAPACIDAD", "Persona con discapacidad"
    LGBTIQ = "LGBTIQ", "Persona de la diversidad sexual (LGBTIQ+)"
    AFROMEXICANA = "AFROMEXICANA", "Persona afromexicana"
    JOVEN = "JOVEN", "Persona joven"
    MIGRANTE = "MIGRANTE", "Persona migrante"
    ADULTA_MAYOR = "ADULTA_MAYOR", "Persona adulta mayor"


class Persona(models.Model):
    """A person who runs (propietario or suplente), identified by CURP."""

    curp = models.CharField(max_length=18, unique=True)
    nombre = models.CharField(max_length=100)
    primer_apellido = models.CharField(max_length=100)
    segundo_apellido = models.CharField(max_length=100, blank=True)
    sobrenombre = models.CharField(max_length=100, blank=True)
    fecha_nacimiento = models.DateField()
    genero = models.CharField(max_length=1, choices=Genero.choices)
    creada = models.DateTimeField()

    class Meta:
        ordering = ["primer_apellido", "segundo_apellido", "nombre"]

    def __str__(self) -> str:
        return self.nombre_completo

    @property
    def nombre_completo(self) -> str:
        return " ".join(x for x in (self.nombre, self.primer_apellido, self.segundo_apellido) if x)


class Siglado(models.Model):
    """The coalition agreement: which party heads the coalition's candidacy in a demarcación."""

    coalicion = models.ForeignKey(Coalicion, on_delete=models.PROTECT, related_name="+")
    demarcacion = models.ForeignKey(Demarcacion, on_delete=models.PROTECT, related_name="+")
    partido = models.ForeignKey(Partido, on_delete=models.PROTECT, related_name="+")
    registrado = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coalicion", "demarcacion"], name="siglado_unico")
        ]

    def __str__(self) -> str:
        return f"{self.coalicion} en {self.demarcacion}: {self.partido}"


class Aspirante(models.Model):
    """An independent candidacy through its stages (legal.md §3.3)."""

    class Etapa(models.TextChoices):
        INTENCION = "INTENCION", "Manifestación de intención"
        APOYO = "APOYO", "Obtención del apoyo ciudadano"
        REGISTRO = "REGISTRO", "Solicitud de registro"
        REGISTRADA = "REGISTRADA", "Candidatura registrada"
        NEGADA = "NEGADA", "Negada"

    persona = models.ForeignKey(Persona, on_delete=models.PROTECT, related_name="aspiraciones")
    eleccion = models.ForeignKey(Eleccion, on_delete=models.PROTECT, related_name="+")
    demarcacion = models.ForeignKey(Demarcacion, on_delete=models.PROTECT, related_name="+")
    asociacion_civil = models.CharField(max_length=200)
    etapa = models.CharField(max_length=12, choices=Etapa.choices, default=Etapa.INTENCION)
    apoyos_requeridos = models.PositiveIntegerField(default=0)
    apoyos_validos = models.PositiveIntegerField(default=0)
    numero_ci = models.PositiveSmallIntegerField(null=True, blank=True)
    creada = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.persona} ({self.get_etapa_display()})"


class Candidatura(models.Model):
    """A request to register one fórmula (MR), one position of an RP list or of a planilla."""

    class Principio(models.TextChoices):
        MR = "MR", "Mayoría relativa"
        RP = "RP", "Representación proporcional"

    class Estado(models.TextChoices):
        CAPTURADA = "CAPTURADA", "Capturada por el partido"
        PRESENTADA = "PRESENTADA", "Presentada para revisión"
        PREVENIDA = "PREVENIDA", "Con prevención"
        CORREGIDA = "CORREGIDA", "Corregida por el partido"
        PROCEDENTE = "PROCEDENTE", "Revisada: cumple los requisitos"
        APROBADA = "APROBADA", "Aprobada por acuerdo"
        NEGADA = "NEGADA", "Negada"

    eleccion = models.ForeignKey(Eleccion, on_delete=models.PROTECT, related_name="+")
    demarcacion = models.ForeignKey(Demarcacion, on_delete=models.PROTECT, related_name="+")
    partido = models.ForeignKey(
        Partido, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    coalicion = models.ForeignKey(
        Coalicion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    aspirante = models.OneToOneField(
        Aspirante, null=True, blank=True, on_delete=models.PROTECT, related_name="candidatura"
    )
    principio = models.CharField(max_length=2, choices=Principio.choices, default=Principio.MR)
    cargo = models.CharField(max_length=60)
    posicion = models.PositiveSmallIntegerField(default=1)
    propietario = models.ForeignKey(Persona, on_delete=models.PROTECT, related_name="+")
    suplente = models.ForeignKey(
        Persona, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accion_afirmativa = models.CharField(
        max_length=14, choices=AccionAfirmativa.choices, blank=True
    )
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.CAPTURADA)
    capturada = models.DateTimeField()
    capturada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["eleccion", "demarcacion__clave", "principio", "posicion"]
        constraints = [
            models.UniqueConstraint(
                fields=["eleccion", "demarcacion", "partido", "principio", "cargo", "posicion"],
                name="candidatura_lugar_unico",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cargo} {self.demarcacion} — {self.propietario}"

    @property
    def postulante(self) -> str:
        if self.coalicion_id:
            return str(self.coalicion)
        if self.partido_id:
            return str(self.partido)
        return "Candidatura independiente"


class Documento(models.Model):
    """One file a party filed for a candidacy: in the evidence store, never replaced."""

    class Rol(models.TextChoices):
        PROPIETARIO = "P", "Propietario"
        SUPLENTE = "S", "Suplente"

    candidatura = models.ForeignKey(
        Candidatura, on_delete=models.PROTECT, related_name="documentos"
    )
    rol = models.CharField(max_length=1, choices=Rol.choices, default=Rol.PROPIETARIO)
    tipo = models.CharField(max_length=30)
    sha256 = models.CharField(max_length=64)
    almacen = models.CharField(max_length=200)
    formato = models.CharField(max_length=10)
    tamano = models.PositiveIntegerField()
    nombre_original = models.CharField(max_length=200, blank=True)
    subido = models.DateTimeField()
    subido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["candidatura", "tipo", "rol", "-subido"]

    def __str__(self) -> str:
        return f"{self.tipo} ({self.get_rol_display()}) {self.sha256[:12]}"


class Prevencion(models.Model):
    """A chance to correct (SM-JDC-134/2024): what is missing and until when."""

    candidatura = models.ForeignKey(
        Candidatura, on_delete=models.PROTECT, related_name="prevenciones"
    )
    faltantes = models.JSONField(default=list)
    motivo = models.TextField()
    emitida = models.DateTimeField()
    # None while the notice through estrados has not been served: the hours count from its
    # effect (ADR 0055); ``selectors.vence`` computes it then.
    vence = models.DateTimeField(null=True, blank=True)
    notificacion = models.CharField(max_length=100, blank=True)  # the estrados notice's folio
    emitida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    atendida = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["candidatura", "-emitida"]

    def __str__(self) -> str:
        return f"Prevención a {self.candidatura_id} del {self.emitida:%Y-%m-%d %H:%M}"


class Acuerdo(models.Model):
    """The Consejo's acuerdo approving candidacies in bulk: its folio and its PDF."""

    eleccion = models.ForeignKey(Eleccion, on_delete=models.PROTECT, related_name="+")
    consejo = models.CharField(max_length=120)
    folio = models.CharField(max_length=100, unique=True)
    fecha = models.DateTimeField()
    sha256 = models.CharField(max_length=64)
    almacen = models.CharField(max_length=200)
    aprobado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return self.folio


class Resolucion(models.Model):
    class Sentido(models.TextChoices):
        PROCEDENTE = "PROCEDENTE", "Cumple los requisitos"
        APROBADA = "APROBADA", "Aprobada"
        NEGADA = "NEGADA", "Negada"

    candidatura = models.ForeignKey(
        Candidatura, on_delete=models.PROTECT, related_name="resoluciones"
    )
    sentido = models.CharField(max_length=10, choices=Sentido.choices)
    motivos = models.TextField(blank=True)
    acuerdo = models.ForeignKey(Acuerdo, null=True, blank=True, on_delete=models.PROTECT)
    en = models.DateTimeField()
    por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["candidatura", "en"]

    def __str__(self) -> str:
        return f"{self.get_sentido_display()}: {self.candidatura_id}"


class Sustitucion(models.Model):
    candidatura = models.ForeignKey(
        Candidatura, on_delete=models.PROTECT, related_name="sustituciones"
    )
    rol = models.CharField(max_length=1, choices=Documento.Rol.choices)
    saliente = models.ForeignKey(Persona, on_delete=models.PROTECT, related_name="+")
    entrante = models.ForeignKey(Persona, on_delete=models.PROTECT, related_name="+")
    causa = models.CharField(max_length=40, blank=True)
    en_periodo_de_registro = models.BooleanField()
    boleta_impresa = models.BooleanField()
    en = models.DateTimeField()
    por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.saliente} → {self.entrante}"


class Ficha(models.Model):
    """A Conóceles questionnaire (legal.md §4.1): one version per capture, the last one counts."""

    class Estado(models.TextChoices):
        CAPTURADA = "CAPTURADA", "Capturada"
        VALIDADA = "VALIDADA", "Validada por el Instituto"
        OBSERVADA = "OBSERVADA", "Observada"

    class EstadoFoto(models.TextChoices):
        SIN_FOTO = "", "Sin foto"
        PENDIENTE = "PENDIENTE", "Pendiente de moderación"
        APROBADA = "APROBADA", "Aprobada"
        RECHAZADA = "RECHAZADA", "Rechazada"

    candidatura = models.ForeignKey(Candidatura, on_delete=models.PROTECT, related_name="fichas")
    datos = models.JSONField(default=dict)
    aviso_privacidad = models.BooleanField(default=False)
    foto_sha256 = models.CharField(max_length=64, blank=True)
    foto_almacen = models.CharField(max_length=200, blank=True)
    estado_foto = models.CharField(max_length=10, choices=EstadoFoto.choices, blank=True)
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.CAPTURADA)
    observacion = models.TextField(blank=True)
    capturada = models.DateTimeField()
    capturada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["candidatura", "-capturada"]

    def __str__(self) -> str:
        return f"Ficha de {self.candidatura_id} ({self.get_estado_display()})"


class VotacionPrevia(models.Model):
    """A party's votes in a demarcación in the previous process (for competitiveness blocks,
    SM-JRC-42/2023): imported from the previous cómputos, votes over the valid total."""

    eleccion = models.ForeignKey(Eleccion, on_delete=models.PROTECT, related_name="+")
    partido = models.ForeignKey(Partido, on_delete=models.PROTECT, related_name="+")
    demarcacion = models.ForeignKey(Demarcacion, on_delete=models.PROTECT, related_name="+")
    votos = models.PositiveIntegerField()
    total = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["eleccion", "partido", "demarcacion"], name="votacion_previa_unica"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partido} {self.demarcacion}: {self.votos}/{self.total}"
