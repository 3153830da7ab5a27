"""INE-format PREP databases (prep.md §7): reader for both variants, writers, column metadata.

Pure module (no Django). Two layouts exist (§7.2):

* variant **A** (OPLE Quintana Roo 2019, file S2): ``sep=|`` line, election name, cut time
  ``YYYY/MM/DD HH:MM (UTC-5)``, 13 header names and values, a blank line, the column names and one
  row per acta; ``|``, ASCII/UTF-8 without BOM, LF, ``CLAVE_CASILLA`` written ``="…"``, and the file
  ends with an empty line;
* variant **B** (INE 2021/2024): election name, ``DD/MM/YYYY HH:MM (UTC-6)``, blank, header names,
  values, blank, columns, rows; ``,``, UTF-8 with BOM, CRLF, keys written ``'…'``, timestamps
  ``DD/MM/YYYY HH:MM:SS``.

``leer`` accepts either (and ``;``/tab separators, ``="…"`` and ``'…'`` keys, UTF-8 with or without
BOM or cp1252, ``\\n``/``\\r\\n``/``\\r``), finding the header lines by their field names.
``escribir_resultados`` writes either; its 13 header figures are always recomputed from the rows
by ``ople.ley.tally``. Reading S2 and writing it back as variant A gives identical bytes.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, BinaryIO, Final, Literal

from ople.ley.actas import AUXILIARES_INICIO, TOTAL_ASENTADO
from ople.ley.tally import (
    CAMPOS_ENCABEZADO,
    Encabezado,
    ResumenActa,
    TablaActas,
    calcular_encabezado,
)
from ople.prep.perfil import Columnas
from ople.prep.rules import (
    CODIGOS_INCONSISTENCIA,
    EXCEDE_LN,
    FUERA_CATALOGO,
    OBS_ILEGIBLE,
    OBS_SIN_DATO,
    SIN_ACTA_CASILLA_NO_INSTALADA,
    SIN_ACTA_PAQUETE_NO_ENTREGADO,
    SIN_ACTA_SIN_SOBRE,
    TIPOS_CASILLA_ESPECIAL,
    TODOS_ILEGIBLES,
    TODOS_VACIOS,
    ordenar_codigos,
    valor_numerico,
)

Variante = Literal["A", "B"]


class ArchivoInvalido(ValueError):
    """The file is not an INE-format PREP database (message in Spanish)."""


@dataclass(frozen=True)
class FormatoCsv:
    variante: Variante
    separador: str
    codificacion: str  # "utf-8" or "utf-8-sig" (BOM) or "cp1252"
    fin_de_linea: str
    linea_sep: bool  # first line "sep=|"
    blanco_tras_corte: bool  # blank line between the cut time and the header names
    linea_final_vacia: bool  # an extra empty line at the end (S2)
    escape_claves: Literal["excel", "apostrofo"]  # ="…" or '…'
    columnas_escapadas: tuple[str, ...]
    formato_fecha_hora: str  # cells FECHA_HORA_*
    formato_corte: str  # the cut time line


FORMATO_A: Final = FormatoCsv(
    variante="A",
    separador="|",
    codificacion="utf-8",
    fin_de_linea="\n",
    linea_sep=True,
    blanco_tras_corte=False,
    linea_final_vacia=True,
    escape_claves="excel",
    columnas_escapadas=("CLAVE_CASILLA",),
    formato_fecha_hora="%Y-%m-%d %H:%M:%S",
    formato_corte="%Y/%m/%d %H:%M",
)
FORMATO_B: Final = FormatoCsv(
    variante="B",
    separador=",",
    codificacion="utf-8-sig",
    fin_de_linea="\r\n",
    linea_sep=False,
    blanco_tras_corte=True,
    linea_final_vacia=False,
    escape_claves="apostrofo",
    columnas_escapadas=("CLAVE_CASILLA", "CLAVE_ACTA"),
    formato_fecha_hora="%d/%m/%Y %H:%M:%S",
    formato_corte="%d/%m/%Y %H:%M",
)
FORMATOS: Final[dict[str, FormatoCsv]] = {"A": FORMATO_A, "B": FORMATO_B}

# Names seen for the same header field (the S2 LEEME uses the first two on the left).
ALIAS_ENCABEZADO: Final[dict[str, str]] = {
    "ACTAS_FUERA_DE_CATALOGO": "ACTAS_FUERA_CATALOGO",
    "PORCENTAJE_ACTAS_CON_INCONSISTENCIAS": "PORCENTAJE_ACTAS_INCONSISTENCIAS",
}
# Names seen for the same per-acta column (older INE files).
ALIAS_COLUMNA: Final[dict[str, tuple[str, ...]]] = {
    "TOTAL_VOTOS_CALCULADO": ("TOTAL_VOTOS_CALCULADO", "TOTAL_VOTOS_CALCULADOS"),
    "LISTA_NOMINAL": ("LISTA_NOMINAL", "LISTA_NOMINAL_CASILLA"),
    "CODIGO_INTEGRIDAD": ("SHA", "CODIGO_INTEGRIDAD"),
}

COLUMNAS_IDENTIFICACION_FIN: Final = (
    "SECCION",
    "ID_CASILLA",
    "TIPO_CASILLA",
    "EXT_CONTIGUA",
    "UBICACION_CASILLA",
    "TIPO_ACTA",
)
COLUMNAS_TRAS_VOTOS: Final = (TOTAL_ASENTADO, "TOTAL_VOTOS_CALCULADO", "LISTA_NOMINAL")

# Definitions of the 13 header figures (LEEME, web); same order as CAMPOS_ENCABEZADO.
DEFINICIONES_ENCABEZADO: Final[dict[str, str]] = {
    "ACTAS_ESPERADAS": "Número de Actas PREP de todas las casillas aprobadas para la elección. Es constante: forma el Catálogo de Actas Esperadas.",
    "ACTAS_REGISTRADAS": "Actas PREP asentadas en el sistema al momento del corte, contabilizadas o no. Incluye las actas fuera de catálogo (ACTAS_CAPTURADAS + ACTAS_FUERA_CATALOGO).",
    "ACTAS_FUERA_CATALOGO": "Actas registradas que no se asocian a una casilla aprobada por un error u omisión en sus datos de identificación.",
    "ACTAS_CAPTURADAS": "Actas PREP registradas que están dentro del catálogo de actas esperadas, contabilizadas o no (incluye las «sin acta»).",
    "PORCENTAJE_ACTAS_CAPTURADAS": "100 × ACTAS_CAPTURADAS / ACTAS_ESPERADAS, con cuatro decimales: el cuarto decimal se trunca, no se redondea.",
    "ACTAS_CONTABILIZADAS": "Actas capturadas cuyos votos se suman: no exceden la lista nominal (o las boletas de una casilla especial) más los representantes, tienen al menos un dato legible y no son «sin acta».",
    "PORCENTAJE_ACTAS_CONTABILIZADAS": "100 × ACTAS_CONTABILIZADAS / ACTAS_ESPERADAS, truncado a cuatro decimales.",
    "PORCENTAJE_ACTAS_INCONSISTENCIAS": "100 × (actas capturadas con observación Ilegible, Sin dato, Excede lista nominal o todos los campos ilegibles o vacíos) / ACTAS_ESPERADAS, truncado a cuatro decimales. «Sin acta» y fuera de catálogo no cuentan.",
    "ACTAS_NO_CONTABILIZADAS": "ACTAS_CAPTURADAS - ACTAS_CONTABILIZADAS: exceden la lista nominal, no tienen dato legible alguno o son «sin acta».",
    "LISTA_NOMINAL_ACTAS_CONTABILIZADAS": "Suma de LISTA_NOMINAL de las actas contabilizadas (las casillas especiales aportan 0).",
    "TOTAL_VOTOS_C_CS": "Suma de TOTAL_VOTOS_CALCULADO de las actas contabilizadas, incluidas las de casillas especiales.",
    "TOTAL_VOTOS_S_CS": "Suma de TOTAL_VOTOS_CALCULADO de las actas contabilizadas, sin las de casillas especiales.",
    "PORCENTAJE_PARTICIPACION_CIUDADANA": "100 × TOTAL_VOTOS_S_CS / LISTA_NOMINAL_ACTAS_CONTABILIZADAS durante la operación; en el último corte, 100 × TOTAL_VOTOS_C_CS / LISTA_NOMINAL_ACTAS_CONTABILIZADAS. Truncado a cuatro decimales.",
}


_NOMBRES_NO_REGISTRADOS: Final = frozenset({"NO_REGISTRADOS", "NO_REGISTRADAS"})


_CANDIDATURA_INDEPENDIENTE: Final = re.compile(r"(?:CAND_IND_?|CI_)0*(\d{1,2})")


def nombre_publicado(nombres: Columnas, columna: str) -> str:
    """How the open data (CSV and JSON) name a vote column: the profile's names for the
    write-in and null votes and for independent candidacies (``CI_01`` in Aguascalientes 2024,
    ``CAND_IND_1`` in Quintana Roo 2019), whatever the catalog calls them; every other column as
    the catalog names it. One name per concept in every file of a cut."""
    if columna in _NOMBRES_NO_REGISTRADOS:
        return nombres.no_registrados
    if columna == "NULOS":
        return nombres.nulos
    ci = _CANDIDATURA_INDEPENDIENTE.fullmatch(columna)
    if ci:
        return nombres.candidatura_independiente(int(ci.group(1)))
    return columna


def columnas_resultados(
    nombres: Columnas,
    opciones: Sequence[str],
    *,
    municipal: bool = False,
) -> tuple[str, ...]:
    """The ordered column list of a results CSV (§7.3) for the vote columns ``opciones``.

    ``opciones`` are the association columns in INE order (parties, combinations, CI, no
    registrados, nulos); the write-in and null columns are printed with the profile's names
    (``nombres.no_registrados``, ``nombres.nulos``) whatever the catalog calls them.
    ``municipal`` adds ID_MUNICIPIO/MUNICIPIO after the district (ayuntamientos).
    """
    opciones = [nombre_publicado(nombres, o) for o in opciones]
    cols: list[str] = [
        "CLAVE_CASILLA",
        "CLAVE_ACTA",
        nombres.id_entidad,
        nombres.entidad,
        nombres.id_distrito,
        nombres.distrito,
    ]
    if municipal:
        cols += [nombres.id_municipio, nombres.municipio]
    cols += [*COLUMNAS_IDENTIFICACION_FIN, *AUXILIARES_INICIO, *opciones]
    cols += [
        *COLUMNAS_TRAS_VOTOS,
        "REPRESENTANTES_PP_CI",
        "OBSERVACIONES",
        "CONTABILIZADA",
        "MECANISMOS_TRASLADO",
        nombres.codigo_integridad,
        "FECHA_HORA_ACOPIO",
        "FECHA_HORA_CAPTURA",
        "FECHA_HORA_VERIFICACION",
        "ORIGEN",
        "DIGITALIZACION",
        "TIPO_DOCUMENTO",
    ]
    if nombres.cotejada:
        cols.append("COTEJADA")
    return tuple(cols)


def columnas_de_voto(columnas: Sequence[str]) -> tuple[str, ...]:
    """The vote columns of a results CSV: those between TOTAL_VOTOS_SACADOS and TOTAL_VOTOS_ASENTADO."""
    try:
        a = list(columnas).index("TOTAL_VOTOS_SACADOS")
        b = list(columnas).index("TOTAL_VOTOS_ASENTADO")
    except ValueError:
        raise ArchivoInvalido(
            "Faltan las columnas TOTAL_VOTOS_SACADOS o TOTAL_VOTOS_ASENTADO"
        ) from None
    return tuple(columnas[a + 1 : b])


# --- observation labels -----------------------------------------------------------------------


def _normaliza(texto: str) -> str:
    sin_acentos = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return " ".join(sin_acentos.upper().split())


def codigos_de_observacion(texto: str) -> tuple[str, ...]:
    """Observation codes named by an OBSERVACIONES cell of any known institute (§4 table).

    Recognises the QRoo 2019, INE 2021/2024 and CDMX 2024 wordings; several labels may be joined
    with commas. "Identificación por proceso técnico operativo" has no code. Raises
    ``ValueError`` for a label it does not recognise.
    """
    codigos: list[str] = []
    for parte in texto.split(","):
        p = _normaliza(parte)
        if not p:
            continue
        if "CATALOGO" in p or "NO IDENTIFICADA" in p:
            codigos.append(FUERA_CATALOGO)
        elif "SIN ACTA" in p or p.startswith(("NP:", "NC:", "NB:")):
            if "NO ENTREGADO" in p:
                codigos.append(SIN_ACTA_PAQUETE_NO_ENTREGADO)
            elif "NO INSTALADA" in p:
                codigos.append(SIN_ACTA_CASILLA_NO_INSTALADA)
            else:
                codigos.append(SIN_ACTA_SIN_SOBRE)
        elif p.startswith("TODO"):
            codigos.append(TODOS_ILEGIBLES if "ILEGIBLE" in p else TODOS_VACIOS)
        elif "EXCEDE" in p:
            codigos.append(EXCEDE_LN)
        elif "ILEGIBLE" in p or "SIN DATO" in p:
            if "ILEGIBLE" in p:
                codigos.append(OBS_ILEGIBLE)
            if "SIN DATO" in p:
                codigos.append(OBS_SIN_DATO)
        elif "PROCESO TECNICO OPERATIVO" in p:
            continue
        else:
            raise ValueError(f"Observación no reconocida: {parte.strip()!r}")
    return ordenar_codigos(codigos)


# --- reading ----------------------------------------------------------------------------------


@dataclass
class BaseDatos:
    """An INE-format PREP database as read from a file."""

    eleccion: str
    corte: str
    campos_encabezado: tuple[str, ...]  # canonical names (ALIAS_ENCABEZADO applied)
    encabezado_publicado: tuple[str, ...]  # the 13 printed values, as text
    columnas: tuple[str, ...]
    filas: list[dict[str, str]]  # keys unescaped; every other cell as printed
    variante: Variante
    separador: str
    codificacion: str
    fin_de_linea: str
    claves_escapadas: dict[str, str] = field(default_factory=dict)  # column -> "excel"|"apostrofo"

    @property
    def publicado(self) -> dict[str, str]:
        return dict(zip(self.campos_encabezado, self.encabezado_publicado, strict=True))


_FIN_DE_LINEA = re.compile(r"\r\n|\r|\n")


def decodificar(datos: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding): UTF-8 with BOM, UTF-8, or cp1252."""
    if datos.startswith(b"\xef\xbb\xbf"):
        return datos[3:].decode("utf-8"), "utf-8-sig"
    try:
        return datos.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return datos.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise ArchivoInvalido(
            "No se reconoce la codificación del archivo (se esperaba UTF-8 o Windows-1252)"
        ) from None


