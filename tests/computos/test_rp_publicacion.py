"""Publishing the RP allocation (demo): one signed cut of the `asignacion` site with every version,
the Congress's constancias in the store, served under /asignacion/, verified by the platform's
checks and by re-running every published input."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from ople.documentos.models import Folio
from ople.publicacion import CortePublicado
from ople.publicacion.verificar import verificar_corte


@pytest.fixture(autouse=True)
def _clave(tmp_path, monkeypatch):
    monkeypatch.setenv("OPLE_PUBLISH_KEY", str(tmp_path / "claves" / "publicacion.pem"))


@pytest.fixture(autouse=True)
def _urls_del_sitio(settings):
    """The site's URL patterns bind its root (PUBLISH_ROOT) when imported: rebuild them for this
    test's own PUBLISH_ROOT (production never changes it while running)."""
    import importlib

    from django.urls import clear_url_caches

    import ople.computos.asignacion.urls as urls_asignacion

    importlib.reload(urls_asignacion)
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))  # its include()s hold them
    clear_url_caches()
    yield
    clear_url_caches()


def publicar() -> Path:
    """The simulated allocation (three version files modelled on 2024, the session's examples);
    the demo's own, from its closed cómputos, is tested in tests/computos/test_rp_demo.py."""
    from ople import profiles
    from ople.computos.asignacion import demo
    from ople.computos.asignacion import perfil as perfil_asignacion

    seccion = perfil_asignacion.de(profiles.cargar("ieeags-2024"))
    carpeta = Path(settings.PUBLISH_ROOT).parent / "versiones-simuladas"
    carpeta.mkdir(parents=True, exist_ok=True)
    archivos = []
    for v in demo.versiones_json(seccion):
        archivo = carpeta / f"v{v['numero']}.json"
        archivo.write_text(json.dumps(v))
        archivos.append(str(archivo))
    out = io.StringIO()
    call_command("computos_rp_publicar", "--versiones", *archivos, stdout=out)
    corte = CortePublicado.objects.get(sitio="asignacion")
    assert corte.nombre in out.getvalue()
    return Path(settings.PUBLISH_ROOT) / "asignacion" / "cortes" / corte.nombre


@pytest.mark.django_db
def test_publica_verifica_y_sirve(client):
    ruta = publicar()
    assert verificar_corte(ruta) == []
    # 9 constancias of version 1, the suplente's of version 2, MORENA's 6th seat of version 3,
    # and the acuerdo's annex of each version.
    assert Folio.objects.count() == 11 + 3
    almacen = Path(settings.PUBLISH_ROOT) / "asignacion" / "almacen"
    assert len(list(almacen.glob("*.pdf"))) == 11 + 3
    portada = (ruta / "index.html").read_text()
    anexo = portada.split('href="../../almacen/')[1].split('"')[0]
    assert "Anexo del acuerdo (PDF)" in portada and (almacen / anexo).is_file()
    congreso = (ruta / "congreso" / "index.html").read_text()
    enlaces = [x for x in congreso.split('href="') if x.startswith("../../../almacen/")]
    assert len(enlaces) == 9
    primero = enlaces[0].split('"')[0]
    assert (ruta / "congreso" / primero).resolve().is_file()  # the link reaches the store
    historia = json.loads((ruta / "versiones.json").read_text())
    assert [v["origen"] for v in historia] == ["IEE", "TEEA", "SM"]
    # The whole check a citizen runs on the cut.
    out = io.StringIO()
    call_command("computos_rp_verificar", str(ruta), stdout=out)
    assert "Firma, huellas y cadena del corte: correctas." in out.getvalue()
    assert "Las 48 asignaciones publicadas coinciden" in out.getvalue()
    # Served for the demo.
    r = client.get("/asignacion/")
    assert r.status_code == 302 and r["Location"].endswith("/index.html")
    pagina = client.get(r["Location"])
    assert pagina.status_code == 200
    assert b"Congreso del Estado" in b"".join(pagina.streaming_content)
    # The demo's command publishes nothing over a published allocation.
    out = io.StringIO()
    call_command("computos_rp_publicar", "--demo", stdout=out)
    assert "ya está publicada" in out.getvalue()
    assert CortePublicado.objects.filter(sitio="asignacion").count() == 1


