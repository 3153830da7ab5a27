"""PREP Casilla in headless Chromium against a live ople server.

A 360×640 phone: enrol with a one-time code, photograph a synthetic acta (fed to the file
input), lose the signal, reload, get it back — the photo arrives exactly once with the hash the
browser computed. Also: the server's refusal is shown, and a blurred photo never enters the
queue. The screenshots of docs/casilla.md are taken here.
"""

from __future__ import annotations

import hashlib
import io
import time

import pytest
from django.db import close_old_connections
from PIL import Image
from playwright.sync_api import expect

from ople.prep.models import Digitalizacion, Dispositivo

from ..conftest import esperar
from .conftest import crear_jornada, foto_acta

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CASILLA = "010393C0100"
OTRA = "010393C0200"
ACTA = CASILLA + "02"


@pytest.fixture
def telefono(browser):
    """A small phone: 360×640, touch, Spanish, service workers allowed."""
    context = browser.new_context(
        viewport={"width": 360, "height": 640},
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
        locale="es-MX",
        timezone_id="America/Mexico_City",
        service_workers="allow",
    )
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


def _archivo(tmp_path, nombre: str, datos: bytes) -> str:
    ruta = tmp_path / nombre
    ruta.write_bytes(datos)
    return str(ruta)


def _enrolar(page, url: str, codigo: str) -> None:
    page.goto(url + "/casilla/")
    page.wait_for_selector("body[data-listo='1']")
    page.fill("#codigo", codigo)
    page.fill("#nombre", "Ana López")
    page.click("#boton-enrolar")
    page.wait_for_selector("#pantalla-foto:not([hidden])")


def _digitalizaciones(clave: str) -> list[Digitalizacion]:
    close_old_connections()
    return list(Digitalizacion.objects.filter(acta__clave=clave).select_related("imagen"))


def test_enrolar_fotografiar_sin_conexion_y_llega_una_vez(
    live_server, telefono, tmp_path, screenshot_dir
):
    jornada = crear_jornada()
    codigo = jornada.codigo(CASILLA, OTRA)
    page = telefono
    url = live_server.url

    page.goto(url + "/casilla/")
    page.wait_for_selector("#pantalla-enrolar:not([hidden])")
    page.fill("#codigo", codigo)
    page.fill("#nombre", "Ana López")
    page.screenshot(path=str(screenshot_dir / "casilla-enrolamiento.png"))
    page.click("#boton-enrolar")
    page.wait_for_selector("#pantalla-foto:not([hidden])")
    assert Dispositivo.objects.filter(nombre="Ana López").count() == 1
    # both bound casillas, each with its two actas, are offered
    assert page.locator("#casilla option").count() == 2
    page.select_option("#casilla", CASILLA)
    page.select_option("#acta", ACTA)
    assert page.locator("#acta option").all_inner_texts() == [
        "DIPUTACIONES LOCALES",
        "AYUNTAMIENTOS",
    ]
    page.screenshot(path=str(screenshot_dir / "casilla-elegir-acta.png"))
    # the service worker has cached the shell before we lose the signal
    # (a condition polled through page.evaluate: page.wait_for_function with a string evaluates
    # it inside the page, which the app's Content-Security-Policy, script-src 'self', forbids)
    assert esperar(lambda: page.evaluate("navigator.serviceWorker.controller !== null"))

    # no signal from here on
    page.context.set_offline(True)
    page.wait_for_selector("#conexion.no")
    datos = foto_acta(ACTA, semilla=4, rotacion=2.0, sombra=0.3)
    # as a camera writes it, with Exif; the phone drops it before hashing (metadatos.js)
    de_camara = datos[:2] + _exif_little_endian(1) + datos[2:]
    esperado = hashlib.sha256(datos).hexdigest()
    page.set_input_files("#archivo", _archivo(tmp_path, "acta.jpg", de_camara))
    page.wait_for_selector("#resultado.bueno")
    page.screenshot(path=str(screenshot_dir / "casilla-foto-aceptada.png"))
    page.click("#enviar")
    page.wait_for_selector(f"li.envio[data-clave='{ACTA}']")
    tarjeta = page.locator(f"li.envio[data-clave='{ACTA}']")
    assert tarjeta.get_attribute("data-sha256") == esperado
    page.wait_for_selector(f"li.envio[data-clave='{ACTA}'][data-estado='pendiente']")
    page.screenshot(path=str(screenshot_dir / "casilla-sin-conexion.png"))
    assert _digitalizaciones(ACTA) == []

    # the service worker is offline too (so it cannot have sent the photo, nor fetch the page)
    trabajadores = page.context.service_workers
    assert len(trabajadores) == 1
    red = (
        "fetch('/prep/api/v1/openapi.json', {cache: 'no-store'}).then(() => 'red', () => 'sin red')"
    )
    assert trabajadores[0].evaluate(red) == "sin red"

    # reload while offline: the service worker serves the app, the photo is still queued
    respuesta = page.reload()
    assert respuesta is not None and respuesta.from_service_worker
    page.wait_for_selector("body[data-listo='1']")
    page.click("#tab-envios")
    page.wait_for_selector(f"li.envio[data-clave='{ACTA}'][data-estado='pendiente']")
    assert page.locator("li.envio").count() == 1
    assert _digitalizaciones(ACTA) == []

    # the signal comes back: the photo is sent, once
    page.context.set_offline(False)
    page.wait_for_selector(f"li.envio[data-clave='{ACTA}'][data-estado='recibido']")
    recibo = page.locator(f"li.envio[data-clave='{ACTA}']").get_attribute("data-recibo")
    page.screenshot(path=str(screenshot_dir / "casilla-envios.png"))
    # give any stray duplicate sender time to show up before counting
    page.evaluate("self.OpleCola.enviarPendientes()")
    time.sleep(1.0)
    digs = _digitalizaciones(ACTA)
    assert len(digs) == 1
    assert digs[0].imagen.sha256 == esperado
    assert str(digs[0].recibo) == recibo
    assert digs[0].origen == Digitalizacion.Origen.CASILLA
    assert digs[0].dispositivo.nombre == "Ana López"


