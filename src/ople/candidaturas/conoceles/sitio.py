"""The public Conóceles site as files: a pure function from the candidacies to ``{path: bytes}``.

No Django, no I/O, no clock: the caller gives every candidacy (``FichaPublica``), the secciones
and the moment of the cut, and publishes the result (``ople.publicacion`` once it is on main;
until then ``services.conoceles.publicar`` writes it under ``PUBLISH_ROOT/conoceles``).

Search without JavaScript (ADR 0040): every filter value has its own pre-generated page
(``buscar/<filtro>/<valor>/<n>.html``, 100 candidacies a page), linked from the home page.
"¿Quién aparece en mi boleta?": every sección with the same district and municipio shares one
page (``boleta/<elección>-<n>_….html``); the home page's form sends ``GET seccion/?s=<número>``,
which the server answers from ``seccion/secciones.map`` (an nginx ``map`` include; the demo's
view reads the same file), and each municipio's list of secciones links straight to the pages, so
it also works with no server rule at all.

Free-text search (ADR 0055): ``buscar/index.html`` lists every initial letter of a name or
surname, each with its pre-generated pages (``buscar/letra/<x>/<n>.html``: works without
JavaScript); with JavaScript, the same page's form filters a small pre-built index
(``buscar/indice.json``: id, name and "office · demarcación · party" of each candidacy) in the
browser by every word typed, accents and case ignored — no request to a server beyond the file.

Pages are small (one shared stylesheet, no fonts, no third-party requests; one same-origin
script, only on the search page), in Spanish, with ``lang="es"``, headings in order, labels on
every field and a skip link.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from html import escape
from typing import Final

POR_PAGINA: Final = 100
# sección → its ballots' page, one "<sección> <page>;" a line: an nginx ``map`` include (ADR 0040).
MAPA_SECCIONES: Final = "seccion/secciones.map"
SEXO: Final = {"M": "Mujer", "H": "Hombre", "X": "No binaria"}
RANGOS_EDAD: Final = ((18, 29), (30, 39), (40, 49), (50, 59), (60, 200))
ACCIONES: Final = {
    "": "Ninguna",
    "INDIGENA": "Persona indígena",
    "DISCAPACIDAD": "Persona con discapacidad",
    "LGBTIQ": "Diversidad sexual (LGBTIQ+)",
    "AFROMEXICANA": "Persona afromexicana",
    "JOVEN": "Persona joven",
    "MIGRANTE": "Persona migrante",
    "ADULTA_MAYOR": "Persona adulta mayor",
}
CSS: Final = """*{box-sizing:border-box}body{margin:0;font:1rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff}
a{color:#0b4f8a}a:focus,input:focus,button:focus{outline:3px solid #b35c00;outline-offset:2px}
.salto{position:absolute;left:-999px}.salto:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}header{border-bottom:4px solid #6b2c91}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin-top:1.5rem}
ul.lista{list-style:none;padding:0}ul.lista li{padding:.5rem 0;border-bottom:1px solid #ccc}
.meta{color:#444;font-size:.95rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3rem;border-bottom:1px solid #ccc}
.filtros{display:flex;flex-wrap:wrap;gap:1rem}.filtros section{flex:1 1 14rem}
input,button{font:inherit;padding:.4rem;min-height:2.75rem}button{background:#6b2c91;color:#fff;border:0;padding:.4rem 1rem}
nav.pag a,nav.pag span{margin-right:.75rem}img.foto{max-width:12rem;height:auto}
.letras a{display:inline-block;min-width:2.75rem;min-height:2.75rem;padding:.6rem;text-align:center}
"""
INDICE: Final = "buscar/indice.json"
# The search page's script: loads the index once, keeps every candidacy whose name or
# description holds every word typed (accents and case ignored), shows the first 100.
JS: Final = """(function(){var f=document.getElementById("busqueda");if(!f||!window.fetch)return;
var q=document.getElementById("q"),r=document.getElementById("resultados"),
e=document.getElementById("estado"),d=null;f.hidden=false;
function n(t){return t.normalize("NFD").replace(/[\\u0300-\\u036f]/g,"").toLowerCase();}
function li(c){var l=document.createElement("li"),a=document.createElement("a"),
m=document.createElement("span");a.href="../candidatura/"+c[0]+".html";a.textContent=c[1];
m.className="meta";m.textContent=c[2];l.appendChild(a);l.appendChild(document.createElement("br"));
l.appendChild(m);return l;}
function buscar(){var p=n(q.value).split(/\\s+/).filter(Boolean);r.textContent="";
if(!p.length){e.textContent="";return;}var h=d.filter(function(c){return p.every(function(x){
return c[3].indexOf(x)>=0;});});h.slice(0,100).forEach(function(c){r.appendChild(li(c));});
e.textContent=h.length+(h.length===1?" candidatura":" candidaturas")+
(h.length>100?"; se muestran las primeras 100.":".");}
function cargar(k){if(d){k();return;}e.textContent="Cargando el índice…";
fetch("indice.json").then(function(x){return x.json();}).then(function(j){
d=j.map(function(c){return [c[0],c[1],c[2],n(c[1]+" "+c[2])];});k();},
function(){e.textContent="No se pudo cargar el índice: use las letras de abajo.";});}
f.addEventListener("submit",function(v){v.preventDefault();cargar(buscar);});
q.addEventListener("input",function(){if(d)buscar();});})();
"""


@dataclass(frozen=True, slots=True)
class FichaPublica:
    """What Conóceles publishes of one candidacy (legal.md §4.1); no CURP, no private data."""

    id: int
    nombre: str
    cargo: str
    eleccion: str
    eleccion_clave: str
    demarcacion: str
    demarcacion_clave: int
    postulante: str
    sexo: str  # M, H, X
    edad: int
    principio: str = "MR"
    posicion: int = 1
    suplente: str = ""
    sobrenombre: str = ""
    grado_maximo: str = ""
    estatus_estudios: str = ""
    accion_afirmativa: str = ""
    trayectoria_politica: str = ""
    historia_profesional: str = ""
    propuestas: tuple[str, ...] = ()
    propuesta_genero_o_grupo: str = ""
    por_que: str = ""
    correo_publico: str = ""
    telefono_publico: str = ""
    pagina_web: str = ""
    redes: tuple[str, ...] = ()
    foto: str = ""  # path of the approved photo inside the site, or ""
    respondio: bool = False


@dataclass(frozen=True, slots=True)
class FilaSiglado:
    """The coalition agreement in one demarcación: which party heads the candidacy."""

    coalicion: str
    eleccion: str
    demarcacion: str
    demarcacion_clave: int
    partido: str


@dataclass(frozen=True, slots=True)
class AspirantePublico:
    """An independent candidacy by stage (legal.md §3.3): no CURP, no private data."""

    nombre: str
    eleccion: str
    demarcacion: str
    demarcacion_clave: int
    etapa: str
    apoyos_requeridos: int = 0
    apoyos_validos: int = 0


@dataclass(frozen=True, slots=True)
class Sitio:
    titulo: str
    institucion: str
    corte: datetime
    fichas: Sequence[FichaPublica]
    # sección -> the (eleccion_clave, demarcacion_clave) of each ballot a voter there gets
    secciones: Mapping[int, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    municipio_de_seccion: Mapping[int, str] = field(default_factory=dict)
    fotos: Mapping[str, bytes] = field(default_factory=dict)
    siglado: Sequence[FilaSiglado] = ()
    aspirantes: Sequence[AspirantePublico] = ()


@lru_cache(maxsize=65536)
def slug(texto: str) -> str:
    s = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "sin-dato"


def rango_edad(edad: int) -> str:
    for a, b in RANGOS_EDAD:
        if a <= edad <= b:
            return f"{a} a {b} años" if b < 200 else f"{a} años o más"
    return "Sin dato"


def _filtros(f: FichaPublica) -> list[tuple[str, str, str]]:
    """(filter key, filter label, value label) of each filter the candidacy falls under."""
    return [
        ("cargo", "Cargo", f.cargo),
        ("demarcacion", "Demarcación", f"{f.eleccion}: {f.demarcacion}"),
        ("postulante", "Partido, coalición o candidatura independiente", f.postulante),
        ("sexo", "Sexo", SEXO.get(f.sexo, f.sexo)),
        ("edad", "Rango de edad", rango_edad(f.edad)),
        ("grado", "Grado máximo de estudios", f.grado_maximo or "Sin dato"),
        ("accion", "Acción afirmativa", ACCIONES.get(f.accion_afirmativa, f.accion_afirmativa)),
    ]


def _pagina(sitio: Sitio, titulo: str, cuerpo: str, raiz: str) -> bytes:
    return (
        '<!doctype html><html lang="es"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(titulo)} · Conóceles</title>"
        f'<meta name="description" content="{escape(sitio.titulo)}">'
        f'<link rel="stylesheet" href="{raiz}estilo.css"></head><body>'
        '<a class="salto" href="#contenido">Saltar al contenido</a>'
        f'<header><p><a href="{raiz}index.html">Conóceles</a> · {escape(sitio.institucion)}</p>'
        f"<h1>{escape(titulo)}</h1></header>"
        f'<main id="contenido">{cuerpo}</main>'
        f'<footer><p class="meta">Corte: {sitio.corte:%d/%m/%Y %H:%M} · '
        f'<a href="{raiz}datos/candidaturas.csv">CSV</a> · '
        f'<a href="{raiz}datos/candidaturas.json">JSON</a> · '
        f'<a href="{raiz}aviso-de-privacidad.html">Aviso de privacidad</a></p></footer>'
        "</body></html>"
    ).encode()


def _item(f: FichaPublica, raiz: str, lugar: bool = True) -> str:
    """A candidacy in a list; without ``lugar`` (a ballot's list, whose heading names the
    demarcación) the demarcación is left out."""
    donde = escape(f.cargo) + (f" · {escape(f.demarcacion)} · " if lugar else " · ")
    return (
        f'<li><a href="{raiz}candidatura/{f.id}.html">{escape(f.nombre)}</a>'
        f'<br><span class="meta">{donde}{escape(f.postulante)} · {SEXO.get(f.sexo, "")}'
        "</span></li>"
    )


def _listado(
    sitio: Sitio,
    fichas: Sequence[FichaPublica],
    base: str,
    titulo: str,
    raiz: str,
    items: Mapping[int, str],
) -> dict[str, bytes]:
    paginas = max(1, -(-len(fichas) // POR_PAGINA))
    salida = {}
    for n in range(1, paginas + 1):
        trozo = fichas[(n - 1) * POR_PAGINA : n * POR_PAGINA]
        nav = ""
        if paginas > 1:
            enlaces = []
            if n > 1:
                enlaces.append(f'<a href="{n - 1}.html" rel="prev">Anterior</a>')
            enlaces.append(f"<span>Página {n} de {paginas}</span>")
            if n < paginas:
                enlaces.append(f'<a href="{n + 1}.html" rel="next">Siguiente</a>')
            nav = f'<nav class="pag" aria-label="Páginas">{"".join(enlaces)}</nav>'
        cuerpo = (
            f"<p>{len(fichas)} candidaturas.</p>{nav}"
            f'<ul class="lista">{"".join(items[f.id] for f in trozo)}</ul>{nav}'
        )
        salida[f"{base}/{n}.html"] = _pagina(sitio, titulo, cuerpo, raiz)
    return salida


def _ficha(sitio: Sitio, f: FichaPublica) -> bytes:
    raiz = "../"
    filas = [
        (
            "Cargo",
            f"{f.cargo} ({'mayoría relativa' if f.principio == 'MR' else 'representación proporcional'}, posición {f.posicion})",
        ),
        ("Demarcación", f"{f.eleccion}: {f.demarcacion}"),
        ("Postulada por", f.postulante),
        ("Suplente", f.suplente),
        ("Sexo", SEXO.get(f.sexo, f.sexo)),
        ("Edad", f"{f.edad} años"),
        ("Grado máximo de estudios", f.grado_maximo),
        ("Estatus de los estudios", f.estatus_estudios),
        ("Acción afirmativa", ACCIONES.get(f.accion_afirmativa, "") if f.accion_afirmativa else ""),
        ("Correo público", f.correo_publico),
        ("Teléfono público", f.telefono_publico),
        ("Página web", f.pagina_web),
        ("Redes sociales", ", ".join(f.redes)),
    ]
    tabla = "".join(
        f'<tr><th scope="row">{escape(k)}</th><td>{escape(v)}</td></tr>' for k, v in filas if v
    )
    foto = (
        f'<img class="foto" src="{raiz}{escape(f.foto)}" alt="Fotografía de {escape(f.nombre)}" '
        'width="192" height="240">'
        if f.foto
        else ""
    )
    secciones = ""
    if f.respondio:
        partes = [
            ("¿Por qué quiere ocupar el cargo?", f.por_que),
            ("Trayectoria política", f.trayectoria_politica),
            ("Historia profesional y laboral", f.historia_profesional),
            (
                "Propuesta en materia de género o del grupo que representa",
                f.propuesta_genero_o_grupo,
            ),
        ]
        secciones = "".join(f"<h2>{escape(t)}</h2><p>{escape(v)}</p>" for t, v in partes if v)
        if f.propuestas:
            secciones += (
                "<h2>Propuestas</h2><ol>"
                + "".join(f"<li>{escape(p)}</li>" for p in f.propuestas)
                + "</ol>"
            )
    else:
        secciones = "<p>Esta candidatura no ha respondido los cuestionarios de Conóceles.</p>"
    cuerpo = f"{foto}<table>{tabla}</table>{secciones}"
    titulo = f.nombre + (f" «{f.sobrenombre}»" if f.sobrenombre else "")
    return _pagina(sitio, titulo, cuerpo, raiz)


CAMPOS_DATOS: Final = tuple(n for n in FichaPublica.__dataclass_fields__ if n not in ("foto",))


def _csv(fichas: Iterable[FichaPublica]) -> bytes:
    salida = io.StringIO()
    w = csv.writer(salida, lineterminator="\n")
    w.writerow(CAMPOS_DATOS)
    for f in fichas:
        valores = [getattr(f, c) for c in CAMPOS_DATOS]
        w.writerow(["; ".join(v) if isinstance(v, tuple) else v for v in valores])
    return ("\ufeff" + salida.getvalue()).encode()


def generar(sitio: Sitio) -> dict[str, bytes]:
    """Every file of the site: path (relative to the site's root) → content."""
    fichas = sorted(
        sitio.fichas,
        key=lambda f: (
            f.eleccion_clave,
            f.demarcacion_clave,
            f.postulante,
            f.principio,
            f.posicion,
            f.id,
        ),
    )
    archivos: dict[str, bytes] = {"estilo.css": CSS.encode()}
    archivos.update(sitio.fotos)
    grupos: dict[tuple[str, str], list[FichaPublica]] = defaultdict(list)
    etiquetas: dict[str, str] = {}
    valores: dict[str, dict[str, str]] = defaultdict(dict)
    por_demarcacion: dict[tuple[str, int], list[FichaPublica]] = defaultdict(list)
    items = {f.id: _item(f, "../../../") for f in fichas}
    items_sub = {f.id: _item(f, "../", lugar=False) for f in fichas}
    for f in fichas:
        archivos[f"candidatura/{f.id}.html"] = _ficha(sitio, f)
        por_demarcacion[(f.eleccion_clave, f.demarcacion_clave)].append(f)
        for clave, etiqueta, valor in _filtros(f):
            grupos[(clave, slug(valor))].append(f)
            etiquetas[clave] = etiqueta
            valores[clave][slug(valor)] = valor
    for (clave, valor), lista in grupos.items():
        archivos.update(
            _listado(
                sitio,
                lista,
                f"buscar/{clave}/{valor}",
                f"{etiquetas[clave]}: {valores[clave][valor]}",
                "../../../",
                items,
            )
        )
    # ¿Quién aparece en mi boleta?: one page per combination of ballots (every sección with the
    # same district and municipio shares it), a map sección → page for the server's rule, and a
    # list of secciones per municipio linking straight to their page (works with no rule).
    por_municipio: dict[str, list[tuple[int, str]]] = defaultdict(list)
    paginas_boleta: dict[tuple[tuple[str, int], ...], str] = {}
    mapa = []
    for seccion, boletas in sorted(sitio.secciones.items()):
        nombre = paginas_boleta.get(boletas)
        if nombre is None:
            nombre = "_".join(f"{slug(e)}-{d}" for e, d in boletas) or "ninguna"
            paginas_boleta[boletas] = nombre
            cuerpo = []
            for eleccion_clave, dem in boletas:
                lista = por_demarcacion.get((eleccion_clave, dem), [])
                if not lista:
                    continue
                cuerpo.append(
                    f"<h2>{escape(lista[0].eleccion)}: {escape(lista[0].demarcacion)}</h2>"
                    f'<ul class="lista">{"".join(items_sub[f.id] for f in lista)}</ul>'
                )
            archivos[f"boleta/{nombre}.html"] = _pagina(
                sitio,
                "Quién aparece en su boleta",
                "".join(cuerpo) or "<p>No hay candidaturas registradas para esta sección.</p>",
                "../",
            )
        por_municipio[sitio.municipio_de_seccion.get(seccion, "Sin municipio")].append(
            (seccion, nombre)
        )
        mapa.append(f"{seccion} {nombre};\n")
    for municipio, secs in por_municipio.items():
        enlaces = " ".join(f'<a href="../boleta/{n}.html">{s}</a>' for s, n in secs)
        archivos[f"seccion/municipio-{slug(municipio)}.html"] = _pagina(
            sitio,
            f"Secciones de {municipio}",
            f"<p>Elija el número de sección de su credencial para votar:</p><p>{enlaces}</p>",
            "../",
        )
    archivos[MAPA_SECCIONES] = "".join(mapa).encode()
    archivos["datos/candidaturas.csv"] = _csv(fichas)
    archivos["datos/candidaturas.json"] = json.dumps(
        {
            "corte": sitio.corte.isoformat(),
            "candidaturas": [{c: getattr(f, c) for c in CAMPOS_DATOS} for f in fichas],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    archivos.update(_busqueda(sitio, fichas, items))
    archivos["estadisticas.html"] = _estadisticas(sitio, fichas)
    if sitio.siglado:
        archivos["siglado.html"] = _siglado(sitio)
    if sitio.aspirantes:
        archivos["independientes.html"] = _independientes(sitio)
    archivos["aviso-de-privacidad.html"] = _pagina(
        sitio,
        "Aviso de privacidad",
        "<p>Los datos de esta página los proporcionaron las personas candidatas y los partidos "
        "con su consentimiento, para su publicación conforme a los Lineamientos de Conóceles "
        "(Reglamento de Elecciones, anexos 24.1 y 24.2). No se publican la CURP, el domicilio "
        "particular ni otros datos personales no públicos.</p>",
        "",
    )
    archivos["index.html"] = _inicio(sitio, fichas, grupos, valores, etiquetas, por_municipio)
    return archivos


def _iniciales(nombre: str) -> set[str]:
    """The initial letter (A–Z, accents dropped) of each word of a name."""
    return {
        slug(p)[0] for p in nombre.split() if slug(p) != "sin-dato" and "a" <= slug(p)[0] <= "z"
    }


def _busqueda(
    sitio: Sitio, fichas: Sequence[FichaPublica], items: Mapping[int, str]
) -> dict[str, bytes]:
    """The free-text search: the index the page's script reads, the page, and the pages by
    initial letter that serve without JavaScript."""
    por_letra: dict[str, list[FichaPublica]] = defaultdict(list)
    for f in sorted(fichas, key=lambda f: (slug(f.nombre), f.id)):
        for letra in _iniciales(f.nombre):
            por_letra[letra].append(f)
    archivos: dict[str, bytes] = {}
    for letra, lista in por_letra.items():
        archivos.update(
            _listado(
                sitio,
                lista,
                f"buscar/letra/{letra}",
                f"Nombres con {letra.upper()}",
                "../../../",
                items,
            )
        )
    archivos[INDICE] = json.dumps(
        [[f.id, f.nombre, f"{f.cargo} · {f.demarcacion} · {f.postulante}"] for f in fichas],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    archivos["buscar/buscar.js"] = JS.encode()
    letras = " ".join(
        f'<a href="letra/{x}/1.html" aria-label="Nombres con {x.upper()}">{x.upper()}</a>'
        for x in sorted(por_letra)
    )
    cuerpo = (
        '<form id="busqueda" role="search" hidden><label for="q">Nombre, cargo, demarcación o '
        'partido</label><br><input id="q" name="q" type="search" autocomplete="off"> '
        '<button type="submit">Buscar</button></form>'
        '<p id="estado" role="status" aria-live="polite"></p><ul id="resultados" class="lista">'
        "</ul><h2>Por letra inicial del nombre o de un apellido</h2>"
        f'<p class="letras">{letras}</p>'
    )
    pagina = _pagina(sitio, "Buscar una candidatura", cuerpo, "../")
    archivos["buscar/index.html"] = pagina.replace(
        b"</body>", b'<script src="buscar.js" defer></script></body>'
    )
    return archivos


def _siglado(sitio: Sitio) -> bytes:
    """One table per coalition: each demarcación and the party that heads its candidacy."""
    por_coalicion: dict[str, list[FilaSiglado]] = defaultdict(list)
    for f in sitio.siglado:
        por_coalicion[f.coalicion].append(f)
    cuerpo = (
        "<p>Qué partido de cada coalición encabeza la candidatura en cada demarcación, según el "
        "convenio de coalición registrado.</p>"
    )
    for coalicion in sorted(por_coalicion):
        filas = "".join(
            f"<tr><td>{escape(f.eleccion)}</td><td>{escape(f.demarcacion)}</td>"
            f"<td>{escape(f.partido)}</td></tr>"
            for f in sorted(
                por_coalicion[coalicion], key=lambda f: (f.eleccion, f.demarcacion_clave)
            )
        )
        cuerpo += (
            f'<h2>{escape(coalicion)}</h2><table><thead><tr><th scope="col">Elección</th>'
            '<th scope="col">Demarcación</th><th scope="col">Partido que la encabeza</th>'
            f"</tr></thead><tbody>{filas}</tbody></table>"
        )
    return _pagina(sitio, "Siglado de las coaliciones", cuerpo, "")


def _independientes(sitio: Sitio) -> bytes:
    """The independent candidacies by stage, with their citizen support where it applies."""
    por_etapa: dict[str, list[AspirantePublico]] = defaultdict(list)
    for a in sitio.aspirantes:
        por_etapa[a.etapa].append(a)
    cuerpo = "<p>Personas aspirantes a una candidatura independiente, por etapa.</p>"
    for etapa, lista in por_etapa.items():
        filas = "".join(
            f"<tr><td>{escape(a.nombre)}</td><td>{escape(a.eleccion)}: "
            f"{escape(a.demarcacion)}</td><td>"
            + (f"{a.apoyos_validos:,} de {a.apoyos_requeridos:,}" if a.apoyos_requeridos else "")
            + "</td></tr>"
            for a in sorted(lista, key=lambda a: (a.eleccion, a.demarcacion_clave, a.nombre))
        )
        cuerpo += (
            f'<h2>{escape(etapa)} ({len(lista)})</h2><table><thead><tr><th scope="col">'
            'Nombre</th><th scope="col">Demarcación</th><th scope="col">Apoyo ciudadano '
            f"válido</th></tr></thead><tbody>{filas}</tbody></table>"
        )
    return _pagina(sitio, "Candidaturas independientes", cuerpo, "")


def _estadisticas(sitio: Sitio, fichas: Sequence[FichaPublica]) -> bytes:
    def tabla(titulo: str, cuenta: Counter[str]) -> str:
        filas = "".join(
            f"<tr><td>{escape(k)}</td><td>{v}</td></tr>" for k, v in sorted(cuenta.items())
        )
        return (
            f'<h2>{escape(titulo)}</h2><table><thead><tr><th scope="col">Valor</th>'
            f'<th scope="col">Candidaturas</th></tr></thead><tbody>{filas}</tbody></table>'
        )

    cuerpo = f"<p>{len(fichas)} candidaturas registradas.</p>"
    cuerpo += tabla("Por sexo", Counter(SEXO.get(f.sexo, f.sexo) for f in fichas))
    cuerpo += tabla("Por rango de edad", Counter(rango_edad(f.edad) for f in fichas))
    cuerpo += tabla("Por grado de estudios", Counter(f.grado_maximo or "Sin dato" for f in fichas))
    cuerpo += tabla(
        "Por acción afirmativa",
        Counter(ACCIONES.get(f.accion_afirmativa, "") for f in fichas if f.accion_afirmativa),
    )
    cuerpo += tabla(
        "Cuestionarios respondidos",
        Counter("Respondió" if f.respondio else "No ha respondido" for f in fichas),
    )
    return _pagina(sitio, "Estadísticas", cuerpo, "")


def _inicio(
    sitio: Sitio,
    fichas: Sequence[FichaPublica],
    grupos: Mapping[tuple[str, str], list[FichaPublica]],
    valores: Mapping[str, Mapping[str, str]],
    etiquetas: Mapping[str, str],
    por_municipio: Mapping[str, list[tuple[int, str]]],
) -> bytes:
    form = (
        "<h2>¿Quién aparece en mi boleta?</h2>"
        '<form action="seccion/" method="get"><label for="s">Número de sección de su '
        'credencial para votar</label><br><input id="s" name="s" inputmode="numeric" '
        'pattern="[0-9]{1,5}" required> <button type="submit">Consultar</button></form>'
    )
    if por_municipio:
        form += (
            "<p>O elija su municipio: "
            + " · ".join(
                f'<a href="seccion/municipio-{slug(m)}.html">{escape(m)}</a>' for m in por_municipio
            )
            + "</p>"
        )
    bloques = []
    for clave in ("cargo", "postulante", "sexo", "edad", "grado", "accion", "demarcacion"):
        if clave not in valores:
            continue
        enlaces = "".join(
            f'<li><a href="buscar/{clave}/{v}/1.html">{escape(valores[clave][v])}</a> '
            f"({len(grupos[(clave, v)])})</li>"
            for v in sorted(valores[clave], key=lambda x: valores[clave][x])
        )
        if clave == "demarcacion":
            bloques.append(
                f"<section><h3>{escape(etiquetas[clave])}</h3><details><summary>Ver "
                f"{len(valores[clave])} demarcaciones</summary><ul>{enlaces}</ul></details></section>"
            )
        else:
            bloques.append(
                f"<section><h3>{escape(etiquetas[clave])}</h3><ul>{enlaces}</ul></section>"
            )
    cuerpo = (
        f"<p>{len(fichas)} candidaturas. Conozca su trayectoria y sus propuestas. "
        '<a href="buscar/index.html">Buscar por nombre</a> · '
        '<a href="estadisticas.html">Estadísticas</a>'
        + (' · <a href="siglado.html">Siglado de las coaliciones</a>' if sitio.siglado else "")
        + (
            ' · <a href="independientes.html">Candidaturas independientes</a>'
            if sitio.aspirantes
            else ""
        )
        + ".</p>"
        f'{form}<h2>Buscar por</h2><div class="filtros">{"".join(bloques)}</div>'
    )
    return _pagina(sitio, sitio.titulo, cuerpo, "")
