"""Reconciliation of the local VPMRG register with INE's national register (RNPS). Pure.

The IEE found people sanctioned by the state tribunal missing from the national register (legal.md
§4.2, S35): staff import the list INE publishes and get, for this entidad, the entries missing on
either side and the fields that differ.

**The CSV** (UTF-8, comma-separated, a header line; the columns of the RNPS's public fields, in
any order, extra columns ignored):

    NOMBRE, SEXO (MUJER|HOMBRE|NO BINARIA or M|H|NB), CANDIDATURA (SI|NO), AMBITO
    (MUNICIPAL|ESTATAL|FEDERAL), ENTIDAD, AUTORIDAD_SANCIONADORA, EXPEDIENTE,
    FECHA_RESOLUCION (AAAA-MM-DD or DD/MM/AAAA), CONDUCTA, CALIFICACION (LEVE|ORDINARIA|GRAVE
    ORDINARIA|GRAVE|ESPECIAL), SANCION, REINCIDENCIA (SI|NO), PERMANENCIA ("3 AÑOS", "4 AÑOS 6
    MESES", "18 MESES"), PERDIDA_MODO_HONESTO (SI|NO)

**Matching**: a national row and a local entry are the same when the normalised name and the
normalised case number are equal (`normalizar_nombre`: case, accents, punctuation, spaces).
Only national rows of the profile's entidad are compared.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final

from ople.core.errors import OpleError
from ople.ley.permanencia import normalizar_nombre

COLUMNAS: Final[tuple[str, ...]] = (
    "NOMBRE",
    "SEXO",
    "CANDIDATURA",
    "AMBITO",
    "ENTIDAD",
    "AUTORIDAD_SANCIONADORA",
    "EXPEDIENTE",
    "FECHA_RESOLUCION",
    "CONDUCTA",
    "CALIFICACION",
    "SANCION",
    "REINCIDENCIA",
    "PERMANENCIA",
    "PERDIDA_MODO_HONESTO",
)
SEXOS: Final = {"MUJER": "M", "M": "M", "HOMBRE": "H", "H": "H", "NO BINARIA": "NB", "NB": "NB"}
CALIFICACIONES: Final = {
    "LEVE": "leve",
    "ORDINARIA": "ordinaria",
    "GRAVE ORDINARIA": "grave_ordinaria",
    "GRAVE": "grave",
    "ESPECIAL": "especial",
}
MAX_BYTES: Final = 10 * 1024 * 1024

# The fields compared on matched entries, with their Spanish names.
CAMPOS: Final[tuple[tuple[str, str], ...]] = (
    ("sexo", "sexo"),
    ("autoridad_sancionadora", "autoridad sancionadora"),
    ("fecha_resolucion_firme", "fecha de la resolución"),
    ("calificacion", "calificación"),
    ("sancion", "sanción"),
    ("reincidencia", "reincidencia"),
    ("meses_permanencia", "permanencia (meses)"),
    ("perdida_modo_honesto", "pérdida del modo honesto de vivir"),
)
_TEXTO_NORMALIZADO: Final = frozenset({"autoridad_sancionadora", "sancion"})


class ArchivoInvalido(OpleError):
    estado = 400


@dataclass(frozen=True)
class Registro:
    """One entry on either side, in the fields compared."""

    nombre: str
    expediente: str
    sexo: str
    autoridad_sancionadora: str
    fecha_resolucion_firme: date
    calificacion: str
    sancion: str
    reincidencia: bool
    meses_permanencia: int
    perdida_modo_honesto: bool
    entidad: str = ""
    linea: int = 0  # the CSV line (national rows)
    entrada_id: int = 0  # the local entry
    # A local entry already on the historical list: the first day it was no longer current.
    historica_desde: date | None = None

    @property
    def consulta_captura(self) -> str:
        """The query string that prefills the capture form with this row."""
        from urllib.parse import urlencode

        campos = {
            "nombre": self.nombre,
            "expediente": self.expediente,
            "sexo": self.sexo,
            "autoridad_sancionadora": self.autoridad_sancionadora,
            "fecha_resolucion_firme": self.fecha_resolucion_firme.isoformat(),
            "calificacion": self.calificacion,
            "sancion": self.sancion,
            "entidad": self.entidad.title(),
        }
        if self.reincidencia:
            campos["reincidencia"] = "on"
        if self.perdida_modo_honesto:
            campos["perdida_modo_honesto"] = "on"
        return urlencode(campos)

    @property
    def llave(self) -> tuple[str, str]:
        return (normalizar_nombre(self.nombre), normalizar_nombre(self.expediente))


@dataclass(frozen=True)
class Diferencia:
    campo: str
    local: str
    nacional: str


@dataclass(frozen=True)
class Reporte:
    faltan_en_nacional: tuple[Registro, ...]  # local entries INE does not list
    faltan_en_local: tuple[Registro, ...]  # INE rows of this entidad the local register lacks
    diferencias: tuple[tuple[Registro, Registro, tuple[Diferencia, ...]], ...] = field(default=())
    coinciden: int = 0

    def como_json(self) -> dict[str, Any]:
        def r(x: Registro) -> dict[str, Any]:
            return {
                "nombre": x.nombre,
                "expediente": x.expediente,
                "linea": x.linea,
                "entrada": x.entrada_id,
            }

        return {
            "faltan_en_nacional": [r(x) for x in self.faltan_en_nacional],
            "faltan_en_local": [r(x) for x in self.faltan_en_local],
            "diferencias": [
                {
                    "local": r(lo),
                    "nacional": r(na),
                    "campos": [
                        {"campo": d.campo, "local": d.local, "nacional": d.nacional} for d in ds
                    ],
                }
                for lo, na, ds in self.diferencias
            ],
            "coinciden": self.coinciden,
        }


def _si_no(valor: str, linea: int, columna: str) -> bool:
    v = normalizar_nombre(valor)
    if v in ("SI", "S", "1", "TRUE"):
        return True
    if v in ("NO", "N", "0", "FALSE", ""):
        return False
    raise ArchivoInvalido("valor", f"Línea {linea}, {columna}: se esperaba SI o NO, no {valor!r}.")


def _fecha(valor: str, linea: int) -> date:
    v = valor.strip()
    for formato in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(v, formato).date()
        except ValueError:
            continue
    raise ArchivoInvalido(
        "fecha",
        f"Línea {linea}, FECHA_RESOLUCION: fecha no válida {valor!r} (use AAAA-MM-DD o DD/MM/AAAA).",
    )


_PERMANENCIA = re.compile(r"^(?:(\d+) ANOS?)?\s*(?:Y\s*)?(?:(\d+) MES(?:ES)?)?$")


def meses_de_texto(valor: str, linea: int = 0) -> int:
    """ "3 años" → 36, "4 años 6 meses" → 54, "18 meses" → 18."""
    m = _PERMANENCIA.match(normalizar_nombre(valor))
    if not m or not (m.group(1) or m.group(2)):
        raise ArchivoInvalido(
            "permanencia", f"Línea {linea}, PERMANENCIA: no se entiende {valor!r}."
        )
    return int(m.group(1) or 0) * 12 + int(m.group(2) or 0)


def leer_csv(datos: bytes) -> list[Registro]:
    """The national rows of the CSV, or `ArchivoInvalido` naming the line and the column."""
    if len(datos) > MAX_BYTES:
        raise ArchivoInvalido("grande", "El archivo excede 10 MB.")
    try:
        texto = datos.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArchivoInvalido("codificacion", "El archivo no está en UTF-8.") from None
    lector = csv.DictReader(io.StringIO(texto))
    encabezado = [normalizar_nombre(c).replace(" ", "_") for c in (lector.fieldnames or [])]
    faltan = [c for c in COLUMNAS if c not in encabezado]
    if faltan:
        raise ArchivoInvalido("columnas", f"Faltan columnas en el archivo: {', '.join(faltan)}.")
    lector.fieldnames = encabezado
    filas: list[Registro] = []
    for fila in lector:
        linea = lector.line_num
        valores = {k: (v or "").strip() for k, v in fila.items() if k in COLUMNAS}
        if not valores["NOMBRE"]:
            raise ArchivoInvalido("nombre", f"Línea {linea}: falta el NOMBRE.")
        sexo = SEXOS.get(normalizar_nombre(valores["SEXO"]))
        if sexo is None:
            raise ArchivoInvalido(
                "sexo", f"Línea {linea}, SEXO: valor desconocido {valores['SEXO']!r}."
            )
        calificacion = CALIFICACIONES.get(normalizar_nombre(valores["CALIFICACION"]))
        if calificacion is None:
            raise ArchivoInvalido(
                "calificacion",
                f"Línea {linea}, CALIFICACION: valor desconocido {valores['CALIFICACION']!r}.",
            )
        filas.append(
            Registro(
                nombre=" ".join(valores["NOMBRE"].split()),
                expediente=valores["EXPEDIENTE"],
                sexo=sexo,
                autoridad_sancionadora=valores["AUTORIDAD_SANCIONADORA"],
                fecha_resolucion_firme=_fecha(valores["FECHA_RESOLUCION"], linea),
                calificacion=calificacion,
                sancion=valores["SANCION"],
                reincidencia=_si_no(valores["REINCIDENCIA"], linea, "REINCIDENCIA"),
                meses_permanencia=meses_de_texto(valores["PERMANENCIA"], linea),
                perdida_modo_honesto=_si_no(
                    valores["PERDIDA_MODO_HONESTO"], linea, "PERDIDA_MODO_HONESTO"
                ),
                entidad=valores["ENTIDAD"],
                linea=linea,
            )
        )
    return filas


def _valor(registro: Registro, campo: str) -> Any:
    v = getattr(registro, campo)
    return normalizar_nombre(v) if campo in _TEXTO_NORMALIZADO else v


def _texto(v: Any) -> str:
    if isinstance(v, bool):
        return "Sí" if v else "No"
    return str(v)


def conciliar(
    locales: Iterable[Registro], nacionales: Sequence[Registro], *, entidad: str
) -> Reporte:
    """Compare the local entries with the national rows of `entidad`.

    `locales` holds the current entries and the historical ones (`historica_desde` set): a
    national row that matches a local historical entry is a difference in the situation (INE
    still lists the person), never an entry missing locally; a historical entry INE does not
    list is in order."""
    ent = normalizar_nombre(entidad)
    nac = {n.llave: n for n in nacionales if normalizar_nombre(n.entidad) == ent}
    loc: dict[tuple[str, str], Registro] = {}
    for lo in locales:
        # a person sanctioned twice in one case (a current entry and a historical one) is
        # compared as current: the historical one never hides it
        if lo.historica_desde is None or lo.llave not in loc:
            loc[lo.llave] = lo
    diferencias = []
    coinciden = 0
    for llave in sorted(set(loc) & set(nac)):
        lo, na = loc[llave], nac[llave]
        ds = tuple(
            Diferencia(etiqueta, _texto(getattr(lo, campo)), _texto(getattr(na, campo)))
            for campo, etiqueta in CAMPOS
            if _valor(lo, campo) != _valor(na, campo)
        )
        if lo.historica_desde is not None:
            ds = (
                Diferencia(
                    "situación",
                    f"histórica desde el {lo.historica_desde:%d/%m/%Y}",
                    "vigente en el registro nacional",
                ),
                *ds,
            )
        if ds:
            diferencias.append((lo, na, ds))
        else:
            coinciden += 1
    return Reporte(
        faltan_en_nacional=tuple(
            loc[k] for k in sorted(set(loc) - set(nac)) if loc[k].historica_desde is None
        ),
        faltan_en_local=tuple(nac[k] for k in sorted(set(nac) - set(loc))),
        diferencias=tuple(diferencias),
        coinciden=coinciden,
    )