def test_la_razon_del_servidor_se_muestra(live_server, telefono, tmp_path, screenshot_dir):
    """The supervisor moved casilla C2 to another CAE after this phone stored its list: the
    photo is queued, the server refuses it (403 casilla_no_asignada) and the app shows why."""
    jornada = crear_jornada()
    page = telefono
    _enrolar(page, live_server.url, jornada.codigo(CASILLA, OTRA))
    Dispositivo.objects.get(nombre="Ana López").casillas.remove(jornada.casillas[OTRA])
    acta_otra = OTRA + "05"
    page.select_option("#casilla", OTRA)
    page.select_option("#acta", acta_otra)
    page.set_input_files("#archivo", _archivo(tmp_path, "otra.jpg", foto_acta(acta_otra)))
    page.wait_for_selector("#resultado.bueno")
    page.click("#enviar")
    tarjeta = f"li.envio[data-clave='{acta_otra}']"
    page.wait_for_selector(f"{tarjeta}[data-estado='rechazado']")
    motivo = page.locator(f"{tarjeta} dd.motivo").inner_text()
    assert motivo == "Este dispositivo no está asignado a la casilla de esa acta."
    assert page.locator(f"{tarjeta} .estado").inner_text() == "Rechazado"
    page.screenshot(path=str(screenshot_dir / "casilla-rechazado.png"))
    assert _digitalizaciones(acta_otra) == []
    # a final refusal is not retried
    page.evaluate("self.OpleCola.enviarPendientes()")
    assert page.locator(tarjeta).get_attribute("data-estado") == "rechazado"


def _fotos_en_telefono(page) -> int:
    return page.evaluate("self.OpleDB.listar().then((f) => f.length)")


