"""The package scanner in headless Chromium with a fake camera showing a printed label.

The label sheet is rendered from the consejo's real PDF, one label is cropped and turned into a
Y4M video that Chromium plays as the phone's camera (--use-file-for-fake-video-capture). The CAE
scans it, receives the package with a broken seal, puts it in the bodega; the bodega is opened
before witnesses at the desk; the cómputos' selector then lists C7 for that casilla. Also: an
event recorded without signal arrives exactly once after reconnection, and a mistyped key is
refused on the phone with nothing queued.
"""

from __future__ import annotations

import subprocess
import time
from datetime import UTC, datetime

import pytest
from django.db import close_old_connections
from PIL import Image

from ople.paquetes import clave as claves
from ople.paquetes import impresos, selectors, services
from ople.paquetes.models import Evento
from ople.paquetes.services import crear_codigo_enrolamiento

from ..conftest import CHROMIUM, CHROMIUM_ARGS, VIGILANTE_CSP, esperar
from .conftest import crear_escenario

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
T = Evento.Tipo


def video_de_etiqueta(tmp_path, etiqueta: impresos.Etiqueta) -> str:
    """A 640×480 Y4M clip (4:2:0) showing one printed label, for Chromium's fake camera."""
    pdf = tmp_path / "etiquetas.pdf"
    pdf.write_bytes(
        impresos.hoja_de_etiquetas([etiqueta], titulo="e", fecha=datetime(2024, 6, 2, tzinfo=UTC))
    )
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "hoja")],
        check=True,
    )
    hoja = Image.open(next(tmp_path.glob("hoja*.png"))).convert("RGB")
    mm = 150 / 25.4
    x, y = impresos.MARGEN_X * mm, impresos.MARGEN_Y * mm
    recorte = hoja.crop((int(x), int(y), int(x + impresos.ANCHO * mm), int(y + impresos.ALTO * mm)))
    cuadro = Image.new("RGB", (640, 480), (235, 232, 225))  # a table under the label
    cuadro.paste(recorte, ((640 - recorte.width) // 2, (480 - recorte.height) // 2))
    cuadro.save(tmp_path / "cuadro.png")
    ycc = cuadro.convert("YCbCr")
    yy, cb, cr = ycc.split()
    cb = cb.resize((320, 240), Image.BOX)
    cr = cr.resize((320, 240), Image.BOX)
    cuerpo = b"FRAME\n" + yy.tobytes() + cb.tobytes() + cr.tobytes()
    ruta = tmp_path / "etiqueta.y4m"
    with open(ruta, "wb") as f:
        f.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(10):
            f.write(cuerpo)
    return str(ruta)


@pytest.fixture
def camara(browser, tmp_path):
    """A phone browser whose camera films the given Y4M file: returns a function(video) -> page."""
    abiertos = []

    def abrir(video: str | None):
        args = [*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream"]
        if video:
            args += [
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={video}",
            ]
        b = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=args)
        contexto = VIGILANTE_CSP.vigilar(
            b.new_context(
                viewport={"width": 360, "height": 640},
                is_mobile=True,
                has_touch=True,
                locale="es-MX",
                timezone_id="America/Mexico_City",
                service_workers="allow",
            )
        )
        abiertos.append(b)
        pagina = contexto.new_page()
        pagina.set_default_timeout(20_000)
        return pagina

    yield abrir
    for b in abiertos:
        b.close()


def _enrolar(page, url: str, codigo: str) -> None:
    page.goto(url + "/paquetes/escaner/")
    page.wait_for_selector("body[data-listo='1']")
    page.fill("#codigo", codigo)
    page.fill("#nombre", "Teléfono de la mesa 1")
    page.click("#boton-enrolar")
    page.wait_for_selector("#pantalla-escanear:not([hidden])")


def _eventos(**filtro) -> list[Evento]:
    close_old_connections()
    return list(Evento.objects.filter(**filtro).order_by("id"))


def test_escanear_recibir_con_sello_roto_y_abrir_bodega(
    live_server, camara, browser, tmp_path, screenshot_dir
):
    esc = crear_escenario()
    p = esc.paquete(0)
    proceso = esc.proceso.clave
    etiqueta = impresos.Etiqueta(
        qr=claves.texto_qr(proceso, p.clave),
        impresa=claves.impresa(proceso, p.clave),
        casilla=f"Casilla {p.casilla.clave} · sección 0393",
        eleccion=esc.eleccion.nombre,
        consejo=esc.consejo.nombre,
        mecanismo="Entrega directa",
    )
    page = camara(video_de_etiqueta(tmp_path, etiqueta))
    url = live_server.url
    _enrolar(page, url, crear_codigo_enrolamiento(supervisor=esc.supervisor, persona=esc.recepcion))

    # scan the printed label with the camera
    page.click("#boton-camara")
    page.wait_for_selector("#pantalla-evento:not([hidden])")
    assert page.locator("#paquete-clave").inner_text() == claves.impresa(proceso, p.clave)
    assert esperar(lambda: esc.consejo.nombre in page.locator("#paquete-detalle").inner_text())

    # received with a broken seal: one tap per condition item
    page.select_option("#tipo", "RECEPCION_CONSEJO")
    page.fill("#entregado_por", "Rosa Pérez")
    page.select_option("#cargo_entrega", "PRESIDENCIA")
    page.fill("#recibido_por", "Luis Gómez")
    page.click("fieldset[data-campo='cinta_integra'] button[data-valor='false']")
    page.click("fieldset[data-campo='firmas_integras'] button[data-valor='true']")
    page.click("fieldset[data-campo='muestras_alteracion'] button[data-valor='false']")
    page.click("fieldset[data-campo='acta_por_fuera'] button[data-valor='true']")
    page.screenshot(path=str(screenshot_dir / "paquetes-escaner-recepcion.png"), full_page=True)
    page.click("#registrar")
    page.wait_for_selector("li.envio[data-tipo='RECEPCION_CONSEJO'][data-estado='recibido']")
    recibo = page.locator("li.envio[data-tipo='RECEPCION_CONSEJO']").get_attribute("data-recibo")
    assert recibo.startswith("IEE/RPQ-D01/001/")
    page.screenshot(path=str(screenshot_dir / "paquetes-escaner-recibo.png"))

    # stored in the bodega: scan again
    page.click("#tab-escanear")
    page.click("#boton-camara")
    page.wait_for_selector("#pantalla-evento:not([hidden])")
    page.select_option("#tipo", "INGRESO_BODEGA")
    page.click("#registrar")
    page.wait_for_selector("li.envio[data-tipo='INGRESO_BODEGA'][data-estado='recibido']")

    (recepcion,) = _eventos(tipo=T.RECEPCION_CONSEJO)
    assert recepcion.cinta_integra is False and recepcion.paquete_id == p.pk
    assert recepcion.dispositivo is not None and recepcion.recibo_folio == recibo

    # the bodega is opened before witnesses for the cómputo, at the desk
    escritorio = browser.new_page()
    escritorio.goto(url + "/cuenta/entrar/?next=/paquetes/oficina/")
    escritorio.fill("#id_username", esc.bodega.username)
    escritorio.fill("#id_password", "clave-de-prueba-1")
    escritorio.click("button[type=submit]")
    escritorio.goto(url + f"/paquetes/oficina/consejo/{esc.consejo.pk}/bodega/")
    escritorio.fill(
        "#presentes",
        "Consejera presidenta Ana Ruiz\nRepresentante del PAN Juan Díaz\nRepresentante de Morena Eva Sol",
    )
    escritorio.fill("#motivo", "Cómputo distrital: extracción de actas")
    escritorio.click("#boton-bodega")
    escritorio.wait_for_selector("#estado-bodega strong:text('abierta')")
    escritorio.screenshot(path=str(screenshot_dir / "paquetes-bodega.png"), full_page=True)
    escritorio.goto(url + f"/paquetes/oficina/consejo/{esc.consejo.pk}/")
    escritorio.screenshot(path=str(screenshot_dir / "paquetes-mesa.png"), full_page=True)
    escritorio.close()

    # the public progress, published as a signed cut: counts only
    services.publicar_avance(actor=None)
    publico = browser.new_page()
    publico.goto(url + "/paquetes/")
    assert "Recepción de paquetes electorales" in publico.locator("h1").inner_text()
    assert "Rosa" not in publico.content()
    publico.screenshot(path=str(screenshot_dir / "paquetes-avance-publico.png"), full_page=True)
    publico.close()

    close_old_connections()
    (apertura,) = _eventos(tipo=T.APERTURA_BODEGA)
    assert len(apertura.presentes) == 3
    estado = selectors.estado_paquetes(eleccion=esc.eleccion, casillas=[p.casilla_id])
    assert estado[p.casilla_id].causas == ("C7",)
    assert estado[p.casilla_id].en_bodega


def test_sin_senal_llega_una_vez_y_clave_mal_tecleada(live_server, camara, screenshot_dir):
    esc = crear_escenario()
    p = esc.paquete(2)
    proceso = esc.proceso.clave
    page = camara(None)
    url = live_server.url
    _enrolar(page, url, crear_codigo_enrolamiento(supervisor=esc.supervisor, persona=esc.recepcion))
    assert esperar(lambda: page.evaluate("navigator.serviceWorker.controller !== null"))

    # a typo in the check digits: refused on the phone, nothing queued
    buena = claves.impresa(proceso, p.clave)
    mala = buena[:-2] + ("00" if buena[-2:] != "00" else "01")
    page.fill("#clave", mala)
    page.click("#usar-clave")
    assert "dígitos verificadores" in page.locator("#clave-error").inner_text()
    assert page.evaluate("PaquetesDB.listar().then((l) => l.length)") == 0

    # no signal: the key typed by hand, the event recorded on the phone
    page.context.set_offline(True)
    page.wait_for_selector("#conexion.no")
    page.fill("#clave", buena)
    page.click("#usar-clave")
    page.wait_for_selector("#pantalla-evento:not([hidden])")
    page.select_option("#tipo", "LLEGADA_CONSEJO")
    page.fill("#observaciones", "Llegó en el vehículo del DAT")
    page.click("#registrar")
    page.wait_for_selector("li.envio[data-estado='pendiente']")
    page.screenshot(path=str(screenshot_dir / "paquetes-escaner-sin-senal.png"))
    assert _eventos() == []

    # reload without signal: the service worker serves the app, the event is still queued
    respuesta = page.reload()
    assert respuesta is not None and respuesta.from_service_worker
    page.wait_for_selector("body[data-listo='1']")
    page.click("#tab-envios")
    page.wait_for_selector("li.envio[data-estado='pendiente']")
    assert _eventos() == []

    # the signal comes back: sent once, even if asked again
    page.context.set_offline(False)
    page.wait_for_selector("li.envio[data-estado='recibido']")
    page.evaluate("PaquetesCola.enviarPendientes()")
    time.sleep(1.0)
    eventos = _eventos(paquete=p)
    assert len(eventos) == 1 and eventos[0].tipo == T.LLEGADA_CONSEJO
    assert page.locator("li.envio").get_attribute("data-id-cliente") == eventos[0].id_cliente
