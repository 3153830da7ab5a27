"""The first worksheet of an Office Open XML workbook (.xlsx) as rows of text. Pure, no
dependency: a workbook is a zip of XML parts (ECMA-376); a slate needs only cell values.

Read: the first sheet in the workbook's order, shared and inline strings (rich text joined),
numbers (an integral number as an integer: 3.0 → "3"), booleans, and dates — a number whose
cell style has a date format (built-in 14–22, 45–47, or a custom format with d, m or y) as an ISO
date, counting from 1899-12-30 (or 1904-01-01 for workbooks in the 1904 system). Formulas give
their cached value. Defences: a size limit on every part before and while inflating it (a zip
bomb is refused), no DTD or entity declaration accepted (XLSX never has them), a limit on rows.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from datetime import date, timedelta
from typing import Final
from xml.etree import ElementTree as ET

MAXIMO_PARTE: Final = 64 * 1024 * 1024  # bytes of one inflated part
MAXIMO_TOTAL: Final = 128 * 1024 * 1024
MAXIMO_FILAS: Final = 20000
MAGIA: Final = b"PK\x03\x04"

_M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELDA: Final = re.compile(r"([A-Z]{1,3})(\d+)")
_FECHAS_INTEGRADAS: Final = frozenset({*range(14, 23), 45, 46, 47})
_FORMATO_FECHA: Final = re.compile(r"[dmy]", re.I)


class XlsxInvalido(ValueError):
    """The file is not a workbook this reader accepts (message in Spanish)."""


def es_xlsx(contenido: bytes) -> bool:
    return contenido.startswith(MAGIA)


def letra(indice: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    s = ""
    indice += 1
    while indice:
        indice, r = divmod(indice - 1, 26)
        s = chr(65 + r) + s
    return s


def _indice(letras: str) -> int:
    n = 0
    for ch in letras:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _parte(z: zipfile.ZipFile, nombre: str, obligatoria: bool = True) -> ET.Element | None:
    try:
        info = z.getinfo(nombre)
    except KeyError:
        if obligatoria:
            raise XlsxInvalido(f"El libro no tiene la parte {nombre}.") from None
        return None
    if info.file_size > MAXIMO_PARTE:
        raise XlsxInvalido("El libro es demasiado grande una vez descomprimido.")
    with z.open(info) as f:
        datos = f.read(MAXIMO_PARTE + 1)
    if len(datos) > MAXIMO_PARTE:
        raise XlsxInvalido("El libro es demasiado grande una vez descomprimido.")
    if b"<!DOCTYPE" in datos or b"<!ENTITY" in datos:
        raise XlsxInvalido("El libro contiene declaraciones XML que no se aceptan.")
    try:
        return ET.fromstring(datos)
    except ET.ParseError:
        raise XlsxInvalido(f"La parte {nombre} del libro no es XML válido.") from None


def _texto(el: ET.Element) -> str:
    """A shared or inline string: its <t>, or the <t> of each rich-text run (no phonetics)."""
    t = el.find(f"{_M}t")
    if t is not None:
        return t.text or ""
    return "".join(r.findtext(f"{_M}t") or "" for r in el.findall(f"{_M}r"))


def _estilos_de_fecha(z: zipfile.ZipFile) -> set[int]:
    estilos = _parte(z, "xl/styles.xml", obligatoria=False)
    if estilos is None:
        return set()
    propios = {
        int(f.get("numFmtId", "-1")): f.get("formatCode", "") for f in estilos.iter(f"{_M}numFmt")
    }
    xfs = estilos.find(f"{_M}cellXfs")
    fechas = set()
    for i, xf in enumerate([] if xfs is None else xfs.findall(f"{_M}xf")):
        formato = int(xf.get("numFmtId", "0"))
        codigo = re.sub(r'"[^"]*"|\[[^]]*\]', "", propios.get(formato, ""))
        if formato in _FECHAS_INTEGRADAS or (formato in propios and _FORMATO_FECHA.search(codigo)):
            fechas.add(i)
    return fechas


def _numero(valor: str, fecha: bool, base: date) -> str:
    try:
        x = float(valor)
    except ValueError:
        return valor
    if fecha:
        try:
            return (base + timedelta(days=int(x))).isoformat()
        except OverflowError:
            return valor
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else valor


def primera_hoja(contenido: bytes) -> list[tuple[int, list[str]]]:
    """(row number, cells as text from column A) of every non-empty row of the first sheet."""
    try:
        z = zipfile.ZipFile(io.BytesIO(contenido))
    except (zipfile.BadZipFile, ValueError):
        raise XlsxInvalido("El archivo no es un libro de Excel (.xlsx) válido.") from None
    with z:
        if sum(i.file_size for i in z.infolist()) > MAXIMO_TOTAL:
            raise XlsxInvalido("El libro es demasiado grande una vez descomprimido.")
        libro = _parte(z, "xl/workbook.xml")
        assert libro is not None
        hoja = libro.find(f"{_M}sheets/{_M}sheet")
        if hoja is None:
            raise XlsxInvalido("El libro no tiene hojas.")
        pr = libro.find(f"{_M}workbookPr")
        base = (
            date(1904, 1, 1)
            if pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
            else date(1899, 12, 30)
        )
        relaciones = _parte(z, "xl/_rels/workbook.xml.rels")
        assert relaciones is not None
        destino = next(
            (
                r.get("Target", "")
                for r in relaciones.iter(f"{_REL}Relationship")
                if r.get("Id") == hoja.get(f"{_R}id")
            ),
            "",
        )
        if not destino:
            raise XlsxInvalido("No se encuentra la primera hoja del libro.")
        ruta = destino.lstrip("/") if destino.startswith("/") else posixpath.join("xl", destino)
        compartidas = _parte(z, "xl/sharedStrings.xml", obligatoria=False)
        cadenas = [] if compartidas is None else [_texto(si) for si in compartidas.iter(f"{_M}si")]
        fechas = _estilos_de_fecha(z)
        datos = _parte(z, posixpath.normpath(ruta))
        assert datos is not None
    filas: list[tuple[int, list[str]]] = []
    siguiente = 1
    for row in datos.iter(f"{_M}row"):
        numero = int(row.get("r") or siguiente)
        siguiente = numero + 1
        if len(filas) >= MAXIMO_FILAS:
            raise XlsxInvalido(f"La hoja tiene más de {MAXIMO_FILAS} filas.")
        celdas: dict[int, str] = {}
        columna = 0
        for c in row.findall(f"{_M}c"):
            m = _CELDA.fullmatch(c.get("r") or "")
            columna = _indice(m.group(1)) if m else columna
            tipo = c.get("t", "n")
            v = c.findtext(f"{_M}v")
            if tipo == "inlineStr":
                isel = c.find(f"{_M}is")
                valor = "" if isel is None else _texto(isel)
            elif v is None:
                valor = ""
            elif tipo == "s":
                try:
                    valor = cadenas[int(v)]
                except (ValueError, IndexError):
                    raise XlsxInvalido(
                        f"La celda {letra(columna)}{numero} apunta a un texto que no existe."
                    ) from None
            elif tipo == "b":
                valor = "VERDADERO" if v == "1" else "FALSO"
            elif tipo in ("str", "e"):
                valor = v
            else:
                valor = _numero(v, int(c.get("s", "0")) in fechas, base)
            celdas[columna] = valor
            columna += 1
        if any(x.strip() for x in celdas.values()):
            ancho = max(celdas) + 1
            filas.append((numero, [celdas.get(i, "") for i in range(ancho)]))
    return filas