def test_foto_borrosa_no_entra_a_la_cola(live_server, telefono, tmp_path, screenshot_dir):
    jornada = crear_jornada()
    page = telefono
    _enrolar(page, live_server.url, jornada.codigo(CASILLA))
    page.select_option("#acta", ACTA)

    borrosa = foto_acta(ACTA, semilla=2, desenfoque=5.0)
    page.set_input_files("#archivo", _archivo(tmp_path, "borrosa.jpg", borrosa))
    page.wait_for_selector("#resultado.malo")
    assert "borrosa" in page.locator("#resultado").inner_text()
    assert page.locator("#enviar").is_hidden()
    nitidez_borrosa = float(page.locator("body").get_attribute("data-nitidez"))
    page.screenshot(path=str(screenshot_dir / "casilla-foto-rechazada.png"))
    assert _fotos_en_telefono(page) == 0

    oscura = foto_acta(ACTA, semilla=2, poca_luz=1.0)
    page.set_input_files("#archivo", _archivo(tmp_path, "oscura.jpg", oscura))
    page.wait_for_selector("#resultado.malo")
    assert "oscura" in page.locator("#resultado").inner_text()

    horizontal = io.BytesIO()
    Image.open(io.BytesIO(foto_acta(ACTA, semilla=2))).rotate(90, expand=True).save(
        horizontal, format="JPEG", quality=80
    )
    page.set_input_files("#archivo", _archivo(tmp_path, "horizontal.jpg", horizontal.getvalue()))
    page.wait_for_selector("#resultado.malo")
    assert "horizontal" in page.locator("#resultado").inner_text()

    texto = _archivo(tmp_path, "acta.png", b"esto no es una imagen\n" * 50)
    page.set_input_files("#archivo", texto)
    page.wait_for_selector("#resultado.malo")
    assert "no es una fotografía" in page.locator("#resultado").inner_text()
    assert _fotos_en_telefono(page) == 0

    # the same acta in focus is accepted: the browser's sharpness separates the two
    page.set_input_files("#archivo", _archivo(tmp_path, "nitida.jpg", foto_acta(ACTA, semilla=2)))
    page.wait_for_selector("#resultado.bueno")
    nitidez_nitida = float(page.locator("body").get_attribute("data-nitidez"))
    assert nitidez_borrosa < 400 < nitidez_nitida
    assert _fotos_en_telefono(page) == 0
    assert _digitalizaciones(ACTA) == []


def test_respuesta_perdida_se_reintenta_sin_duplicar(live_server, browser, tmp_path):
    """The server stores the photo but the answer never reaches the phone; the retry gets the
    same receipt (duplicado) and the acta still has one Digitalizacion. When the signal comes
    back, two open tabs both wake up, and only one request is made (the Web Lock)."""
    jornada = crear_jornada()
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, locale="es-MX", service_workers="block"
    )
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        _enrolar(page, live_server.url, jornada.codigo(CASILLA))
        otra = context.new_page()
        otra.goto(live_server.url + "/casilla/")
        otra.wait_for_selector("body[data-listo='1']")
        perdidas = []

        def perder_respuesta(route):
            respuesta = route.fetch()  # the server receives and stores the photo…
            perdidas.append(respuesta.status)
            route.abort("connectionreset")  # …but the phone never hears back

        page.route("**/prep/api/v1/actas", perder_respuesta)
        page.select_option("#acta", ACTA)
        page.set_input_files("#archivo", _archivo(tmp_path, "a.jpg", foto_acta(ACTA, semilla=5)))
        page.wait_for_selector("#resultado.bueno")
        page.click("#enviar")
        tarjeta = f"li.envio[data-clave='{ACTA}']"
        page.wait_for_selector(f"{tarjeta}[data-estado='pendiente'][data-intentos='1']")
        assert perdidas == [201]
        primera = _digitalizaciones(ACTA)
        assert len(primera) == 1
        context.set_offline(True)
        page.unroute("**/prep/api/v1/actas")

        terminadas = []
        context.on(
            "requestfinished",
            lambda r: (
                terminadas.append(r.url) if r.method == "POST" and "/actas" in r.url else None
            ),
        )
        context.set_offline(False)  # both tabs hear "online" and try to send
        page.wait_for_selector(f"{tarjeta}[data-estado='recibido']")
        otra.click("#tab-envios")
        otra.wait_for_selector(f"{tarjeta}[data-estado='recibido']")
        otra.evaluate("self.OpleCola.enviarPendientes()")
        page.evaluate("self.OpleCola.enviarPendientes()")
        assert len(terminadas) == 1
        digs = _digitalizaciones(ACTA)
        assert len(digs) == 1
        assert digs[0].recibo == primera[0].recibo
        assert page.locator(tarjeta).get_attribute("data-recibo") == str(digs[0].recibo)
    finally:
        context.close()


# Headless Chromium on Linux has no BarcodeDetector (Android Chrome has it). This stand-in
# answers like the real one would for a photo of the AYUNTAMIENTOS acta, so the test checks the
# app's use of it: the acta read from the QR is selected by itself.
DETECTOR_SIMULADO = """
class BarcodeDetector {
  static async getSupportedFormats() { return ["qr_code"]; }
  constructor(opciones) { this.opciones = opciones; }
  async detect(imagen) { return [{ rawValue: "%s", format: "qr_code" }]; }
}
self.BarcodeDetector = BarcodeDetector;
"""


