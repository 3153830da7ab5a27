"""The public verification pages of issued documents. Pure: canonical content in, HTML out.

A document's page (`paginas/<sha256>.html`, served at `<OPLE_DOCUMENTOS_URL_VERIFICACION>/<sha256>`)
shows what the institute issued: folio, title, date, every line and the signatures of its
canonical content (`pdf.contenido_canonico`), its SHA-256, and how anyone recomputes that hash
from the canonical JSON published beside it (`almacen/<sha256>.json`). Spanish, no JavaScript,
no inline style (the Content-Security-Policy), no request to anyone else, readable on a phone.
`no_encontrado` is the answer for a fingerprint the institute never issued.

Links are relative to the page's own address (`/documentos/<sha256>`): `estilo.css`,
`almacen/<sha256>.json`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime, tzinfo
from html import escape
from typing import Any

from ople.core.fechas import desfase, fecha_larga

CSS = (
    "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:46rem;padding:1rem;"
    "color:#1a1a1a;background:#fff;line-height:1.5}a{color:#0b4f8a}main{overflow-wrap:anywhere}"
    "h1{font-size:1.4rem;line-height:1.3}h2{font-size:1.1rem;margin-top:1.6rem}"
    ".sello{border-left:.35rem solid #1d6b3a;background:#eef6f0;padding:.6rem .8rem}"
    ".aviso{border-left:.35rem solid #8a1c1c;background:#fbeeee;padding:.6rem .8rem}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:bold}"
    "dd{margin:0}.huella,code{overflow-wrap:anywhere;font-family:ui-monospace,monospace}"
    ".texto{border:1px solid #ccc;padding:.6rem .8rem}.texto p{margin:.2rem 0}"
    "pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f4f4;padding:.6rem}"
    "@media (max-width:32rem){dl{grid-template-columns:1fr}dd{margin-bottom:.4rem}}"
)


def fecha_legible(fecha: datetime) -> str:
    """`2 de junio de 2024, 08:00 (UTC-06:00)`: the document's own moment and its offset."""
    return f"{fecha_larga(fecha)}, {fecha:%H:%M} ({desfase(fecha)})"


def _html(titulo: str, cuerpo: str, institucion: str) -> bytes:
    return (
        '<!doctype html>\n<html lang="es">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(titulo)}</title>\n"
        '<meta name="robots" content="noindex">\n'
        '<link rel="stylesheet" href="estilo.css">\n</head>\n<body>\n'
        f"<header><p>{escape(institucion)} · Verificación de documentos</p></header>\n"
        f"<main>\n{cuerpo}\n</main>\n</body>\n</html>\n"
    ).encode()


def _datos(contenido: Mapping[str, Any], sha256: str, zona: tzinfo | None) -> str:
    """Folio, date (in the institute's zone; the JSON keeps it as hashed) and fingerprint."""
    fecha = datetime.fromisoformat(str(contenido["fecha"]))
    if zona is not None:
        fecha = fecha.astimezone(zona)
    return (
        "<dl>\n"
        f"<dt>Folio</dt><dd>{escape(str(contenido['folio']))}</dd>\n"
        f'<dt>Fecha</dt><dd><time datetime="{escape(fecha.isoformat())}">'
        f"{escape(fecha_legible(fecha))}</time></dd>\n"
        f'<dt>SHA-256</dt><dd class="huella">{sha256}</dd>\n'
        "</dl>\n"
    )


