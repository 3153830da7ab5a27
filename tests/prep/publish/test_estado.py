"""The sense of time of immutable cuts (ADR 0030): the cut's time on every page, the old cuts'
notice revealed by a mutable sheet outside the cut, the latest cut's stable address, the list
of cuts. (The browser's view of it: test_e2e_ciudadano.py.)"""

from __future__ import annotations

import os
import re

from ople.prep.publish import corte, estado, verificar


def test_cada_pagina_lleva_la_hora_del_corte_y_el_aviso_oculto(cortes_base):
    raiz, r1, r2, e2 = cortes_base
    d = r2.ruta
    hora = corte.etiqueta_de(e2)
    assert hora.startswith("Corte: ") and "(UTC-" in hora
    assert f'content:"{hora}"' in (d / "corte.css").read_text("utf-8")
    assert f'@import url("../../estado/{r2.nombre}.css")' in (d / "corte.css").read_text()
    paginas = sorted(d.rglob("*.html"))
    assert len(paginas) > 30
    for p in paginas:
        html = p.read_text("utf-8")
        rel = p.relative_to(d).as_posix()
        base = "../" * rel.count("/")
        assert f'<link rel="stylesheet" href="{base}corte.css">' in html, rel
        # the time is printed, or left for corte.css to write
        m = re.search(r'<p class="hora-corte">([^<]*)</p>', html)
        assert m, rel
        reutilizable = rel.startswith("secciones/") or re.search(r"/(distrito|municipio)-", rel)
        assert m.group(1) == ("" if reutilizable else hora), rel
        # the notice, hidden, linking the same page in the latest cut
        assert '<p class="antiguo" role="status" hidden>' in html, rel
        assert f'href="{base}../ultimo/{rel}"' in html, rel


def test_el_corte_nuevo_marca_los_anteriores(cortes_base):
    raiz, r1, r2, _ = cortes_base
    assert (raiz / "estado" / f"{r1.nombre}.css").read_bytes() == estado.ANTIGUO
    assert (raiz / "estado" / f"{r2.nombre}.css").read_bytes() == estado.VIGENTE
    assert os.readlink(raiz / "ultimo") == f"cortes/{r2.nombre}"
    assert (raiz / "ultimo" / "index.html").read_bytes() == (r2.ruta / "index.html").read_bytes()
    indice = (raiz / "cortes.html").read_text("utf-8")
    assert indice.index(f"cortes/{r2.nombre}/index.html") < indice.index(
        f"cortes/{r1.nombre}/index.html"
    )
    # every link of the list resolves from where it is served (raiz/cortes.html)
    for enlace in re.findall(r'href="([^"#]+)"', indice):
        if enlace.startswith("/") or "ultimo/" in enlace:
            continue
        assert (raiz / enlace).resolve().is_file(), enlace
    # the cuts themselves were not touched: both still verify
    assert verificar.verificar_corte(r1.ruta) == []
    assert verificar.verificar_corte(r2.ruta) == []


def test_marcar_es_idempotente_y_sigue_al_puntero(tmp_path):
    for n in ("20240602_2000", "20240602_2010", "20240602_2020"):
        (tmp_path / "cortes" / n).mkdir(parents=True)
    (tmp_path / "cortes" / "no-es-un-corte").mkdir()
    estado.marcar(tmp_path, "20240602_2020")
    hojas = {p.name: p.read_bytes() for p in (tmp_path / "estado").iterdir()}
    assert hojas == {
        "20240602_2000.css": estado.ANTIGUO,
        "20240602_2010.css": estado.ANTIGUO,
        "20240602_2020.css": estado.VIGENTE,
    }
    estado.marcar(tmp_path, "20240602_2020")
    assert {p.name: p.read_bytes() for p in (tmp_path / "estado").iterdir()} == hojas
    # the recovery may point back to an earlier cut: the later one is then the old one
    estado.marcar(tmp_path, "20240602_2010")
    assert (tmp_path / "estado" / "20240602_2020.css").read_bytes() == estado.ANTIGUO
    assert (tmp_path / "estado" / "20240602_2010.css").read_bytes() == estado.VIGENTE
    assert os.readlink(tmp_path / "ultimo") == "cortes/20240602_2010"
    assert not list(tmp_path.glob(".*.tmp"))
