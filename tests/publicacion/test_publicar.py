"""`ople.publicacion`: any site publishes signed, chained, immutable cuts; they verify."""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import zipfile
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ople.core.errors import OpleError
from ople.core.models import AuditEvent
from ople.publicacion import CortePublicado, manifiesto, publicar, sitio_de
from ople.publicacion.candado import PublicadorOcupado, candado
from ople.publicacion.disco import CorteExistente
from ople.publicacion.services.publicar import CorteFinalPublicado, CorteNoPosterior
from ople.publicacion.sitio import SitioInvalido
from ople.publicacion.verificar import verificar_corte

from .conftest import PRUEBA

pytestmark = pytest.mark.django_db(transaction=True)

T0 = datetime(2027, 6, 6, 2, 0, tzinfo=UTC)
PDF = b"%PDF-1.7 acta de computo"
SHA_PDF = hashlib.sha256(PDF).hexdigest()


def _archivos(n: int) -> dict[str, bytes]:
    return {
        "index.html": f'<!doctype html><html lang="es"><title>Corte {n}</title></html>'.encode(),
        "datos/resultados.csv": f"distrito,votos\n1,{100 + n}\n".encode(),
        "datos/logo.png": b"\x89PNG binario",
    }


def test_un_corte_completo_y_verificable(settings):
    sitio = sitio_de("computos")
    assert sitio.raiz == Path(settings.PUBLISH_ROOT) / "computos"
    c = publicar(
        sitio,
        _archivos(1),
        corte_en=T0,
        almacen={f"{SHA_PDF}.pdf": PDF},
        accion=PRUEBA,
        descripcion="primer corte",
    )
    d = sitio.raiz / "cortes" / c.nombre
    assert c.ruta == d and d.is_dir() and c.previo is None
    assert verificar_corte(d) == []
    # text files have their gzip copy; binaries do not
    assert gzip.decompress((d / "index.html.gz").read_bytes()) == _archivos(1)["index.html"]
    assert not (d / "datos/logo.png.gz").exists()
    # the store, outside the cut, named by hash, listed by the manifest
    assert (sitio.raiz / "almacen" / f"{SHA_PDF}.pdf").read_bytes() == PDF
    man = json.loads((d / "manifest.json").read_bytes())
    assert man["formato"] == "ople-corte/2" and man["almacen"] == {f"{SHA_PDF}.pdf": len(PDF)}
    assert man["bitacora"]["eventos"] >= 0
    # the plain list of every file's URL (wget -i)
    urls = (d / "archivos.txt").read_text().splitlines()
    base = f"/computos/cortes/{c.nombre}/"
    assert f"{base}index.html" in urls and f"{base}manifest.sig" in urls
    assert f"/computos/almacen/{SHA_PDF}.pdf" in urls
    assert len(urls) == len(man["archivos"]) + 2 + 1
    # the whole cut as one archive, laid out as the site
    with zipfile.ZipFile(d / "corte-completo.zip") as z:
        assert z.read(f"cortes/{c.nombre}/manifest.json") == (d / "manifest.json").read_bytes()
        assert z.read(f"almacen/{SHA_PDF}.pdf") == PDF
    # the pointer, and the audit event recorded with the manifest's hash
    p = json.loads((sitio.raiz / "current.json").read_bytes())
    assert p["corte"] == c.nombre and p["manifest_sha256"] == c.manifest_sha256
    assert (
        gzip.decompress((sitio.raiz / "current.json.gz").read_bytes())
        == (sitio.raiz / "current.json").read_bytes()
    )
    ev = AuditEvent.objects.get(action=PRUEBA)
    assert (
        ev.after["manifest_sha256"]
        == hashlib.sha256((d / "manifest.json").read_bytes()).hexdigest()
    )
    assert ev.object_id == str(c.pk)


def test_el_archivo_completo_se_desempaca_y_verifica(tmp_path):
    sitio = sitio_de("computos")
    c = publicar(sitio, _archivos(1), corte_en=T0, almacen={f"{SHA_PDF}.pdf": PDF}, accion=PRUEBA)
    destino = tmp_path / "descargado"
    with zipfile.ZipFile(c.ruta / "corte-completo.zip") as z:
        z.extractall(destino)
    assert verificar_corte(destino / "cortes" / c.nombre) == []