def _fin_de_linea(texto: str) -> str:
    m = _FIN_DE_LINEA.search(texto)
    return m.group(0) if m else "\n"


def desescapar(celda: str) -> tuple[str, str | None]:
    """``="230085B0100"`` → ("230085B0100", "excel"); ``'0101…'`` → (…, "apostrofo")."""
    if len(celda) >= 3 and celda.startswith('="') and celda.endswith('"'):
        return celda[2:-1], "excel"
    if len(celda) >= 2 and celda.startswith("'"):
        return celda[1:-1] if celda.endswith("'") and len(celda) > 2 else celda[1:], "apostrofo"
    return celda, None


def escapar(valor: str, estilo: str) -> str:
    return f'="{valor}"' if estilo == "excel" else f"'{valor}'"


def _partir(linea: str, sep: str) -> list[str]:
    """Split one line. Variant A (``|``) has no quoting at all; others follow RFC 4180."""
    if sep == "|" or '"' not in linea:
        return linea.split(sep)
    return next(csv.reader([linea], delimiter=sep, quotechar='"'))


def _leer_cuerpo(
    lector: Iterable[list[str]],
    columnas: tuple[str, ...],
    filas: list[dict[str, str]],
    escapadas: dict[str, str],
    *,
    inicio: int,
) -> None:
    ncol = len(columnas)
    for num, celdas in enumerate(lector, start=inicio):
        if len(celdas) != ncol:
            raise ArchivoInvalido(
                f"La fila {num - inicio + 1} de datos tiene {len(celdas)} campos; se esperaban {ncol}"
            )
        for c, celda in enumerate(celdas):
            if celda[:1] in ("=", "'"):
                valor, estilo = desescapar(celda)
                if estilo is not None:
                    celdas[c] = valor
                    escapadas.setdefault(columnas[c], estilo)
        filas.append(dict(zip(columnas, celdas, strict=True)))


