"""The static public site of a cut: Spanish, mobile-first, no JavaScript, WCAG 2.1 AA. Pure.

Every page is a function of its data returning HTML text. Links are relative (the cut works from
any base path, a CDN or file://), but for the platform's portal and Ubica (same host) and the
latest cut (`../ultimo/`, ADR 0030); nothing is requested from a third party. Distrito,
municipio and sección pages do not print the cut time in their HTML, so they are identical from
one cut to the next while their actas do not change, and the builder reuses them by hard link:
the cut's own `corte.css` writes the time into their empty `.hora-corte` (ADR 0030). Every
other page prints it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from ople.ley.actas import AUXILIARES
from ople.ley.memo import MemoAcotado
from ople.prep.publish.cifras import trunc4

AVISO = (
    "Resultados preliminares, de carácter informativo, sin efectos jurídicos. "
    "Los resultados oficiales son los de los cómputos."
)

CSS = """\
:root{--t:#1a1a1a;--f:#fff;--a:#0b4f8a;--b:#d0d7de;--s:#f3f5f7;--av:#7a3e00}
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--t);background:var(--f)}
a{color:var(--a)}a:focus,summary:focus,.tabla:focus{outline:3px solid #b35900;outline-offset:2px}
.salto{position:absolute;left:-999px}.salto:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:9}
header,main,footer{padding:.75rem 1rem;max-width:72rem;margin:0 auto}
header{border-bottom:2px solid var(--a)}header p{margin:.2rem 0}
.aviso{background:#fff4e5;color:var(--av);border-left:4px solid var(--av);padding:.5rem .75rem;font-weight:600}
nav ol{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:.3rem}
nav li+li:before{content:"› "}.menu li+li:before{content:none}
.tabla{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:700;padding:.3rem 0}
th,td{border:1px solid var(--b);padding:.3rem .45rem;text-align:left;vertical-align:top}
td.n,th.n,.votos td,.votos th+th{text-align:right}thead th{background:var(--s)}
dl.cifras{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.5rem}
dl.cifras div{background:var(--s);padding:.5rem;border-radius:4px}dl.cifras dt{font-size:.9rem}
dl.cifras dd{margin:0;font-size:1.3rem;font-weight:700}
code{word-break:break-all}
table.actas{font-size:.9rem}.actas td{text-align:right;white-space:nowrap}
.actas td:nth-last-child(-n+7),.actas td.t{text-align:left}
.actas td:last-child{white-space:normal;min-width:19rem;word-break:break-all}
.inst{font-weight:700;font-size:1.1rem}.prep a{font-weight:600}
.menu{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:.2rem 1rem}
.buscar{margin:.4rem 0}.buscar input{font:inherit;width:6.5rem;padding:.2rem}
.buscar button{font:inherit;padding:.2rem .6rem}.ayuda{font-size:.85rem;color:#555}
.hora-corte{font-weight:600}
.barras{margin:.5rem 0 1rem;max-width:36rem}.barras svg{width:100%;height:auto}
svg.marca,.mapa svg.marca{width:.8em;height:.8em;margin-right:.3em;vertical-align:-.05em}
.mapa{margin:.5rem 0 1rem;max-width:40rem}.mapa svg{width:100%;height:auto}
.mapa a:focus path,.mapa a:hover path{stroke:#1a1a1a;stroke-width:3}
.leyenda{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.2rem 1rem;font-size:.9rem}
.antiguo{background:#fdecea;color:#8a1c1c;border-left:4px solid #8a1c1c;padding:.5rem .75rem}
@media (min-width:48rem){body{font-size:1.05rem}}
"""


# How many cells at the end of an acta row hold text (left-aligned by the CSS): origen,
# digitalización, tipo de documento, the three times, the image's SHA-256. (The key cells after
# the casilla, image, contabilizada and observaciones, have class "t".)
COLUMNAS_TEXTO_ACTA = 7

# Column headers of an acta's auxiliary fields (vote columns show the party's name).
ETIQUETAS_CAMPO = {c.clave: c.encabezado for c in AUXILIARES}


@dataclass(frozen=True, slots=True)
class Grupo:
    """Figures and votes of one group (entidad, distrito, municipio, sección)."""

    esperadas: int
    capturadas: int
    contabilizadas: int
    lista_nominal: int
    votos_c_cs: int
    votos_s_cs: int
    votos: Sequence[int]  # aligned with the election's vote columns


def e(t: object) -> str:
    """HTML-escaped text. Most strings of a cut repeat (labels, party names, values): memoized
    in a plain dict (a lookup costs a fraction of a call through `functools.lru_cache`)."""
    return _ESCAPADOS[t if type(t) is str else str(t)]


_ESCAPADOS: MemoAcotado[str, str] = MemoAcotado(lambda t: escape(t, quote=True), 1 << 16)


ULTIMO = "ultimo"  # cortes/ultimo/: the latest cut's stable address (`estado`, ADR 0030)
PORTAL = "/"  # the platform's portal and Ubica (this site's own routes, absolute)
UBICA = "/ubica/"


def pagina(
    *,
    titulo: str,
    base: str,
    migas: Sequence[tuple[str, str]],
    cuerpo: str,
    subtitulo: str = "",
    propia: str = "index.html",
    instituto: str = "",
) -> str:
    """A whole page. `base` is the relative path to the cut root ("" or "../"); `propia` the
    page's own path from there (the notice of an old cut links the same page in the latest
    cut). `subtitulo` is the cut's date and time; a page reused from one cut to the next leaves
    it empty and the cut's `corte.css` writes it (`estado.hoja_corte`). Every page carries the
    old-cut notice, hidden until `estado/<NAME>.css` reveals it (ADR 0030)."""
    nav = "".join(
        f'<li><a href="{e(h)}">{e(t)}</a></li>' if h else f'<li aria-current="page">{e(t)}</li>'
        for t, h in migas
    )
    ultimo = f"{base}../{ULTIMO}/"
    inst = f'<p class="inst">{e(instituto)}</p>' if instituto else ""
    return (
        '<!DOCTYPE html>\n<html lang="es-MX"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{e(titulo)} · PREP</title>"
        f'<link rel="stylesheet" href="{base}estilo.css">'
        f'<link rel="stylesheet" href="{base}corte.css"></head><body>'
        '<a class="salto" href="#contenido">Saltar al contenido</a>'
        f'<header>{inst}<p class="prep"><a href="{base}index.html">PREP · Programa de '
        "Resultados Electorales Preliminares</a></p>"
        '<nav aria-label="Sitio"><ul class="menu">'
        f'<li><a href="{PORTAL}">Portal</a></li>'
        f'<li><a href="{ultimo}index.html">Resultados más recientes</a></li>'
        f'<li><a href="{UBICA}">Ubica tu casilla</a></li>'
        f'<li><a href="{base}descargas.html">Descargas</a></li>'
        f'<li><a href="{base}../../cortes.html">Cortes anteriores</a></li></ul></nav>'
        f'<form class="buscar" role="search" method="get" action="{base}../../seccion">'
        '<label for="buscar-seccion">Sección</label> <input id="buscar-seccion" name="numero" '
        'inputmode="numeric" pattern="[0-9]{1,6}" size="6" required '
        'aria-describedby="buscar-ayuda"> <button type="submit">Buscar</button> '
        '<span id="buscar-ayuda" class="ayuda">número de sección de su credencial</span></form>'
        f'<p class="hora-corte">{e(subtitulo)}</p>'
        '<p class="antiguo" role="status" hidden><strong>Este es un corte anterior.</strong> '
        f'Hay resultados más recientes: <a href="{ultimo}{e(propia)}">ver esta página en el '
        "último corte</a>.</p>"
        f'<p class="aviso" role="note">{e(AVISO)}</p>'
        f'<nav aria-label="Ruta"><ol>{nav}</ol></nav></header>'
        f'<main id="contenido"><h1>{e(titulo)}</h1>{cuerpo}</main>'
        f'<footer><p><a href="{base}descargas.html">Descargas</a> · '
        f'<a href="{base}verificar.html">Cómo verificar</a> · '
        f'<a href="{base}../../cortes.html">Cortes anteriores</a></p>'
        f"<p>{e(AVISO)}</p></footer></body></html>\n"
    )


def cifras_html(g: Grupo, final: bool) -> str:
    votos = g.votos_c_cs if final else g.votos_s_cs
    items = [
        ("Actas esperadas", str(g.esperadas)),
        ("Actas capturadas", f"{g.capturadas} ({trunc4(g.capturadas, g.esperadas)} %)"),
        (
            "Actas contabilizadas",
            f"{g.contabilizadas} ({trunc4(g.contabilizadas, g.esperadas)} %)",
        ),
        ("Participación ciudadana", f"{trunc4(votos, g.lista_nominal)} %"),
    ]
    return (
        '<dl class="cifras">'
        + "".join(f"<div><dt>{e(a)}</dt><dd>{e(b)}</dd></div>" for a, b in items)
        + "</dl>"
    )


def tabla_votos(
    caption: str, filas: Iterable[tuple[str, int]], total: int, encabezado: str = "Opción"
) -> str:
    """Votes and their truncated percentage of `total`, one row per option (the CSS aligns the
    numbers of a `votos` table to the right)."""
    cuerpo = "".join(
        [f"{_FILAS_VOTOS[n]}{v:,}</td><td>{trunc4(v, total)}</td></tr>" for n, v in filas]
    )
    return (
        f'<div class="tabla"><table class="votos"><caption>{e(caption)}</caption><thead><tr>'
        f'<th scope="col">{e(encabezado)}</th><th scope="col">Votos</th>'
        f'<th scope="col">Porcentaje</th></tr></thead><tbody>{cuerpo}</tbody>'
        f'<tfoot><tr><th scope="row">Total</th><td>{total:,}</td>'
        f"<td>100.0000</td></tr></tfoot></table></div>"
    )


# The start of a votes row per option name (a handful of names, hundreds of thousands of rows).
_FILAS_VOTOS: MemoAcotado[str, str] = MemoAcotado(
    lambda nombre: f'<tr><th scope="row">{e(nombre)}</th><td>', 1 << 12
)


_INDEPENDIENTE = re.compile(r"(?:CAND_IND_?|CI_)0*(\d{1,2})")


def nombre_opcion(columna: str, partidos: Mapping[str, str]) -> str:
    """What a citizen reads for a vote column: the party's name, the parties of a combination
    joined by «+», «Candidatura independiente n», «Candidaturas no registradas», «Votos nulos».
    Codes (``C_PAN_PRD``, ``CAND_IND_1``, ``NO_REGISTRADOS``) are for the open data only."""
    if columna in ("NO_REGISTRADOS", "NO_REGISTRADAS"):
        return "Candidaturas no registradas"
    if columna == "NULOS":
        return "Votos nulos"
    ci = _INDEPENDIENTE.fullmatch(columna)
    if ci:
        return f"Candidatura independiente {int(ci.group(1))}"
    nombre = partidos.get(columna)
    if nombre and nombre != columna:
        return nombre
    for prefijo in ("CC_", "C_"):
        if columna.startswith(prefijo):
            return " + ".join(columna[len(prefijo) :].split("_"))
    if "-" in columna:
        return " + ".join(columna.split("-"))
    return columna


def por_candidatura(
    columnas: Sequence[str],
    votos: Sequence[int],
    mapa: Mapping[str, str],
    partidos: Mapping[str, str] | None = None,
) -> list[tuple[str, int]]:
    """Votes per candidacy: a candidate gets the votes of every column mapped to them (their
    party or parties and every combination of their coalition, §5.3); a column mapped to no
    candidate (candidaturas no registradas, votos nulos, an option with no candidacy in the
    demarcación) keeps a row of its own, so the rows always add up to the total."""
    por_columna = dict(zip(columnas, votos, strict=True))
    return [
        (nombre, sum(por_columna[c] for c in cols))
        for nombre, cols in grupos_candidatura(columnas, mapa, partidos)
    ]


def grupos_candidatura(
    columnas: Sequence[str], mapa: Mapping[str, str], partidos: Mapping[str, str] | None = None
) -> list[tuple[str, list[str]]]:
    """(candidacy, its vote columns) in ballot order: every column in exactly one group."""
    grupos: dict[str, list[str]] = {}
    for col in columnas:
        nombre = mapa.get(col) or nombre_opcion(col, partidos or {})
        grupos.setdefault(nombre, []).append(col)
    return list(grupos.items())


# Options that are not candidacies: never "lead", drawn in grey.
NO_CONTIENDEN = frozenset({"Candidaturas no registradas", "Votos nulos"})
GRIS = "#767676"


def color_de(columnas: Sequence[str], colores: Mapping[str, str]) -> str:
    """The colour of an option or a candidacy: its first party's (the catalog's colour)."""
    for c in columnas:
        if c in colores:
            return colores[c]
    for c in columnas:
        for p in c.removeprefix("CC_").removeprefix("C_").split("_"):
            if p in colores:
                return colores[p]
    return GRIS


def siglas_de(columnas: Sequence[str], partidos: Mapping[str, str]) -> str:
    """The parties behind a candidacy, by their siglas: «PAN, PRI, PRD»; «Independiente»."""
    siglas: list[str] = []
    for c in columnas:
        if _INDEPENDIENTE.fullmatch(c):
            return "Independiente"
        for p in c.removeprefix("CC_").removeprefix("C_").split("_"):
            if p in partidos and p not in siglas:
                siglas.append(p)
    return ", ".join(siglas)


def barras_svg(ident: str, titulo: str, filas: Sequence[tuple[str, int, str]], total: int) -> str:
    """Accessible horizontal bars (no JavaScript): one per option, in its colour, with its name
    and truncated percentage of `total`; the `<title>` says the same in words (the table beside
    it has the exact figures)."""
    if not filas:
        return ""
    alto = 34
    ancho = 340
    util = ancho - 64
    mayor = max((v for _, v, _ in filas), default=0) or 1
    partes = []
    for i, (nombre, v, color) in enumerate(filas):
        y = i * alto
        w = max(1, round(v * util / mayor)) if v else 0
        partes.append(
            f'<text x="0" y="{y + 12}">{e(nombre)}</text>'
            f'<rect x="0" y="{y + 16}" width="{w}" height="12" fill="{e(color)}"/>'
            f'<text x="{w + 5}" y="{y + 27}">{trunc4(v, total)[:-2]} %</text>'
        )
    resumen = "; ".join(f"{n}: {trunc4(v, total)[:-2]} %" for n, v, _ in filas)
    return (
        f'<figure class="barras"><svg role="img" aria-labelledby="{ident}" '
        f'viewBox="0 0 {ancho} {len(filas) * alto}" font-size="12" '
        f'font-family="system-ui,sans-serif"><title id="{ident}">{e(titulo)}: {e(resumen)}'
        f"</title>{''.join(partes)}</svg></figure>"
    )


def ventaja(filas: Sequence[tuple[str, int]]) -> tuple[str, int, int] | None:
    """(who leads, their votes, margin over the second) among the candidacies (not the
    write-in or null votes); None while nobody has a vote."""
    contienden = sorted(((v, n) for n, v in filas if n not in NO_CONTIENDEN), key=lambda x: -x[0])
    if not contienden or contienden[0][0] == 0:
        return None
    segundo = contienden[1][0] if len(contienden) > 1 else 0
    return contienden[0][1], contienden[0][0], contienden[0][0] - segundo


def mapa_svg(
    ident: str,
    titulo: str,
    ancho: int,
    alto: int,
    zonas: Sequence[tuple[str, str, str, str]],
    leyenda: Sequence[tuple[str, str]],
) -> str:
    """A choropleth map that works without JavaScript: each zone (path data, colour, link,
    name) is a link wrapping its shape, named by its `<title>` (mouse, finger or keyboard);
    the legend says which colour is whom. The tables below it hold the same in text."""
    formas = "".join(
        f'<a href="{e(href)}"><title>{e(nombre)}</title>'
        f'<path d="{d}" fill="{e(color)}" stroke="#fff" stroke-width="1.5"/></a>'
        for d, color, href, nombre in zonas
        if d
    )
    items = "".join(
        f'<li><svg class="marca" aria-hidden="true" viewBox="0 0 1 1"><rect width="1" '
        f'height="1" fill="{e(c)}"/></svg>{e(n)}</li>'
        for n, c in leyenda
    )
    return (
        f'<figure class="mapa"><svg role="group" aria-labelledby="{ident}" '
        f'viewBox="0 0 {ancho} {alto}"><title id="{ident}">{e(titulo)}</title>{formas}</svg>'
        f'<figcaption>{e(titulo)}<ul class="leyenda">{items}</ul></figcaption></figure>'
    )


def lista_enlaces(caption: str, filas: Iterable[tuple[str, str, str]], cols: Sequence[str]) -> str:
    """A table of links: (text, href, extra cell)."""
    cuerpo = "".join(
        f'<tr><th scope="row"><a href="{e(h)}">{e(t)}</a></th><td>{x}</td></tr>'
        for t, h, x in filas
    )
    cab = "".join(f'<th scope="col">{e(c)}</th>' for c in cols)
    return (
        f'<div class="tabla"><table><caption>{e(caption)}</caption><thead><tr>{cab}</tr>'
        f"</thead><tbody>{cuerpo}</tbody></table></div>"
    )


assert f".actas td:nth-last-child(-n+{COLUMNAS_TEXTO_ACTA})" in CSS