def test_la_cadena_y_las_alteraciones(tmp_path):
    sitio = sitio_de("computos")
    c1 = publicar(sitio, _archivos(1), corte_en=T0, accion=PRUEBA)
    c2 = publicar(
        sitio,
        _archivos(2),
        corte_en=T0 + timedelta(minutes=5),
        almacen={f"{SHA_PDF}.pdf": PDF},
        accion=PRUEBA,
        final=True,
    )
    assert c2.previo == c1
    man2 = manifiesto.Manifiesto.de_bytes((c2.ruta / "manifest.json").read_bytes())
    assert man2.previo == c1.nombre and man2.previo_sha256 == c1.manifest_sha256
    assert verificar_corte(c2.ruta) == []
    # a rewritten previous manifest breaks the chain
    m1 = c1.ruta / "manifest.json"
    m1.write_bytes(m1.read_bytes().replace(b'"final": false', b'"final": true'))
    assert any("cadena" in f.mensaje for f in verificar_corte(c2.ruta))
    assert any("firma" in f.mensaje for f in verificar_corte(c1.ruta))
    # a changed file, an added one, a store file replaced
    (c2.ruta / "datos/resultados.csv").write_bytes(b"distrito,votos\n1,999\n")
    (c2.ruta / "extra.html").write_bytes(b"x")
    (sitio.raiz / "almacen" / f"{SHA_PDF}.pdf").write_bytes(b"otro")
    fallas = {f.archivo: f.mensaje for f in verificar_corte(c2.ruta)}
    assert "SHA-256" in fallas["datos/resultados.csv"]
    assert "no figura" in fallas["extra.html"]
    assert "SHA-256" in fallas[f"almacen/{SHA_PDF}.pdf"]
    assert "corte-completo.zip" not in fallas or "SHA" in fallas["corte-completo.zip"]


def test_dos_sitios_en_un_proceso_no_comparten_nada():
    alfa, beta = sitio_de("alfa"), sitio_de("beta")
    assert alfa.raiz != beta.raiz and alfa.candado != beta.candado
    cortes = {"alfa": [], "beta": []}
    for i in range(3):
        for s in (alfa, beta):
            archivos = {"index.html": f"{s.nombre} {i}".encode(), f"{s.nombre}.json": b"{}"}
            cortes[s.nombre].append(
                publicar(s, archivos, corte_en=T0 + timedelta(minutes=i), accion=PRUEBA)
            )
    for nombre, lista in cortes.items():
        assert [c.previo for c in lista] == [None, lista[0], lista[1]]
        for c in lista:
            assert c.sitio == nombre and verificar_corte(c.ruta) == []
            assert (c.ruta / "index.html").read_bytes().startswith(nombre.encode())
    # the same minute in both sites: each site's chain is its own
    assert [c.nombre for c in cortes["alfa"]] == [c.nombre for c in cortes["beta"]]
    # one site's lock does not block the other (held by another publisher: another connection)
    tomado, soltar = threading.Event(), threading.Event()

    def otro_publicador() -> None:
        from django.db import connection

        try:
            with candado(alfa):
                tomado.set()
                soltar.wait(30)
        finally:
            connection.close()

    hilo = threading.Thread(target=otro_publicador)
    hilo.start()
    try:
        assert tomado.wait(30)
        with pytest.raises(PublicadorOcupado):
            publicar(alfa, {"a.txt": b"a"}, corte_en=T0 + timedelta(hours=1), accion=PRUEBA)
        publicar(beta, {"b.txt": b"b"}, corte_en=T0 + timedelta(hours=1), accion=PRUEBA)
    finally:
        soltar.set()
        hilo.join()


def test_dos_sitios_en_dos_hilos():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("dos escritores a la vez: PostgreSQL (la base SQLite de prueba es de un hilo)")
    errores: list[BaseException] = []

    def trabajo(nombre: str) -> None:
        try:
            for i in range(3):
                publicar(
                    sitio_de(nombre),
                    {"index.html": f"{nombre}{i}".encode()},
                    corte_en=T0 + timedelta(minutes=i),
                    accion=PRUEBA,
                )
        except BaseException as exc:  # noqa: BLE001
            errores.append(exc)
        finally:
            from django.db import connection

            connection.close()

    hilos = [threading.Thread(target=trabajo, args=(n,)) for n in ("alfa", "beta")]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert errores == []
    for n in ("alfa", "beta"):
        for c in CortePublicado.objects.filter(sitio=n):
            assert verificar_corte(c.ruta) == []


