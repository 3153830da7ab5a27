"""Whether a cut is the latest: the only mutable files of the public site (ADR 0030). Pure files.

A cut is immutable, yet a page of an old cut must say that a newer one exists. Every page of a
cut links the cut's own style sheet `corte.css`, which imports `../../estado/<NAME>.css`, a
small sheet outside the cuts. The notice is already in every page, hidden (`hidden`); when a
newer cut becomes current the publisher rewrites the older cuts' sheets with a rule that shows
it. No JavaScript, no page rewritten, the cut's signature untouched; without style sheets the
page simply shows no notice (and its header still links the latest results).

`raiz/cortes.html` lists every cut published, newest first (rewritten with the pointer).

`raiz/ultimo` is a symbolic link to the current cut, swapped atomically with the pointer:
nginx serves it as `/cortes/ultimo/` (a stable address whose pages are always the current
cut's; the demo's Django view reads the pointer instead). It sits at the same depth as a cut, so
every relative link of a page (images, style sheets) works from both addresses.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ople.prep.publish import sitio

ESTADO = "estado"  # raiz/estado/<NAME>.css
ULTIMO = sitio.ULTIMO  # raiz/ultimo -> cortes/<NAME>; served as cortes/ultimo/
INDICE = "cortes.html"  # raiz/cortes.html: every cut published, newest first
NOMBRE_CORTE = re.compile(r"\d{8}_\d{4}")

# The sheet of a cut that is no longer the latest: shows the notice every page carries.
ANTIGUO = b".antiguo[hidden]{display:block}\n"
VIGENTE = b"/* corte vigente */\n"


def cortes_publicados(raiz: Path) -> list[str]:
    """The names of the cuts under `raiz/cortes/`, oldest first."""
    cortes = Path(raiz) / "cortes"
    try:
        return sorted(
            p.name for p in cortes.iterdir() if NOMBRE_CORTE.fullmatch(p.name) and p.is_dir()
        )
    except FileNotFoundError:
        return []


def _escribir(ruta: Path, datos: bytes) -> None:
    try:
        if ruta.read_bytes() == datos:
            return
    except FileNotFoundError:
        pass
    tmp = ruta.with_name(f".{ruta.name}.{os.getpid()}.tmp")
    tmp.write_bytes(datos)
    os.replace(tmp, ruta)


def marcar(raiz: Path, actual: str) -> None:
    """`actual` is the current cut: its sheet says so, every other cut's shows the notice, and
    `raiz/ultimo` points to it. Idempotent; called whenever the pointer is written."""
    raiz = Path(raiz)
    d = raiz / ESTADO
    d.mkdir(parents=True, exist_ok=True)
    for nombre in cortes_publicados(raiz):
        _escribir(d / f"{nombre}.css", VIGENTE if nombre == actual else ANTIGUO)
    _escribir(d / f"{actual}.css", VIGENTE)
    _escribir(raiz / INDICE, pagina_cortes(raiz, actual))
    enlace = raiz / ULTIMO
    tmp = raiz / f".{ULTIMO}.{os.getpid()}.tmp"
    try:
        if os.readlink(enlace) == f"cortes/{actual}":
            return
    except OSError:
        pass
    if tmp.is_symlink():
        tmp.unlink()
    os.symlink(f"cortes/{actual}", tmp)
    os.replace(tmp, enlace)


def hoja_corte(nombre: str, hora: str) -> bytes:
    """`corte.css`, the cut's own sheet: the cut's date and time for the pages that are reused
    from one cut to the next (they leave `.hora-corte` empty), and the import of the cut's
    mutable state."""
    texto = hora.replace("\\", "\\\\").replace('"', '\\"')
    return (
        '@charset "utf-8";\n'
        f'@import url("../../{ESTADO}/{nombre}.css");\n'
        f'.hora-corte:empty::before{{content:"{texto}"}}\n'
    ).encode()


def pagina_cortes(raiz: Path, actual: str) -> bytes:
    """`raiz/cortes.html`: the cuts published, newest first, each linking its portada; styled and
    framed as the current cut's pages (its links are relative to the current cut)."""
    raiz = Path(raiz)
    nombres = cortes_publicados(raiz)
    if actual not in nombres:
        nombres.append(actual)
    try:
        meta = json.loads((raiz / "cortes" / actual / "datos/elecciones.json").read_bytes())
        instituto = str(meta.get("instituto", ""))
    except (OSError, ValueError):
        instituto = ""
    base = f"cortes/{actual}/"
    filas = "".join(
        f'<tr><th scope="row"><a href="cortes/{n}/index.html">{_fecha(n)}</a></th>'
        f"<td>{'el más reciente' if n == actual else ''}</td></tr>"
        for n in sorted(nombres, reverse=True)
    )
    cuerpo = (
        f"<p>{len(nombres)} cortes publicados, del más reciente al más antiguo (hora local). "
        "Cada corte es inmutable y está firmado; sus páginas avisan cuando hay uno más reciente."
        '</p><div class="tabla"><table><caption>Cortes publicados</caption><thead><tr>'
        '<th scope="col">Fecha y hora del corte</th><th scope="col">Nota</th></tr></thead>'
        f"<tbody>{filas}</tbody></table></div>"
    )
    html = sitio.pagina(
        titulo="Cortes publicados",
        base=base,
        migas=[("Inicio", f"{base}index.html"), ("Cortes publicados", "")],
        cuerpo=cuerpo,
        subtitulo=f"Corte más reciente: {_fecha(actual)}",
        instituto=instituto,
    )
    # this page is outside the cuts: its links to the site's others are relative to `raiz`
    return html.replace(f'href="{base}../../cortes.html"', f'href="{INDICE}"').encode()


def _fecha(nombre: str) -> str:
    """`20240602_2130` -> `02/06/2024 21:30`."""
    n = nombre
    return f"{n[6:8]}/{n[4:6]}/{n[:4]} {n[9:11]}:{n[11:13]}"
