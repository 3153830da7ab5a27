"""The published cut of the cómputos as a pure function: rows in, files out (path → bytes).

What a cut holds (docs/computos.md, «Publicación»):

- ``index.html``: every cómputo (election, consejo) with its candidacy totals and links;
- ``index.html``'s cómputos are grouped by election (anchors ``#eleccion-<name>``);
- ``consejos/<CLAVE>.html``: one consejo — candidacy and party totals (after the coalition split),
  its documents (acta de cómputo, constancia) by SHA-256, and its secciones (casillas, how many
  re-counted, how many differ from the PREP), each linking to its place in
- ``consejos/<CLAVE>/secciones/<A>-<B>.html``: pages of whole consecutive secciones (``tramos``,
  up to ``CASILLAS_POR_PAGINA`` casillas), every casilla at its anchor (``#casilla-<CLAVE>``,
  each sección at ``#seccion-<N>``) with whether and why it was re-counted (C1–C7 in words, or
  the total recount), the cómputo's figures, the PREP's and their difference, highlighted and
  named in words; links up to the consejo and the election, and to the next and previous pages;
- ``estilo.css``: the one style sheet (no script anywhere, nothing from another site);
- ``datos/casillas.csv``: one row per casilla (open data), ``datos/computos.csv``: one row per
  cómputo with the distributed party totals, ``datos/computos.json``: the same with the ballot
  (combinations and candidacies) so that anyone can recompute;
- ``LEEME.txt``: what each column means.

``verificar(archivos)`` recomputes every total and the coalition split from the published casilla
rows and compares them with the published cómputo rows (what ``ople verify`` adds on top of the
signature and chain checks). No Django.
"""

from __future__ import annotations

import csv
import html
import io
import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from operator import itemgetter, methodcaller

from ople.ley.distribucion import Candidatura, distribuir, totales_candidatura
from ople.ley.recuento import CAUSALES

# Why a casilla was re-counted besides its causes (the record's `momento`, ADR 0032)
MOMENTO_TEXTO = {
    "TOTAL_INICIO": "el recuento total pedido al inicio de la sesión",
    "TOTAL_FINAL": "el recuento total pedido al final del cómputo",
}


@dataclass(frozen=True)
class CasillaPublicada:
    clave: str
    seccion: int
    votos: Mapping[str, int]
    fuente: str  # COTEJO | RECUENTO | tribunal
    causales: tuple[str, ...] = ()
    prep: Mapping[str, int] | None = None
    momento: str = ""  # LISTA | COTEJO | TOTAL_INICIO | TOTAL_FINAL (when sent to recount)


@dataclass(frozen=True)
class DocumentoPublicado:
    tipo: str
    folio: str
    sha256: str
    archivo: str  # name under almacen/ ("" when not published)


@dataclass(frozen=True)
class ComputoPublicado:
    clave: str  # consejo's clave (CD01, CM05, or a federal distrito "F01-01")
    nombre: str
    eleccion: str
    columnas: tuple[str, ...]
    partidos: tuple[str, ...]  # ballot order (the default tie-break)
    combinaciones: Mapping[str, tuple[str, ...]]  # column → its parties
    candidaturas: Mapping[str, tuple[str, ...]]  # candidacy → its columns
    desempate: tuple[str, ...]
    casillas: tuple[CasillaPublicada, ...]
    version: int = 1
    origen: str = "IEE"
    estado: str = ""
    documentos: tuple[DocumentoPublicado, ...] = field(default=())


@dataclass(frozen=True)
class Totales:
    por_columna: dict[str, int]
    por_candidatura: dict[str, int]
    distribuido: dict[str, int]


def _sumar(casillas: Sequence[CasillaPublicada], columnas: Sequence[str]) -> dict[str, int]:
    """Each column's sum over the casillas (the ballot's columns first, then any other a
    casilla names). Column by column with C-level loops (`map` of `dict.get`): the national cut
    sums 171,643 casillas twice, once to check and once to publish."""
    votos = [x.votos for x in casillas]
    if len(columnas) > 1 and sum(map(len, votos)) == len(columnas) * len(votos):
        # the usual case, every casilla with exactly the ballot's columns: one C-level pass
        try:
            filas = list(map(itemgetter(*columnas), votos))
        except KeyError:
            pass
        else:
            return (
                dict(zip(columnas, map(sum, zip(*filas, strict=True)), strict=True))
                if filas
                else dict.fromkeys(columnas, 0)
            )
    por_columna = dict.fromkeys(columnas, 0)
    if set().union(*(v.keys() for v in votos)) - por_columna.keys():
        for v in votos:  # a column off the ballot: listed where it first appears
            for k in v:
                por_columna.setdefault(k, 0)
    for k in por_columna:
        por_columna[k] = sum(map(methodcaller("get", k, 0), votos))
    return por_columna