@pytest.mark.parametrize(
    ("archivos", "almacen", "codigo"),
    [
        ({}, {}, "corte_vacio"),
        ({"../fuera.html": b"x"}, {}, "ruta_invalida"),
        ({"/abs.html": b"x"}, {}, "ruta_invalida"),
        ({".oculto": b"x"}, {}, "ruta_invalida"),
        ({"a//b.html": b"x"}, {}, "ruta_invalida"),
        ({"manifest.json": b"{}"}, {}, "ruta_reservada"),
        ({"archivos.txt": b"x"}, {}, "ruta_reservada"),
        ({"a.html": b"x", "a.html.gz": b"y"}, {}, "ruta_reservada"),
        ({"a.html": "texto"}, {}, "contenido_invalido"),
        ({"a.html": b"x"}, {"0" * 64 + ".pdf": PDF}, "almacen_invalido"),
        ({"a.html": b"x"}, {"acta.pdf": PDF}, "almacen_invalido"),
    ],
)
def test_entrada_mala_no_cambia_nada(archivos, almacen, codigo):
    sitio = sitio_de("computos")
    with pytest.raises(OpleError) as e:
        publicar(sitio, archivos, corte_en=T0, almacen=almacen, accion=PRUEBA)
    assert e.value.codigo == codigo and e.value.mensaje
    assert not sitio.raiz.exists() or not any((sitio.raiz / "cortes").glob("*"))
    assert (
        not CortePublicado.objects.exists()
        and not AuditEvent.objects.filter(action=PRUEBA).exists()
    )


def test_el_orden_y_el_corte_final():
    sitio = sitio_de("computos")
    with pytest.raises(OpleError):
        publicar(sitio, {"a.txt": b"a"}, corte_en=T0.replace(tzinfo=None), accion=PRUEBA)
    publicar(sitio, {"a.txt": b"a"}, corte_en=T0, accion=PRUEBA)
    with pytest.raises(CorteNoPosterior):
        publicar(sitio, {"a.txt": b"b"}, corte_en=T0, accion=PRUEBA)
    publicar(sitio, {"a.txt": b"c"}, corte_en=T0 + timedelta(minutes=1), accion=PRUEBA, final=True)
    with pytest.raises(CorteFinalPublicado):
        publicar(sitio, {"a.txt": b"d"}, corte_en=T0 + timedelta(minutes=2), accion=PRUEBA)
    with pytest.raises(Exception, match="no declarada"):
        publicar(sitio, {"a.txt": b"d"}, corte_en=T0 + timedelta(minutes=2), accion="x.y")
    assert CortePublicado.objects.count() == 2


def test_nombres_de_sitio():
    for malo in ("cortes", "imagenes", "Computos", "a", "../x", "a-b", "x" * 41):
        with pytest.raises(SitioInvalido):
            sitio_de(malo)
    prep = sitio_de("prep")
    assert prep.almacen == "imagenes" and prep.candado == 0x4F504C45_50524550
    # the PREP's cuts are recorded in its own rows: publicar() would set them aside
    with pytest.raises(OpleError) as e:
        publicar(prep, {"a.txt": b"a"}, corte_en=T0, accion=PRUEBA)
    assert e.value.codigo == "sitio_propio"


def test_la_recuperacion_aparta_lo_que_no_tiene_fila():
    sitio = sitio_de("computos")
    c1 = publicar(sitio, {"a.txt": b"a"}, corte_en=T0, accion=PRUEBA)
    # a staged cut of a killed publisher, a directory under cortes/ without a row, a stale pointer
    (sitio.raiz / ".construccion" / "20270101_000000.999").mkdir(parents=True)
    (sitio.raiz / "cortes" / "20270101_000001").mkdir()
    (sitio.raiz / "current.json").write_bytes(b"{}")
    c2 = publicar(sitio, {"a.txt": b"b"}, corte_en=T0 + timedelta(minutes=1), accion=PRUEBA)
    assert sorted(p.name for p in (sitio.raiz / "cortes").iterdir()) == sorted(
        [c1.nombre, c2.nombre]
    )
    apartados = sorted(p.name.split(".")[0] for p in (sitio.raiz / ".cuarentena").iterdir())
    assert apartados == ["20270101_000000", "20270101_000001"]
    hechos = AuditEvent.objects.filter(action="publicacion.recuperacion").order_by("seq")
    assert [e.after["accion"] for e in hechos] == ["apartado", "apartado", "puntero"]
    with pytest.raises(CorteExistente):
        from ople.publicacion import disco

        disco.colocar_corte(sitio.raiz, c1.nombre, sitio.raiz)


