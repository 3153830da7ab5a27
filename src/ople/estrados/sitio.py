"""The public estrados as a static site. Pure: items in, `dict[path, bytes]` out (no Django).

Pages (no JavaScript, `lang="es"`): `index.html` with every item (in force first, then
withdrawn, each marked), one page per item `p/<folio-slug>.html`, the search done ahead of time
as index pages by type (`tipo/<tipo>.html`), body (`organo/<slug>.html`), case
(`expediente/<slug>.html`) and month fixed (`fecha/<AAAA-MM>.html`), the sealed PDFs
(`pdf/<sha256>.pdf`) and an Atom feed (`estrados.atom`). Nothing is ever left out: a withdrawn
item stays, marked with when and why.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from html import escape
from xml.sax.saxutils import escape as xml_escape

from ople.core.fechas import DIAS, MESES, desfase, fecha_larga

TIPOS = {
    "acuerdo": "Acuerdos",
    "resolucion": "Resoluciones",
    "auto": "Autos",
    "aviso": "Avisos",
    "cedula": "Cédulas de notificación",
}

TIPO = {
    "acuerdo": "Acuerdo",
    "resolucion": "Resolución",
    "auto": "Auto",
    "aviso": "Aviso",
    "cedula": "Cédula de notificación",
}


# On a narrow screen (a phone) each row of a table is a card whose cells name their column
# (`data-label`), instead of a table wider than the screen.
CSS = (
    "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;"
    "color:#1a1a1a;background:#fff;line-height:1.5}a{color:#0b4f8a}"
    "table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;"
    "padding:.4rem;text-align:left;vertical-align:top}.retirado{color:#5c5c5c}"
    ".marca{font-weight:bold;color:#8a1c1c}nav ul{padding-left:1.2rem}"
    ".tabla{overflow-x:auto}time{white-space:nowrap}.huella{overflow-wrap:anywhere}"
    "@media (max-width:40rem){thead{position:absolute;left:-9999px}"
    "table,tbody,tr,td{display:block}tr{border-bottom:1px solid #ccc;padding:.4rem 0}"
    'td{border:0;padding:.1rem 0}td::before{content:attr(data-label) ": ";font-weight:bold}}'
)
COLUMNAS = ("Folio", "Tipo", "Expediente", "Órgano", "Título", "Fijado", "Estado")


@dataclass(frozen=True)
class Item:
    folio: str
    tipo: str
    expediente: str
    organo: str
    titulo: str
    firmado_por: str
    fijado_en: datetime
    surte_efectos_en: datetime
    retirado_en: datetime | None
    motivo_retiro: str
    pdf_sha256: str
    contenido_sha256: str


def slug(texto: str) -> str:
    plano = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plano.lower()).strip("-") or "x"


def _pagina(titulo: str, cuerpo: str, raiz: str) -> bytes:
    sitio = "Estrados electrónicos"
    completo = sitio if titulo == sitio else f"{titulo} · {sitio}"
    return (
        '<!doctype html>\n<html lang="es">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(completo)}</title>\n"
        f'<meta name="description" content="{escape(completo)} del instituto: acuerdos, '
        'resoluciones, autos, avisos y cédulas de notificación fijados y retirados.">\n'
        f'<link rel="alternate" type="application/atom+xml" title="Estrados electrónicos" '
        f'href="{raiz}estrados.atom">\n'
        f'<link rel="stylesheet" href="{raiz}estilo.css">\n</head>\n<body>\n'
        f'<header><p><a href="{raiz}index.html">Estrados electrónicos</a></p></header>\n'
        f"<main>\n<h1>{escape(titulo)}</h1>\n{cuerpo}\n</main>\n"
        f'<footer><p><a href="{raiz}estrados.atom">Suscripción (Atom)</a></p></footer>\n'
        "</body>\n</html>\n"
    ).encode()


def _fecha(m: datetime) -> str:
    return f'<time datetime="{m.isoformat()}">{m:%Y-%m-%d %H:%M}</time>'


def _mes(clave: str) -> str:
    """ "2024-03" -> "marzo de 2024"."""
    anio, mes = clave.split("-")
    return f"{MESES[int(mes) - 1]} de {anio}"


def momento_legible(m: datetime) -> str:
    """A moment as a person reads it on a sealed document, with its offset:
    "viernes 15 de marzo de 2024, 10:00 h (UTC-06:00)"."""
    return f"{DIAS[m.weekday()]} {fecha_larga(m)}, {m:%H:%M} h ({desfase(m)})"


def _huella(sha: str) -> str:
    return f'<span class="huella">{escape(sha)}</span>'


def _tabla(items: Iterable[Item], raiz: str) -> str:
    filas = []
    for i in items:
        estado = (
            f'<span class="marca">Retirado</span> {_fecha(i.retirado_en)}'
            if i.retirado_en
            else "Fijado"
        )
        clase = ' class="retirado"' if i.retirado_en else ""
        celdas = (
            f'<a href="{raiz}p/{slug(i.folio)}.html">{escape(i.folio)}</a>',
            escape(TIPO.get(i.tipo, i.tipo)),
            escape(i.expediente),
            escape(i.organo),
            escape(i.titulo),
            _fecha(i.fijado_en),
            estado,
        )
        filas.append(
            f"<tr{clase}>"
            + "".join(
                f'<td data-label="{c}">{v}</td>' for c, v in zip(COLUMNAS, celdas, strict=True)
            )
            + "</tr>"
        )
    if not filas:
        return "<p>No hay publicaciones.</p>"
    return (
        '<div class="tabla"><table><thead><tr>'
        + "".join(f'<th scope="col">{c}</th>' for c in COLUMNAS)
        + "</tr></thead><tbody>"
        + "".join(filas)
        + "</tbody></table></div>"
    )


def _orden(items: Iterable[Item]) -> list[Item]:
    return sorted(
        items, key=lambda i: (i.retirado_en is not None, -i.fijado_en.timestamp(), i.folio)
    )


def generar(
    items: Iterable[Item],
    *,
    generado_en: datetime,
    pdfs: Mapping[str, bytes],
    url_base: str = "",
    almacen: bool = False,
) -> dict[str, bytes]:
    """The whole site. `pdfs` maps a PDF's SHA-256 to its bytes (written as `pdf/<sha>.pdf`).
    With `almacen` the PDFs are not in the site: pages link to the publication's shared store
    (`../../almacen/<sha>.pdf` from a cut's root, ADR 0028) and the caller publishes them there.
    `url_base` prefixes the Atom feed's links (empty: relative to the feed, which works inside
    an immutable cut)."""
    items = _orden(items)
    archivos: dict[str, bytes] = {"estilo.css": CSS.encode()}
    grupos: dict[str, dict[str, list[Item]]] = {
        "tipo": defaultdict(list),
        "organo": defaultdict(list),
        "expediente": defaultdict(list),
        "fecha": defaultdict(list),
    }
    nombres: dict[tuple[str, str], str] = {}
    for i in items:
        for clase, clave, nombre in (
            ("tipo", i.tipo, TIPOS.get(i.tipo, i.tipo)),
            ("organo", slug(i.organo), i.organo),
            ("expediente", slug(i.expediente), i.expediente),
            ("fecha", f"{i.fijado_en:%Y-%m}", _mes(f"{i.fijado_en:%Y-%m}")),
        ):
            grupos[clase][clave].append(i)
            nombres[(clase, clave)] = nombre
    titulos = {
        "tipo": "Por tipo",
        "organo": "Por órgano",
        "expediente": "Por expediente",
        "fecha": "Por mes de fijación",
    }
    nav = ['<nav aria-label="Buscar en los estrados">']
    for clase, titulo in titulos.items():
        enlaces = "".join(
            f'<li><a href="{clase}/{clave}.html">{escape(nombres[(clase, clave)])}</a> '
            f"({len(grupos[clase][clave])})</li>"
            for clave in sorted(grupos[clase], reverse=clase == "fecha")
        )
        nav.append(f"<h2>{titulo}</h2><ul>{enlaces}</ul>")
    nav.append("</nav>")
    vigentes = sum(1 for i in items if i.retirado_en is None)
    retirados = len(items) - vigentes
    archivos["index.html"] = _pagina(
        "Estrados electrónicos",
        f"<p>Actualizado el {_fecha(generado_en)}. {vigentes} "
        f"{'fijado' if vigentes == 1 else 'fijados'} y {retirados} "
        f"{'retirado' if retirados == 1 else 'retirados'} (los retirados permanecen en el "
        "historial).</p>" + "".join(nav) + "<h2>Todas las publicaciones</h2>" + _tabla(items, ""),
        "",
    )
    for clase, por_clave in grupos.items():
        for clave, lista in por_clave.items():
            archivos[f"{clase}/{clave}.html"] = _pagina(
                f"{titulos[clase]}: {nombres[(clase, clave)]}", _tabla(lista, "../"), "../"
            )
    for i in items:
        enlace_pdf = (
            f"../../../almacen/{i.pdf_sha256}.pdf" if almacen else f"../pdf/{i.pdf_sha256}.pdf"
        )
        retiro = (
            f"<dt>Retirado</dt><dd>{_fecha(i.retirado_en)}: {escape(i.motivo_retiro)}</dd>"
            if i.retirado_en
            else ""
        )
        cuerpo = (
            f"<dl><dt>Folio</dt><dd>{escape(i.folio)}</dd>"
            f'<dt>Tipo</dt><dd><a href="../tipo/{i.tipo}.html">'
            f"{escape(TIPO.get(i.tipo, i.tipo))}</a></dd>"
            f'<dt>Expediente</dt><dd><a href="../expediente/{slug(i.expediente)}.html">'
            f"{escape(i.expediente)}</a></dd>"
            f'<dt>Órgano</dt><dd><a href="../organo/{slug(i.organo)}.html">'
            f"{escape(i.organo)}</a></dd>"
            f"<dt>Firma</dt><dd>{escape(i.firmado_por)}</dd>"
            f"<dt>Fijado</dt><dd>{_fecha(i.fijado_en)}</dd>"
            f"<dt>Surte efectos</dt><dd>{_fecha(i.surte_efectos_en)}</dd>{retiro}"
            f'<dt>Documento</dt><dd><a href="{enlace_pdf}">PDF sellado</a> '
            f"(SHA-256 del archivo {_huella(i.pdf_sha256)}; del contenido "
            f"{_huella(i.contenido_sha256)})</dd></dl>"
        )
        archivos[f"p/{slug(i.folio)}.html"] = _pagina(
            ("[RETIRADO] " if i.retirado_en else "") + i.titulo, cuerpo, "../"
        )
        if not almacen and i.pdf_sha256 in pdfs:
            archivos[f"pdf/{i.pdf_sha256}.pdf"] = pdfs[i.pdf_sha256]
    archivos["estrados.atom"] = _atom(items, generado_en, url_base)
    return archivos


def _atom(items: list[Item], generado_en: datetime, url_base: str) -> bytes:
    base = url_base.rstrip("/") + "/" if url_base else ""
    entradas = []
    for i in sorted(items, key=lambda i: i.fijado_en, reverse=True):
        actualizado = i.retirado_en or i.fijado_en
        titulo = ("[RETIRADO] " if i.retirado_en else "") + f"{i.folio}: {i.titulo}"
        entradas.append(
            "<entry>"
            f"<id>tag:ople,2024:estrados:{slug(i.folio)}</id>"
            f"<title>{xml_escape(titulo)}</title>"
            f"<updated>{actualizado.isoformat()}</updated>"
            f"<published>{i.fijado_en.isoformat()}</published>"
            f'<link href="{xml_escape(base)}p/{slug(i.folio)}.html"/>'
            f"<summary>{xml_escape(TIPO.get(i.tipo, i.tipo))} · {xml_escape(i.expediente)} · "
            f"{xml_escape(i.organo)}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<id>tag:ople,2024:estrados</id><title>Estrados electrónicos</title>"
        f"<updated>{generado_en.isoformat()}</updated>"
        f'<link rel="self" href="{xml_escape(base)}estrados.atom"/>'
        "<author><name>Instituto Estatal Electoral</name></author>"
        + "".join(entradas)
        + "</feed>\n"
    ).encode()