@pytest.mark.django_db
def test_un_corte_alterado_no_verifica():
    ruta = publicar()
    archivo = ruta / "congreso" / "resultado.json"
    datos = json.loads(archivo.read_text())
    datos["rp"]["MC"] += 1
    archivo.chmod(0o644)
    archivo.write_text(json.dumps(datos))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("computos_rp_verificar", str(ruta), stdout=out)
    assert exc.value.code == 1
    texto = out.getvalue()
    assert "congreso/resultado.json" in texto and "no coincide con el recálculo" in texto


def test_sin_demo_se_niega(capsys):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("computos_rp_publicar", stderr=err)
    assert exc.value.code == 2 and "--demo" in err.getvalue()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_la_integracion_publicada_en_chromium(live_server, page, screenshot_dir):
    """The demo's published site through the server, on a phone: the Congress's hemicycle, who
    holds each seat with the constancia's PDF, the trail and the history of versions, under the
    site's Content-Security-Policy (a violation fails the test)."""
    publicar()
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/asignacion/")
    page.get_by_role("link", name="Congreso del Estado").click()
    assert page.locator("h1").inner_text() == "Congreso del Estado"
    figura = page.get_by_role("img", name=re.compile("Congreso del Estado: 27 integrantes"))
    assert figura.count() == 1
    assert page.locator("svg.hemiciclo circle").count() == 27
    # styled (the style sheet loaded) and never wider than the phone
    assert page.locator("header").evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshot_dir / "rp-congreso-movil.png"), full_page=True)
    pdf = page.get_by_role("link", name="PDF").first
    respuesta = page.request.get(page.url.rsplit("/", 1)[0] + "/" + pdf.get_attribute("href"))
    assert respuesta.ok and respuesta.body().startswith(b"%PDF")
    page.get_by_role("link", name="Rastro paso por paso").click()
    assert "Compensación" in page.locator("ol.rastro").inner_text()
    page.goto(f"{live_server.url}/asignacion/")
    page.get_by_role("link", name="Historial de versiones").click()
    assert "Sala Regional Monterrey del TEPJF" in page.locator("table").inner_text()


def _lista(partido: str, n: int = 4) -> list[dict]:
    """Alternating fórmulas; place 2 reserved to a priority group."""
    lista = []
    for k in range(1, n + 1):
        genero = "M" if k % 2 else "H"
        grupo = "indígena" if k == 2 else None
        lista.append(
            {
                "posicion": k,
                "accion_afirmativa": grupo,
                "propietario": {
                    "clave": f"{partido}-{k}",
                    "nombre": f"Propietaria {partido}{k}",
                    "genero": genero,
                    "grupo": grupo,
                },
                "suplente": {
                    "clave": f"{partido}-{k}s",
                    "nombre": f"Suplente {partido}{k}",
                    "genero": genero,
                    "grupo": grupo,
                },
            }
        )
    return lista


def _version(numero: int, origen: str, expediente: str, inelegibles: dict) -> dict:
    from tests.computos.test_rp_comando import distritos_del_ejemplo_1

    return {
        "numero": numero,
        "origen": origen,
        "expediente": expediente,
        "vigente_desde": f"2024-0{5 + numero}-09",
        "motivo": "prueba",
        "organos": [
            {
                "clave": "congreso",
                "nombre": "Congreso del Estado",
                "entrada": {"organo": "congreso", "distritos": distritos_del_ejemplo_1()},
                "listas": {p: _lista(p) for p in "ABCDEF"},
                "inelegibles": inelegibles,
                "mujeres_mr": 9,
            }
        ],
    }


