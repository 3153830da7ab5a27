"""Shared fixtures. End-to-end tests use Playwright for Python driving Debian's Chromium."""

import os
import shutil
import time
from pathlib import Path

import pytest

os.environ.setdefault("OPLE_TESTING", "1")
# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the test
# body itself are still synchronous, so Django's guard must be relaxed for the tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("OPLE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DOCS_SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "img"


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Each test writes media and publication files under its own temporary directory."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    settings.PUBLISH_ROOT = tmp_path / "publicacion"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    return tmp_path


# Runs in every page of every browser context: reports each Content-Security-Policy violation.
_REPORTAR_CSP = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__opleViolacionCSP(
    `${e.effectiveDirective} bloqueó ${e.blockedURI || "(en línea)"} en ${e.sourceFile || e.documentURI}:${e.lineNumber}`
  );
});
"""


class VigilanteCSP:
    """Collects the Content-Security-Policy violations of the session's browser: the
    `securitypolicyviolation` events of its pages and the browser's console messages about the
    policy. `_sin_violaciones_csp` fails any test during which one was reported."""

    def __init__(self) -> None:
        self.violaciones: list[str] = []

    def vigilar(self, context):
        context.expose_binding(
            "__opleViolacionCSP", lambda fuente, texto: self.violaciones.append(texto)
        )
        context.add_init_script(_REPORTAR_CSP)
        context.on("console", self._consola)
        return context

    def _consola(self, mensaje) -> None:
        if "Content Security Policy" in mensaje.text:
            self.violaciones.append(f"consola: {mensaje.text}")


VIGILANTE_CSP = VigilanteCSP()


class _NavegadorVigilado:
    """The session's Browser, whose every new context (and page) reports CSP violations."""

    def __init__(self, navegador) -> None:
        self._navegador = navegador

    def new_context(self, **opciones):
        return VIGILANTE_CSP.vigilar(self._navegador.new_context(**opciones))

    def new_page(self, **opciones):
        contexto = self.new_context(**opciones)
        pagina = contexto.new_page()
        pagina.on("close", lambda _: contexto.close())
        return pagina

    def __getattr__(self, nombre):
        return getattr(self._navegador, nombre)


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium shared by the session (skips when Chromium is not installed)."""
    if not chromium_available():
        pytest.skip("Chromium no está instalado (apt-get install chromium); prueba e2e omitida")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield _NavegadorVigilado(b)
        b.close()


@pytest.fixture(autouse=True)
def _sin_violaciones_csp(request):
    """A browser test fails when a page broke the Content-Security-Policy (set up before the
    browser's fixtures, so checked after their contexts are closed)."""
    VIGILANTE_CSP.violaciones.clear()
    yield
    if VIGILANTE_CSP.violaciones:
        violaciones, VIGILANTE_CSP.violaciones[:] = list(VIGILANTE_CSP.violaciones), []
        pytest.fail("Violaciones de la Content-Security-Policy:\n" + "\n".join(violaciones))


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="es-MX", timezone_id="America/Mexico_City")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


def esperar(condicion, segundos: float = 15.0):
    """Poll `condicion()` every 0.2 s until it is truthy or `segundos` pass; its last value.

    For conditions an end-to-end test reads through `page.evaluate` (`page.wait_for_function`
    with a string evaluates it inside the page, which the app's CSP, script-src 'self', forbids)
    or from the database."""
    fin = time.monotonic() + segundos
    while time.monotonic() < fin:
        valor = condicion()
        if valor:
            return valor
        time.sleep(0.2)
    return condicion()


@pytest.fixture
def screenshot_dir(tmp_path) -> Path:
    """Where end-to-end tests save their screenshots: the test's own directory, or the
    documentation's `docs/img/` when OPLE_CAPTURAS=1 (`make capturas`), so that an ordinary test
    run leaves the working tree as it found it."""
    if os.environ.get("OPLE_CAPTURAS") == "1":
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return DOCS_SCREENSHOTS
    destino = tmp_path / "capturas"
    destino.mkdir(exist_ok=True)
    return destino