def leer(datos: bytes) -> BaseDatos:
    """Parse an INE-format PREP results database (either variant)."""
    texto, codificacion = decodificar(datos)
    fin = _fin_de_linea(texto)
    lineas = _FIN_DE_LINEA.split(texto)
    i_enc = next((i for i, ln in enumerate(lineas) if "ACTAS_ESPERADAS" in ln), None)
    if i_enc is None:
        raise ArchivoInvalido(
            "No es una base de datos del PREP: no se encontró la línea con ACTAS_ESPERADAS"
        )
    linea_enc = lineas[i_enc].strip()
    resto = linea_enc[linea_enc.index("ACTAS_ESPERADAS") + len("ACTAS_ESPERADAS") :]
    sep = resto[0] if resto else "|"
    if sep not in "|,;\t":
        raise ArchivoInvalido(f"Separador no reconocido después de ACTAS_ESPERADAS: {sep!r}")
    nombres = [ALIAS_ENCABEZADO.get(n.strip(), n.strip()) for n in _partir(linea_enc, sep)]
    nombres = [n for n in nombres if n]
    if tuple(nombres) != CAMPOS_ENCABEZADO:
        faltan = [n for n in CAMPOS_ENCABEZADO if n not in nombres]
        raise ArchivoInvalido(
            "El encabezado no tiene los 13 campos esperados"
            + (f"; faltan: {', '.join(faltan)}" if faltan else "; el orden difiere")
        )
    previas = [
        _partir(ln, sep)[0].strip()
        for ln in lineas[:i_enc]
        if ln.strip() and not ln.strip().lower().startswith("sep=")
    ]
    eleccion = previas[0] if previas else ""
    corte = previas[1] if len(previas) > 1 else ""
    j = i_enc + 1
    while j < len(lineas) and not lineas[j].strip():
        j += 1
    if j >= len(lineas):
        raise ArchivoInvalido("Falta la línea de valores del encabezado")
    valores = [v.strip() for v in _partir(lineas[j], sep)][: len(CAMPOS_ENCABEZADO)]
    if len(valores) != len(CAMPOS_ENCABEZADO):
        raise ArchivoInvalido("La línea de valores del encabezado no tiene 13 valores")
    k = next(
        (k for k in range(j + 1, len(lineas)) if "CLAVE_ACTA" in lineas[k]),
        None,
    )
    if k is None:
        raise ArchivoInvalido("No se encontró la línea de columnas (con CLAVE_ACTA)")
    columnas = tuple(c.strip() for c in _partir(lineas[k], sep))
    if len(set(columnas)) != len(columnas):
        raise ArchivoInvalido("Hay columnas repetidas en la línea de columnas")
    filas: list[dict[str, str]] = []
    escapadas: dict[str, str] = {}
    cuerpo = [ln for ln in lineas[k + 1 :] if ln.strip()]
    lector: Iterable[list[str]]
    if sep == "|":
        lector = (ln.split(sep) for ln in cuerpo)
    else:
        lector = csv.reader(cuerpo, delimiter=sep, quotechar='"')
    try:
        _leer_cuerpo(lector, columnas, filas, escapadas, inicio=k + 2)
    except csv.Error as exc:
        raise ArchivoInvalido(f"Fila de datos ilegible: {exc}") from None
    variante: Variante = "A" if sep == "|" else "B"
    return BaseDatos(
        eleccion=eleccion,
        corte=corte,
        campos_encabezado=CAMPOS_ENCABEZADO,
        encabezado_publicado=tuple(valores),
        columnas=columnas,
        filas=filas,
        variante=variante,
        separador=sep,
        codificacion=codificacion,
        fin_de_linea=fin,
        claves_escapadas=escapadas,
    )


