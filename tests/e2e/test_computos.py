"""A consejo distrital in headless Chromium, from the approval of the recount list to the
constancia de mayoría: one casilla accepted at the cotejo (captured and confirmed by two people),
one re-counted in a GT with a reserved vote the pleno decides, the acta de cómputo PDF, a
representative signing under protest."""

from __future__ import annotations

import subprocess

import pytest
from django.test import Client

from ople.computos import testing as t
from ople.computos.models import ActaEnMano, Documento, Firma, Sesion, VersionComputo
from ople.computos.services import sesion as svc
from ople.core.testing import login_verified

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _contexto(browser, live_server, usuario):
    c = Client()
    login_verified(c, usuario)
    ctx = browser.new_context(locale="es-MX", timezone_id="America/Mexico_City")
    ctx.add_cookies(
        [{"name": "sessionid", "value": c.cookies["sessionid"].value, "url": live_server.url}]
    )
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    return ctx, pg


def _avanzar(pg, esperado):
    pg.get_by_role("button", name=f"Pasar a «{esperado}»").click()
    pg.get_by_role("heading", name=f"Etapa actual: {esperado}").wait_for()


def test_consejo_distrital_de_la_lista_a_la_constancia(
    browser, live_server, screenshot_dir, tmp_path
):
    esc = t.escenario(casillas=2)
    e1, e2 = esc.consejo.expedientes.order_by("clave")
    for e, v in ((e1, t.votos(100, 50, 120, 10, 0, 3)), (e2, t.votos(60, 40, 112, 20, 0, 9))):
        for origen in (ActaEnMano.Origen.PAQUETE, ActaEnMano.Origen.PRESIDENCIA):
            svc.registrar_acta(expediente=e, origen=origen, votos=v, usuario=esc.secretaria)
    s = Sesion.objects.get(consejo=esc.consejo)
    for _ in range(2):
        s = svc.avanzar(sesion=s, usuario=esc.presidencia)
    assert s.estado == "SESION_EXTRAORDINARIA"
    url = f"{live_server.url}/computos/oficina/{esc.consejo.clave}/"

    ctx_p, pres = _contexto(browser, live_server, esc.presidencia)
    pres.goto(url)
    # the list: casilla 2 comes pre-marked with its cause (C5: 120 vs 112 with 9 nulls)
    assert pres.get_by_label(f"{e2.clave} — C5").is_checked()
    assert not pres.get_by_label(e1.clave, exact=True).is_checked()
    pres.get_by_label("Grupos de trabajo").fill("1")
    pres.get_by_role("button", name="Aprobar").click()
    pres.get_by_text("Lista de recuento, grupos de trabajo y sede aprobados.").wait_for()
    # the presidencia designates who chairs GT 1 (its screen, linked from the session)
    pres.get_by_role("link", name="Grupos de trabajo").click()
    pres.get_by_label("Presidencia del GT 1").select_option(label=esc.grupo.username)
    pres.get_by_label("Auxiliares del GT 1 (nombres)").fill("Eva Ruiz, Juan Soto")
    pres.get_by_role("button", name="Designar el GT 1").click()
    pres.get_by_text("GT 1 designado.").wait_for()
    pres.goto(url)
    _avanzar(pres, "Inicio de la sesión de cómputo")
    _avanzar(pres, "Cotejo en el pleno")
    pres.screenshot(path=str(screenshot_dir / "computos-sesion-cotejo.png"), full_page=True)

    # cotejo: one person captures, another confirms (blind)
    cifras = dict(zip(t.COLUMNAS, ("100", "50", "120", "10", "0", "3"), strict=True))
    for usuario, boton in ((esc.captura1, "Registrar captura"), (esc.captura2, "Confirmar")):
        ctx, pg = _contexto(browser, live_server, usuario)
        pg.goto(url + "captura/")
        pg.get_by_role("heading", name=f"casilla {e1.clave}").wait_for()
        for col, valor in cifras.items():
            pg.locator(f"#c_{col}").fill(valor)
        if boton == "Confirmar":
            pg.screenshot(path=str(screenshot_dir / "computos-captura-cotejo.png"), full_page=True)
        pg.get_by_role("button", name=boton).click()
        pg.locator(".mensajes").wait_for()
        ctx.close()
    pres.reload()
    _avanzar(pres, "Recuento en grupos de trabajo")

    # the GT re-counts casilla 2 and reserves one ballot for the pleno
    ctx_g, gt = _contexto(browser, live_server, esc.grupo)
    gt.goto(url + "captura/")
    gt.get_by_role("heading", name=f"casilla {e2.clave}").wait_for()
    for col, valor in zip(t.COLUMNAS, ("60", "40", "110", "20", "0", "10"), strict=True):
        gt.locator(f"#c_{col}").fill(valor)
    gt.get_by_label("Votos reservados para el pleno").fill("Marca en MORENA y fuera del recuadro")
    gt.get_by_role("button", name="Registrar recuento").click()
    gt.get_by_text("constancia IEE/CD01-RC/").wait_for()
    ctx_g.close()
    # the GT's acta circunstanciada, issued from the grupos screen
    pres.goto(url + "grupos/")
    pres.get_by_label("Incidentes del GT 1 (uno por renglón)").fill("Sin incidentes mayores")
    pres.get_by_role("button", name="Expedir el acta circunstanciada del GT 1").click()
    pres.get_by_text("Acta circunstanciada del GT 1 expedida.").wait_for()
    pres.screenshot(path=str(screenshot_dir / "computos-grupos.png"), full_page=True)
    assert Documento.objects.get(tipo="ACTA_GT").contenido["grupo"] == 1
    pres.goto(url)

    pres.reload()
    _avanzar(pres, "Votos reservados en el pleno")
    pres.get_by_label("Decisión del pleno").select_option("MORENA")
    pres.get_by_role("button", name="Decidir").click()
    pres.get_by_text("válido para MORENA").wait_for()
    for etapa in (
        "Paquetes con muestras de alteración",
        "Suma y distribución de votos",
        "Verificación de recuento total",
        "Acta de cómputo",
    ):
        _avanzar(pres, etapa)
    v = VersionComputo.objects.get(consejo=esc.consejo)
    assert v.por_candidatura == {"Fuerza": 280, "MORENA": 231}
    acta = Documento.objects.get(tipo="ACTA_COMPUTO")

    # the MORENA representative signs under protest
    ctx_r, rep = _contexto(browser, live_server, esc.rep_morena)
    rep.goto(url)
    rep.get_by_label("Motivo de la protesta").fill("Se reservó un voto que era claramente válido")
    rep.get_by_role("button", name="Firmar bajo protesta").click()
    rep.get_by_text("Firma bajo protesta registrada.").wait_for()
    rep.screenshot(path=str(screenshot_dir / "computos-firma-protesta.png"), full_page=True)
    # a representative cannot advance the session
    assert (
        rep.get_by_role("button", name="Pasar a «Declaración de validez y constancia»").count() == 0
    )
    ctx_r.close()
    assert Firma.objects.get().bajo_protesta

    pres.reload()
    _avanzar(pres, "Declaración de validez y constancia")
    constancia = Documento.objects.get(tipo="CONSTANCIA_MAYORIA")
    pres.get_by_role("link", name=f"Constancia de mayoría y validez {constancia.folio}").wait_for()
    pres.screenshot(path=str(screenshot_dir / "computos-sesion-final.png"), full_page=True)

    # the acta de cómputo's PDF, as the browser downloads it, rendered to PNG
    respuesta = pres.request.get(f"{url}documento/{acta.pk}/")
    assert respuesta.ok and respuesta.headers["content-type"] == "application/pdf"
    ruta = tmp_path / "acta.pdf"
    ruta.write_bytes(respuesta.body())
    texto = subprocess.run(["pdftotext", str(ruta), "-"], capture_output=True, text=True).stdout
    assert "ACTA DE CÓMPUTO DISTRITAL" in texto and "Fuerza: 280" in texto
    assert acta.sha256 in texto.replace("\n", "")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(ruta),
            str(screenshot_dir / "computos-acta"),
        ],
        check=True,
    )
    ctx_p.close()