def totales(c: ComputoPublicado) -> Totales:
    por_columna = _sumar(c.casillas, c.columnas)
    cands = [Candidatura(k, tuple(v), ()) for k, v in c.candidaturas.items()]
    propios = {p: por_columna.get(p, 0) for p in c.partidos}
    combos = {tuple(ps): por_columna.get(col, 0) for col, ps in c.combinaciones.items()}
    return Totales(
        por_columna,
        totales_candidatura(por_columna, cands),
        distribuir(propios, combos, desempate=c.desempate),
    )


def _campo(x: object) -> str:
    """One CSV field as `csv.writer` writes it (minimal quoting, `\\n` line ends)."""
    texto = str(x)
    if "," in texto or '"' in texto or "\n" in texto or "\r" in texto:
        return '"' + texto.replace('"', '""') + '"'
    return texto


def _csv(filas: Sequence[Sequence[object]]) -> bytes:
    salida = io.StringIO()
    w = csv.writer(salida, lineterminator="\n")
    w.writerows(filas)
    return salida.getvalue().encode()


def _e(x: object) -> str:
    texto = str(x)
    # letters and digits need no escaping (casilla keys, most names): skip the five replaces
    return texto if texto.isalnum() else html.escape(texto)


# The cut's one style sheet (`estilo.css`, like the PREP's: no inline style, which the
# platform's Content-Security-Policy forbids). Mobile first: one column, tables that scroll
# sideways in a focusable region, the casilla's explanation kept on screen while they do.
ESTILO = """\
:root{--t:#1a1a1a;--f:#fff;--a:#0b4f8a;--b:#d0d7de;--s:#f3f5f7;--d:#7a3e00;--df:#fff4e5}
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--t);background:var(--f)}
a{color:var(--a)}a:focus,.caja:focus{outline:3px solid #b35900;outline-offset:2px}
.salto{position:absolute;left:-999px}.salto:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:9}
header,main,footer{padding:.75rem 1rem;max-width:72rem;margin:0 auto}
header{border-bottom:2px solid var(--a)}header p{margin:.2rem 0;font-weight:600}
nav ol,nav ul{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:.2rem .6rem}
nav ol li+li:before{content:"› "}
.caja{overflow-x:auto}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:700;padding:.3rem 0}
th,td{border:1px solid var(--b);padding:.25rem .45rem;text-align:left;vertical-align:top}
td{text-align:right;white-space:nowrap}thead th{background:var(--s)}
.dif{background:var(--df);color:var(--d);font-weight:700;outline:2px solid var(--d);outline-offset:-2px}
th[colspan]{background:#e4ecf4;font-size:1.05rem}
tbody td:first-of-type{text-align:left}tbody th[rowspan]{background:var(--s)}
tr.nota td{text-align:left;white-space:normal;background:var(--s)}
tr.nota span{position:sticky;left:.5rem;display:inline-block;max-width:calc(100vw - 9rem)}
.leyenda{background:var(--s);padding:.5rem .75rem;border-left:4px solid var(--a)}
code{word-break:break-all}
@media (min-width:48rem){body{font-size:1.05rem}}
"""

# A page of casillas holds whole secciones, up to this many casillas (a sección with more gets a
# page of its own). One page per casilla, or even per sección, would be 171,643 or ~70,500 pages
# (twice as many files with their gzip copies) for INE's national cómputo: writing 70,500 small
# pages alone took 11 s on this machine, beyond the national target (bench/log.md). Pages of
# consecutive secciones, each sección and casilla at its anchor (`#seccion-N`,
# `#casilla-CLAVE`), keep the national cut at ~700 pages of ~50 KB (about 9 KB compressed,
# light for a phone). Fewer, larger pages also matter to the publisher: it compresses files up
# to 32 KiB at gzip level 9 (ADR 0050), which on these tables runs ~5 times slower than level 6
# (pages of 200 casillas, ~35 KB, cost a second more). docs/computos.md, «Publicación».
CASILLAS_POR_PAGINA = 300