def test_qr_del_acta_elige_la_eleccion(live_server, telefono, tmp_path):
    jornada = crear_jornada()
    page = telefono
    acta_ayun = CASILLA + "05"
    page.add_init_script(DETECTOR_SIMULADO % acta_ayun)
    _enrolar(page, live_server.url, jornada.codigo(CASILLA, OTRA))
    page.select_option("#casilla", OTRA)  # the CAE had the other casilla selected
    page.set_input_files("#archivo", _archivo(tmp_path, "a.jpg", foto_acta(acta_ayun)))
    page.wait_for_selector("#resultado.bueno")
    expect(page.locator("#qr-nota")).to_contain_text("QR")
    assert page.locator("#casilla").input_value() == CASILLA
    assert page.locator("#acta").input_value() == acta_ayun
    assert acta_ayun in page.locator("#qr-nota").inner_text()

    # backoff and the final/retry split, as the outbox computes them
    esperas = page.evaluate(
        "[[1, 0], [1, 0.999], [2, 0], [4, 0.5], [30, 0.999]]"
        ".map(([n, r]) => self.OpleCola.espera(n, r))"
    )
    assert esperas[0] == 1000 and 1990 <= esperas[1] <= 2000
    assert esperas[2] == 2000 and esperas[3] == 12000
    assert esperas[4] <= 300_000
    finales = page.evaluate(
        "[400, 401, 403, 404, 408, 409, 413, 415, 422, 429, 500, 503]"
        ".map((s) => self.OpleCola.esFinal(s))"
    )
    assert finales == [True, False, True, True, False, True, True, True, True, False, False, False]


def test_telefono_revocado_conserva_la_foto_y_la_envia_al_reenrolar(
    live_server, telefono, tmp_path
):
    """401 is not a final answer: the photo waits on the phone until it is enrolled again."""
    from ople.prep.services.dispositivos import revocar_dispositivo

    jornada = crear_jornada()
    page = telefono
    _enrolar(page, live_server.url, jornada.codigo(CASILLA))
    revocar_dispositivo(
        supervisor=jornada.supervisor,
        dispositivo=Dispositivo.objects.get(nombre="Ana López"),
        motivo="teléfono extraviado (prueba)",
    )
    page.select_option("#acta", ACTA)
    page.set_input_files("#archivo", _archivo(tmp_path, "a.jpg", foto_acta(ACTA, semilla=8)))
    page.wait_for_selector("#resultado.bueno")
    page.click("#enviar")
    tarjeta = f"li.envio[data-clave='{ACTA}']"
    page.wait_for_selector(f"{tarjeta}[data-estado='pendiente'][data-intentos='1']")
    page.wait_for_selector("#aviso:not([hidden])")
    assert "enrole de nuevo" in page.locator("#aviso").inner_text()
    assert _digitalizaciones(ACTA) == []

    page.click("#dispositivo summary")
    page.click("#reenrolar")
    page.fill("#codigo", jornada.codigo(CASILLA, etiqueta="Ana, teléfono nuevo"))
    page.fill("#nombre", "Ana López (2)")
    page.click("#boton-enrolar")
    page.wait_for_selector("#pantalla-foto:not([hidden])")
    assert page.locator("#aviso").is_hidden()
    page.click("#tab-envios")
    page.wait_for_selector(f"{tarjeta}[data-estado='recibido']")
    digs = _digitalizaciones(ACTA)
    assert len(digs) == 1 and digs[0].dispositivo.nombre == "Ana López (2)"


def _jpeg_de_telefono(orientacion: int) -> bytes:
    """A JPEG as a phone camera writes it: JFIF, then Exif with make, model, orientation and a
    GPS position, then an XMP packet."""
    exif = Image.Exif()
    exif[0x010F] = "Telefono"
    exif[0x0110] = "Modelo X"
    exif[0x0112] = orientacion
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (21.0, 52.0, 48.0), 3: "W", 4: (102.0, 17.0, 45.0)})
    salida = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(salida, "JPEG", exif=exif.tobytes(), quality=90)
    datos = salida.getvalue()
    xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>21,52N</exif:GPSLatitude>"
    segmento = b"\xff\xe1" + (len(xmp) + 2).to_bytes(2, "big") + xmp
    dqt = datos.index(b"\xff\xdb")  # the first quantisation table: after the APPn segments
    return datos[:dqt] + segmento + datos[dqt:]