def columna(columnas: Sequence[str], canonica: str) -> str:
    """The name a file uses for a column that has aliases (``SHA``/``CODIGO_INTEGRIDAD`` …)."""
    for nombre in ALIAS_COLUMNA.get(canonica, (canonica,)):
        if nombre in columnas:
            return nombre
    raise ArchivoInvalido(f"Falta la columna {canonica}")


DecodificadorObservaciones = Callable[[str], tuple[str, ...]]
_CONTABILIZADA: Final[dict[object, int]] = {"0": 0, "1": 1, "2": 2, 0: 0, 1: 1, 2: 2}


Fila = Mapping[str, object] | Sequence[object]  # by column name, or aligned with ``columnas``


def resumenes(
    columnas: Sequence[str],
    filas: Iterable[Fila],
    *,
    decodificar_observaciones: DecodificadorObservaciones = codigos_de_observacion,
    tipos_especial: frozenset[str] = TIPOS_CASILLA_ESPECIAL,
) -> Iterator[ResumenActa]:
    """The per-acta facts the header needs, read from CSV rows (mappings or sequences aligned
    with ``columnas``).

    Out of catalogue: CONTABILIZADA = 2 (INE 2024) or the FUERA_CATALOGO observation.
    Inconsistent: an observation among ``CODIGOS_INCONSISTENCIA``.
    """
    nombres = ("OBSERVACIONES", "CONTABILIZADA", "TIPO_CASILLA")
    faltan = [n for n in nombres if n not in columnas]
    if faltan:
        raise ArchivoInvalido(f"Faltan las columnas {', '.join(faltan)}")
    c_obs, c_contab, c_tipo = nombres
    c_ln = columna(columnas, "LISTA_NOMINAL")
    c_total = columna(columnas, "TOTAL_VOTOS_CALCULADO")
    posicion = {c: i for i, c in enumerate(columnas)}
    cache: dict[object, tuple[bool, bool]] = {}
    for f in filas:
        if isinstance(f, Mapping):
            obs, contab_celda, tipo, ln, total = (
                f.get(c_obs),
                f.get(c_contab),
                f.get(c_tipo),
                f.get(c_ln),
                f.get(c_total),
            )
        else:
            obs, contab_celda, tipo, ln, total = (
                f[posicion[c_obs]],
                f[posicion[c_contab]],
                f[posicion[c_tipo]],
                f[posicion[c_ln]],
                f[posicion[c_total]],
            )
        hechos = cache.get(obs)
        if hechos is None:
            codigos = decodificar_observaciones(str(obs or ""))
            hechos = cache[obs] = (
                FUERA_CATALOGO in codigos,
                any(c in CODIGOS_INCONSISTENCIA for c in codigos),
            )
        fuera, inconsistente = hechos
        contab = _CONTABILIZADA.get(contab_celda)
        if contab is None:
            raise ArchivoInvalido(f"CONTABILIZADA no válido: {contab_celda!r}")
        en_catalogo = contab != 2 and not fuera
        yield ResumenActa(
            en_catalogo,
            contab == 1 and en_catalogo,
            inconsistente,
            tipo in tipos_especial,
            ln if type(ln) is int else valor_numerico(ln),
            total if type(total) is int else valor_numerico(total),
        )


