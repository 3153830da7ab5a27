"""The public pages of an RP allocation: static, Spanish, no JavaScript, accessible. Pure.

``generar`` returns ``{path: bytes}``: for each body (the Congress, each ayuntamiento) its
composition by party and principle as an SVG hemicycle (each seat a titled shape: a filled circle
for mayoría relativa, a ring for representación proporcional, so the principle is never told by
colour alone) with the same figures in a table, who holds each seat when known, the step-by-step
trail (``rastro.html``), and open data: ``entrada.json`` (every input and every rule, explicit, so
anyone re-runs it with ``ople computos rp``), ``resultado.json`` (the command's own JSON) and
``resultado.csv`` (the annex table). ``verificar`` re-runs every published input and compares.
Links are relative; nothing is requested from a third party; the style is a file (``estilo.css``)
and colours are SVG attributes, so the pages need no inline style (the site's
Content-Security-Policy allows none).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from ople.computos.asignacion import entrada as entrada_rp
from ople.computos.asignacion import salida
from ople.ley.rp import EntradaInvalida, Resultado, asignar
from ople.ley.rp_personas import Asignacion

CSS = """\
:root{--t:#1a1a1a;--f:#fff;--a:#0b4f8a;--b:#d0d7de;--s:#f3f5f7;--av:#7a3e00}
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--t);background:var(--f)}
a{color:var(--a)}a:focus{outline:3px solid #b35900;outline-offset:2px}
header,main,footer{padding:.75rem 1rem;max-width:64rem;margin:0 auto}
header{border-bottom:2px solid var(--a)}header p{margin:.2rem 0}
.aviso{background:#fff4e5;color:var(--av);border-left:4px solid var(--av);padding:.5rem .75rem}
.tabla{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:700;padding:.3rem 0}
th,td{border:1px solid var(--b);padding:.3rem .45rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right}thead th{background:var(--s)}
figure{margin:0}svg.hemiciclo{width:100%;max-width:36rem;height:auto;display:block}
ul.leyenda{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1rem}
ol.rastro{padding-left:1.4rem}ol.rastro li{margin:.35rem 0}.cifras{font-size:.9rem;color:#444;font-variant-numeric:tabular-nums}
svg.muestra{width:.9rem;height:.9rem;vertical-align:-.1rem;margin-right:.3rem}
"""

# Party colours close to their emblems where known, else from a palette; every one is shown with
# a dark outline on white, and the legend and the table repeat the figures.
COLORES_CONOCIDOS = {
    "PAN": "#06338e",
    "PRI": "#c8102e",
    "PRD": "#e0a800",
    "PVEM": "#3a8f3a",
    "PT": "#5e35b1",
    "MC": "#e66a00",
    "MORENA": "#8c1c32",
}
PALETA = (
    "#1f4e99",
    "#b22222",
    "#2e7d32",
    "#6a1b9a",
    "#ef6c00",
    "#00838f",
    "#ad1457",
    "#5d4037",
    "#455a64",
    "#827717",
)
INDEPENDIENTES = "Candidaturas independientes"
COLOR_INDEPENDIENTES = "#757575"


@dataclass(frozen=True)
class OrganoPublicado:
    clave: str  # the folder: "congreso", "ayuntamiento-calvillo"
    nombre: str  # "Congreso del Estado", "Ayuntamiento de Calvillo"
    entrada: Mapping[str, Any]  # the complete input (entrada.completa): what `verificar` re-runs
    resultado: Resultado
    personas: Asignacion | None = None
    # (party, n-th RP seat) -> the constancia's file in the site's store ("<sha256>.pdf")
    constancias: Mapping[tuple[str, int], str] = field(default_factory=dict)


def colores(partidos: Sequence[str]) -> dict[str, str]:
    libres = [c for c in PALETA if c not in COLORES_CONOCIDOS.values()]
    r: dict[str, str] = {}
    for p in partidos:
        r[p] = COLORES_CONOCIDOS.get(p.upper()) or libres[len(r) % len(libres)]
    return r


def posiciones(n: int) -> list[tuple[float, float]]:
    """Seat centres of a hemicycle of ``n`` seats in a 200 × 110 box, left to right."""
    if n == 0:
        return []
    filas = max(1, round(math.sqrt(n / 3)))
    radios = [45 + i * (50 / max(1, filas - 1)) if filas > 1 else 70 for i in range(filas)]
    total_r = sum(radios)
    por_fila = [max(1, round(n * r / total_r)) for r in radios]
    por_fila[-1] += n - sum(por_fila)
    while por_fila[-1] < 1:  # rounding gave the inner rows too many
        i = max(range(filas - 1), key=lambda k: por_fila[k])
        por_fila[i] -= 1
        por_fila[-1] += 1
    puntos: list[tuple[float, int, float, float]] = []
    for fila, (r, k) in enumerate(zip(radios, por_fila, strict=True)):
        for j in range(k):
            theta = math.pi / 2 if k == 1 else math.pi * (1 - j / (k - 1))
            puntos.append((theta, fila, 100 + r * math.cos(theta), 102 - r * math.sin(theta)))
    puntos.sort(key=lambda t: (-round(t[0], 6), t[1]))
    return [(x, y) for _, _, x, y in puntos]


def asientos(r: Resultado, mr_independientes: int) -> list[tuple[str, str]]:
    """(party, principle) of every seat, parties by total seats, MR before RP within each."""
    lista: list[tuple[str, str]] = []
    for p in salida.orden(r):
        mr = r.total[p] - r.rp[p]
        lista += [(p, "mayoría relativa")] * mr + [(p, "representación proporcional")] * r.rp[p]
    lista += [(INDEPENDIENTES, "mayoría relativa")] * mr_independientes
    return lista


def hemiciclo(o: OrganoPublicado) -> str:
    r = o.resultado
    mri = int(o.entrada.get("mr_independientes", 0))
    lista = asientos(r, mri)
    color = colores([p for p in salida.orden(r) if r.total[p]])
    color[INDEPENDIENTES] = COLOR_INDEPENDIENTES
    n = len(lista)
    radio = max(2.2, min(6.0, 160 / max(n, 1)))
    partes = []
    for (x, y), (p, principio) in zip(posiciones(n), lista, strict=True):
        titulo = f"<title>{escape(p)}: {principio}</title>"
        if principio == "mayoría relativa":
            partes.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radio:.1f}" fill="{color[p]}" '
                f'stroke="#222" stroke-width=".6">{titulo}</circle>'
            )
        else:
            partes.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radio - 0.9:.1f}" fill="#fff" '
                f'stroke="{color[p]}" stroke-width="1.8">{titulo}</circle>'
            )
    resumen = "; ".join(
        f"{p}: {r.total[p]} ({r.total[p] - r.rp[p]} MR, {r.rp[p]} RP)"
        for p in salida.orden(r)
        if r.total[p]
    )
    if mri:
        resumen += f"; {INDEPENDIENTES}: {mri} (MR)"
    leyenda = "".join(
        f'<li><svg class="muestra" viewBox="0 0 10 10" aria-hidden="true"><circle cx="5" '
        f'cy="5" r="4.4" fill="{color[p]}" stroke="#222" stroke-width=".6"/></svg>{escape(p)}: '
        f"{r.total[p]}</li>"
        for p in [*salida.orden(r), *([INDEPENDIENTES] if mri else [])]
        if p == INDEPENDIENTES or r.total[p]
    )
    ident = f"hemiciclo-{o.clave}"
    return (
        f'<figure><svg class="hemiciclo" viewBox="-8 -6 216 120" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{escape(o.nombre)}: {n} integrantes</title>'
        f'<desc id="{ident}-d">{escape(resumen)}</desc>{"".join(partes)}</svg>'
        f"<figcaption>Círculo lleno: mayoría relativa; anillo: representación proporcional."
        f'<ul class="leyenda">{leyenda}</ul></figcaption></figure>'
    )


def _pagina(titulo: str, cuerpo: str, raiz: str, aviso: str | None) -> bytes:
    avisos = f'<p class="aviso">{escape(aviso)}</p>' if aviso else ""
    return (
        '<!doctype html><html lang="es"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<title>{escape(titulo)}</title><link rel="stylesheet" href="{raiz}estilo.css"></head><body>'
        f'<header><p><a href="{raiz}index.html">Asignación de representación proporcional</a></p>'
        f"<h1>{escape(titulo)}</h1>{avisos}</header><main>{cuerpo}</main>"
        "<footer><p>Cada cifra se recalcula con <code>ople computos rp entrada.json</code> "
        "(software libre, AGPL-3.0-or-later).</p></footer></body></html>"
    ).encode()


def _tabla_composicion(r: Resultado) -> str:
    filas = salida.tabla(r)
    cab = "".join(
        f'<th scope="col"{" class=n" if i else ""}>{escape(c)}</th>'
        for i, c in enumerate(salida.ENCABEZADO)
    )
    cuerpo = "".join(
        "<tr>"
        + "".join(
            (f'<th scope="row">{escape(c)}</th>' if i == 0 else f'<td class="n">{c}</td>')
            for i, c in enumerate(f)
        )
        + "</tr>"
        for f in filas
        if f[0] == "Σ" or int(f[-1]) or f[0] in r.elegibles
    )
    return (
        '<div class="tabla"><table><caption>Integración por partido y principio (escaños de '
        "representación proporcional por tipo de asignación)</caption>"
        f"<thead><tr>{cab}</tr></thead><tbody>{cuerpo}</tbody></table></div>"
    )


def _tabla_personas(a: Asignacion, constancias: Mapping[tuple[str, int], str], almacen: str) -> str:
    def enlace(partido: str, numero: int) -> str:
        n = constancias.get((partido, numero))
        return f'<a href="{almacen}{escape(n)}">PDF</a>' if n else "—"

    filas = "".join(
        f'<tr><th scope="row">{escape(i.partido)}</th><td class="n">{i.numero}</td>'
        f'<td class="n">{i.formula.posicion}</td><td>{escape(i.propietario.nombre)}</td>'
        f"<td>{escape(i.suplente.nombre) if i.suplente else '—'}</td><td>{escape(i.motivo)}</td>"
        f"<td>{enlace(i.partido, i.numero)}</td></tr>"
        for i in a.integrantes
    )
    return (
        '<div class="tabla"><table><caption>Quién ocupa cada escaño de representación '
        "proporcional</caption><thead><tr><th scope=col>Partido</th><th scope=col class=n>Escaño"
        "</th><th scope=col class=n>Lugar en la lista</th><th scope=col>Propietaria o propietario"
        "</th><th scope=col>Suplente</th><th scope=col>Cómo</th><th scope=col>Constancia</th>"
        "</tr></thead>"
        f"<tbody>{filas}</tbody></table></div>"
        f"<p>Mujeres en el órgano: {a.mujeres} (se requieren {a.mujeres_requeridas}).</p>"
    )


TIPOS = {
    "elegibilidad": "Derecho a representación proporcional",
    "limites": "Límites de sobre- y subrepresentación",
    "directa": "Asignación directa",
    "ronda": "Ronda de cociente natural",
    "cociente": "Cociente natural",
    "resto": "Resto mayor",
    "tope": "Tope",
    "excedente": "Sin tope",
    "compensacion": "Compensación",
    "aviso": "Aviso",
}


def _rastro(o: OrganoPublicado) -> bytes:
    r = o.resultado
    pasos = []
    for p in r.pasos:
        cifras = [
            f"{nombre} {salida.fraccion(x)}"
            for nombre, x in (("votos", p.votos), ("cociente", p.cociente), ("resto", p.resto))
            if x is not None
        ]
        extra = f'<br><span class="cifras">{escape("; ".join(cifras))}</span>' if cifras else ""
        pasos.append(
            f"<li><strong>{escape(TIPOS.get(p.tipo, p.tipo))}</strong>"
            f"{' · ronda ' + str(p.ronda) if p.ronda else ''}: {escape(p.detalle)}{extra}</li>"
        )
    cuerpo = (
        f"<p>Votación total emitida {r.vte:,}; votación válida emitida {r.vve:,}; votación "
        f"depurada {r.depurada:,}. Las cifras de cada paso son exactas (fracciones).</p>"
        f'<h2>Pasos</h2><ol class="rastro">{"".join(pasos)}</ol>'
        + _tabla_composicion(r)
        + '<p><a href="index.html">Integración</a> · <a href="entrada.json">Datos de entrada</a> · '
        '<a href="resultado.json">Resultado (JSON)</a> · <a href="resultado.csv">Tabla (CSV)</a></p>'
    )
    return _pagina(f"{o.nombre}: rastro de la asignación", cuerpo, "../", _avisos(r))


def _avisos(r: Resultado) -> str | None:
    return " ".join(r.avisos) or None


def _pagina_organo(o: OrganoPublicado, almacen: str) -> bytes:
    cuerpo = (
        hemiciclo(o)
        + _tabla_composicion(o.resultado)
        + (_tabla_personas(o.personas, o.constancias, almacen) if o.personas else "")
        + '<p><a href="rastro.html">Rastro paso por paso</a> · '
        '<a href="entrada.json">Datos de entrada</a> · <a href="resultado.json">Resultado '
        '(JSON)</a> · <a href="resultado.csv">Tabla (CSV)</a></p>'
    )
    return _pagina(o.nombre, cuerpo, "../", _avisos(o.resultado))


def _csv(r: Resultado) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(salida.ENCABEZADO)
    w.writerows(salida.tabla(r))
    return buf.getvalue().encode("utf-8")


def generar(
    organos: Sequence[OrganoPublicado],
    *,
    version: str = "",
    historial: bool = False,
    almacen: str = "../../almacen/",
    anexo: str | None = None,
) -> dict[str, bytes]:
    """The site's files for these bodies (the first one, usually the Congress, on the front).
    ``almacen``: the site's store seen from the root of these files (a published cut is
    ``cortes/NAME/``, the store ``almacen/`` beside ``cortes/``)."""
    archivos: dict[str, bytes] = {}
    enlaces = []
    for o in organos:
        base = f"{o.clave}/"
        archivos[base + "index.html"] = _pagina_organo(o, "../" + almacen)
        archivos[base + "rastro.html"] = _rastro(o)
        archivos[base + "entrada.json"] = _json(o.entrada)
        archivos[base + "resultado.json"] = _json(salida.como_json(o.resultado))
        archivos[base + "resultado.csv"] = _csv(o.resultado)
        enlaces.append(f'<li><a href="{base}index.html">{escape(o.nombre)}</a></li>')
    portada = ""
    if organos:
        portada = f"<h2>{escape(organos[0].nombre)}</h2>{hemiciclo(organos[0])}"
    cuerpo = (
        portada
        + f"<h2>Órganos</h2><ul>{''.join(enlaces)}</ul>"
        + (f"<p>Versión: {escape(version)}</p>" if version else "")
        + (
            f'<p><a href="{almacen}{escape(anexo)}">Anexo del acuerdo (PDF)</a></p>'
            if anexo
            else ""
        )
        + ('<p><a href="versiones.html">Historial de versiones</a></p>' if historial else "")
    )
    archivos["index.html"] = _pagina("Asignación de representación proporcional", cuerpo, "", None)
    archivos["estilo.css"] = CSS.encode()  # a file: the site's policy allows no inline style
    return archivos


def _json(datos: Any) -> bytes:
    return (json.dumps(datos, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode()


def verificar(archivos: Mapping[str, bytes]) -> list[str]:
    """Re-run every ``*/entrada.json`` and compare with its ``resultado.json``: the failures."""
    fallas: list[str] = []
    entradas = sorted(k for k in archivos if k.endswith("/entrada.json"))
    if not entradas:
        return ["no hay ningún entrada.json publicado"]
    for k in entradas:
        base = k[: -len("entrada.json")]
        publicado = archivos.get(base + "resultado.json")
        if publicado is None:
            fallas.append(f"{base}resultado.json: falta")
            continue
        try:
            e = entrada_rp.leer(entrada_rp.leer_json(archivos[k]), None)
            r = asignar(e.eleccion, e.reglas)
        except EntradaInvalida as exc:
            fallas.append(f"{k}: «{exc.campo}»: {exc.mensaje}")
            continue
        recalculado = salida.como_json(r)
        try:
            visto = json.loads(publicado)
        except json.JSONDecodeError:
            fallas.append(f"{base}resultado.json: no es JSON válido")
            continue
        for campo in ("rp", "total", "pasos"):
            if visto.get(campo) != recalculado[campo]:
                fallas.append(f"{base}resultado.json: «{campo}» no coincide con el recálculo")
    return fallas


# --- versions: a ruling re-runs the allocation; every version stays public -------------------

ORIGENES = {
    "IEE": "Consejo General del IEE",
    "TEEA": "Tribunal Electoral del Estado de Aguascalientes",
    "SM": "Sala Regional Monterrey del TEPJF",
    "SUP": "Sala Superior del TEPJF",
}


@dataclass(frozen=True)
class Version:
    """One allocation in force from ``vigente_desde``: the IEE's, or one a court ordered."""

    numero: int
    origen: str  # IEE, TEEA, SM, SUP
    expediente: str  # the acuerdo or the case number
    vigente_desde: str  # ISO date
    motivo: str  # what the ruling changed and why
    organos: Sequence[OrganoPublicado]
    anexo: str | None = None  # the acuerdo's annex (PDF) in the site's store, "<sha256>.pdf"
    huella: str = ""  # SHA-256 of the version's content: a published version never changes


def emitidos(v: Version) -> dict[str, Any]:
    """What was issued for a version (its content's fingerprint, its annex, and the constancia
    in force for each seat with its holder): a later publication reuses them, no new folio."""
    organos: dict[str, dict[str, dict[str, str]]] = {}
    for o in v.organos:
        if o.personas is None:
            continue
        titulares = {(i.partido, i.numero): i.propietario.clave for i in o.personas.integrantes}
        organos[o.clave] = {
            f"{p}|{n}": {"archivo": f, "titular": titulares[(p, n)]}
            for (p, n), f in sorted(o.constancias.items())
            if (p, n) in titulares
        }
    return {"huella": v.huella, "anexo": v.anexo, "organos": organos}


def cambios(anterior: Version, actual: Version) -> list[str]:
    """What changed between two versions: seats per party, and who holds each RP seat."""
    previos = {o.clave: o for o in anterior.organos}
    lineas: list[str] = []
    for o in actual.organos:
        a = previos.get(o.clave)
        if a is None:
            lineas.append(f"{o.nombre}: nuevo")
            continue
        partidos = sorted(set(o.resultado.total) | set(a.resultado.total))
        mov = [
            f"{p} {a.resultado.total.get(p, 0)} → {o.resultado.total.get(p, 0)}"
            for p in partidos
            if a.resultado.total.get(p, 0) != o.resultado.total.get(p, 0)
        ]
        if mov:
            lineas.append(f"{o.nombre}: " + ", ".join(mov))
        if a.personas and o.personas:
            antes = {(i.partido, i.numero): i.propietario.nombre for i in a.personas.integrantes}
            for i in o.personas.integrantes:
                previo = antes.get((i.partido, i.numero))
                if previo is not None and previo != i.propietario.nombre:
                    lineas.append(
                        f"{o.nombre}: escaño {i.numero} de {i.partido}: {previo} → "
                        f"{i.propietario.nombre}"
                    )
    return lineas


def generar_versiones(versiones: Sequence[Version]) -> dict[str, bytes]:
    """Every version under ``versiones/<n>/``, the one in force (the last) also at the root, and
    the history page ``versiones.html`` / ``versiones.json``."""
    if not versiones:
        raise ValueError("se requiere al menos una versión")
    orden = sorted(versiones, key=lambda v: v.numero)
    archivos: dict[str, bytes] = {}
    historia: list[dict[str, Any]] = []
    filas = []
    for k, v in enumerate(orden):
        etiqueta = (
            f"versión {v.numero} ({v.origen}, {v.expediente}, vigente desde {v.vigente_desde})"
        )
        for ruta, contenido in generar(
            v.organos, version=etiqueta, almacen="../../../../almacen/", anexo=v.anexo
        ).items():
            archivos[f"versiones/{v.numero}/{ruta}"] = contenido
        archivos[f"versiones/{v.numero}/emitidos.json"] = _json(emitidos(v))
        cambio = cambios(orden[k - 1], v) if k else []
        historia.append(
            {
                "numero": v.numero,
                "origen": v.origen,
                "expediente": v.expediente,
                "vigente_desde": v.vigente_desde,
                "motivo": v.motivo,
                "cambios": cambio,
            }
        )
        lista = "".join(f"<li>{escape(c)}</li>" for c in cambio) or "<li>—</li>"
        filas.append(
            f'<tr><th scope="row"><a href="versiones/{v.numero}/index.html">{v.numero}</a></th>'
            f"<td>{escape(ORIGENES.get(v.origen, v.origen))}</td><td>{escape(v.expediente)}</td>"
            f"<td>{escape(v.vigente_desde)}</td><td>{escape(v.motivo)}</td><td><ul>{lista}</ul>"
            "</td></tr>"
        )
    vigente = orden[-1]
    archivos.update(
        generar(
            vigente.organos,
            version=f"versión {vigente.numero} ({vigente.origen}, {vigente.expediente}, vigente "
            f"desde {vigente.vigente_desde})",
            historial=True,
            anexo=vigente.anexo,
        )
    )
    cuerpo = (
        "<p>Cada resolución que cambia votos o personas produce una versión nueva; ninguna se "
        "borra.</p>"
        '<div class="tabla"><table><caption>Versiones de la asignación</caption><thead><tr>'
        "<th scope=col>Versión</th><th scope=col>Origen</th><th scope=col>Expediente</th>"
        "<th scope=col>Vigente desde</th><th scope=col>Motivo</th><th scope=col>Cambios</th>"
        f"</tr></thead><tbody>{''.join(filas)}</tbody></table></div>"
        '<p><a href="versiones.json">Historial (JSON)</a></p>'
    )
    archivos["versiones.html"] = _pagina("Versiones de la asignación", cuerpo, "", None)
    archivos["versiones.json"] = _json(historia)
    return archivos
