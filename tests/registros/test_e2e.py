"""End to end in headless Chromium: an entry captured by one person, approved by another,
published, found by name on the public page, and flagged in a candidacy's eligibility check: the
candidaturas reviewer's screen refuses to declare the person's candidacy procedente, naming the
entry (candidaturas asks the register through its selector)."""

from __future__ import annotations

from datetime import date

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ople.core.testing import make_user
from ople.registros import roles, selectors

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "clave-de-prueba-registros-1"


def _entrar(page, base, nombre):
    page.context.clear_cookies()
    page.goto(base + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill(nombre)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()


def _candidatura_presentada():
    """A presented candidacy, all its documents filed, whose propietario is the person the test
    puts on the register (same name, written without accents, and same CURP)."""
    from ople.candidaturas.lote import DatosPersona
    from ople.candidaturas.services import registro
    from tests.candidaturas.datos import persona, proceso_con_distritos, representante
    from tests.candidaturas.test_servicios import completar

    elec, dems, (pan, _, _) = proceso_con_distritos(1)
    rep = representante("rep_pan", "PAN")
    c = registro.registrar_candidatura(
        actor=rep,
        eleccion=elec,
        demarcacion=dems[0],
        partido=pan,
        cargo="Diputación",
        propietario=DatosPersona(
            curp="AITR750505HASVLD02",
            nombre="Rodolfo",
            primer_apellido="Avila",
            segundo_apellido="Tellez",
            fecha_nacimiento=date(1975, 5, 5),
            genero="H",
        ),
        suplente=persona(101, "H"),
    )
    completar(rep, c)
    registro.presentar(actor=rep, candidatura=c)
    return c


def test_captura_aprobacion_publicacion_y_elegibilidad(live_server, page, screenshot_dir):
    make_user("captura", roles.CAPTURA, password=PASSWORD)
    aprueba = make_user("aprueba", roles.APROBACION, password=PASSWORD)
    dispositivo = TOTPDevice.objects.create(user=aprueba, name="autenticador", confirmed=True)
    base = live_server.url

    _entrar(page, base, "captura")
    page.goto(base + "/registros/oficina/capturar/")
    page.get_by_label("Nombre completo").fill("Rodolfo Ávila Téllez")
    page.get_by_label("CURP (no se publica)").fill("AITR750505HASVLD02")
    page.get_by_label("Sexo").select_option("H")
    page.get_by_label("Cargo o calidad").fill("Presidente municipal")
    page.get_by_label("Ámbito").select_option("municipal")
    page.get_by_label("Autoridad sancionadora").fill(
        "Tribunal Electoral del Estado de Aguascalientes"
    )
    page.get_by_label("Expediente", exact=True).fill("TEEA-PES-007/2025")
    page.get_by_label("Fecha en que la resolución quedó firme (AAAA-MM-DD)").fill("2025-06-30")
    page.get_by_label("Conducta", exact=True).fill(
        "Obstaculizó el ejercicio del cargo de una síndica."
    )
    page.get_by_label("Calificación de la conducta").select_option("ordinaria")
    page.get_by_label("Sanción", exact=True).fill(
        "Amonestación pública y curso en materia de género"
    )
    page.get_by_role("button", name="Capturar").click()
    assert "pendiente de aprobación" in page.locator(".mensajes").inner_text()
    # The capturer cannot approve: no approve button for them.
    assert page.get_by_role("button", name="Aprobar Rodolfo Ávila Téllez").count() == 0
    assert not selectors.elegibilidad(nombre="Rodolfo Ávila Téllez").sancionado

    _entrar(page, base, "aprueba")
    # Approving needs the second factor.
    page.wait_for_url(base + "/cuenta/segundo-factor/**")
    page.get_by_label("Código de 6 dígitos").fill(f"{TOTP(dispositivo.bin_key).token():06d}")
    page.get_by_role("button", name="Verificar").click()
    page.goto(base + "/registros/oficina/")
    page.screenshot(path=str(screenshot_dir / "registros-oficina.png"), full_page=True)
    page.get_by_role("button", name="Aprobar Rodolfo Ávila Téllez").click()
    mensajes = page.locator(".mensajes").inner_text()
    # Approved and published at once (the public site follows every change).
    assert "queda en el registro hasta el 30/06/2029" in mensajes
    assert "Sitio público actualizado" in mensajes

    # The public: no session, no JavaScript needed.
    page.context.clear_cookies()
    page.goto(base + "/registros/")
    page.get_by_role("link", name="Registro de personas sancionadas", exact=False).first.click()
    page.get_by_role("link", name="R", exact=True).click()
    entrada = page.locator("article.entrada", has_text="Rodolfo Ávila Téllez")
    assert entrada.count() == 1
    texto = entrada.inner_text()
    assert "TEEA-PES-007/2025" in texto and "4 años" in texto and "30 de junio de 2029" in texto
    assert "AITR750505HASVLD02" not in page.content()  # the CURP is never published
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(screenshot_dir / "registros-busqueda.png"), full_page=False)

    # The seam candidaturas calls: the person is flagged, with the entry.
    r = selectors.elegibilidad(nombre="rodolfo avila tellez")
    assert r.sancionado and r.entradas[0].expediente == "TEEA-PES-007/2025"
    assert selectors.elegibilidad(nombre="Otra Persona", curp="AITR750505HASVLD02").sancionado

    # A party registered the same person as a candidate; the institute's reviewer, on
    # candidaturas' own screen, tries to declare the candidacy procedente and is refused.
    from ople.candidaturas.models import Candidatura
    from tests.candidaturas.datos import revisora

    candidatura = _candidatura_presentada()
    revisa = revisora()
    revisa.set_password(PASSWORD)
    revisa.save()
    page.set_viewport_size({"width": 1280, "height": 900})
    _entrar(page, base, "revisora")
    page.goto(f"{base}/candidaturas/revision/{candidatura.pk}/")
    assert "Propietario: Rodolfo Avila Tellez" in page.locator("main").inner_text()
    page.locator("#procedente").click()
    aviso = page.locator(".mensajes").inner_text()
    assert (
        "La persona propietaria, Rodolfo Avila Tellez, aparece en el registro vigente de personas "
        "sancionadas por violencia política contra las mujeres en razón de género: expediente "
        "TEEA-PES-007/2025 (Tribunal Electoral del Estado de Aguascalientes), en el registro "
        "hasta el 30/06/2029; coincide por la CURP."
    ) in aviso
    assert page.locator("#estado").inner_text() == "Presentada para revisión"
    page.screenshot(path=str(screenshot_dir / "registros-candidatura.png"), full_page=True)
    candidatura.refresh_from_db()
    assert candidatura.estado == Candidatura.Estado.PRESENTADA
