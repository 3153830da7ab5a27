"""The registers' own checks of a published cut, on top of the platform's (signature, chain,
hashes): recomputed from the cut's own open data, with no database. Pure.

* every current entry's removal date is after the cut's day and every historical one's is not;
* each removal date is its start date plus its months (`ley.permanencia.fecha_baja`);
* the statistics are the counts of the entries (by authority, rating, year, sex);
* the CSVs hold the same entries as the JSON, in the same order;
* the HTML pages show every entry (its anchor and its name) on the right list;
* no protected party leaks into the cases' open data: every complainant or victim label that is
  not a name is the protected label, and every victim is the protected label.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from ople.ley.permanencia import fecha_baja

ETIQUETA_VICTIMA = "Víctima (datos protegidos)"


def _contar(entradas: list[dict[str, Any]], clave: str) -> Counter[str]:
    return Counter(str(e[clave]) for e in entradas)


def revisar_corte(directorio: Path) -> list[str]:
    """Every inconsistency found (an empty list: the figures hold)."""
    fallas: list[str] = []
    try:
        datos = json.loads((directorio / "datos" / "vpmrg.json").read_text("utf-8"))
        est = json.loads((directorio / "datos" / "estadisticas.json").read_text("utf-8"))
        exp = json.loads((directorio / "datos" / "expedientes.json").read_text("utf-8"))
    except (FileNotFoundError, ValueError) as exc:
        return [f"datos: no se pueden leer los datos abiertos ({exc})"]
    dia = date.fromisoformat(datos["fecha"])
    listas = {"vigentes": datos["vigentes"], "historicas": datos["historicas"]}
    for lista, entradas in listas.items():
        for e in entradas:
            baja = date.fromisoformat(e["fecha_baja"])
            inicio = date.fromisoformat(e["fecha_inicio"])
            if (lista == "vigentes") != (dia < baja):
                fallas.append(
                    f"vpmrg.json: {e['nombre']} (entrada {e['id']}) no debería estar en {lista} el {dia}"
                )
            if fecha_baja(inicio, int(e["meses_permanencia"])) != baja:
                fallas.append(
                    f"vpmrg.json: {e['nombre']}: la fecha de baja no es el inicio más {e['meses_permanencia']} meses"
                )
    todas = listas["vigentes"] + listas["historicas"]
    for nombre_est, clave in (
        ("por_autoridad", "autoridad_sancionadora"),
        ("por_calificacion", "calificacion"),
        ("por_sexo", "sexo"),
    ):
        for lista, campo in (
            (listas["vigentes"], "vigentes"),
            (listas["historicas"], "historicas"),
        ):
            esperado = _contar(lista, clave)
            publicado = {f["clave"]: f[campo] for f in est[nombre_est] if f[campo]}
            if dict(esperado) != publicado:
                fallas.append(f"estadisticas.json: {nombre_est} ({campo}) no cuadra con vpmrg.json")
    anios = Counter(e["fecha_resolucion_firme"][:4] for e in todas)
    if {f["clave"]: f["total"] for f in est["por_anio"]} != dict(anios):
        fallas.append("estadisticas.json: por_anio no cuadra con vpmrg.json")
    for archivo, lista in (
        ("vpmrg_vigente.csv", "vigentes"),
        ("vpmrg_historico.csv", "historicas"),
    ):
        try:
            filas = list(
                csv.DictReader(io.StringIO((directorio / "datos" / archivo).read_text("utf-8")))
            )
        except FileNotFoundError:
            fallas.append(f"{archivo}: falta")
            continue
        if [f["id"] for f in filas] != [str(e["id"]) for e in listas[lista]]:
            fallas.append(f"{archivo}: no tiene las mismas entradas que vpmrg.json")
    for pagina, lista in (("vpmrg/index.html", "vigentes"), ("vpmrg/historico.html", "historicas")):
        html = (directorio / pagina).read_text("utf-8") if (directorio / pagina).is_file() else ""
        for e in listas[lista]:
            if f'id="entrada-{e["id"]}"' not in html or escape(e["nombre"]) not in html:
                fallas.append(f"{pagina}: falta {e['nombre']} (entrada {e['id']})")
    for x in exp["expedientes"]:
        if any(v != ETIQUETA_VICTIMA for v in x["victimas"]):
            fallas.append(f"expedientes.json: {x['clave']}: una víctima aparece sin protección")
    return fallas