def _ancla(texto: str) -> str:
    """An ASCII anchor for a name («DIPUTACIONES LOCALES» → «diputaciones-locales»)."""
    plano = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in plano).split()) or "x"


def _pagina(titulo: str, cuerpo: str, *, raiz: str, migas: Sequence[tuple[str, str]] = ()) -> bytes:
    """A whole page: `raiz` is the relative path to the cut's root, `migas` the way up
    (name, link; the page itself last, without a link)."""
    ruta = "".join(
        f'<li><a href="{h}">{_e(t)}</a></li>' if h else f'<li aria-current="page">{_e(t)}</li>'
        for t, h in migas
    )
    return (
        '<!doctype html><html lang="es-MX"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{_e(titulo)} · Cómputos</title><link rel="stylesheet" href="{raiz}estilo.css">'
        '</head><body><a class="salto" href="#contenido">Saltar al contenido</a>'
        f'<header><p><a href="{raiz}index.html">Cómputos distritales y municipales</a></p>'
        + (f'<nav aria-label="Ruta"><ol>{ruta}</ol></nav>' if migas else "")
        + f'</header><main id="contenido"><h1>{_e(titulo)}</h1>{cuerpo}</main>'
        "<footer><p>Cifras oficiales de los cómputos. Datos abiertos en "
        f'<a href="{raiz}datos/casillas.csv">casillas.csv</a> y '
        f'<a href="{raiz}datos/computos.csv">computos.csv</a>.</p></footer></body></html>'
    ).encode()


def _tabla(titulo: str, cifras: Mapping[str, int]) -> str:
    cab = "".join(f'<th scope="col">{_e(k)}</th>' for k in cifras)
    val = "".join(f"<td>{v:,}</td>" for v in cifras.values())
    return (
        f'<div class="caja"><table><caption>{_e(titulo)}</caption><thead><tr>{cab}</tr></thead>'
        f"<tbody><tr>{val}</tr></tbody></table></div>"
    )


@dataclass(frozen=True)
class _Tramo:
    """One page of a consejo's casillas: consecutive secciones, whole."""

    archivo: str  # "338-401.html" (or "338.html" for one sección), under consejos/CLAVE/secciones/
    secciones: tuple[tuple[int, tuple[CasillaPublicada, ...]], ...]

    @property
    def nombre(self) -> str:
        a, b = self.secciones[0][0], self.secciones[-1][0]
        return f"Sección {a}" if a == b else f"Secciones {a} a {b}"


