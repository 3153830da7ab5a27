"""A minimal .xlsx as Excel writes one (shared strings, a styles part with date formats, cells
with `r` references and gaps), built with zipfile: the reader is tested without openpyxl."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from xml.sax.saxutils import escape

M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# cellXfs: 0 general, 1 built-in date (14), 2 custom "dd/mm/yyyy" (164), 3 custom "0.00" (165)
ESTILOS = (
    f'<styleSheet xmlns="{M}"><numFmts count="2"><numFmt numFmtId="164" '
    'formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0.00"/></numFmts>'
    '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
    '<xf numFmtId="165"/></cellXfs></styleSheet>'
)


def serial(d: date) -> int:
    return (d - date(1899, 12, 30)).days


def columna(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def libro(filas: list[list[object]], *, fecha_estilo: int = 1, extra: str = "") -> bytes:
    """Rows of str (shared strings), int/float (numbers), date (date cells with
    ``fecha_estilo``) or None (no cell: a gap)."""
    cadenas: list[str] = []
    xml_filas = []
    for n, fila in enumerate(filas, start=1):
        celdas = []
        for i, v in enumerate(fila):
            ref = f"{columna(i)}{n}"
            if v is None:
                continue
            if isinstance(v, str):
                if v not in cadenas:
                    cadenas.append(v)
                celdas.append(f'<c r="{ref}" t="s"><v>{cadenas.index(v)}</v></c>')
            elif isinstance(v, date):
                celdas.append(f'<c r="{ref}" s="{fecha_estilo}"><v>{serial(v)}</v></c>')
            else:
                celdas.append(f'<c r="{ref}"><v>{v}</v></c>')
        xml_filas.append(f'<row r="{n}">{"".join(celdas)}</row>')
    partes = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"/>',
        "xl/workbook.xml": f'<workbook xmlns="{M}" xmlns:r="{R}"><sheets><sheet name="Planilla" '
        'sheetId="1" r:id="rId1"/><sheet name="Otra" sheetId="2" r:id="rId2"/></sheets>'
        "</workbook>",
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId2" Target="worksheets/sheet2.xml" '
        'Type="x"/><Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x"/>'
        "</Relationships>",
        "xl/sharedStrings.xml": f'<sst xmlns="{M}">'
        + "".join(f"<si><t>{escape(c)}</t></si>" for c in cadenas)
        + "</sst>",
        "xl/styles.xml": ESTILOS,
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{M}">{extra}<sheetData>'
        + "".join(xml_filas)
        + "</sheetData></worksheet>",
        "xl/worksheets/sheet2.xml": f'<worksheet xmlns="{M}"><sheetData><row r="1"><c r="A1" '
        't="inlineStr"><is><t>otra hoja</t></is></c></row></sheetData></worksheet>',
    }
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, texto in partes.items():
            z.writestr(nombre, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + texto)
    return salida.getvalue()