def _exif_little_endian(orientacion: int) -> bytes:
    """An APP1 Exif segment in Intel byte order: make "Tel" and the orientation."""
    tiff = b"II*\0" + (8).to_bytes(4, "little") + (2).to_bytes(2, "little")
    tiff += (0x010F).to_bytes(2, "little") + (2).to_bytes(2, "little") + (4).to_bytes(4, "little")
    tiff += b"Tel\0"
    tiff += (0x0112).to_bytes(2, "little") + (3).to_bytes(2, "little") + (1).to_bytes(4, "little")
    tiff += orientacion.to_bytes(2, "little") + b"\0\0" + b"\0\0\0\0"
    carga = b"Exif\0\0" + tiff
    return b"\xff\xe1" + (len(carga) + 2).to_bytes(2, "big") + carga


def _escaneo(datos: bytes) -> bytes:
    return datos[datos.index(b"\xff\xda") :]


def test_la_foto_se_envia_sin_gps_ni_modelo_y_con_su_orientacion(live_server, telefono):
    """metadatos.js, in Chromium, on what a phone camera writes: Exif (GPS, make, model) and XMP
    are gone, the orientation stays, the compressed image is the same bytes; a photo with
    nothing to drop (a scan, a PNG) is not touched."""
    import base64

    page = telefono
    page.goto(live_server.url + "/casilla/")
    page.wait_for_selector("body[data-listo='1']")

    def limpiar(datos: bytes) -> bytes:
        b64 = page.evaluate(
            """async (b64) => {
                const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
                const limpio = await self.OpleMetadatos.sinMetadatos(
                    new Blob([bytes], { type: "image/jpeg" })
                );
                const salida = new Uint8Array(await limpio.arrayBuffer());
                let texto = "";
                for (const x of salida) texto += String.fromCharCode(x);
                return btoa(texto);
            }""",
            base64.b64encode(datos).decode(),
        )
        return base64.b64decode(b64)

    original = _jpeg_de_telefono(6)
    assert b"Telefono" in original and b"ns.adobe.com" in original
    limpio = limpiar(original)
    assert b"Telefono" not in limpio and b"Modelo" not in limpio and b"ns.adobe.com" not in limpio
    imagen = Image.open(io.BytesIO(limpio))
    exif = imagen.getexif()
    assert dict(exif) == {0x0112: 6}  # only the orientation
    assert exif.get_ifd(0x8825) == {}  # no GPS
    assert limpio.startswith(b"\xff\xd8\xff\xe0")  # JFIF still first
    assert _escaneo(limpio) == _escaneo(original)  # the image itself, byte for byte
    assert (
        imagen.size == (64, 48)
        and imagen.convert("RGB").tobytes()
        == Image.open(io.BytesIO(original)).convert("RGB").tobytes()
    )

    # upright already (orientation 1): no Exif left at all
    sin_giro = limpiar(_jpeg_de_telefono(1))
    assert b"Exif" not in sin_giro and dict(Image.open(io.BytesIO(sin_giro)).getexif()) == {}

    # Intel byte order, Exif right after the start of image
    escaneo = foto_acta(ACTA, semilla=2)
    intel = escaneo[:2] + _exif_little_endian(3) + escaneo[2:]
    limpio = limpiar(intel)
    assert b"Tel\0" not in limpio and dict(Image.open(io.BytesIO(limpio)).getexif()) == {0x0112: 3}

    # a file that is not plain up to its scan (an end of image before it, a segment running
    # past the end): left as it is, Exif included
    for raro in (
        intel[:2] + b"\xff\xd9\x00\x02" + intel[2:],
        intel[:2] + _exif_little_endian(3)[:20],
    ):
        assert limpiar(raro) == raro

    # nothing to drop: the same bytes (the hash the scan or photo already had)
    assert limpiar(escaneo) == escaneo
    png = io.BytesIO()
    Image.new("RGB", (8, 8)).save(png, "PNG")
    assert limpiar(png.getvalue()) == png.getvalue()
