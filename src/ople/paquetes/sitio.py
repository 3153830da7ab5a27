"""The public reception-progress site: counts per consejo, no personal data. Pure (no Django).

`generar(modelo)` returns the files of one cut (path → bytes): `index.html` (static, no JavaScript,
`lang="es"`), `datos/avance.csv` and `datos/avance.json`. The model is filled by
`selectors.modelo_avance` from the database; the platform's `ople.publicacion` signs, chains and
publishes the files as an immutable cut of the site `paquetes` (`services.publicar_avance`),
served at `/paquetes/`; the office previews the page at `/paquetes/oficina/avance/`.
"""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import asdict, dataclass
from datetime import datetime

CAMPOS = ("esperados", "recibidos", "en_bodega", "en_plazo", "extemporaneos", "faltantes")
ENCABEZADOS = {
    "esperados": "Esperados",
    "recibidos": "Recibidos",
    "en_bodega": "En bodega",
    "en_plazo": "En plazo",
    "extemporaneos": "Fuera de plazo",
    "faltantes": "Faltantes (plazo vencido)",
}


# A file of the cut, not inline: the site's Content-Security-Policy allows no inline style.
ESTILO = """body{font-family:system-ui,"DejaVu Sans",sans-serif;color:#1a1a1a;margin:0 auto;max-width:60rem;padding:1rem;line-height:1.45}
h1{font-size:1.4rem} .tabla{overflow-x:auto} table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{border-bottom:1px solid #ccc;padding:.4rem .5rem;text-align:right} th[scope=row],thead th:first-child{text-align:left}
tfoot td,tfoot th{font-weight:700;border-top:2px solid #1a1a1a} td{white-space:nowrap} small{color:#555} a{color:#1f4e6b}
"""


@dataclass(frozen=True)
class FilaAvance:
    consejo: str
    eleccion: str
    esperados: int
    recibidos: int
    en_bodega: int
    en_plazo: int
    extemporaneos: int
    faltantes: int


@dataclass(frozen=True)
class ModeloAvance:
    institucion: str
    proceso: str
    corte_en: datetime  # aware, in the profile's zone
    filas: tuple[FilaAvance, ...]


def _pct(parte: int, total: int) -> str:
    if not total:
        return "—"
    centesimas = parte * 10000 // total  # truncated, as the PREP does
    return f"{centesimas // 100}.{centesimas % 100:02d} %"


def generar(modelo: ModeloAvance) -> dict[str, bytes]:
    e = html.escape
    corte = modelo.corte_en.strftime("%d/%m/%Y %H:%M (UTC%z)")
    total = {c: sum(getattr(f, c) for f in modelo.filas) for c in CAMPOS}
    filas = []
    for f in modelo.filas:
        celdas = "".join(f"<td>{getattr(f, c)}</td>" for c in CAMPOS)
        filas.append(
            f'<tr><th scope="row">{e(f.consejo)}<br><small>{e(f.eleccion)}</small></th>'
            f"{celdas}<td>{_pct(f.recibidos, f.esperados)}</td></tr>"
        )
    encabezados = "".join(f'<th scope="col">{ENCABEZADOS[c]}</th>' for c in CAMPOS)
    totales = "".join(f"<td>{total[c]}</td>" for c in CAMPOS)
    pagina = f"""<!doctype html>
<html lang="es">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Recepción de paquetes electorales · {e(modelo.proceso)}</title>
<link rel="stylesheet" href="estilo.css"></head>
<body>
<header><p>{e(modelo.institucion)}</p>
<h1>Recepción de paquetes electorales en los consejos</h1>
<p>{e(modelo.proceso)}. Corte: <strong>{corte}</strong>. Solo cifras: cuántos paquetes esperaba cada
consejo, cuántos ha recibido, cuántos están en su bodega y cuántos llegaron dentro del plazo legal.</p></header>
<main><div class="tabla"><table>
<caption>Avance por consejo</caption>
<thead><tr><th scope="col">Consejo</th>{encabezados}<th scope="col">Avance</th></tr></thead>
<tbody>{"".join(filas)}</tbody>
<tfoot><tr><th scope="row">Total</th>{totales}<td>{_pct(total["recibidos"], total["esperados"])}</td></tr></tfoot>
</table></div>
<p>Datos abiertos de este corte: <a href="datos/avance.csv">CSV</a> · <a href="datos/avance.json">JSON</a>.</p>
</main></body></html>
"""
    salida = io.StringIO()
    w = csv.writer(salida, lineterminator="\n")
    w.writerow(["CONSEJO", "ELECCION", *[c.upper() for c in CAMPOS]])
    for f in modelo.filas:
        w.writerow([f.consejo, f.eleccion, *[getattr(f, c) for c in CAMPOS]])
    datos = {
        "institucion": modelo.institucion,
        "proceso": modelo.proceso,
        "corte_en": modelo.corte_en.isoformat(),
        "consejos": [asdict(f) for f in modelo.filas],
        "total": total,
    }
    return {
        "index.html": pagina.encode(),
        "estilo.css": ESTILO.encode(),
        "datos/avance.csv": salida.getvalue().encode(),
        "datos/avance.json": json.dumps(datos, ensure_ascii=False, indent=1).encode(),
    }