def recalcular_encabezado(
    base: BaseDatos,
    *,
    actas_esperadas: int | None = None,
    corte_final: bool = True,
    decodificar_observaciones: DecodificadorObservaciones = codigos_de_observacion,
    tipos_especial: frozenset[str] = TIPOS_CASILLA_ESPECIAL,
) -> Encabezado:
    """Recompute the 13 figures from the rows. ACTAS_ESPERADAS cannot be derived from the rows:
    it is taken from the published header unless given."""
    if actas_esperadas is None:
        try:
            actas_esperadas = int(base.encabezado_publicado[0])
        except ValueError:
            raise ArchivoInvalido("ACTAS_ESPERADAS publicado no es un número") from None
    return calcular_encabezado(
        resumenes(
            base.columnas,
            base.filas,
            decodificar_observaciones=decodificar_observaciones,
            tipos_especial=tipos_especial,
        ),
        actas_esperadas=actas_esperadas,
        corte_final=corte_final,
    )


def filas_con_total_incorrecto(base: BaseDatos) -> list[tuple[str, str, int]]:
    """Rows whose TOTAL_VOTOS_CALCULADO is not the sum of their vote columns (§5.1):
    (CLAVE_ACTA, published total, recomputed sum)."""
    votos = columnas_de_voto(base.columnas)
    c_total = columna(base.columnas, "TOTAL_VOTOS_CALCULADO")
    malas: list[tuple[str, str, int]] = []
    for f in base.filas:
        suma = sum(valor_numerico(f[c]) for c in votos)
        if str(suma) != f[c_total]:
            malas.append((f.get("CLAVE_ACTA", "?"), f[c_total], suma))
    return malas


# --- writing ----------------------------------------------------------------------------------

Celda = str | int | bool | datetime | None


def _texto_celda(valor: object, formato: FormatoCsv, zona: tzinfo | None) -> str:
    if valor is None:
        return ""
    if isinstance(valor, str):
        return valor
    if isinstance(valor, bool):
        return "1" if valor else "0"
    if isinstance(valor, int):
        return str(valor)
    if isinstance(valor, datetime):
        local = valor.astimezone(zona) if (zona is not None and valor.tzinfo) else valor
        return _fecha_hora(local, formato.formato_fecha_hora)
    raise TypeError(f"Valor de celda no admitido: {type(valor).__name__}")


def _fecha_hora(t: datetime, formato: str) -> str:
    """`t.strftime(formato)`, by hand for the two layouts of `FORMATOS` (a third of the cost;
    `test_fecha_hora_como_strftime` checks they agree)."""
    if t.year >= 1000:
        if formato == "%Y-%m-%d %H:%M:%S":
            return f"{t.year}-{t.month:02d}-{t.day:02d} {t.hour:02d}:{t.minute:02d}:{t.second:02d}"
        if formato == "%d/%m/%Y %H:%M:%S":
            return f"{t.day:02d}/{t.month:02d}/{t.year} {t.hour:02d}:{t.minute:02d}:{t.second:02d}"
    return t.strftime(formato)


