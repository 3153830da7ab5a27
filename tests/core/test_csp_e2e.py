"""The shared browser fixtures report Content-Security-Policy violations (tests/conftest.py): a
page that breaks the policy is caught, and so every browser test fails on one."""

import pytest

from tests.conftest import VIGILANTE_CSP

pytestmark = [pytest.mark.e2e]

POLITICA = "default-src 'self'; script-src 'self'; style-src 'self'"
PAGINA = """<!DOCTYPE html><html><head><title>x</title>
<style>p{color:red}</style></head><body><p style="color:blue">hola</p>
<script>document.title = "ejecutado";</script></body></html>"""


def test_una_violacion_de_la_politica_se_registra(browser):
    contexto = browser.new_context()
    try:
        pagina = contexto.new_page()
        pagina.route(
            "http://ople.invalid/",
            lambda ruta: ruta.fulfill(
                body=PAGINA,
                content_type="text/html; charset=utf-8",
                headers={"Content-Security-Policy": POLITICA},
            ),
        )
        pagina.goto("http://ople.invalid/")
        pagina.wait_for_timeout(300)
        assert pagina.title() == "x"  # the inline script did not run
    finally:
        contexto.close()
    violaciones, VIGILANTE_CSP.violaciones[:] = list(VIGILANTE_CSP.violaciones), []
    texto = "\n".join(violaciones)
    # the event (directive, "inline") and the console message, for the script and both styles
    assert "script-src-elem bloqueó inline" in texto, texto
    assert "style-src-elem bloqueó inline" in texto, texto
    assert "style-src-attr bloqueó inline" in texto, texto
    assert "consola: Executing inline script violates" in texto, texto


ADMIN = [
    "/admin/",
    "/admin/auth/user/",
    "/admin/auth/user/add/",
    "/admin/catalog/procesoelectoral/add/",  # date widget (calendar script)
    "/admin/catalog/casilla/",
    "/admin/catalog/casilla/add/",  # related-object widgets
    "/admin/catalog/eleccion/add/",
    "/admin/catalog/opcionboleta/add/",
]


@pytest.mark.django_db(transaction=True)
def test_el_admin_funciona_con_la_politica(live_server, page, screenshot_dir):
    """Django's admin under ople's policy: its pages, widgets and scripts break no directive
    (the shared fixture fails the test on any violation), and its style sheets apply."""
    from django.conf import settings
    from django.test import Client

    from ople.core.testing import login_verified, make_user

    cliente = Client()
    login_verified(cliente, make_user("raiz", is_superuser=True, is_staff=True))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": cliente.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    for ruta in ADMIN:
        respuesta = page.goto(live_server.url + ruta)
        assert respuesta.status == 200, ruta
        assert "Content-Security-Policy" in {k.title() for k in respuesta.headers}, ruta
        page.wait_for_load_state("load")
        # the admin's own style sheet applied (the header bar is not the default white)
        fondo = page.locator("#header").evaluate("e => getComputedStyle(e).backgroundColor")
        assert fondo not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), ruta
    page.goto(live_server.url + "/admin/catalog/procesoelectoral/add/")
    page.get_by_role("link", name="Hoy").first.click()  # the calendar widget's script runs
    assert page.locator("#id_fecha_jornada").input_value() != ""
    filas = page.locator(".inline-related tbody tr.form-row:not(.empty-form)")
    antes = filas.count()
    page.locator("tr.add-row a").click()  # the inlines' script adds a row
    assert filas.count() == antes + 1
    page.screenshot(path=str(screenshot_dir / "admin-proceso.png"), full_page=True)
