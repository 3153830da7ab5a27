"""End to end in headless Chromium: the review area records a coalition's siglado and takes an
independent from the manifestation of intent to a registered candidacy."""

from __future__ import annotations

import pytest

from ople.candidaturas.models import Aspirante
from ople.catalog.models import Coalicion

from .datos import PASSWORD, persona, proceso_con_distritos, revisora
from .test_e2e_candidaturas import entrar

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_siglado_e_independiente_por_pantalla(live_server, browser, screenshot_dir):
    elec, dems, (pan, pri, morena) = proceso_con_distritos(2)
    co = Coalicion.objects.create(eleccion=elec, nombre="Va por Ags")
    co.partidos.set([pan, pri])
    co.demarcaciones.set(dems)
    rev = revisora()
    rev.set_password(PASSWORD)
    rev.save()
    page = entrar(browser, live_server.url, "revisora")
    page.goto(live_server.url + "/candidaturas/revision/")
    page.get_by_role("link", name="Convenios de coalición (siglado)").click()
    nombre = dems[1].nombre
    page.get_by_label(f"Partido que encabeza en {nombre}").select_option("PRI")
    page.get_by_label(f"Partido que encabeza en {nombre}").locator("..").get_by_role(
        "button", name="Registrar"
    ).click()
    page.get_by_text("Siglado registrado.").wait_for()
    assert page.get_by_role("row", name=f"{nombre} PRI").count() == 1

    p = persona(5)
    formulario = page.locator("form", has_text="Nueva manifestación de intención")
    formulario.get_by_label("Demarcación").select_option(label=dems[0].nombre)
    formulario.get_by_label("Asociación civil").fill("Ciudadanía Hidrocálida A.C.")
    formulario.get_by_label("Apoyos ciudadanos requeridos").fill("150")
    formulario.get_by_label("CURP").fill(p.curp)
    formulario.get_by_label("Nombre").fill("Inés")
    formulario.get_by_label("Primer apellido").fill("Solís")
    formulario.get_by_label("Fecha de nacimiento").fill(p.fecha_nacimiento.isoformat())
    formulario.get_by_label("Género").select_option(p.genero)
    formulario.get_by_role("button", name="Registrar la manifestación").click()
    page.get_by_text("Manifestación de intención registrada.").wait_for()
    a = Aspirante.objects.get()
    page.locator(f"#avanzar-{a.pk}").click()
    page.get_by_label("Apoyos válidos").fill("149")
    page.locator(f"#avanzar-{a.pk}").click()
    page.get_by_text("149 apoyos válidos de 150").wait_for()
    page.get_by_label("Apoyos válidos").fill("151")
    page.locator(f"#avanzar-{a.pk}").click()
    page.get_by_text("Solicitud de registro").first.wait_for()
    page.locator(f"#avanzar-{a.pk}").click()
    page.get_by_text("Candidatura registrada (CI 1)").wait_for()
    page.set_viewport_size({"width": 1000, "height": 800})
    page.screenshot(path=str(screenshot_dir / "candidaturas-coaliciones.png"), full_page=True)
    a.refresh_from_db()
    assert (a.etapa, a.apoyos_validos) == (Aspirante.Etapa.REGISTRADA, 151)
