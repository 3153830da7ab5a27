"""The public site's style sheet meets WCAG 2.1 AA colour contrast (1.4.3 text, 1.4.11 focus)."""

from __future__ import annotations

import re

import pytest

from ople.prep.publish import sitio


def _luminancia(color: str) -> float:
    h = color.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    canales = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lineal = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in canales]
    return 0.2126 * lineal[0] + 0.7152 * lineal[1] + 0.0722 * lineal[2]


def contraste(a: str, b: str) -> float:
    claro, oscuro = sorted((_luminancia(a), _luminancia(b)), reverse=True)
    return (claro + 0.05) / (oscuro + 0.05)


def test_formula_de_contraste():
    assert contraste("#000", "#fff") == pytest.approx(21.0)
    assert contraste("#777", "#fff") == pytest.approx(4.48, abs=0.01)  # the classic near miss


def _variables() -> dict[str, str]:
    raiz = re.search(r":root\{([^}]*)\}", sitio.CSS)
    assert raiz
    return dict(re.findall(r"--([\w-]+):(#[0-9a-fA-F]{3,6})", raiz.group(1)))


def test_colores_del_sitio_cumplen_aa():
    v = _variables()
    texto = [  # (foreground, background) of every text the pages print
        (v["t"], v["f"]),  # body text
        (v["t"], v["s"]),  # table headers and figure boxes
        (v["a"], v["f"]),  # links
        (v["a"], v["s"]),  # links inside figure boxes
        (v["av"], "#fff4e5"),  # the legal disclaimer
    ]
    for frente, fondo in texto:
        assert contraste(frente, fondo) >= 4.5, (frente, fondo)
    foco = re.search(r"outline:3px solid (#[0-9a-fA-F]{3,6})", sitio.CSS)
    assert foco and contraste(foco.group(1), v["f"]) >= 3.0  # focus indicator, non-text
    assert "#fff4e5" in sitio.CSS  # the disclaimer's background is the one checked above


def test_ninguna_pagina_del_corte_necesita_script_ni_estilo_en_linea(cortes_base):
    """Every page of a cut works under ople's Content-Security-Policy (script-src and style-src
    'self', served so by nginx and the demo): no script, no <style>, no style or on* attribute,
    no javascript: URL, nothing from another origin; its one style sheet is a file of the cut."""
    import re

    raiz, _, r2, _ = cortes_base
    paginas = sorted((raiz / "cortes" / r2.nombre).rglob("*.html"))
    assert len(paginas) > 20
    prohibido = re.compile(
        r"<script|<style|\sstyle=|\son[a-z]+=|javascript:|(?:src|href)=\"(?:https?:)?//", re.I
    )
    for pagina in paginas:
        texto = pagina.read_text(encoding="utf-8")
        assert not prohibido.search(texto), (pagina, prohibido.search(texto))
        assert re.findall(r'<link rel="stylesheet" href="((?:\.\./)*estilo\.css)">', texto)
    assert (raiz / "cortes" / r2.nombre / "estilo.css").is_file()