def test_servir_dos_sitios(client, settings):
    settings.ROOT_URLCONF = "tests.publicacion.urls_prueba"
    r = client.get("/alfa/")
    assert r.status_code == 404 and "Aún no se ha publicado" in r.content.decode()
    assert client.get("/alfa/current.json").json()["error"]["codigo"] == "sin_corte"
    c = publicar(
        sitio_de("alfa"),
        {"index.html": b"<p>alfa</p>"},
        corte_en=T0,
        almacen={f"{SHA_PDF}.pdf": PDF},
        accion=PRUEBA,
    )
    r = client.get("/alfa/")
    assert r.status_code == 302 and r["Location"] == f"/alfa/cortes/{c.nombre}/index.html"
    r = client.get(r["Location"])
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"<p>alfa</p>"
    assert r["Cache-Control"] == "public, max-age=31536000, immutable"
    assert r["Content-Type"] == "text/html; charset=utf-8"
    r = client.get(f"/alfa/almacen/{SHA_PDF}.pdf")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    # a precompressed copy asked for by name is the gzip file, never HTML without its encoding
    r = client.get(f"/alfa/cortes/{c.nombre}/index.html.gz")
    assert r.status_code == 200 and r["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in r
    assert gzip.decompress(b"".join(r.streaming_content)) == b"<p>alfa</p>"
    assert client.get("/alfa/current.json")["Cache-Control"].startswith("public, max-age=5")
    # nothing outside the site's cuts and store, nor another site's files
    for ruta in (
        "/alfa/cortes/../current.json",
        "/alfa/cortes/%2e%2e/%2e%2e/claves/publicacion.pem",
        f"/alfa/cortes/{c.nombre}/../../.publicador.lock",
        f"/beta/cortes/{c.nombre}/index.html",
        "/beta/almacen/" + SHA_PDF + ".pdf",
    ):
        assert client.get(ruta).status_code == 404, ruta


def test_cada_byte_se_comprime_una_vez_y_el_archivo_completo_se_lee_entero(tmp_path):
    """The gzip copies are gzip's own bytes at the level for their size, and the whole-cut
    archive built from their deflate streams reads back entry by entry with its CRC."""
    from ople.publicacion.services.publicar import GZIP_PEQUENO, _gzip

    grande = b"".join(f"F{i:03d},{i * 7 % 13},{i % 5}\n".encode() for i in range(GZIP_PEQUENO // 8))
    assert len(grande) > GZIP_PEQUENO
    for datos, nivel in ((b"", 9), (b"hola", 9), (grande, 6)):
        gz = _gzip(datos)
        assert gz.datos == gzip.compress(datos, compresslevel=nivel, mtime=0)
        assert gzip.decompress(gz.datos) == datos and gz.crc == zlib.crc32(datos)
    archivos = {**_archivos(1), "datos/grande.csv": grande, "LÉEME.txt": "ñandú".encode()}
    c = publicar(
        sitio_de("computos"), archivos, corte_en=T0, almacen={f"{SHA_PDF}.pdf": PDF}, accion=PRUEBA
    )
    assert verificar_corte(c.ruta) == []
    pre = f"cortes/{c.nombre}/"
    with zipfile.ZipFile(c.ruta / "corte-completo.zip") as z:
        assert z.testzip() is None
        tipos = {i.filename: i.compress_type for i in z.infolist()}
        assert tipos[pre + "datos/grande.csv"] == zipfile.ZIP_DEFLATED
        assert tipos[pre + "datos/grande.csv.gz"] == zipfile.ZIP_STORED
        assert tipos[pre + "datos/logo.png"] == zipfile.ZIP_STORED
        assert z.read(pre + "datos/grande.csv") == grande
        assert z.read(pre + "LÉEME.txt") == "ñandú".encode()
    # the same cut published again elsewhere holds the same archive (deterministic)
    from django.test import override_settings

    with override_settings(PUBLISH_ROOT=str(tmp_path / "otra")):
        from ople.publicacion.models import CortePublicado

        CortePublicado.objects.all().delete()
        c2 = publicar(
            sitio_de("computos"),
            archivos,
            corte_en=T0,
            almacen={f"{SHA_PDF}.pdf": PDF},
            accion=PRUEBA,
        )
    uno = zipfile.ZipFile(c.ruta / "corte-completo.zip")
    dos = zipfile.ZipFile(c2.ruta / "corte-completo.zip")
    assert uno.namelist() == dos.namelist()
    for n in uno.namelist():
        if not n.endswith(("manifest.json", "manifest.sig", "archivos.txt")):
            assert uno.read(n) == dos.read(n), n
