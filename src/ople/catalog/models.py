"""The electoral catalog every ople system shares.

Terms of art stay in Spanish (architecture §4). Geometry is stored as GeoJSON with its bounding
box, so the catalog needs no spatial database; the lookup engine builds its index in memory.
"""

from __future__ import annotations

from django.db import models

from ople.ley import actas


class Entidad(models.Model):
    clave = models.PositiveSmallIntegerField(unique=True, help_text="ID_ENTIDAD del INE (01–32)")
    nombre = models.CharField(max_length=80)
    abreviatura = models.CharField(max_length=10, help_text="p. ej. AGS, QROO")

    class Meta:
        ordering = ["clave"]
        verbose_name = "entidad"
        verbose_name_plural = "entidades"

    def __str__(self) -> str:
        return self.nombre


class Municipio(models.Model):
    entidad = models.ForeignKey(Entidad, on_delete=models.PROTECT, related_name="municipios")
    clave = models.PositiveSmallIntegerField()
    nombre = models.CharField(max_length=120)

    class Meta:
        ordering = ["entidad", "clave"]
        constraints = [
            models.UniqueConstraint(fields=["entidad", "clave"], name="municipio_unico"),
        ]

    def __str__(self) -> str:
        return self.nombre


class DistritoFederal(models.Model):
    entidad = models.ForeignKey(
        Entidad, on_delete=models.PROTECT, related_name="distritos_federales"
    )
    numero = models.PositiveSmallIntegerField()
    cabecera = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["entidad", "numero"]
        verbose_name = "distrito federal"
        verbose_name_plural = "distritos federales"
        constraints = [
            models.UniqueConstraint(fields=["entidad", "numero"], name="distrito_federal_unico"),
        ]

    def __str__(self) -> str:
        return f"Distrito federal {self.numero}"


class DistritoLocal(models.Model):
    entidad = models.ForeignKey(Entidad, on_delete=models.PROTECT, related_name="distritos_locales")
    numero = models.PositiveSmallIntegerField()
    cabecera = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["entidad", "numero"]
        verbose_name = "distrito local"
        verbose_name_plural = "distritos locales"
        constraints = [
            models.UniqueConstraint(fields=["entidad", "numero"], name="distrito_local_unico"),
        ]

    def __str__(self) -> str:
        return f"Distrito local {self.numero}"


class Seccion(models.Model):
    entidad = models.ForeignKey(Entidad, on_delete=models.PROTECT, related_name="secciones")
    numero = models.PositiveIntegerField()
    municipio = models.ForeignKey(Municipio, on_delete=models.PROTECT, related_name="secciones")
    distrito_local = models.ForeignKey(
        DistritoLocal, on_delete=models.PROTECT, related_name="secciones"
    )
    distrito_federal = models.ForeignKey(
        DistritoFederal, on_delete=models.PROTECT, related_name="secciones"
    )
    localidades = models.TextField(
        blank=True, help_text="Localidades o colonias de la sección (para la búsqueda por nombre)"
    )

    class Meta:
        ordering = ["entidad", "numero"]
        verbose_name = "sección"
        verbose_name_plural = "secciones"
        constraints = [
            models.UniqueConstraint(fields=["entidad", "numero"], name="seccion_unica"),
        ]

    def __str__(self) -> str:
        return f"Sección {self.numero}"


class ConjuntoLimites(models.Model):
    """A versioned set of sección boundaries (MapIt 'generation'). One is active at a time."""

    entidad = models.ForeignKey(Entidad, on_delete=models.PROTECT, related_name="conjuntos")
    nombre = models.CharField(max_length=120)
    version = models.PositiveIntegerField()
    fuente = models.TextField(blank=True)
    activo = models.BooleanField(default=False)
    creado = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entidad", "-version"]
        verbose_name = "conjunto de límites"
        verbose_name_plural = "conjuntos de límites"
        constraints = [
            models.UniqueConstraint(fields=["entidad", "version"], name="conjunto_version_unica"),
        ]

    def __str__(self) -> str:
        return f"{self.nombre} (v{self.version})"


class LimiteSeccion(models.Model):
    conjunto = models.ForeignKey(ConjuntoLimites, on_delete=models.CASCADE, related_name="limites")
    seccion = models.ForeignKey(Seccion, on_delete=models.PROTECT, related_name="limites")
    geojson = models.JSONField(help_text="Geometría GeoJSON (Polygon o MultiPolygon), WGS84")
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()

    class Meta:
        verbose_name = "límite de sección"
        verbose_name_plural = "límites de sección"
        constraints = [
            models.UniqueConstraint(fields=["conjunto", "seccion"], name="limite_unico"),
        ]

    def __str__(self) -> str:
        return f"{self.seccion} en {self.conjunto}"