def tramos(
    casillas: Sequence[CasillaPublicada], *, maximo: int = CASILLAS_POR_PAGINA
) -> list[_Tramo]:
    """A consejo's casillas by sección (ascending; a sección's casillas in the order given),
    grouped into pages of whole secciones of about the same size, none over `maximo` casillas
    unless one sección alone has more."""
    por_seccion: dict[int, list[CasillaPublicada]] = {}
    for x in casillas:
        por_seccion.setdefault(x.seccion, []).append(x)
    if not por_seccion:
        return []
    paginas = -(-len(casillas) // maximo)
    grupos: list[list[tuple[int, tuple[CasillaPublicada, ...]]]] = [[]]
    n = 0  # casillas on the page being filled
    quedan = len(casillas)  # casillas not on a closed page
    for s in sorted(por_seccion):
        propias = tuple(por_seccion[s])
        # the share of what is left for each page left; a sección goes to the next page when
        # its middle would pass that share, or it would not fit
        objetivo = quedan / max(1, paginas - len(grupos) + 1)
        if grupos[-1] and (n + len(propias) / 2 > objetivo or n + len(propias) > maximo):
            grupos.append([])
            quedan -= n
            n = 0
        grupos[-1].append((s, propias))
        n += len(propias)
    salida = []
    for g in grupos:
        a, b = g[0][0], g[-1][0]
        salida.append(_Tramo(f"{a}.html" if a == b else f"{a}-{b}.html", tuple(g)))
    return salida


_FUENTE_CORTA = {"RECUENTO": "recontada", "COTEJO": "cotejada"}


def _por_que(x: CasillaPublicada) -> str:
    """Why the casilla was re-counted, in words ("" when there is nothing to say beyond
    «recontada» or «cotejada»)."""
    motivos = [f"{k}: {CAUSALES.get(k, k).lower()}" for k in x.causales]
    if x.momento in MOMENTO_TEXTO:
        motivos.append(MOMENTO_TEXTO[x.momento])
    if not motivos:
        return ""
    return "Recontada por " + "; ".join(motivos) if x.fuente == "RECUENTO" else "; ".join(motivos)


def _pagina_tramo(
    c: ComputoPublicado,
    tramo: _Tramo,
    *,
    previo: _Tramo | None,
    siguiente: _Tramo | None,
) -> bytes:
    """The casillas of some secciones of one consejo: for each casilla whether and why it was
    re-counted, the cómputo's figures, the PREP's and their difference (highlighted, signed and
    named in words, so not by colour alone).

    Compact, since the national cut has 171,643 casillas: a casilla with nothing more to say
    (no PREP, no cause recorded, as in INE's database) is one row; the rows of the PREP, of the
    difference and of the reasons in words follow only where there is something to show."""
    ancla_el = f"../../../index.html#eleccion-{_ancla(c.eleccion)}"
    consejo = f"../../{_e(c.clave)}.html"
    ncol = len(c.columnas) + 2
    cab = "".join(f'<th scope="col">{_e(k)}</th>' for k in c.columnas)
    cifras = "<td>{}" * len(c.columnas)
    filas: list[str] = []
    indice: list[str] = []
    for s, casillas in tramo.secciones:
        # unquoted attributes and no end tags where HTML allows: the national cut's ~70,500
        # secciones and 171,643 casillas make every byte here count ~100,000 times
        indice.append(f"<a href=#seccion-{s}>{s}</a>")
        filas.append(f"<tbody id=seccion-{s}><tr><th colspan={ncol} scope=rowgroup>Sección {s}")
        for x in casillas:
            votos = x.votos
            notas = []
            por_que = _por_que(x)
            if por_que:
                notas.append(_e(por_que))
            extra = ""
            if x.prep is not None:
                prep = x.prep
                difs = [votos.get(k, 0) - prep.get(k, 0) for k in c.columnas]
                distintas = [(k, d) for k, d in zip(c.columnas, difs, strict=True) if d]
                if distintas:
                    notas.append(
                        f"<b>≠ difiere del PREP en {len(distintas)} "
                        f"columna{'s' if len(distintas) != 1 else ''}</b>: "
                        + ", ".join(f"{_e(k)} {d:+d}" for k, d in distintas)
                    )
                else:
                    notas.append("= coincide con el PREP")
                extra = (
                    "<tr><td>PREP"
                    + cifras.format(*map(prep.get, c.columnas, repeat("–")))
                    + "<tr><td>diferencia"
                    + "".join(f'<td class="dif">{d:+d}' if d else "<td>0" for d in difs)
                )
            if notas:
                extra += (
                    f'<tr class="nota"><td colspan="{ncol - 1}"><span>{" · ".join(notas)}</span>'
                )
            filas_x = 1 + (2 if x.prep is not None else 0) + (1 if notas else 0)
            filas.append(
                f'<tr id="casilla-{_e(x.clave)}"><th'
                + (f' rowspan="{filas_x}"' if filas_x > 1 else "")
                + f">{_e(x.clave)}<td>{_FUENTE_CORTA.get(x.fuente) or _e(x.fuente)}"
                + cifras.format(*map(votos.get, c.columnas, repeat(0)))
                + extra
            )
    vecinos = []
    if previo is not None:
        vecinos.append(f'<li><a href="{previo.archivo}" rel="prev">← {_e(previo.nombre)}</a></li>')
    if siguiente is not None:
        vecinos.append(
            f'<li><a href="{siguiente.archivo}" rel="next">{_e(siguiente.nombre)} →</a></li>'
        )
    cuerpo = (
        f"<p>{_e(c.nombre)} · {_e(c.eleccion)} · versión {c.version} ({_e(c.origen)})</p>"
        '<p class="leyenda">Por cada casilla: si se <b>recontó</b> o se <b>cotejó</b> en el pleno '
        "y, si se recontó, por qué; las cifras del cómputo; donde las hay, las del PREP y la "
        "diferencia (cómputo menos PREP), resaltada y con su signo donde no es cero, y dicha "
        "en palabras (≠ difiere, = coincide).</p>"
        f'<nav aria-label="Secciones de esta página"><p>Secciones: {" ".join(indice)}</p></nav>'
        + (
            f'<nav aria-label="Otras secciones"><ul>{"".join(vecinos)}</ul></nav>'
            if vecinos
            else ""
        )
        + f'<div class="caja" role="region" tabindex="0" aria-labelledby="t-casillas">'
        f'<table><caption id="t-casillas">Casillas · {_e(tramo.nombre)}</caption>'
        f'<thead><tr><th scope="col">Casilla</th><th scope="col">Cifras</th>{cab}</tr></thead>'
        f"{''.join(filas)}</table></div>"
    )
    return _pagina(
        f"{c.nombre} · {tramo.nombre}",
        cuerpo,
        raiz="../../../",
        migas=[
            ("Cómputos", "../../../index.html"),
            (c.eleccion, ancla_el),
            (c.nombre, consejo),
            (tramo.nombre, ""),
        ],
    )


def _pagina_consejo(c: ComputoPublicado, t: Totales, paginas: Sequence[_Tramo]) -> bytes:
    partes = [
        f"<p>{_e(c.eleccion)} · versión {c.version} ({_e(c.origen)})"
        + (f" · {_e(c.estado)}" if c.estado else "")
        + "</p>",
        _tabla("Votación por candidatura", t.por_candidatura),
        _tabla("Votación por partido (votos de coalición distribuidos)", t.distribuido),
        _tabla("Votación por columna de la boleta", t.por_columna),
    ]
    if c.documentos:
        partes.append("<h2>Documentos</h2><ul>")
        for d in c.documentos:
            enlace = (
                f'<a href="../../../almacen/{_e(d.archivo)}">{_e(d.tipo)} {_e(d.folio)}</a>'
                if d.archivo
                else f"{_e(d.tipo)} {_e(d.folio)}"
            )
            partes.append(f"<li>{enlace} · SHA-256 <code>{_e(d.sha256)}</code></li>")
        partes.append("</ul>")
    recontadas = sum(1 for x in c.casillas if x.fuente == "RECUENTO")
    con_prep = [x for x in c.casillas if x.prep is not None]
    difieren = sum(1 for x in con_prep if _difiere(x, c.columnas))
    partes.append(
        f"<h2>Casillas por sección</h2><p>{len(c.casillas):,} casillas; {recontadas:,} "
        f"recontadas; {difieren:,} de {len(con_prep):,} con cifras del PREP difieren de "
        "ellas. Las casillas se publican por secciones consecutivas; en cada página, cada "
        "casilla dice si se recontó y por qué, con sus cifras junto a las del PREP.</p>"
    )
    filas = []
    for p in paginas:
        xs = [x for _, casillas in p.secciones for x in casillas]
        rec = sum(1 for x in xs if x.fuente == "RECUENTO")
        dif = sum(1 for x in xs if x.prep is not None and _difiere(x, c.columnas))
        filas.append(
            f'<tr><th scope="row"><a href="{_e(c.clave)}/secciones/{p.archivo}">'
            f"{_e(p.nombre)}</a><td>{len(xs)}<td>{rec}<td>{dif}"
        )
    partes.append(
        '<div class="caja"><table><thead><tr><th scope="col">Página</th>'
        '<th scope="col">Casillas</th><th scope="col">Recontadas</th>'
        '<th scope="col">Difieren del PREP</th></tr></thead>'
        f"<tbody>{''.join(filas)}</tbody></table></div>"
    )
    return _pagina(
        c.nombre,
        "".join(partes),
        raiz="../",
        migas=[
            ("Cómputos", "../index.html"),
            (c.eleccion, f"../index.html#eleccion-{_ancla(c.eleccion)}"),
            (c.nombre, ""),
        ],
    )


def _difiere(x: CasillaPublicada, columnas: Sequence[str]) -> bool:
    prep = x.prep or {}
    return any(x.votos.get(k, 0) != prep.get(k, 0) for k in columnas)


def generar(
    computos: Sequence[ComputoPublicado], *, titulo: str, corte_en: datetime
) -> dict[str, bytes]:
    """Every file of one cut (deterministic for the same input)."""
    archivos: dict[str, bytes] = {}
    todas = sorted({k for c in computos for k in c.columnas}, key=lambda k: (k == "NULOS", k))
    cabecera_cas: list[list[object]] = [
        [
            "CONSEJO",
            "ELECCION",
            "CLAVE_CASILLA",
            "SECCION",
            "FUENTE",
            "CAUSALES",
            *todas,
            *[f"PREP_{k}" for k in todas],
        ]
    ]
    # casillas.csv (the national cut's largest file, 171,643 rows) line by line with one format
    # string per cómputo instead of a list per row for `csv.writer`: the same bytes.
    lineas_cas: list[str] = []
    cola = "," + ",".join(["{}"] * (2 * len(todas))) if todas else ""
    sin_prep = ["-"] * len(todas)
    partidos_todos = list(dict.fromkeys(p for c in computos for p in c.partidos))
    filas_comp: list[list[object]] = [
        [
            "CONSEJO",
            "NOMBRE",
            "ELECCION",
            "VERSION",
            "ORIGEN",
            "CASILLAS",
            "RECONTADAS",
            "GANADORA",
            "VOTOS_GANADORA",
            *partidos_todos,
        ]
    ]
    datos_json = []
    indice: dict[str, list[str]] = {}
    for c in computos:
        t = totales(c)
        # this cómputo's column at each place of `todas` (None, never a key, where it has none)
        propias = set(c.columnas)
        lugares = [k if k in propias else None for k in todas]
        prefijo = f"{_campo(c.clave)},{_campo(c.eleccion)},"
        for x in c.casillas:
            lineas_cas.append(
                f"{prefijo}{_campo(x.clave)},{_campo(x.seccion)},{_campo(x.fuente)},"
                f"{_campo(' '.join(x.causales))}"
                # map over dict.get keeps this loop at C speed (national scale, bench/computos.py);
                # mypy cannot pick one of dict.get's overloads for it
                + cola.format(
                    *map(x.votos.get, lugares, repeat("-")),  # type: ignore[arg-type]
                    *(
                        sin_prep if x.prep is None else map(x.prep.get, lugares, repeat("-"))  # type: ignore[arg-type]
                    ),
                )
            )
        orden = sorted(t.por_candidatura.items(), key=lambda kv: -kv[1])
        ganadora, votos = orden[0] if orden else ("", 0)
        recontadas = sum(1 for x in c.casillas if x.fuente == "RECUENTO")
        filas_comp.append(
            [
                c.clave,
                c.nombre,
                c.eleccion,
                c.version,
                c.origen,
                len(c.casillas),
                recontadas,
                ganadora,
                votos,
                *[t.distribuido.get(p, "-") for p in partidos_todos],
            ]
        )
        datos_json.append(
            {
                "consejo": c.clave,
                "eleccion": c.eleccion,
                "columnas": list(c.columnas),
                "partidos": list(c.partidos),
                "combinaciones": {k: list(v) for k, v in c.combinaciones.items()},
                "candidaturas": {k: list(v) for k, v in c.candidaturas.items()},
                "desempate": list(c.desempate),
                "por_candidatura": t.por_candidatura,
                "distribuido": t.distribuido,
            }
        )
        paginas = tramos(c.casillas)
        archivos[f"consejos/{c.clave}.html"] = _pagina_consejo(c, t, paginas)
        for i, p in enumerate(paginas):
            archivos[f"consejos/{c.clave}/secciones/{p.archivo}"] = _pagina_tramo(
                c,
                p,
                previo=paginas[i - 1] if i else None,
                siguiente=paginas[i + 1] if i + 1 < len(paginas) else None,
            )
        indice.setdefault(c.eleccion, []).append(
            f'<tr><th scope="row"><a href="consejos/{_e(c.clave)}.html">{_e(c.nombre)}</a></th>'
            f"<td>{_e(ganadora)}</td><td>{votos:,}</td>"
            f"<td>{len(c.casillas):,}</td><td>{recontadas:,}</td></tr>"
        )
    elecciones = "".join(
        f'<h2 id="eleccion-{_ancla(el)}">{_e(el)}</h2><div class="caja"><table><thead><tr>'
        '<th scope="col">Cómputo</th><th scope="col">Primer lugar</th><th scope="col">Votos'
        '</th><th scope="col">Casillas</th><th scope="col">Recontadas</th></tr></thead>'
        f"<tbody>{''.join(filas)}</tbody></table></div>"
        for el, filas in indice.items()
    )
    archivos["index.html"] = _pagina(
        titulo,
        f"<p>Corte del {corte_en.isoformat()}.</p>"
        + (
            '<nav aria-label="Elecciones"><ul>'
            + "".join(f'<li><a href="#eleccion-{_ancla(el)}">{_e(el)}</a></li>' for el in indice)
            + "</ul></nav>"
            if len(indice) > 1
            else ""
        )
        + elecciones,
        raiz="",
    )
    archivos["estilo.css"] = ESTILO.encode()
    lineas_cas.append("")
    archivos["datos/casillas.csv"] = _csv(cabecera_cas) + "\n".join(lineas_cas).encode()
    archivos["datos/computos.csv"] = _csv(filas_comp)
    archivos["datos/computos.json"] = json.dumps(
        {"titulo": titulo, "corte_en": corte_en.isoformat(), "computos": datos_json},
        ensure_ascii=False,
        sort_keys=True,
        indent=1,
    ).encode()
    archivos["LEEME.txt"] = (
        "Cómputos oficiales. casillas.csv: una fila por casilla con las cifras que el cómputo\n"
        "sumó (FUENTE: COTEJO o RECUENTO; CAUSALES: C1–C7 del recuento), y las del PREP\n"
        "(PREP_*), '-' donde la columna no aplica. computos.csv: una fila por cómputo con la\n"
        "votación de cada partido tras distribuir los votos de coalición. computos.json: la\n"
        "boleta de cada cómputo (combinaciones, candidaturas, orden de desempate) para\n"
        "recalcular todo desde casillas.csv. Páginas: index.html (cómputos por elección),\n"
        "consejos/CLAVE.html (totales, documentos y secciones del consejo) y\n"
        "consejos/CLAVE/secciones/A-B.html (las casillas de las secciones A a B, cada una en\n"
        "#casilla-CLAVE: si se recontó y por qué, y sus cifras junto a las del PREP).\n"
    ).encode()
    return archivos


def verificar(archivos: Mapping[str, bytes]) -> list[str]:
    """Recompute every cómputo's totals and split from the published casilla rows; return the
    differences found (empty: the cut is consistent)."""
    fallas: list[str] = []
    try:
        meta = json.loads(archivos["datos/computos.json"])
        filas = list(csv.reader(io.StringIO(archivos["datos/casillas.csv"].decode())))
    except (KeyError, ValueError) as exc:
        return [f"no se pudieron leer los datos del corte: {exc}"]
    cab, *datos = filas
    idx = {k: i for i, k in enumerate(cab)}
    por_consejo: dict[str, list[list[str]]] = {}
    for f in datos:
        por_consejo.setdefault(f[0], []).append(f)
    for c in meta["computos"]:
        casillas = tuple(
            CasillaPublicada(
                f[2],
                int(f[3]),
                {k: int(f[idx[k]]) for k in c["columnas"] if f[idx[k]] != "-"},
                f[4],
            )
            for f in por_consejo.get(c["consejo"], [])
        )
        comp = ComputoPublicado(
            c["consejo"],
            "",
            c["eleccion"],
            tuple(c["columnas"]),
            tuple(c["partidos"]),
            {k: tuple(v) for k, v in c["combinaciones"].items()},
            {k: tuple(v) for k, v in c["candidaturas"].items()},
            tuple(c["desempate"]),
            casillas,
        )
        t = totales(comp)
        if t.por_candidatura != c["por_candidatura"]:
            fallas.append(f"{c['consejo']}: la votación por candidatura no se reproduce")
        if t.distribuido != c["distribuido"]:
            fallas.append(f"{c['consejo']}: la distribución por partido no se reproduce")
    return fallas
