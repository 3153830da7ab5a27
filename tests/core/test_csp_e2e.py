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
