"""The public site's generator (pure): what a citizen reads on the pages."""

from __future__ import annotations

import re
from datetime import date

import pytest

from ople.registros.publica import sitio
from ople.registros.publica.modelo import EtapaPublica, ExpedientePublico, ModeloRegistros


def _expediente(clave: str, tipo: str) -> ExpedientePublico:
    return ExpedientePublico(
        clave=clave,
        tipo=tipo,
        fecha_presentacion=date(2026, 10, 7),
        denunciantes=("Persona denunciante (datos protegidos)",),
        denunciados=("Óscar Rentería Vázquez",),
        victimas=("Víctima (datos protegidos)",),
        conductas="Propaganda calumniosa.",
        es_vpmrg=True,
        etapas=(EtapaPublica("radicacion", date(2026, 10, 7), ""),),
        medidas=(),
        resoluciones=(),
        documentos=(),
    )


def _modelo() -> ModeloRegistros:
    return ModeloRegistros(
        hoy=date(2026, 12, 6),
        institucion="Instituto Estatal Electoral de Aguascalientes",
        fundamento_permanencia="INE/CG269/2020",
        vigentes=(),
        historicas=(),
        expedientes=(
            _expediente("IEE/PES/001/2026", "PES"),
            _expediente("IEE/POS/001/2026", "POS"),
        ),
    )


def test_el_resumen_de_expedientes_enlaza_cada_clave_con_su_ficha():
    """The listing's summary table links each key to the case below it (it used to print the
    link's HTML escaped, `<a href=…>` as text)."""
    pagina = sitio.generar(_modelo())["expedientes/index.html"].decode()
    assert "&lt;a" not in pagina
    for clave in ("IEE/PES/001/2026", "IEE/POS/001/2026"):
        ancla = clave.replace("/", "-")
        assert f'<td><a href="#{ancla}">{clave}</a></td>' in pagina
        assert len(re.findall(f'id="{ancla}"', pagina)) == 1


@pytest.mark.parametrize(
    ("ruta", "enlace"),
    [
        ("index.html", "Inicio"),
        ("vpmrg/index.html", "Registro VPMRG vigente"),
        ("vpmrg/historico.html", "Histórico"),
        ("estadisticas.html", "Estadísticas"),
        ("expedientes/index.html", "Expedientes PES y POS"),
    ],
)
def test_el_menu_dice_en_que_pagina_se_esta(ruta, enlace):
    """Each page marks its own link in the menu (aria-current), so a reader, and a screen
    reader, knows where they are."""
    pagina = sitio.generar(_modelo())[ruta].decode()
    menu = pagina[pagina.index('<nav aria-label="Registros">') :].split("</nav>")[0]
    assert re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]*)</a>', menu) == [enlace]


@pytest.mark.e2e
@pytest.mark.django_db
def test_el_sitio_de_la_demostracion_en_un_telefono(page, settings, screenshot_dir):
    """The demo's published cut read at 390 px, as a citizen on a phone: no page scrolls
    sideways, the statistics' tables fit whole (their «Total» column used to be cut off), and
    the summary of cases links to each case. Its screenshots are the guide's (`make capturas`)."""
    from django.core.management import call_command

    from ople.registros.services.publicacion import corte_vigente

    settings.DEMO = True
    call_command("registros_demo")
    corte = corte_vigente()
    assert corte is not None
    page.set_viewport_size({"width": 390, "height": 844})
    for ruta in (
        "index.html",
        "vpmrg/index.html",
        "vpmrg/historico.html",
        "estadisticas.html",
        "expedientes/index.html",
    ):
        page.goto((corte / ruta).as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, ruta
    page.goto((corte / "estadisticas.html").as_uri())
    anchos = page.eval_on_selector_all(
        ".tabla", "ds => ds.map(d => [d.scrollWidth, d.clientWidth])"
    )
    assert len(anchos) == 4 and all(total <= visible for total, visible in anchos), anchos
    page.screenshot(path=str(screenshot_dir / "registros-estadisticas.png"), full_page=True)

    page.goto((corte / "vpmrg" / "index.html").as_uri())
    page.screenshot(path=str(screenshot_dir / "registros-vpmrg.png"))

    page.goto((corte / "expedientes" / "index.html").as_uri())
    # The last PES of the demo has gone through every stage.
    enlace = page.locator("table a[href^='#IEE-PES-']").last
    clave = enlace.inner_text()
    enlace.click()
    ficha = page.locator(f"article#{clave.replace('/', '-')}")
    assert page.url.endswith("#" + clave.replace("/", "-"))
    assert "Remisión al tribunal" in ficha.inner_text()
    ficha.screenshot(path=str(screenshot_dir / "registros-expediente.png"))
