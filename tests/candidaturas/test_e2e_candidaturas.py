"""End to end in headless Chromium: a party's representative uploads a slate, gets a
prevención, corrects it; the Consejo General approves in bulk; the candidates appear on
Conóceles and in the ballot the PREP reads; another party's representative sees nothing."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import TOTP

from ople.candidaturas.models import Candidatura
from ople.candidaturas.services import registro
from ople.catalog import selectors as catalog_selectors
from ople.catalog import services as catalog_services
from ople.catalog import testing as cat
from ople.core import services

from .datos import (
    PASSWORD,
    consejo,
    pdf_valido,
    persona,
    proceso_con_distritos,
    representante,
    revisora,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DOCS = ("aceptacion", "acta_nacimiento", "credencial", "residencia", "tres_de_tres", "estatutos")


def entrar(browser, base, usuario, totp=False):
    """A page of its own browser context, signed in (a TOTP code is used once per account)."""
    page = browser.new_context().new_page()
    page.goto(base + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill(usuario)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    if totp:
        page.wait_for_url("**/segundo-factor/**")
        page.get_by_label("Código de 6 dígitos").fill(
            f"{TOTP(base64.b32decode(SECRET)).token():06d}"
        )
        page.get_by_role("button", name="Verificar").click()
    page.wait_for_load_state()
    return page


def test_de_la_planilla_a_conoceles_y_a_la_boleta(live_server, browser, screenshot_dir, tmp_path):
    elec, dems, (pan, pri, morena) = proceso_con_distritos(2)
    ent = elec.proceso.entidad
    mun = cat.municipio(entidad=ent)
    df = cat.distrito_federal(entidad=ent)
    cat.seccion(
        numero=101, municipio=mun, distrito_local=dems[0].distrito_local, distrito_federal=df
    )
    catalog_services.regenerar_opciones(eleccion=elec)
    rep_pan = representante("rep_pan", "PAN")
    rep_pri = representante("rep_pri", "PRI")
    cg = consejo()
    rev = revisora()
    for u in (rep_pan, rep_pri, cg):
        services.set_totp_secret(user=u, secret_base32=SECRET)
    for u in (cg, rev):
        u.set_password(PASSWORD)
        u.save()
    base = live_server.url

    # 1. The representative uploads a slate from a spreadsheet, reviews it and confirms.
    page = pan = entrar(browser, base, "rep_pan", totp=True)
    csv = tmp_path / "planilla.csv"
    csv.write_text(
        "demarcacion,cargo,curp,nombre,primer_apellido,segundo_apellido,fecha_nacimiento,genero\n"
        f"1,Diputación,{persona(1).curp},Lucía,Hernández,Ruiz,1982-03-04,M\n"
        f"2,Diputación,{persona(2, 'H').curp},Jorge,Martínez,Luna,1979-07-08,H\n",
        encoding="utf-8",
    )
    page.goto(base + "/candidaturas/lote/")
    page.get_by_label("Elección").select_option(str(elec.pk))
    page.get_by_label("Archivo CSV").set_input_files(str(csv))
    page.get_by_role("button", name="Revisar").click()
    assert "2 filas correctas" in page.locator("main").inner_text()
    page.screenshot(path=str(screenshot_dir / "candidaturas-lote-revision.png"), full_page=True)
    page.get_by_role("button", name="Confirmar y registrar 2 candidaturas").click()
    assert "2 candidaturas registradas" in page.locator("main").inner_text()
    lucia = Candidatura.objects.get(demarcacion=dems[0])
    jorge = Candidatura.objects.get(demarcacion=dems[1])

    # 2. Documents for Lucía through the page, all but the "3 de 3"; Jorge's complete.
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(pdf_valido())
    page.goto(f"{base}/candidaturas/{lucia.pk}/")
    for tipo in DOCS:
        if tipo == "tres_de_tres":
            continue
        page.get_by_label("Documento", exact=True).select_option(tipo)
        page.get_by_label("Archivo PDF (sin contraseña)").set_input_files(str(pdf))
        page.get_by_role("button", name="Subir").click()
        assert "Documento recibido" in page.locator("main").inner_text()
    # A bad file is refused in Spanish.
    png = tmp_path / "foto.pdf"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    page.get_by_label("Archivo PDF (sin contraseña)").set_input_files(str(png))
    page.get_by_role("button", name="Subir").click()
    assert "es PNG, no un documento aceptado" in page.locator("main").inner_text()
    page.locator("#presentar").click()
    assert "presentada al Instituto" in page.locator("main").inner_text()
    for tipo in DOCS:
        registro.subir_documento(actor=rep_pan, candidatura=jorge, tipo=tipo, datos=pdf_valido())
    registro.presentar(actor=rep_pan, candidatura=jorge)

    # 3. The institute finds the "3 de 3" missing and issues a prevención.
    page = revisa = entrar(browser, base, "revisora")
    page.goto(f"{base}/candidaturas/revision/{lucia.pk}/")
    page.get_by_label("Qué debe corregirse").fill("Falta el formato 3 de 3 contra la violencia.")
    page.locator("#prevenir").click()
    assert "Prevención emitida" in page.locator("main").inner_text()
    page.goto(f"{base}/candidaturas/revision/{jorge.pk}/")
    page.locator("#procedente").click()

    # 4. The representative sees it with its deadline, corrects and presents again.
    page = pan
    page.goto(base + "/candidaturas/")
    assert "Prevención: corregir antes del" in page.locator("main").inner_text()
    page.screenshot(path=str(screenshot_dir / "candidaturas-portal-prevencion.png"), full_page=True)
    page.goto(f"{base}/candidaturas/{lucia.pk}/")
    assert page.locator(".prevencion").is_visible()
    page.get_by_label("Documento", exact=True).select_option("tres_de_tres")
    page.get_by_label("Archivo PDF (sin contraseña)").set_input_files(str(pdf))
    page.get_by_role("button", name="Subir").click()
    page.locator("#presentar").click()
    assert page.locator("#estado").inner_text() == "Corregida por el partido"

    # 5. Reviewed, then approved in bulk by the Consejo General.
    page = revisa
    page.goto(f"{base}/candidaturas/revision/{lucia.pk}/")
    page.locator("#procedente").click()
    page = entrar(browser, base, "consejera", totp=True)
    page.goto(base + "/candidaturas/revision/")
    page.locator(f"#aprobar-{elec.pk}").click()
    texto = page.locator("main").inner_text()
    assert "2 candidaturas aprobadas" in texto and "IEE/CG/" in texto
    page.screenshot(path=str(screenshot_dir / "candidaturas-acuerdo.png"), full_page=True)

    # The ballot the PREP reads (catalog selectors) now names them.
    opcion_pan = next(o for o in catalog_selectors.columnas_de(elec) if o.columna == "PAN")
    en_boleta = catalog_selectors.candidatura_de_opcion(opcion=opcion_pan, demarcacion=dems[0])
    assert en_boleta is not None and en_boleta.propietaria == "Lucía Hernández Ruiz"

    # 6. Conóceles published; the candidates appear, also from "¿Quién aparece en mi boleta?".
    page = revisa
    page.goto(base + "/candidaturas/revision/")
    page.locator("#publicar-conoceles").click()
    page = browser.new_context().new_page()
    page.goto(base + "/conoceles/")
    assert "Lucía Hernández Ruiz" not in page.locator("main").inner_text()  # lists link out
    page.set_viewport_size({"width": 412, "height": 900})
    page.screenshot(path=str(screenshot_dir / "conoceles-inicio.png"), full_page=True)
    page.get_by_label("Número de sección de su credencial para votar").fill("101")
    page.get_by_role("button", name="Consultar").click()
    assert "Lucía Hernández Ruiz" in page.locator("main").inner_text()
    assert "Jorge" not in page.locator("main").inner_text()
    page.get_by_role("link", name="Lucía Hernández Ruiz").click()
    assert page.locator("h1").inner_text() == "Lucía Hernández Ruiz"
    page.screenshot(path=str(screenshot_dir / "conoceles-candidatura.png"), full_page=True)

    # 7. Another party's representative sees none of it and can change nothing.
    page = entrar(browser, base, "rep_pri", totp=True)
    page.goto(base + "/candidaturas/")
    assert "Lucía" not in page.locator("main").inner_text()
    r = page.goto(f"{base}/candidaturas/{lucia.pk}/")
    assert r.status == 404
    r = page.request.post(f"{base}/candidaturas/{lucia.pk}/presentar/")
    assert r.status in (403, 404)
