"""Persistence of the cómputos (docs/decisions/0032-modelo-del-computo.md).

Records are appended, never edited: what is in hand for a casilla, a cotejo capture, a recount
result, a pleno's decision on a reserved vote, a signature, a court ruling, a version of the
cómputo — each is a new row with its author and time. The one mutable row is `Sesion.estado`,
the session's state, whose every change is a `Transicion` row (and an audit event).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ople.catalog.models import Casilla, Demarcacion

USUARIO = settings.AUTH_USER_MODEL


class Consejo(models.Model):
    """A consejo distrital (diputaciones) or municipal (ayuntamientos): one per demarcación."""

    class Tipo(models.TextChoices):
        DISTRITAL = "DISTRITAL", "Consejo distrital"
        MUNICIPAL = "MUNICIPAL", "Consejo municipal"

    demarcacion = models.OneToOneField(
        Demarcacion, on_delete=models.PROTECT, related_name="consejo_computo"
    )
    clave = models.CharField(
        max_length=20, unique=True, help_text="CD01, CM05: la clave del ámbito «demarcacion»"
    )
    tipo = models.CharField(max_length=10, choices=Tipo.choices)
    nombre = models.CharField(max_length=160)
    sede = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["tipo", "clave"]

    def __str__(self) -> str:
        return self.nombre


class Integrante(models.Model):
    """A person of the consejo: presidencia, secretaría técnica, consejería, representación,
    personal de apoyo. A staff account named here works in this consejo (roles.CENTRAL)."""

    class Cargo(models.TextChoices):
        PRESIDENCIA = "PRESIDENCIA", "Presidencia"
        SECRETARIA = "SECRETARIA", "Secretaría técnica"
        CONSEJERIA = "CONSEJERIA", "Consejería electoral"
        REPRESENTACION = "REPRESENTACION", "Representación de partido"
        APOYO = "APOYO", "Personal de apoyo (cotejo y grupos de trabajo)"

    consejo = models.ForeignKey(Consejo, on_delete=models.PROTECT, related_name="integrantes")
    usuario = models.ForeignKey(USUARIO, null=True, blank=True, on_delete=models.PROTECT)
    cargo = models.CharField(max_length=16, choices=Cargo.choices)
    nombre = models.CharField(max_length=200)
    partido = models.CharField(max_length=20, blank=True, help_text="Siglas (representaciones)")
    creado = models.DateTimeField()

    class Meta:
        ordering = ["consejo", "cargo", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Sesion(models.Model):
    """The cómputo of one consejo: its state (legal.md §1.2) and its version counter."""

    class Estado(models.TextChoices):
        DISPONIBILIDAD_ACTAS = "DISPONIBILIDAD_ACTAS", "Disponibilidad de actas"
        REUNION_DE_TRABAJO = "REUNION_DE_TRABAJO", "Reunión de trabajo"
        SESION_EXTRAORDINARIA = "SESION_EXTRAORDINARIA", "Sesión extraordinaria"
        SESION_COMPUTO_INICIO = "SESION_COMPUTO_INICIO", "Inicio de la sesión de cómputo"
        COTEJO_EN_PLENO = "COTEJO_EN_PLENO", "Cotejo en el pleno"
        RECUENTO_EN_GT = "RECUENTO_EN_GT", "Recuento en grupos de trabajo"
        VOTOS_RESERVADOS_PLENO = "VOTOS_RESERVADOS_PLENO", "Votos reservados en el pleno"
        PAQUETES_CON_ALTERACION = "PAQUETES_CON_ALTERACION", "Paquetes con muestras de alteración"
        SUMA_Y_DISTRIBUCION = "SUMA_Y_DISTRIBUCION", "Suma y distribución de votos"
        VERIFICA_RECUENTO_TOTAL = "VERIFICA_RECUENTO_TOTAL", "Verificación de recuento total"
        ACTA_DE_COMPUTO = "ACTA_DE_COMPUTO", "Acta de cómputo"
        VALIDEZ_Y_CONSTANCIA = "VALIDEZ_Y_CONSTANCIA", "Declaración de validez y constancia"
        REMISION = "REMISION", "Remisión del expediente"

    consejo = models.OneToOneField(Consejo, on_delete=models.PROTECT, related_name="sesion")
    estado = models.CharField(
        max_length=24, choices=Estado.choices, default=Estado.DISPONIBILIDAD_ACTAS
    )
    recuento_total = models.BooleanField(default=False)
    actualizado = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.consejo}: {self.get_estado_display()}"


class Transicion(models.Model):
    """One change of the session's state, with who and when (never edited)."""

    sesion = models.ForeignKey(Sesion, on_delete=models.PROTECT, related_name="transiciones")
    desde = models.CharField(max_length=24)
    hacia = models.CharField(max_length=24)
    usuario = models.ForeignKey(USUARIO, null=True, on_delete=models.PROTECT)
    motivo = models.TextField(blank=True)
    creado = models.DateTimeField()

    class Meta:
        ordering = ["sesion", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Expediente(models.Model):
    """One casilla in one consejo's cómputo (the row others point to; holds no figures)."""

    consejo = models.ForeignKey(Consejo, on_delete=models.PROTECT, related_name="expedientes")
    casilla = models.ForeignKey(Casilla, on_delete=models.PROTECT, related_name="+")
    clave = models.CharField(max_length=40, help_text="Clave de la casilla")

    class Meta:
        ordering = ["consejo", "clave"]
        constraints = [
            models.UniqueConstraint(fields=["consejo", "casilla"], name="expediente_unico"),
        ]

    def __str__(self) -> str:
        return self.clave


class ActaEnMano(models.Model):
    """An acta's figures in someone's hands before the session (legal.md §1.2)."""

    class Origen(models.TextChoices):
        PAQUETE = "PAQUETE", "Acta del paquete"
        PRESIDENCIA = "PRESIDENCIA", "Copia de la presidencia"
        REPRESENTACION = "REPRESENTACION", "Copia de una representación"
        PREP = "PREP", "Captura del PREP"

    expediente = models.ForeignKey(Expediente, on_delete=models.PROTECT, related_name="actas")
    origen = models.CharField(max_length=16, choices=Origen.choices)
    partido = models.CharField(max_length=20, blank=True, help_text="Representación que la aporta")
    votos = models.JSONField(help_text="columna → entero (las ilegibles se omiten)")
    ilegibles = models.JSONField(default=list)
    personas_votaron = models.PositiveIntegerField(null=True, blank=True)
    votos_sacados = models.PositiveIntegerField(null=True, blank=True)
    alteraciones_evidentes = models.BooleanField(default=False)
    imagen_sha256 = models.CharField(max_length=64, blank=True)
    usuario = models.ForeignKey(USUARIO, null=True, on_delete=models.PROTECT)
    creado = models.DateTimeField()

    class Meta:
        ordering = ["expediente", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class CondicionPaquete(models.Model):
    """The package's condition as received (recorded here until the paquetes system exists)."""

    expediente = models.ForeignKey(Expediente, on_delete=models.PROTECT, related_name="condiciones")
    con_alteracion = models.BooleanField()
    inconsistencia_aclarada = models.BooleanField(default=False)
    descripcion = models.TextField(blank=True)
    usuario = models.ForeignKey(USUARIO, null=True, on_delete=models.PROTECT)
    creado = models.DateTimeField()

    class Meta:
        ordering = ["expediente", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class AcuerdoRecuento(models.Model):
    """The sesión extraordinaria's approval: the casillas to re-count with their causes, the GTs
    and puntos de recuento (a planning figure), the sede. One per consejo."""

    consejo = models.OneToOneField(Consejo, on_delete=models.PROTECT, related_name="acuerdo")
    casillas = models.JSONField(help_text="[{clave, causales}] aprobadas para recuento")
    grupos = models.PositiveSmallIntegerField()
    puntos_por_grupo = models.PositiveSmallIntegerField()
    plan = models.JSONField(help_text="La sugerencia de planeación (no es regla legal)")
    sede = models.CharField(max_length=200)
    usuario = models.ForeignKey(USUARIO, on_delete=models.PROTECT)
    creado = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class GrupoTrabajo(models.Model):
    consejo = models.ForeignKey(Consejo, on_delete=models.PROTECT, related_name="grupos")
    numero = models.PositiveSmallIntegerField()
    presidencia = models.ForeignKey(USUARIO, null=True, on_delete=models.PROTECT, related_name="+")
    auxiliares = models.TextField(blank=True)
    puntos_recuento = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["consejo", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["consejo", "numero"], name="grupo_unico"),
        ]

    def __str__(self) -> str:
        return f"GT {self.numero}"


class EnRecuento(models.Model):
    """A casilla sent to recount: by the approved list, at the cotejo, or by a total recount."""

    class Momento(models.TextChoices):
        LISTA = "LISTA", "Lista aprobada en sesión extraordinaria"
        COTEJO = "COTEJO", "Durante el cotejo"
        TOTAL_INICIO = "TOTAL_INICIO", "Recuento total al inicio"
        TOTAL_FINAL = "TOTAL_FINAL", "Recuento total al final"

    expediente = models.OneToOneField(
        Expediente, on_delete=models.PROTECT, related_name="en_recuento"
    )
    causales = models.JSONField(default=list)
    momento = models.CharField(max_length=14, choices=Momento.choices)
    en_pleno = models.BooleanField(default=False, help_text="Paquete con alteración: en el pleno")
    creado = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class CapturaCotejo(models.Model):
    """One person's capture of the package's acta read aloud in the pleno (first or confirmation)."""

    expediente = models.ForeignKey(Expediente, on_delete=models.PROTECT, related_name="cotejos")
    ronda = models.PositiveSmallIntegerField(help_text="1: captura; 2: confirmación")
    votos = models.JSONField()
    usuario = models.ForeignKey(USUARIO, on_delete=models.PROTECT)
    creado = models.DateTimeField()

    class Meta:
        ordering = ["expediente", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Cotejo(models.Model):
    """The cotejo's outcome for one casilla (captured and confirmed by two people)."""

    class Resultado(models.TextChoices):
        ACEPTADA = "ACEPTADA", "Coincide y sin causal: se suma"
        A_RECUENTO = "A_RECUENTO", "Se envía a recuento"

    expediente = models.OneToOneField(Expediente, on_delete=models.PROTECT, related_name="cotejo")
    votos = models.JSONField()
    resultado = models.CharField(max_length=10, choices=Resultado.choices)
    causales = models.JSONField(default=list)
    captura = models.ForeignKey(CapturaCotejo, on_delete=models.PROTECT, related_name="+")
    confirmacion = models.ForeignKey(CapturaCotejo, on_delete=models.PROTECT, related_name="+")
    creado = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class ResultadoRecuento(models.Model):
    """A casilla's re-counted figures (one per casilla: two GTs cannot both submit it)."""

    expediente = models.OneToOneField(Expediente, on_delete=models.PROTECT, related_name="recuento")
    grupo = models.ForeignKey(GrupoTrabajo, null=True, on_delete=models.PROTECT)
    votos = models.JSONField(help_text="Sin los votos reservados")
    usuario = models.ForeignKey(USUARIO, on_delete=models.PROTECT)
    creado = models.DateTimeField()
    constancia_folio = models.CharField(max_length=60, blank=True)
    constancia_sha256 = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class VotoReservado(models.Model):
    recuento = models.ForeignKey(
        ResultadoRecuento, on_delete=models.PROTECT, related_name="reservados"
    )
    numero = models.PositiveSmallIntegerField()
    descripcion = models.CharField(max_length=300)
    creado = models.DateTimeField()

    class Meta:
        ordering = ["recuento", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["recuento", "numero"], name="reservado_unico"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class DecisionReservado(models.Model):
    """The pleno's final decision on one reserved ballot: the column it counts for, or NULOS."""

    voto = models.OneToOneField(VotoReservado, on_delete=models.PROTECT, related_name="decision")
    columna = models.CharField(max_length=80)
    usuario = models.ForeignKey(USUARIO, on_delete=models.PROTECT)
    creado = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class SolicitudRecuentoTotal(models.Model):
    class Momento(models.TextChoices):
        INICIO = "INICIO", "Al inicio de la sesión"
        FINAL = "FINAL", "Al final del cómputo"

    sesion = models.ForeignKey(Sesion, on_delete=models.PROTECT, related_name="solicitudes")
    momento = models.CharField(max_length=6, choices=Momento.choices)
    partido = models.CharField(max_length=20)
    usuario = models.ForeignKey(USUARIO, on_delete=models.PROTECT)
    prueba = models.JSONField(help_text="primero, segundo, diferencia, base, puntos")
    procede = models.BooleanField()
    creado = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class VersionComputo(models.Model):
    """The cómputo's figures as of one moment: the session's sum (v1) or a court ruling (v2…)."""

    class Origen(models.TextChoices):
        IEE = "IEE", "Consejo del instituto"
        TEEA = "TEEA", "Tribunal Electoral del Estado"
        SM = "SM", "Sala Regional Monterrey"
        SUP = "SUP", "Sala Superior"

    consejo = models.ForeignKey(Consejo, on_delete=models.PROTECT, related_name="versiones")
    numero = models.PositiveSmallIntegerField()
    origen = models.CharField(max_length=4, choices=Origen.choices)
    expediente_judicial = models.CharField(max_length=80, blank=True)
    fecha_resolucion = models.DateField(null=True, blank=True)
    resolucion = models.TextField(blank=True)
    casillas = models.JSONField(help_text="clave → {votos, fuente, causales}")
    por_columna = models.JSONField()
    por_candidatura = models.JSONField()
    distribuido = models.JSONField()
    usuario = models.ForeignKey(USUARIO, null=True, on_delete=models.PROTECT)
    creado = models.DateTimeField()

    class Meta:
        ordering = ["consejo", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["consejo", "numero"], name="version_unica"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Documento(models.Model):
    """A PDF the cómputo issued: acta de cómputo, constancia de mayoría, constancia individual,
    acta circunstanciada of a grupo de trabajo."""

    class Tipo(models.TextChoices):
        ACTA_COMPUTO = "ACTA_COMPUTO", "Acta de cómputo"
        CONSTANCIA_MAYORIA = "CONSTANCIA_MAYORIA", "Constancia de mayoría y validez"
        CONSTANCIA_RECUENTO = "CONSTANCIA_RECUENTO", "Constancia individual de recuento"
        ACTA_GT = "ACTA_GT", "Acta circunstanciada de grupo de trabajo"

    consejo = models.ForeignKey(Consejo, on_delete=models.PROTECT, related_name="documentos")
    tipo = models.CharField(max_length=20, choices=Tipo.choices)
    version = models.ForeignKey(VersionComputo, null=True, on_delete=models.PROTECT)
    folio = models.CharField(max_length=60)
    sha256 = models.CharField(max_length=64, help_text="del contenido canónico")
    sha256_pdf = models.CharField(max_length=64, blank=True)
    ruta = models.CharField(
        max_length=200,
        blank=True,
        help_text="Nombre en el almacén de evidencia (vacío: aún sin PDF)",
    )
    contenido = models.JSONField(
        default=dict, help_text="Contenido canónico (titulo, lineas, folio, fecha, firmas)"
    )
    creado = models.DateTimeField()

    class Meta:
        ordering = ["consejo", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Firma(models.Model):
    """A signature on the acta de cómputo (a representative may sign under protest)."""

    documento = models.ForeignKey(Documento, on_delete=models.PROTECT, related_name="firmas")
    usuario = models.ForeignKey(USUARIO, on_delete=models.PROTECT)
    cargo = models.CharField(max_length=40)
    partido = models.CharField(max_length=20, blank=True)
    bajo_protesta = models.BooleanField(default=False)
    motivo = models.TextField(blank=True)
    creado = models.DateTimeField()

    class Meta:
        ordering = ["documento", "id"]
        constraints = [
            models.UniqueConstraint(fields=["documento", "usuario"], name="firma_unica"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"