def _unir(celdas: Sequence[str], formato: FormatoCsv) -> str:
    """Join one row. Fast path: join, then check the whole line once (C speed)."""
    sep = formato.separador
    linea = sep.join(celdas)
    limpia = "\n" not in linea and "\r" not in linea
    if limpia and linea.count(sep) == len(celdas) - 1 and '"' not in linea:
        return linea
    if not limpia:
        raise ValueError(f"Una celda contiene un salto de línea: {linea[:80]!r}")
    if formato.variante == "A":
        if linea.count(sep) != len(celdas) - 1:
            raise ValueError(f"Una celda contiene el separador {sep!r}: {linea[:80]!r}")
        return linea  # variant A has no quoting: '"' is an ordinary character
    partes = []
    for c in celdas:
        if sep in c or '"' in c:
            c = '"' + c.replace('"', '""') + '"'
        partes.append(c)
    return sep.join(partes)


def texto_corte(momento: datetime, *, formato: FormatoCsv, zona: tzinfo, desfase_utc: str) -> str:
    """``2019/06/03 05:47 (UTC-5)`` (A) or ``03/06/2024 05:47 (UTC-6)`` (B)."""
    return f"{momento.astimezone(zona).strftime(formato.formato_corte)} ({desfase_utc})"


_COLUMNAS_TIPADAS: Final = (
    "FECHA_HORA_ACOPIO",
    "FECHA_HORA_CAPTURA",
    "FECHA_HORA_VERIFICACION",
    "CONTABILIZADA",
    "COTEJADA",
)


def _escritor(buf: io.StringIO, formato: FormatoCsv) -> Any:
    if (
        formato.variante == "A"
    ):  # no quoting at all: a separator or line break in a cell is an error
        return csv.writer(
            buf,
            delimiter=formato.separador,
            quoting=csv.QUOTE_NONE,
            quotechar=None,
            escapechar=None,
            lineterminator=formato.fin_de_linea,
        )
    return csv.writer(
        buf,
        delimiter=formato.separador,
        quotechar='"',
        quoting=csv.QUOTE_MINIMAL,
        lineterminator=formato.fin_de_linea,
    )


def cabecera_resultados(
    *,
    formato: FormatoCsv,
    eleccion: str,
    corte: str,
    columnas: Sequence[str],
    encabezado: Encabezado,
) -> str:
    """Everything before the first acta row, line ends included."""
    sep = formato.separador
    fin = formato.fin_de_linea
    cabeza: list[str] = []
    if formato.linea_sep:
        cabeza.append(f"sep={sep}")
    cabeza += [_unir([eleccion], formato), _unir([corte], formato)]
    if formato.blanco_tras_corte:
        cabeza.append("")
    cabeza += [sep.join(CAMPOS_ENCABEZADO), sep.join(encabezado.valores()), ""]
    cabeza.append(_unir(list(columnas), formato))
    return fin.join(cabeza) + fin


def renderizar_fila(
    fila: Fila, *, columnas: Sequence[str], formato: FormatoCsv, zona: tzinfo | None = None
) -> str:
    """The text of one acta row with its line end, exactly as ``escribir_resultados`` writes it.

    A row's text depends only on its acta and its verification, so a cut builder may cache it
    between cuts and pass the cached lines to ``escribir_desde_tabla``.
    """
    return "".join(
        _bloques_resultados(
            formato=formato,
            eleccion="",
            corte="",
            columnas=columnas,
            filas=[fila],
            encabezado=None,
            zona=zona,
        )
    )


def renderizar_filas(
    filas: Iterable[Fila],
    *,
    columnas: Sequence[str],
    formato: FormatoCsv,
    zona: tzinfo | None = None,
) -> list[str]:
    """``renderizar_fila`` for many rows at once (one CSV writer; about 10× faster per row)."""
    escapadas = [i for i, c in enumerate(columnas) if c in formato.columnas_escapadas]
    tipadas = [i for i, c in enumerate(columnas) if c in _COLUMNAS_TIPADAS]
    excel = formato.escape_claves == "excel"
    buf = io.StringIO()
    escritor = _escritor(buf, formato)
    fin = formato.fin_de_linea
    sep = formato.separador
    n = len(columnas)
    # Fast path: a row whose cells hold no separator, quote or line break is what the csv
    # writer prints, joined; any other row goes through the writer (which also rejects it in
    # variant A). Times repeat across actas: each distinct one is formatted once.
    textos: dict[object, str] = {}
    salida: list[str] = []
    # variant A's writer never quotes (QUOTE_NONE, no quote character): a quote, such as the
    # one of its ="…" keys, is printed as it is, so it does not send the row to the writer
    sin_comillas = formato.variante == "A"
    for f in filas:
        fila = list(map(f.get, columnas)) if isinstance(f, Mapping) else list(f)
        if len(fila) != n:
            raise ValueError(f"Una fila tiene {len(fila)} celdas; se esperaban {n}")
        for i in escapadas:
            v = fila[i]
            if v is not None and v != "":
                fila[i] = f'="{v}"' if excel else f"'{v}'"
        for i in tipadas:
            v = fila[i]
            if v is not None and type(v) is not str and type(v) is not int:
                t = textos.get(v)
                if t is None:
                    t = textos[v] = _texto_celda(v, formato, zona)
                fila[i] = t
        celdas = [c if type(c) is str else ("" if c is None else str(c)) for c in fila]
        linea = sep.join(celdas)
        if (
            n > 1
            and linea.count(sep) == n - 1
            and (sin_comillas or '"' not in linea)
            and "\r" not in linea
            and "\n" not in linea
        ):
            salida.append(linea + fin)
            continue
        try:
            escritor.writerow(fila)
        except csv.Error:
            raise ValueError(
                f"Una celda contiene el separador o un salto de línea: {fila!r:.200}"
            ) from None
        texto = buf.getvalue()
        buf.seek(0)
        buf.truncate()
        if (
            texto.count("\n") != 1
            or not texto.endswith(fin)
            or texto.count("\r") != fin.count("\r")
        ):
            raise ValueError("Una celda contiene un salto de línea")
        salida.append(texto)
    return salida