def pagina(
    contenido: Mapping[str, Any],
    *,
    sha256: str,
    institucion: str,
    url_base: str,
    zona: tzinfo | None = None,
) -> bytes:
    """The page of the document whose canonical content is `contenido` (the parsed JSON); its
    date shown in `zona` (the institute's time zone; the JSON keeps it as it was hashed)."""
    lineas = "\n".join(
        f"<p>{escape(str(linea))}</p>" if str(linea).strip() else "<p>&nbsp;</p>"
        for linea in contenido["lineas"]
    )
    firmas = "".join(f"<li>{escape(str(f))}</li>" for f in contenido["firmas"])
    json_rel = f"almacen/{sha256}.json"
    cuerpo = (
        f"<h1>{escape(str(contenido['titulo']))}</h1>\n"
        f'<p class="sello"><strong>Documento emitido por {escape(institucion)}.</strong> '
        "El instituto conserva este contenido con la huella digital que el documento imprime; "
        "si el texto de su copia coincide con el de esta página, el documento es auténtico.</p>\n"
        f"{_datos(contenido, sha256, zona)}"
        '<h2 id="texto">Texto del documento</h2>\n'
        f'<div class="texto" aria-labelledby="texto">\n{lineas}\n</div>\n'
        + (
            f'<h2 id="firmas">Firmas</h2>\n<ul aria-labelledby="firmas">{firmas}</ul>\n'
            if firmas
            else ""
        )
        + '<h2 id="comprobar">Cómo comprobar la huella</h2>\n'
        "<p>La huella SHA-256 no es la del archivo PDF: es la del contenido canónico del "
        f'documento, que el instituto publica en <a href="{json_rel}">{json_rel}</a> '
        "(JSON con claves ordenadas, sin espacios, en UTF-8). Descárguelo y calcule su SHA-256; "
        "debe dar la huella de arriba y la que imprime el PDF al pie de cada página:</p>\n"
        f"<pre><code>curl -s {escape(url_base.rstrip('/'))}/{json_rel} | sha256sum</code></pre>\n"
        "<p>o, con el archivo descargado, con Python:</p>\n"
        f"<pre><code>python3 -c &quot;import hashlib,sys;"
        f"print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest())&quot; "
        f"{sha256}.json</code></pre>\n"
        "<p>Si alguien le muestra un documento con este folio cuyo texto difiere del de esta "
        "página, ese documento no es el que emitió el instituto.</p>"
    )
    return _html(f"{contenido['titulo']} · folio {contenido['folio']}", cuerpo, institucion)


def reservada(
    contenido: Mapping[str, Any], *, sha256: str, institucion: str, zona: tzinfo | None = None
) -> bytes:
    """The page of a reserved document (internal, naming people): it confirms that the
    institute issued it — folio, title, date, fingerprint — and shows none of its text."""
    cuerpo = (
        f"<h1>{escape(str(contenido['titulo']))}</h1>\n"
        f'<p class="sello"><strong>Documento emitido por {escape(institucion)}.</strong> '
        "Es de uso interno y contiene datos personales: su texto no se publica. Si el folio, la "
        "fecha y la huella de su copia coinciden con los de esta página, el instituto lo "
        "emitió.</p>\n"
        f"{_datos(contenido, sha256, zona)}"
        "<p>Quien tenga interés legítimo en su contenido puede pedirlo al instituto; la huella "
        "permite comprobar que el texto que reciba es el que se emitió.</p>"
    )
    return _html(f"{contenido['titulo']} · folio {contenido['folio']}", cuerpo, institucion)


def no_encontrado(institucion: str, sha256: str = "") -> bytes:
    """The 404 answer: the institute has not issued a document with that fingerprint."""
    huella = (
        f'<p>Huella consultada: <span class="huella">{escape(sha256)}</span></p>\n'
        if sha256
        else ""
    )
    cuerpo = (
        "<h1>Documento no encontrado</h1>\n"
        '<p class="aviso"><strong>El instituto no ha emitido ningún documento con esa huella '
        "digital (SHA-256).</strong></p>\n"
        f"{huella}"
        "<p>Revise que la dirección sea exactamente la del código QR o la que imprime el "
        "documento al pie: 64 caracteres, cifras y letras de la a a la f. Si coincide y aun así "
        "no aparece, el documento no procede del instituto o fue alterado.</p>"
    )
    return _html("Documento no encontrado", cuerpo, institucion)


def indice(documentos: Iterable[tuple[str, Mapping[str, Any]]], *, institucion: str) -> bytes:
    """A cut's index: what verification is, and the documents this cut published (by hash)."""
    filas = "\n".join(
        f'<li><a href="../../{sha}">{escape(str(c["folio"]))}</a> · {escape(str(c["titulo"]))}</li>'
        for sha, c in documentos
    )
    cuerpo = (
        "<h1>Verificación de documentos</h1>\n"
        f"<p>Cada documento que emite {escape(institucion)} lleva al pie su folio y la huella "
        "SHA-256 de su contenido, y un código QR que lleva a su página de verificación. "
        "Escanee el código o escriba la dirección que imprime el documento.</p>\n"
        "<h2>Documentos publicados en este corte</h2>\n"
        f"<ul>\n{filas}\n</ul>"
    )
    return _html("Verificación de documentos", cuerpo, institucion)


def canonico(contenido: bytes) -> dict[str, Any]:
    datos: dict[str, Any] = json.loads(contenido.decode())
    return datos
