"""The public registers' static site, generated from a `ModeloRegistros`. Pure: path → bytes.

Pages (relative links only, so a cut can live under any prefix), without JavaScript, `lang="es"`:

* `index.html`: what is published, with counts and the date of the split.
* `vpmrg/index.html`: the current VPMRG register, sorted alphabetically, with an index of
  initial letters (anchors `#letra-A`…) and one anchor per entry (`#entrada-<id>`): the static
  search by name.
* `vpmrg/historico.html`: the entries whose period has ended (never deleted).
* `estadisticas.html`: entries by sanctioning authority, by rating and by year of the ruling.
* `expedientes/index.html`: the PES and POS listings, one section per case.
* `datos/*.csv`, `datos/*.json`: the same as open data (UTF-8, CSV with a header line).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from html import escape
from typing import Any

from ople.core.fechas import fecha_larga
from ople.ley.permanencia import CALIFICACIONES, ETIQUETAS_CALIFICACION, normalizar_nombre
from ople.registros.publica.modelo import EntradaPublica, ExpedientePublico, ModeloRegistros

SEXOS = {"M": "Mujer", "H": "Hombre", "NB": "No binaria"}
AMBITOS = {"municipal": "Municipal", "estatal": "Estatal", "federal": "Federal"}
ETAPAS = {
    "radicacion": "Radicación",
    "admision": "Admisión",
    "emplazamiento": "Emplazamiento",
    "audiencia": "Audiencia de pruebas y alegatos",
    "remision": "Remisión al tribunal",
    "resolucion": "Resolución",
}
MEDIDAS = {"pendiente": "Pendiente", "concedida": "Concedida", "negada": "Negada"}
SENTIDOS = {"existente": "Existente", "inexistente": "Inexistente", "otro": "Otro"}

CSS = b"""*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
header{border-bottom:3px solid #5a2a6e}
a{color:#4a1f5c}
a:focus{outline:3px solid #1a1a1a;outline-offset:2px}
nav a[aria-current]{font-weight:700;text-decoration:none}
h1{font-size:1.5rem}h2{font-size:1.25rem;margin-top:2rem}h3{font-size:1.05rem;margin-bottom:.25rem}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
.letras a{display:inline-block;min-width:2.75rem;min-height:2.75rem;padding:.5rem;text-align:center;border:1px solid #4a1f5c}
.entrada,.expediente{border-top:1px solid #767676;padding:.5rem 0}
dl{margin:.25rem 0}dt{font-weight:600}dd{margin:0 0 .375rem}
@media (min-width:40rem){dl{display:grid;grid-template-columns:minmax(12rem,18rem) 1fr;gap:.125rem .75rem}dd{margin:0}}
.tabla{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
caption{text-align:left;font-weight:600;padding:.25rem 0}
@media (max-width:40rem){header,main,footer{padding:0 .75rem}table{font-size:.875rem}th,td{padding:.25rem .375rem}td:first-child{overflow-wrap:anywhere}}
th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right}
th.n{width:1%;text-align:right}
.aviso{background:#f3eef6;border-left:4px solid #5a2a6e;padding:.5rem 1rem}
footer{margin-top:2rem;border-top:1px solid #767676;font-size:.875rem}
"""


def _meses_texto(meses: int) -> str:
    anios, resto = divmod(meses, 12)
    partes = []
    if anios:
        partes.append(f"{anios} año" + ("s" if anios != 1 else ""))
    if resto:
        partes.append(f"{resto} mes" + ("es" if resto != 1 else ""))
    return " y ".join(partes)


def _si(v: bool) -> str:
    return "Sí" if v else "No"


MENU = (
    ("index.html", "Inicio"),
    ("vpmrg/index.html", "Registro VPMRG vigente"),
    ("vpmrg/historico.html", "Histórico"),
    ("estadisticas.html", "Estadísticas"),
    ("expedientes/index.html", "Expedientes PES y POS"),
)


def _pagina(titulo: str, cuerpo: str, *, ruta: str, raiz: str, modelo: ModeloRegistros) -> bytes:
    """A page at `ruta` (relative to the cut), its menu marking the page itself."""
    nav = (
        '<nav aria-label="Registros"><ul>'
        + "".join(
            f'<li><a href="{raiz}{destino}"'
            + (' aria-current="page"' if destino == ruta else "")
            + f">{escape(texto)}</a></li>"
            for destino, texto in MENU
        )
        + "</ul></nav>"
    )
    aviso = (
        '<p class="aviso"><strong>Demostración:</strong> personas y expedientes ficticios; '
        "no es información oficial.</p>\n"
        if modelo.demo
        else ""
    )
    return (
        "<!doctype html>\n"
        '<html lang="es">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="description" content="{escape(modelo.institucion)}: registros públicos.">\n'
        f"<title>{escape(titulo)} · {escape(modelo.institucion)}</title>\n"
        f'<link rel="stylesheet" href="{raiz}estilo.css">\n</head>\n<body>\n'
        f"<header><p>{escape(modelo.institucion)}</p>{nav}</header>\n"
        f'<main id="contenido">\n<h1>{escape(titulo)}</h1>\n{aviso}{cuerpo}\n</main>\n'
        f"<footer><p>Información al {fecha_larga(modelo.hoy)}. Los datos personales de las víctimas "
        "y de las personas denunciantes físicas están protegidos. Datos abiertos en "
        f'<a href="{raiz}datos/vpmrg.json">JSON</a> y '
        f'<a href="{raiz}datos/vpmrg_vigente.csv">CSV</a>.</p></footer>\n'
        "</body>\n</html>\n"
    ).encode()


def _letra(nombre: str) -> str:
    n = normalizar_nombre(nombre)
    return n[:1] if n[:1].isalpha() else "#"


def _entrada_html(e: EntradaPublica) -> str:
    filas = [
        ("Sexo", SEXOS.get(e.sexo, e.sexo)),
        ("Cargo o calidad", e.cargo_o_calidad or "—"),
        ("Precandidatura o candidatura", _si(e.es_candidatura)),
        ("Ámbito", f"{AMBITOS.get(e.ambito, e.ambito)} ({e.entidad})"),
        ("Autoridad sancionadora", e.autoridad_sancionadora),
        ("Expediente", e.expediente),
        ("Resolución firme", fecha_larga(e.fecha_resolucion_firme)),
        ("Conducta", e.conducta),
        ("Calificación", ETIQUETAS_CALIFICACION.get(e.calificacion, e.calificacion)),
        ("Sanción", e.sancion),
        ("Reincidencia", _si(e.reincidencia)),
        ("Pérdida del modo honesto de vivir", _si(e.perdida_modo_honesto)),
        ("Permanencia", _meses_texto(e.meses_permanencia)),
        (
            "En el registro",
            f"del {fecha_larga(e.fecha_inicio)} al {fecha_larga(e.fecha_baja)} (sale ese día)",
        ),
    ]
    if e.corregida:
        filas.append(("Corregida", f"Sí (versión {e.version})"))
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in filas)
    return f'<article class="entrada" id="entrada-{e.id}"><h3>{escape(e.nombre)}</h3><dl>{dl}</dl></article>'


def _lista(entradas: Sequence[EntradaPublica], vacia: str) -> str:
    if not entradas:
        return f"<p>{escape(vacia)}</p>"
    por_letra: dict[str, list[EntradaPublica]] = {}
    for e in entradas:
        por_letra.setdefault(_letra(e.nombre), []).append(e)
    letras = sorted(por_letra)
    indice = "".join(f'<li><a href="#letra-{letra}">{letra}</a></li>' for letra in letras)
    partes = [
        '<nav class="letras" aria-label="Buscar por la inicial del nombre">'
        f"<p>Buscar por la inicial del nombre:</p><ul>{indice}</ul></nav>"
    ]
    for letra in letras:
        partes.append(
            f'<section aria-labelledby="letra-{letra}"><h2 id="letra-{letra}">{letra}</h2>'
        )
        partes.extend(_entrada_html(e) for e in por_letra[letra])
        partes.append("</section>")
    return "\n".join(partes)


class _Html(str):
    """A table cell already written as HTML (not escaped again)."""


def _tabla(titulo: str, encabezado: Sequence[str], filas: Iterable[Sequence[Any]]) -> str:
    filas = [list(f) for f in filas]
    # A column of counts only is as narrow as its heading: the text column gets the rest.
    numericas = {
        i for i in range(len(encabezado)) if filas and all(isinstance(f[i], int) for f in filas)
    }
    th = "".join(
        ('<th scope="col" class="n">' if i in numericas else '<th scope="col">')
        + f"{escape(h)}</th>"
        for i, h in enumerate(encabezado)
    )
    cuerpo = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{c}</td>'
            if isinstance(c, int)
            else f"<td>{c}</td>"
            if isinstance(c, _Html)
            else f"<td>{escape(str(c))}</td>"
            for c in fila
        )
        + "</tr>"
        for fila in filas
    )
    return (
        f'<div class="tabla" role="region" aria-label="{escape(titulo)}" tabindex="0">'
        f"<table><caption>{escape(titulo)}</caption>"
        f"<thead><tr>{th}</tr></thead><tbody>{cuerpo}</tbody></table></div>"
    )


def estadisticas(modelo: ModeloRegistros) -> dict[str, list[dict[str, Any]]]:
    """Counts of current and historical entries by authority, rating and year of the ruling."""

    def contar(
        clave: Callable[[EntradaPublica], str], orden: Sequence[str] | None = None
    ) -> list[dict[str, Any]]:
        vig = Counter(clave(e) for e in modelo.vigentes)
        his = Counter(clave(e) for e in modelo.historicas)
        claves = list(orden) if orden is not None else sorted(set(vig) | set(his))
        return [
            {"clave": k, "vigentes": vig[k], "historicas": his[k], "total": vig[k] + his[k]}
            for k in claves
            if orden is None or vig[k] + his[k]
        ]

    return {
        "por_autoridad": contar(lambda e: e.autoridad_sancionadora),
        "por_calificacion": contar(lambda e: e.calificacion, CALIFICACIONES),
        "por_anio": contar(lambda e: str(e.fecha_resolucion_firme.year)),
        "por_sexo": contar(lambda e: e.sexo, ("M", "H", "NB")),
    }


def _csv(filas: Iterable[dict[str, Any]], campos: Sequence[str]) -> bytes:
    salida = io.StringIO()
    escritor = csv.DictWriter(salida, fieldnames=list(campos), lineterminator="\r\n")
    escritor.writeheader()
    for fila in filas:
        escritor.writerow(
            {k: ("SI" if v is True else "NO" if v is False else v) for k, v in fila.items()}
        )
    return salida.getvalue().encode("utf-8")


def _json(datos: Any) -> bytes:
    return (
        json.dumps(datos, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n"
    ).encode()


CAMPOS_ENTRADA = [
    "id",
    "version",
    "nombre",
    "sexo",
    "cargo_o_calidad",
    "es_candidatura",
    "ambito",
    "entidad",
    "autoridad_sancionadora",
    "expediente",
    "fecha_resolucion_firme",
    "conducta",
    "calificacion",
    "sancion",
    "reincidencia",
    "perdida_modo_honesto",
    "meses_permanencia",
    "fecha_inicio",
    "fecha_baja",
    "corregida",
]


def _expediente_dict(x: ExpedientePublico) -> dict[str, Any]:
    d = asdict(x)
    d["etapa"] = x.etapa
    return d


def _expediente_html(x: ExpedientePublico) -> str:
    ancla = x.clave.replace("/", "-")
    filas = [
        (
            "Tipo",
            "Procedimiento especial sancionador"
            if x.tipo == "PES"
            else "Procedimiento ordinario sancionador",
        ),
        ("Presentación", fecha_larga(x.fecha_presentacion)),
        ("Parte denunciante", "; ".join(x.denunciantes)),
        ("Parte denunciada", "; ".join(x.denunciados)),
        ("Conductas denunciadas", x.conductas),
        ("Violencia política contra las mujeres en razón de género", _si(x.es_vpmrg)),
        ("Etapa actual", ETAPAS.get(x.etapa, x.etapa)),
    ]
    if x.victimas:
        filas.insert(4, ("Víctima", "; ".join(x.victimas)))
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in filas)
    partes = [
        f'<article class="expediente" id="{escape(ancla)}"><h3>{escape(x.clave)}</h3><dl>{dl}</dl>'
    ]
    partes.append(
        _tabla(
            f"Etapas de {x.clave}",
            ["Etapa", "Fecha", "Nota"],
            ((ETAPAS.get(e.etapa, e.etapa), fecha_larga(e.fecha), e.nota or "—") for e in x.etapas),
        )
    )
    if x.medidas:
        partes.append(
            _tabla(
                f"Medidas cautelares de {x.clave}",
                ["Medida", "Solicitada", "Resolución"],
                (
                    (
                        m.descripcion,
                        fecha_larga(m.solicitada_en),
                        MEDIDAS.get(m.resolucion, m.resolucion)
                        + (f" ({fecha_larga(m.resuelta_en)})" if m.resuelta_en else ""),
                    )
                    for m in x.medidas
                ),
            )
        )
    if x.resoluciones:
        partes.append(
            _tabla(
                f"Resoluciones de {x.clave}",
                ["Expediente del tribunal", "Fecha", "Sentido", "Sanción"],
                (
                    (
                        r.clave_tribunal or "Consejo General",
                        fecha_larga(r.fecha),
                        SENTIDOS.get(r.sentido, r.sentido),
                        r.sancion or "—",
                    )
                    for r in x.resoluciones
                ),
            )
        )
    if x.documentos:
        items = "".join(
            f"<li>{escape(d.titulo)} <small>(SHA-256 {escape(d.sha256[:16])}…)</small></li>"
            for d in x.documentos
        )
        partes.append(f"<p>Documentos del expediente:</p><ul>{items}</ul>")
    partes.append("</article>")
    return "".join(partes)


def generar(modelo: ModeloRegistros) -> dict[str, bytes]:
    """Every file of the site for `modelo`."""
    archivos: dict[str, bytes] = {"estilo.css": CSS}
    est = estadisticas(modelo)
    pes = [x for x in modelo.expedientes if x.tipo == "PES"]
    pos = [x for x in modelo.expedientes if x.tipo == "POS"]

    archivos["index.html"] = _pagina(
        "Registros públicos",
        f'<p class="aviso">Situación al {fecha_larga(modelo.hoy)}: una entrada pasa al histórico el día '
        "en que termina su permanencia; nadie la borra.</p>"
        "<ul>"
        f'<li><a href="vpmrg/index.html">Registro de personas sancionadas en materia de violencia política '
        f"contra las mujeres en razón de género</a>: {len(modelo.vigentes)} vigentes.</li>"
        f'<li><a href="vpmrg/historico.html">Histórico del registro</a>: {len(modelo.historicas)} entradas.</li>'
        f'<li><a href="estadisticas.html">Estadísticas</a> por autoridad, calificación y año.</li>'
        f'<li><a href="expedientes/index.html">Expedientes</a>: {len(pes)} PES y {len(pos)} POS.</li>'
        "</ul>"
        "<h2>Datos abiertos</h2><ul>"
        '<li><a href="datos/vpmrg_vigente.csv">Registro vigente (CSV)</a></li>'
        '<li><a href="datos/vpmrg_historico.csv">Histórico (CSV)</a></li>'
        '<li><a href="datos/vpmrg.json">Registro vigente e histórico (JSON)</a></li>'
        '<li><a href="datos/estadisticas.json">Estadísticas (JSON)</a></li>'
        '<li><a href="datos/expedientes.csv">Expedientes PES y POS (CSV)</a></li>'
        '<li><a href="datos/expedientes.json">Expedientes PES y POS (JSON)</a></li>'
        "</ul>",
        ruta="index.html",
        raiz="",
        modelo=modelo,
    )
    explicacion = (
        f"<p>Fundamento de la permanencia: {escape(modelo.fundamento_permanencia)}. Estar en el registro es "
        "una medida de reparación y no repetición. Busque por la inicial del nombre o con la búsqueda de su "
        "navegador.</p>"
    )
    archivos["vpmrg/index.html"] = _pagina(
        "Registro vigente de personas sancionadas por violencia política contra las mujeres en razón de género",
        explicacion + _lista(modelo.vigentes, "No hay personas en el registro vigente."),
        ruta="vpmrg/index.html",
        raiz="../",
        modelo=modelo,
    )
    archivos["vpmrg/historico.html"] = _pagina(
        "Histórico del registro de personas sancionadas por VPMRG",
        "<p>Entradas cuya permanencia terminó. Se conservan para consulta; no impiden ningún registro.</p>"
        + _lista(modelo.historicas, "No hay entradas en el histórico."),
        ruta="vpmrg/historico.html",
        raiz="../",
        modelo=modelo,
    )
    etiquetas_calif = dict(ETIQUETAS_CALIFICACION)
    cuerpo_est = "".join(
        _tabla(
            titulo,
            [col, "Vigentes", "Históricas", "Total"],
            (
                (etiqueta(f["clave"]), f["vigentes"], f["historicas"], f["total"])
                for f in est[clave]
            ),
        )
        for clave, titulo, col, etiqueta in (
            ("por_autoridad", "Entradas por autoridad sancionadora", "Autoridad", str),
            (
                "por_calificacion",
                "Entradas por calificación de la conducta",
                "Calificación",
                lambda c: etiquetas_calif.get(c, c),
            ),
            ("por_anio", "Entradas por año de la resolución firme", "Año", str),
            (
                "por_sexo",
                "Entradas por sexo de la persona sancionada",
                "Sexo",
                lambda s: SEXOS.get(s, s),
            ),
        )
    )
    archivos["estadisticas.html"] = _pagina(
        "Estadísticas del registro VPMRG",
        cuerpo_est,
        ruta="estadisticas.html",
        raiz="",
        modelo=modelo,
    )

    def listado(titulo: str, casos: Sequence[ExpedientePublico]) -> str:
        if not casos:
            return f"<h2>{escape(titulo)}</h2><p>No hay expedientes.</p>"
        resumen = _tabla(
            titulo,
            ["Clave", "Presentación", "Etapa", "Parte denunciada", "Resolución"],
            (
                (
                    _Html(f'<a href="#{escape(x.clave.replace("/", "-"))}">{escape(x.clave)}</a>'),
                    fecha_larga(x.fecha_presentacion),
                    ETAPAS.get(x.etapa, x.etapa),
                    "; ".join(x.denunciados),
                    (
                        f"{x.resoluciones[-1].clave_tribunal or 'Consejo General'}: "
                        f"{SENTIDOS.get(x.resoluciones[-1].sentido, x.resoluciones[-1].sentido)}"
                    )
                    if x.resoluciones
                    else "En trámite",
                )
                for x in casos
            ),
        )
        return f"<h2>{escape(titulo)}</h2>{resumen}" + "".join(_expediente_html(x) for x in casos)

    archivos["expedientes/index.html"] = _pagina(
        "Expedientes de procedimientos sancionadores",
        "<p>El Instituto instruye los procedimientos especiales sancionadores (PES) y los remite al Tribunal "
        "Electoral, que los resuelve; los ordinarios (POS) los resuelve el Consejo General.</p>"
        + listado("Procedimientos especiales sancionadores (PES)", pes)
        + listado("Procedimientos ordinarios sancionadores (POS)", pos),
        ruta="expedientes/index.html",
        raiz="../",
        modelo=modelo,
    )

    vig = [asdict(e) for e in modelo.vigentes]
    his = [asdict(e) for e in modelo.historicas]
    archivos["datos/vpmrg_vigente.csv"] = _csv(vig, CAMPOS_ENTRADA)
    archivos["datos/vpmrg_historico.csv"] = _csv(his, CAMPOS_ENTRADA)
    archivos["datos/vpmrg.json"] = _json(
        {
            "fecha": modelo.hoy,
            "fundamento_permanencia": modelo.fundamento_permanencia,
            "vigentes": vig,
            "historicas": his,
        }
    )
    archivos["datos/estadisticas.json"] = _json({"fecha": modelo.hoy, **est})
    exp = [_expediente_dict(x) for x in modelo.expedientes]
    archivos["datos/expedientes.json"] = _json({"fecha": modelo.hoy, "expedientes": exp})
    archivos["datos/expedientes.csv"] = _csv(
        (
            {
                "clave": x.clave,
                "tipo": x.tipo,
                "fecha_presentacion": x.fecha_presentacion,
                "denunciantes": "; ".join(x.denunciantes),
                "denunciados": "; ".join(x.denunciados),
                "victimas": "; ".join(x.victimas),
                "conductas": x.conductas,
                "es_vpmrg": x.es_vpmrg,
                "etapa": x.etapa,
                "medidas_cautelares": len(x.medidas),
                "clave_tribunal": x.resoluciones[-1].clave_tribunal if x.resoluciones else "",
                "sentido": x.resoluciones[-1].sentido if x.resoluciones else "",
                "sancion": x.resoluciones[-1].sancion if x.resoluciones else "",
            }
            for x in modelo.expedientes
        ),
        [
            "clave",
            "tipo",
            "fecha_presentacion",
            "denunciantes",
            "denunciados",
            "victimas",
            "conductas",
            "es_vpmrg",
            "etapa",
            "medidas_cautelares",
            "clave_tribunal",
            "sentido",
            "sancion",
        ],
    )
    return archivos