def escribir_desde_tabla(
    destino: BinaryIO | None = None,
    *,
    formato: FormatoCsv | str,
    eleccion: str,
    corte: str,
    columnas: Sequence[str],
    lineas: Sequence[str],
    tabla: TablaActas,
    actas_esperadas: int,
    corte_final: bool,
    especiales_hasta_corte_final: bool = True,
) -> bytes | None:
    """Write a results CSV from pre-rendered rows (``renderizar_fila``, same order as ``tabla``).

    The 13 figures are computed by ``tabla.encabezado`` from the same actas: the fast path of a
    cut builder that keeps a ``TablaActas`` and caches row texts between cuts.
    """
    fmt = FORMATOS[formato] if isinstance(formato, str) else formato
    if len(lineas) != len(tabla):
        raise ValueError(f"hay {len(lineas)} filas renderizadas y {len(tabla)} actas en la tabla")
    encabezado = tabla.encabezado(
        actas_esperadas=actas_esperadas,
        corte_final=corte_final,
        especiales_hasta_corte_final=especiales_hasta_corte_final,
    )

    def bloques() -> Iterator[str]:
        yield cabecera_resultados(
            formato=fmt, eleccion=eleccion, corte=corte, columnas=columnas, encabezado=encabezado
        )
        for i in range(0, len(lineas), 8192):
            yield "".join(lineas[i : i + 8192])
        if fmt.linea_final_vacia:
            yield fmt.fin_de_linea

    if destino is None:
        buf = io.BytesIO()
        _codificar(bloques(), fmt, buf)
        return buf.getvalue()
    _codificar(bloques(), fmt, destino)
    return None


def _bloques_resultados(
    *,
    formato: FormatoCsv,
    eleccion: str,
    corte: str,
    columnas: Sequence[str],
    filas: Sequence[Fila],
    encabezado: Encabezado | None,
    zona: tzinfo | None,
    filas_por_bloque: int = 4096,
) -> Iterator[str]:
    """The CSV text in blocks (line ends included). Cells: str, int or None; in FECHA_HORA_*,
    CONTABILIZADA and COTEJADA also datetime and bool."""
    sep = formato.separador
    fin = formato.fin_de_linea
    if encabezado is not None:
        yield cabecera_resultados(
            formato=formato,
            eleccion=eleccion,
            corte=corte,
            columnas=columnas,
            encabezado=encabezado,
        )

    escapadas = [i for i, c in enumerate(columnas) if c in formato.columnas_escapadas]
    tipadas = [i for i, c in enumerate(columnas) if c in _COLUMNAS_TIPADAS]
    estilo = formato.escape_claves
    buf = io.StringIO()
    escritor = _escritor(buf, formato)
    cr_por_fila = fin.count("\r")
    n = 0
    for f in filas:
        fila = list(map(f.get, columnas)) if isinstance(f, Mapping) else list(f)
        if len(fila) != len(columnas):
            raise ValueError(f"Una fila tiene {len(fila)} celdas; se esperaban {len(columnas)}")
        for i in escapadas:
            v = fila[i]
            if v is not None and v != "":
                fila[i] = f'="{v}"' if estilo == "excel" else f"'{v}'"
        for i in tipadas:
            v = fila[i]
            if v is not None and type(v) is not str and type(v) is not int:
                fila[i] = _texto_celda(v, formato, zona)
        try:
            escritor.writerow(fila)
        except csv.Error:
            raise ValueError(
                f"Una celda contiene el separador {sep!r} o un salto de línea: {fila!r:.200}"
            ) from None
        n += 1
        if n == filas_por_bloque:
            yield _revisar_bloque(buf, n, cr_por_fila)
            buf.seek(0)
            buf.truncate()
            n = 0
    if n:
        yield _revisar_bloque(buf, n, cr_por_fila)
    if formato.linea_final_vacia and encabezado is not None:
        yield fin


def _revisar_bloque(buf: io.StringIO, filas: int, cr_por_fila: int) -> str:
    texto = buf.getvalue()
    if texto.count("\n") != filas or texto.count("\r") != filas * cr_por_fila:
        raise ValueError("Una celda contiene un salto de línea")
    return texto


