"""The published cut of the cómputos as a pure function: rows in, files out (path → bytes).

What a cut holds (docs/computos.md, «Publicación»):

- ``index.html``: every cómputo (election, consejo) with its candidacy totals and links;
- ``consejos/<CLAVE>.html``: one consejo — candidacy and party totals (after the coalition split),
  every casilla with the PREP's figures beside the cómputo's and the difference highlighted,
  whether and why it was re-counted, its documents (acta de cómputo, constancia) by SHA-256;
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from operator import itemgetter, methodcaller

from ople.ley.distribucion import Candidatura, distribuir, totales_candidatura

CAUSAL_TEXTO = {
    "C1": "no coincide con la copia",
    "C2": "alteraciones evidentes",
    "C3": "sin acta",
    "C4": "errores o inconsistencias",
    "C5": "nulos mayores que la diferencia",
    "C6": "todos los votos a una opción",
    "C7": "paquete con alteración",
}


@dataclass(frozen=True)
class CasillaPublicada:
    clave: str
    seccion: int
    votos: Mapping[str, int]
    fuente: str  # COTEJO | RECUENTO | tribunal
    causales: tuple[str, ...] = ()
    prep: Mapping[str, int] | None = None


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


_ESTILO = (
    "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem;"
    "color:#1a1a1a;line-height:1.4}table{border-collapse:collapse;margin:.5rem 0}"
    "th,td{border-bottom:1px solid #ccc;padding:.2rem .45rem}td{text-align:right;"
    "font-variant-numeric:tabular-nums}.dif{background:#fde2c8;font-weight:bold}"
    ".rec{color:#7a1f1f}.caja{overflow-x:auto}a{color:#0b4f6c}"
)


def _pagina(titulo: str, cuerpo: str, *, raiz: str) -> bytes:
    return (
        '<!doctype html><html lang="es"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(titulo)}</title><style>{_ESTILO}</style></head><body>"
        f'<header><p><a href="{raiz}index.html">Cómputos</a></p></header>'
        f"<main><h1>{_e(titulo)}</h1>{cuerpo}</main>"
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


def _pagina_consejo(c: ComputoPublicado, t: Totales) -> bytes:
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
    partes.append(
        f"<h2>Casillas ({len(c.casillas)}; recontadas {recontadas})</h2>"
        "<p>Para cada casilla: las cifras del cómputo y, debajo, la diferencia con el PREP "
        "(resaltada cuando no es cero).</p>"
    )
    cab = "".join(f'<th scope="col">{_e(k)}</th>' for k in c.columnas)
    filas = []
    # End tags of cells and rows are optional in HTML: left out, the national cut's pages are a
    # third smaller (less to compress and sign). One format string for a row's figures.
    cifras = "<td>{}" * len(c.columnas)
    fuentes: dict[str, str] = {}
    for x in c.casillas:
        motivo = ", ".join(f"{k} ({CAUSAL_TEXTO.get(k, k)})" for k in x.causales)
        celdas = cifras.format(*map(x.votos.get, c.columnas, repeat(0)))
        fuente = fuentes.get(x.fuente)
        if fuente is None:
            fuente = fuentes[x.fuente] = (
                f"<td{' class=rec' if x.fuente == 'RECUENTO' else ''}>{_e(x.fuente.lower())}"
            )
        filas.append(
            f'<tr><th scope="row">{_e(x.clave)}<td>{x.seccion}{fuente}'
            f"{' — ' + _e(motivo) if motivo else ''}{celdas}"
        )
        if x.prep is not None:
            difs = []
            for k in c.columnas:
                dif = x.votos.get(k, 0) - x.prep.get(k, 0)
                difs.append(f'<td class="dif">{dif:+d}' if dif else "<td>0")
            filas.append(f'<tr><td colspan="3">diferencia con el PREP{"".join(difs)}')
    partes.append(
        '<div class="caja"><table><thead><tr><th scope="col">Casilla</th>'
        f'<th scope="col">Sección</th><th scope="col">Cómo se obtuvo</th>{cab}</tr></thead>'
        f"<tbody>{''.join(filas)}</tbody></table></div>"
    )
    return _pagina(f"{c.nombre}", "".join(partes), raiz="../")


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
    indice = []
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
        archivos[f"consejos/{c.clave}.html"] = _pagina_consejo(c, t)
        indice.append(
            f'<tr><th scope="row"><a href="consejos/{_e(c.clave)}.html">{_e(c.nombre)}</a></th>'
            f"<td>{_e(c.eleccion)}</td><td>{_e(ganadora)}</td><td>{votos:,}</td>"
            f"<td>{len(c.casillas):,}</td><td>{recontadas:,}</td></tr>"
        )
    archivos["index.html"] = _pagina(
        titulo,
        f'<p>Corte del {corte_en.isoformat()}.</p><div class="caja"><table><thead><tr>'
        '<th scope="col">Cómputo</th><th scope="col">Elección</th><th scope="col">Primer lugar'
        '</th><th scope="col">Votos</th><th scope="col">Casillas</th><th scope="col">Recontadas'
        f"</th></tr></thead><tbody>{''.join(indice)}</tbody></table></div>",
        raiz="",
    )
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
        "recalcular todo desde casillas.csv.\n"
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