@pytest.mark.django_db
def test_de_los_computos_distritales_a_las_constancias(tmp_path):
    """From the 18 distrital cómputos to the published constancias: the IEE's version, then a
    ruling that finds B's place-2 propietario without proof of the group."""
    v1 = tmp_path / "v1.json"
    v1.write_text(json.dumps(_version(1, "IEE", "CG-A-70/24", {})))
    v2 = tmp_path / "v2.json"
    v2.write_text(json.dumps(_version(2, "TEEA", "TEEA-JDC-1/2024", {"B-2": "sin constancia"})))
    out = io.StringIO()
    call_command("computos_rp_publicar", "--versiones", str(v1), str(v2), stdout=out)
    corte = CortePublicado.objects.get(sitio="asignacion")
    ruta = Path(settings.PUBLISH_ROOT) / "asignacion" / "cortes" / corte.nombre
    assert verificar_corte(ruta) == []
    # 9 seats in version 1, B's second seat again in version 2 (its suplente), two annexes.
    assert Folio.objects.count() == 10 + 2
    historia = json.loads((ruta / "versiones.json").read_text())
    assert historia[1]["cambios"] == [
        "Congreso del Estado: escaño 2 de B: Propietaria B2 → Suplente B2"
    ]
    pagina = (ruta / "congreso" / "index.html").read_text()
    assert "Suplente B2" in pagina and "suplente de la fórmula" in pagina
    resultado = json.loads((ruta / "congreso" / "resultado.json").read_text())
    assert resultado["total"]["A"] == 13 and resultado["rp"]["B"] == 2


@pytest.mark.django_db
def test_una_version_invalida_no_publica_nada(tmp_path):
    datos = _version(1, "IEE", "CG-A-70/24", {})
    datos["organos"][0]["listas"]["A"][0]["propietario"]["genero"] = "X"
    v1 = tmp_path / "v1.json"
    v1.write_text(json.dumps(datos))
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("computos_rp_publicar", "--versiones", str(v1), stderr=err)
    assert exc.value.code == 2
    assert "«organos[0].listas.A[0].propietario.genero»" in err.getvalue()
    assert not CortePublicado.objects.exists() and not Folio.objects.exists()


@pytest.mark.django_db
def test_una_version_publicada_se_reusa_y_no_cambia(tmp_path):
    """Version 1 published alone, then versions 1 and 2: version 1's constancias and annex are
    reused (no new folio); leaving version 1 out, or changing it, is refused."""
    v1 = tmp_path / "v1.json"
    v1.write_text(json.dumps(_version(1, "IEE", "CG-A-70/24", {})))
    v2 = tmp_path / "v2.json"
    v2.write_text(json.dumps(_version(2, "TEEA", "TEEA-JDC-1/2024", {"B-2": "sin constancia"})))
    call_command("computos_rp_publicar", "--versiones", str(v1), stdout=io.StringIO())
    assert Folio.objects.count() == 9 + 1
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("computos_rp_publicar", "--versiones", str(v2), stderr=err)
    assert "La versión 1 ya está publicada" in err.getvalue()
    otra = _version(1, "IEE", "CG-A-70/24", {"A-1": "corregido"})
    cambiada = tmp_path / "v1b.json"
    cambiada.write_text(json.dumps(otra))
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("computos_rp_publicar", "--versiones", str(cambiada), str(v2), stderr=err)
    assert "ya se publicó con otro contenido" in err.getvalue()
    call_command("computos_rp_publicar", "--versiones", str(v1), str(v2), stdout=io.StringIO())
    assert Folio.objects.count() == 9 + 1 + 1 + 1  # B's suplente and version 2's annex
    ultimo = CortePublicado.objects.filter(sitio="asignacion").order_by("-corte_en").first()
    ruta = Path(settings.PUBLISH_ROOT) / "asignacion" / "cortes" / ultimo.nombre
    assert verificar_corte(ruta) == []
    assert CortePublicado.objects.filter(sitio="asignacion").count() == 2