class Casilla(models.Model):
    class Tipo(models.TextChoices):
        BASICA = "B", "Básica"
        CONTIGUA = "C", "Contigua"
        EXTRAORDINARIA = "E", "Extraordinaria"
        ESPECIAL = "S", "Especial"
        EXTRANJERO = "M", "Mesa de escrutinio (voto en el extranjero)"
        ANTICIPADO = "A", "Voto anticipado"
        PRISION = "P", "Prisión preventiva"

    class Ubicacion(models.IntegerChoices):
        URBANA = 1, "Urbana"
        NO_URBANA = 2, "No urbana"

    class Traslado(models.TextChoices):
        NINGUNO = "", "Ninguno"
        DAT = "D", "Dispositivo de Apoyo para el Traslado"
        CRYT_FIJO = "F", "Centro de Recepción y Traslado fijo"
        CRYT_ITINERANTE = "I", "Centro de Recepción y Traslado itinerante"

    seccion = models.ForeignKey(Seccion, on_delete=models.PROTECT, related_name="casillas")
    tipo = models.CharField(max_length=1, choices=Tipo.choices)
    id_casilla = models.PositiveSmallIntegerField()
    ext_contigua = models.PositiveSmallIntegerField(default=0)
    clave = models.CharField(
        max_length=11,
        unique=True,
        help_text="CLAVE_CASILLA: entidad(2) sección(4) tipo id(2) ext(2)",
    )
    ubicacion = models.PositiveSmallIntegerField(
        choices=Ubicacion.choices, default=Ubicacion.URBANA
    )
    lista_nominal = models.PositiveIntegerField(default=0)
    representantes = models.PositiveSmallIntegerField(
        default=0, help_text="Representantes de partidos y CI acreditados que pueden votar"
    )
    domicilio = models.CharField(max_length=300, blank=True)
    referencia = models.CharField(max_length=300, blank=True)
    latitud = models.FloatField(null=True, blank=True)
    longitud = models.FloatField(null=True, blank=True)
    mecanismo_traslado = models.CharField(
        max_length=1, choices=Traslado.choices, blank=True, default=""
    )
    sintetica = models.BooleanField(
        default=False, help_text="Dato sintético de demostración, no oficial"
    )

    class Meta:
        ordering = ["clave"]
        verbose_name = "casilla"
        verbose_name_plural = "casillas"
        constraints = [
            models.UniqueConstraint(
                fields=["seccion", "tipo", "id_casilla", "ext_contigua"], name="casilla_unica"
            ),
        ]

    def __str__(self) -> str:
        return self.clave

    @staticmethod
    def formar_clave(entidad: int, seccion: int, tipo: str, id_casilla: int, ext: int) -> str:
        return f"{entidad:02d}{seccion:04d}{tipo}{id_casilla:02d}{ext:02d}"


class ProcesoElectoral(models.Model):
    entidad = models.ForeignKey(Entidad, on_delete=models.PROTECT, related_name="procesos")
    clave = models.CharField(max_length=20, help_text="p. ej. 2023-2024")
    nombre = models.CharField(max_length=200)
    fecha_jornada = models.DateField()
    perfil = models.CharField(max_length=60, help_text="Perfil normativo, p. ej. ieeags-2024")
    activo = models.BooleanField(default=True)

    class Meta:
        ordering = ["-fecha_jornada"]
        verbose_name = "proceso electoral"
        verbose_name_plural = "procesos electorales"
        constraints = [
            models.UniqueConstraint(fields=["entidad", "clave"], name="proceso_unico"),
        ]

    def __str__(self) -> str:
        return self.nombre


class Eleccion(models.Model):
    # GUBERNATURA = "GUB", DIPUTACIONES = "DIP_LOC", AYUNTAMIENTOS = "AYUN" (ople.ley.actas).
    Tipo = models.TextChoices(  # type: ignore[call-overload]  # (value, label) pairs: the stubs want str
        "Tipo", [(t.miembro, (t.clave, t.etiqueta)) for t in actas.TIPOS_ELECCION]
    )

    proceso = models.ForeignKey(
        ProcesoElectoral, on_delete=models.PROTECT, related_name="elecciones"
    )
    tipo = models.CharField(max_length=10, choices=Tipo.choices)
    nombre = models.CharField(
        max_length=120, help_text="Como se imprime, p. ej. DIPUTACIONES LOCALES"
    )
    orden = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["proceso", "orden", "tipo"]
        verbose_name = "elección"
        verbose_name_plural = "elecciones"
        constraints = [
            models.UniqueConstraint(fields=["proceso", "tipo"], name="eleccion_unica"),
        ]

    def __str__(self) -> str:
        return self.nombre