def lineas_resultados(
    *,
    formato: FormatoCsv,
    eleccion: str,
    corte: str,
    columnas: Sequence[str],
    filas: Sequence[Fila],
    actas_esperadas: int,
    corte_final: bool,
    especiales_hasta_corte_final: bool = True,
    decodificar_observaciones: DecodificadorObservaciones = codigos_de_observacion,
    tipos_especial: frozenset[str] = TIPOS_CASILLA_ESPECIAL,
    zona: tzinfo | None = None,
) -> Iterator[str]:
    """The results CSV as text blocks. The header is computed from ``filas`` by tally."""
    encabezado = calcular_encabezado(
        resumenes(
            columnas,
            filas,
            decodificar_observaciones=decodificar_observaciones,
            tipos_especial=tipos_especial,
        ),
        actas_esperadas=actas_esperadas,
        corte_final=corte_final,
        especiales_hasta_corte_final=especiales_hasta_corte_final,
    )
    return _bloques_resultados(
        formato=formato,
        eleccion=eleccion,
        corte=corte,
        columnas=columnas,
        filas=filas,
        encabezado=encabezado,
        zona=zona,
    )


def _codificar(bloques: Iterable[str], formato: FormatoCsv, destino: BinaryIO) -> None:
    cod = "utf-8" if formato.codificacion == "utf-8-sig" else formato.codificacion
    if formato.codificacion == "utf-8-sig":
        destino.write(b"\xef\xbb\xbf")
    for bloque in bloques:
        destino.write(bloque.encode(cod))


def escribir_resultados(
    destino: BinaryIO | None = None,
    *,
    formato: FormatoCsv | str,
    eleccion: str,
    corte: str,
    columnas: Sequence[str],
    filas: Sequence[Fila],
    actas_esperadas: int,
    corte_final: bool,
    especiales_hasta_corte_final: bool = True,
    decodificar_observaciones: DecodificadorObservaciones = codigos_de_observacion,
    tipos_especial: frozenset[str] = TIPOS_CASILLA_ESPECIAL,
    zona: tzinfo | None = None,
) -> bytes | None:
    """Write a results CSV. Returns the bytes when ``destino`` is None, else streams to it.

    ``filas``: one mapping per acta, column name → str | int | bool | datetime | None (aware
    datetimes are printed in ``zona``); keys are escaped here, per variant. ``corte``: the cut
    line as printed (``texto_corte``).
    """
    fmt = FORMATOS[formato] if isinstance(formato, str) else formato
    lineas = lineas_resultados(
        formato=fmt,
        eleccion=eleccion,
        corte=corte,
        columnas=columnas,
        filas=filas,
        actas_esperadas=actas_esperadas,
        corte_final=corte_final,
        especiales_hasta_corte_final=especiales_hasta_corte_final,
        decodificar_observaciones=decodificar_observaciones,
        tipos_especial=tipos_especial,
        zona=zona,
    )
    if destino is None:
        buf = io.BytesIO()
        _codificar(lineas, fmt, buf)
        return buf.getvalue()
    _codificar(lineas, fmt, destino)
    return None


# --- candidaturas (§7.4) ----------------------------------------------------------------------

COLUMNAS_CANDIDATURAS_A: Final = (
    "ID_ESTADO",
    "ID_DISTRITO_LOCAL",
    "PARTIDO_CI",
    "CANDIDATURA_PROPIETARIA",
    "CANDIDATURA_SUPLENTE",
)


@dataclass
class Candidaturas:
    columnas: tuple[str, ...]
    filas: list[dict[str, str]]
    codificacion: str
    fin_de_linea: str


def leer_candidaturas(datos: bytes) -> Candidaturas:
    texto, codificacion = decodificar(datos)
    fin = _fin_de_linea(texto)
    lineas = [ln for ln in _FIN_DE_LINEA.split(texto) if ln.strip()]
    if not lineas:
        raise ArchivoInvalido("El archivo de candidaturas está vacío")
    sep = "|" if lineas[0].count("|") > lineas[0].count(",") else ","
    lector = csv.reader(lineas, delimiter=sep, quotechar='"')
    columnas = tuple(next(lector))
    filas = []
    for num, celdas in enumerate(lector, start=2):
        if len(celdas) != len(columnas):
            raise ArchivoInvalido(f"La fila {num} de candidaturas no tiene {len(columnas)} campos")
        filas.append(dict(zip(columnas, celdas, strict=True)))
    return Candidaturas(columnas, filas, codificacion, fin)


def escribir_candidaturas(
    *,
    columnas: Sequence[str],
    filas: Iterable[Mapping[str, object]],
    codificacion: str = "utf-8-sig",
    fin_de_linea: str = "\r\n",
) -> bytes:
    """The candidaturas CSV: comma-separated, one row per (demarcación, association).

    The S2 file is cp1252 with LF line ends; the INE 2024 style is UTF-8 with BOM and CRLF.
    """
    fmt = FormatoCsv(
        variante="B",
        separador=",",
        codificacion=codificacion,
        fin_de_linea=fin_de_linea,
        linea_sep=False,
        blanco_tras_corte=False,
        linea_final_vacia=False,
        escape_claves="apostrofo",
        columnas_escapadas=(),
        formato_fecha_hora="%Y-%m-%d %H:%M:%S",
        formato_corte="",
    )

    def bloques() -> Iterator[str]:
        yield _unir(list(columnas), fmt) + fin_de_linea
        for f in filas:
            yield _unir([_texto_celda(f.get(c), fmt, None) for c in columnas], fmt) + fin_de_linea

    buf = io.BytesIO()
    _codificar(bloques(), fmt, buf)
    return buf.getvalue()