class Demarcacion(models.Model):
    """The territory one contest of an election covers: the entidad, a distrito or a municipio."""

    class Tipo(models.TextChoices):
        ENTIDAD = "ENTIDAD", "Entidad"
        DISTRITO_LOCAL = "DISTRITO_LOCAL", "Distrito local"
        MUNICIPIO = "MUNICIPIO", "Municipio"

    eleccion = models.ForeignKey(Eleccion, on_delete=models.PROTECT, related_name="demarcaciones")
    tipo = models.CharField(max_length=20, choices=Tipo.choices)
    clave = models.PositiveSmallIntegerField()
    nombre = models.CharField(max_length=120)
    distrito_local = models.ForeignKey(
        DistritoLocal, null=True, blank=True, on_delete=models.PROTECT
    )
    municipio = models.ForeignKey(Municipio, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["eleccion", "clave"]
        verbose_name = "demarcación"
        verbose_name_plural = "demarcaciones"
        constraints = [
            models.UniqueConstraint(fields=["eleccion", "clave"], name="demarcacion_unica"),
        ]

    def __str__(self) -> str:
        return f"{self.eleccion}: {self.nombre}"


class Partido(models.Model):
    proceso = models.ForeignKey(ProcesoElectoral, on_delete=models.PROTECT, related_name="partidos")
    siglas = models.CharField(max_length=20, help_text="Nombre de la columna INE, p. ej. PAN")
    nombre = models.CharField(max_length=150)
    color = models.CharField(max_length=7, default="#666666")
    orden = models.PositiveSmallIntegerField(help_text="Orden de registro (orden en la boleta)")
    local = models.BooleanField(default=False)
    ilustrativo = models.BooleanField(default=False, help_text="Dato ilustrativo de demostración")

    class Meta:
        ordering = ["proceso", "orden"]
        constraints = [
            models.UniqueConstraint(fields=["proceso", "siglas"], name="partido_unico"),
        ]

    def __str__(self) -> str:
        return self.siglas


class Coalicion(models.Model):
    """A coalition or a candidatura común in one election, over some of its demarcaciones."""

    class Tipo(models.TextChoices):
        COALICION = "COALICION", "Coalición"
        CANDIDATURA_COMUN = "CAND_COMUN", "Candidatura común"

    eleccion = models.ForeignKey(Eleccion, on_delete=models.PROTECT, related_name="coaliciones")
    tipo = models.CharField(max_length=12, choices=Tipo.choices, default=Tipo.COALICION)
    nombre = models.CharField(max_length=150)
    partidos = models.ManyToManyField(Partido, related_name="coaliciones")
    demarcaciones = models.ManyToManyField(Demarcacion, related_name="coaliciones")

    class Meta:
        verbose_name = "coalición o candidatura común"
        verbose_name_plural = "coaliciones y candidaturas comunes"

    def __str__(self) -> str:
        return self.nombre


class OpcionBoleta(models.Model):
    """One vote column of an election, in INE order (one CSV column, one field on the acta)."""

    class Tipo(models.TextChoices):
        PARTIDO = "PARTIDO", "Partido"
        COMBINACION = "COMBINACION", "Combinación de coalición"
        CANDIDATURA_COMUN = "CAND_COMUN", "Candidatura común"
        INDEPENDIENTE = "CI", "Candidatura independiente"
        NO_REGISTRADAS = "CNR", "Candidaturas no registradas"
        NULOS = "NULOS", "Votos nulos"

    eleccion = models.ForeignKey(Eleccion, on_delete=models.CASCADE, related_name="opciones")
    tipo = models.CharField(max_length=12, choices=Tipo.choices)
    columna = models.CharField(max_length=80, help_text="Nombre de la columna, p. ej. C_PAN_PRD")
    orden = models.PositiveSmallIntegerField()
    partidos = models.ManyToManyField(Partido, blank=True, related_name="opciones")
    coalicion = models.ForeignKey(Coalicion, null=True, blank=True, on_delete=models.CASCADE)
    numero_ci = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Posición de la candidatura independiente (1, 2, …)"
    )

    class Meta:
        ordering = ["eleccion", "orden"]
        verbose_name = "opción de la boleta"
        verbose_name_plural = "opciones de la boleta"
        constraints = [
            models.UniqueConstraint(fields=["eleccion", "columna"], name="opcion_columna_unica"),
            models.UniqueConstraint(fields=["eleccion", "orden"], name="opcion_orden_unico"),
        ]

    def __str__(self) -> str:
        return self.columna


class Candidatura(models.Model):
    class Genero(models.TextChoices):
        MUJER = "M", "Mujer"
        HOMBRE = "H", "Hombre"
        NO_BINARIA = "X", "No binaria"

    eleccion = models.ForeignKey(Eleccion, on_delete=models.PROTECT, related_name="candidaturas")
    demarcacion = models.ForeignKey(
        Demarcacion, on_delete=models.PROTECT, related_name="candidaturas"
    )
    partido = models.ForeignKey(Partido, null=True, blank=True, on_delete=models.PROTECT)
    coalicion = models.ForeignKey(Coalicion, null=True, blank=True, on_delete=models.PROTECT)
    numero_ci = models.PositiveSmallIntegerField(null=True, blank=True)
    propietaria = models.CharField(max_length=200)
    suplente = models.CharField(max_length=200, blank=True)
    genero = models.CharField(max_length=1, choices=Genero.choices, blank=True)
    ilustrativa = models.BooleanField(default=False)

    class Meta:
        verbose_name = "candidatura"
        verbose_name_plural = "candidaturas"

    def __str__(self) -> str:
        return self.propietaria
