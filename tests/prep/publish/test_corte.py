"""The cut builder: a fresh cut verifies, cuts chain and reuse unchanged files, names are unique,
the CSV reads back with the INE reader and its header recomputes, the site is self-contained."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ople.ley.actas import AUXILIARES_INICIO
from ople.prep import ine_csv
from ople.prep.publish import agregados, corte, modelo, verificar
from ople.publicacion import manifiesto


def test_cortes_frescos_verifican(cortes_base):
    raiz, r1, r2, _ = cortes_base
    assert verificar.verificar_corte(raiz / "cortes" / r1.nombre) == []
    assert verificar.verificar_corte(raiz / "cortes" / r2.nombre) == []


def test_cadena_y_reutilizacion(cortes_base):
    raiz, r1, r2, _ = cortes_base
    m1 = (raiz / "cortes" / r1.nombre / "manifest.json").read_bytes()
    m2 = manifiesto.Manifiesto.de_bytes(
        (raiz / "cortes" / r2.nombre / "manifest.json").read_bytes()
    )
    assert m2.previo == r1.nombre
    assert m2.previo_sha256 == manifiesto.sha256_bytes(m1)
    assert r2.reutilizados > 0 and r2.escritos > 0
    # a reused file is the same inode (hard link), not a copy
    css1 = raiz / "cortes" / r1.nombre / "estilo.css"
    css2 = raiz / "cortes" / r2.nombre / "estilo.css"
    assert css1.stat().st_ino == css2.stat().st_ino


def test_corte_sin_cambios_reutiliza_casi_todo(tmp_path, clave):
    from datetime import timedelta

    from ople.prep.publish import sintetico

    e = sintetico.eleccion_sintetica(casillas=40, imagenes=tmp_path / "m", distritos=2)

    def cortar(minutos: int) -> corte.ResultadoCorte:
        """A cut of the same election `minutos` after the first one."""
        entrada = sintetico.eleccion_sintetica(
            casillas=40,
            imagenes=tmp_path / "m",
            distritos=2,
            corte_en=e.corte_en + timedelta(minutes=minutos),
        )
        return corte.construir_corte(entrada, raiz=tmp_path / "r", clave=clave)

    a = cortar(0)
    b = cortar(5)
    assert a.archivos == b.archivos
    # sección pages and per-distrito JSON are reused (same inode): only the files that print the
    # cut time or aggregate it (portada, elections, zips…) are rewritten; images are in the shared
    # store, listed by both manifests and written once
    da, db = tmp_path / "r/cortes" / a.nombre, tmp_path / "r/cortes" / b.nombre
    assert not (db / "imagenes").exists() and not (db / "casillas").exists()
    assert a.imagenes == b.imagenes > 0 and a.imagenes_nuevas == a.imagenes
    assert b.imagenes_nuevas == 0
    for sub in ("secciones", "datos/GUB/casillas", "datos/AYUN/secciones"):
        archivos = list((db / sub).iterdir())
        assert archivos
        for f in archivos:
            assert f.stat().st_ino == (da / sub / f.name).stat().st_ino, f
    # distrito and municipio pages do not print the cut time: reused too; the top pages do
    grupos = [*db.glob("*/distrito-*.html"), *db.glob("*/municipio-*.html")]
    assert len(grupos) >= 6
    for f in grupos:
        rel = f.relative_to(db)
        assert f.stat().st_ino == (da / rel).stat().st_ino, f
        assert "Corte:" not in f.read_text()
    for top in ("index.html", "GUB/index.html", "descargas.html"):
        assert "Corte:" in (db / top).read_text()
        assert (db / top).stat().st_ino != (da / top).stat().st_ino
    assert verificar.verificar_corte(tmp_path / "r" / "cortes" / b.nombre) == []
    # the style sheet and its gzip copy are reused together
    for rel in ("estilo.css", "estilo.css.gz"):
        assert (db / rel).stat().st_ino == (da / rel).stat().st_ino, rel

    # a previous cut without the copy (built before copies existed): the page is still linked,
    # only its copy is written
    indice = tmp_path / "r" / corte.INDICE / f"{b.nombre}.json"
    claves = json.loads(indice.read_text())
    del claves["estilo.css.gz"]
    indice.write_text(json.dumps(claves))
    c = cortar(10)
    dc = tmp_path / "r/cortes" / c.nombre
    assert (dc / "estilo.css").stat().st_ino == (db / "estilo.css").stat().st_ino
    assert (dc / "estilo.css.gz").stat().st_ino != (db / "estilo.css.gz").stat().st_ino
    assert gzip.decompress((dc / "estilo.css.gz").read_bytes()) == (dc / "estilo.css").read_bytes()
    assert verificar.verificar_corte(dc) == []


def test_un_corte_no_se_reescribe(cortes_base, clave):
    raiz, _, _, entrada = cortes_base
    with pytest.raises(corte.CorteExistente):
        corte.construir_corte(entrada, raiz=raiz, clave=clave)


def test_puntero(cortes_base):
    raiz, _, r2, entrada = cortes_base
    p = json.loads((raiz / "current.json").read_text())
    assert p["corte"] == r2.nombre and p["ruta"] == f"cortes/{r2.nombre}/"
    # the gzip copy nginx sends to pollers is the same pointer
    comprimido = (raiz / "current.json.gz").read_bytes()
    assert gzip.decompress(comprimido) == (raiz / "current.json").read_bytes()
    for e in entrada.elecciones:
        figuras = p["elecciones"][e.clave]
        assert figuras["actas_esperadas"] == len(e.actas)
        assert figuras["actas_capturadas"] == sum(1 for a in e.actas if a.resultado)
        assert re.fullmatch(r"\d+\.\d{4}", figuras["participacion_ciudadana"])


def test_csv_se_lee_con_el_lector_ine_y_su_encabezado_se_recalcula(cortes_base):
    raiz, _, r2, entrada = cortes_base
    for e in entrada.elecciones:
        z = zipfile.ZipFile(raiz / "cortes" / r2.nombre / r2.zips[e.clave])
        nombres = set(z.namelist())
        assert {"LEEME.txt", f"AGS_{e.clave}_CANDIDATURAS_2024.csv"} <= nombres
        assert r2.zips[e.clave].endswith(f"{r2.nombre}_PREP_{e.clave}_AGS.zip")
        for nombre in nombres - {"LEEME.txt", f"AGS_{e.clave}_CANDIDATURAS_2024.csv"}:
            base = ine_csv.leer(z.read(nombre))
            assert len(base.filas) == sum(1 for a in e.actas if a.resultado)
            enc = ine_csv.recalcular_encabezado(
                base, actas_esperadas=len(e.actas), corte_final=False
            )
            assert enc.valores() == base.encabezado_publicado
            assert ine_csv.filas_con_total_incorrecto(base) == []
        assert base.variante in ("A", "B")


def _paginas(d: Path) -> list[Path]:
    return sorted(d.rglob("*.html"))


def test_sitio_autocontenido_accesible_y_ligero(cortes_base):
    raiz, _, r2, _ = cortes_base
    d = raiz / "cortes" / r2.nombre
    paginas = _paginas(d)
    assert len(paginas) > 30  # portada, elections, distritos, municipios, secciones
    for p in paginas:
        html = p.read_text("utf-8")
        assert '<html lang="es-MX">' in html
        assert 'href="#contenido"' in html and 'id="contenido"' in html
        assert "sin efectos jurídicos" in html
        assert len(gzip.compress(html.encode())) <= 60 * 1024, p
        assert (
            "http://" not in html
            and "https://" not in html
            and "//" not in html.replace("<!DOCTYPE", "").split("<pre>")[0].replace("://", "")
        ), p
        for enlace in re.findall(r'(?:href|src)="([^"]+)"', html):
            assert not enlace.startswith("/"), (p, enlace)
            if enlace.startswith("#"):
                continue
            destino = (p.parent / enlace.split("#")[0]).resolve()
            assert destino.is_file(), (p, enlace)
        if "<table" in html:
            assert "<caption>" in html and 'scope="col"' in html


def test_paginas_de_seccion_enlazan_la_imagen_por_su_hash(cortes_base):
    raiz, _, r2, entrada = cortes_base
    d = raiz / "cortes" / r2.nombre
    a = next(a for a in entrada.elecciones[0].actas if a.resultado and a.resultado.sha256)
    html = (d / "secciones" / f"{a.casilla.seccion}.html").read_text()
    assert f'id="acta-{a.clave}"' in html and f'id="casilla-{a.casilla.clave}"' in html
    assert f'href="#acta-{a.clave}"' in html
    assert f"../../../imagenes/{a.resultado.sha256}.jpg" in html
    assert a.resultado.sha256 in html
    assert (
        manifiesto.sha256_archivo(raiz / "imagenes" / f"{a.resultado.sha256}.jpg")
        == a.resultado.sha256
    )
    man = manifiesto.Manifiesto.de_bytes((d / "manifest.json").read_bytes())
    assert f"{a.resultado.sha256}.jpg" in man.imagenes


def _celdas_html(fila: str) -> list[str]:
    import html as html_mod

    return [
        html_mod.unescape(re.sub(r"<[^>]+>", "", c))
        for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", fila)
    ]


def test_fila_del_acta_muestra_lo_que_el_publico_debe_ver(cortes_base):
    """An acta's row in its sección page: the casilla, every captured value in the order of the
    table's header, the total, whether it counts, observations, origin, document, the three times
    and the image's SHA-256 linking to the image; a pending acta is one cell spanning the rest."""

    raiz, _, r2, entrada = cortes_base
    d = raiz / "cortes" / r2.nombre
    e = entrada.elecciones[0]
    a = next(
        a
        for a in e.actas
        if a.resultado and a.resultado.observaciones and a.resultado.sha256 and a.resultado.imagen
    )
    r = a.resultado
    html = (d / "secciones" / f"{a.casilla.seccion}.html").read_text()
    tabla = re.search(
        rf"<table class=\"actas\"><caption id=\"actas-{e.clave}\">Actas de la sección "
        rf"{a.casilla.seccion} · "
        rf"{e.nombre}:.*?</table>",
        html,
    )
    assert tabla is not None
    cabecera = _celdas_html(re.search(r"<thead>(.*?)</thead>", tabla.group(0)).group(1))
    fila = re.search(rf'<tr id="acta-{a.clave}">(.*?)</tr>', tabla.group(0)).group(1)
    celdas = _celdas_html(fila)
    assert len(celdas) == len(cabecera)
    columnas = list(modelo.indice_valores(e.columnas_votos))
    assert cabecera[0] == "Casilla" and celdas[0] == a.casilla.clave
    assert cabecera[1] == "Boletas sobrantes" and cabecera[5] == e.partidos.get("PAN", "PAN")
    valores = [str(r.valores.get(c, "-")) for c in columnas]
    assert celdas[1 : 1 + len(columnas)] == valores
    datos = dict(zip(cabecera[1 + len(columnas) :], celdas[1 + len(columnas) :], strict=True))
    assert datos["Total de votos calculado"] == str(r.total_votos_calculado)
    assert datos["Contabilizada"] == ("sí" if r.contabilizada else "no")
    assert datos["Observaciones"] == entrada.separador_observaciones.join(r.observaciones)
    assert (datos["Origen"], datos["Digitalización"]) == (r.origen, r.digitalizacion)
    assert datos["Tipo de documento"] == (r.tipo_documento or "—")
    zona = ZoneInfo(entrada.zona)
    for columna, t in (
        ("Verificación", r.verificacion),
        ("Captura", r.captura),
        ("Acopio", r.acopio),
    ):
        esperado = t.astimezone(zona).strftime("%Y-%m-%d %H:%M:%S (UTC%z)") if t else "—"
        assert datos[columna] == esperado, columna
    assert datos["Imagen del acta (SHA-256)"] == r.sha256
    assert f'href="../../../imagenes/{r.sha256}{r.imagen_ext}">{r.sha256}</a>' in fila
    pendiente = next(x for x in e.actas if x.resultado is None)
    html_p = (d / "secciones" / f"{pendiente.casilla.seccion}.html").read_text()
    fila_p = re.search(rf'<tr id="acta-{pendiente.clave}">(.*?)</tr>', html_p).group(1)
    assert f'colspan="{len(cabecera) - 1}">Pendiente' in fila_p


def test_por_candidatura_suma_combinaciones(cortes_base):
    from ople.prep.publish import sitio

    filas = dict(
        sitio.por_candidatura(
            ("PAN", "PRI", "C_PAN_PRI", "MC", "NULOS"),
            (10, 5, 2, 7, 1),
            {"PAN": "ANA", "PRI": "ANA", "C_PAN_PRI": "ANA", "MC": "LUIS"},
        )
    )
    assert filas == {"ANA": 17, "LUIS": 7, "Votos nulos": 1}


def test_especiales_fuera_de_la_participacion_hasta_el_corte_final(tmp_path, clave):
    from ople.prep.publish import sintetico

    e = sintetico.eleccion_sintetica(casillas=2000, elecciones=("GUB",), imagenes=None)
    assert any(
        a.casilla.tipo == "S" and a.resultado and a.resultado.contabilizada
        for a in e.elecciones[0].actas
    )
    op = corte.construir_corte(e, raiz=tmp_path / "a", clave=clave)
    fin = corte.construir_corte(
        sintetico.eleccion_sintetica(casillas=2000, elecciones=("GUB",), imagenes=None, final=True),
        raiz=tmp_path / "b",
        clave=clave,
    )
    ent_op = json.loads((tmp_path / "a/cortes" / op.nombre / "datos/GUB/entidad.json").read_text())
    ent_fin = json.loads(
        (tmp_path / "b/cortes" / fin.nombre / "datos/GUB/entidad.json").read_text()
    )
    from ople.prep.publish.cifras import trunc4

    ln = ent_op["lista_nominal_actas_contabilizadas"]
    assert ent_op["porcentaje_participacion_ciudadana"] == trunc4(ent_op["total_votos_s_cs"], ln)
    assert ent_fin["porcentaje_participacion_ciudadana"] == trunc4(ent_fin["total_votos_c_cs"], ln)
    assert ent_op["total_votos_s_cs"] < ent_op["total_votos_c_cs"]


def test_un_acta_cambiada_reescribe_solo_su_distrito_y_municipio(tmp_path, clave):
    import dataclasses
    from datetime import timedelta

    from ople.prep.publish import sintetico

    e = sintetico.eleccion_sintetica(
        casillas=40, imagenes=tmp_path / "m", distritos=2, municipios=2, elecciones=("DIP_LOC",)
    )
    a = corte.construir_corte(e, raiz=tmp_path / "r", clave=clave)
    el = e.elecciones[0]
    col = el.columnas_votos[0]
    i, acta = next(
        (i, x)
        for i, x in enumerate(el.actas)
        if x.resultado and x.resultado.contabilizada and type(x.resultado.valores[col]) is int
    )
    assert acta.resultado is not None
    valores = dict(acta.resultado.valores)
    valores[col] = int(valores[col]) + 7
    r = dataclasses.replace(
        acta.resultado,
        valores=valores,
        version=acta.resultado.version + 1,
        total_votos_calculado=acta.resultado.total_votos_calculado + 7,
    )
    actas = (*el.actas[:i], dataclasses.replace(acta, resultado=r), *el.actas[i + 1 :])
    e2 = dataclasses.replace(
        e,
        elecciones=(dataclasses.replace(el, actas=actas),),
        corte_en=e.corte_en + timedelta(minutes=5),
    )
    b = corte.construir_corte(e2, raiz=tmp_path / "r", clave=clave)
    da, db = tmp_path / "r/cortes" / a.nombre, tmp_path / "r/cortes" / b.nombre
    c = acta.casilla
    otro_d = next(x.casilla.distrito for x in el.actas if x.casilla.distrito != c.distrito)
    for rel, cambia in (
        (f"DIP_LOC/distrito-{c.distrito}.html", True),
        (f"DIP_LOC/municipio-{c.municipio}.html", True),
        (f"secciones/{c.seccion}.html", True),
        (f"DIP_LOC/distrito-{otro_d}.html", False),
    ):
        mismo = (db / rel).stat().st_ino == (da / rel).stat().st_ino
        assert mismo is not cambia, rel
    assert verificar.verificar_corte(db) == []


def test_zip_con_segmentos_reutilizados_es_valido(tmp_path, clave):
    """The CSV blocks deflated by one cut are reused by the next; every member still reads back
    (CRC-checked) byte for byte as `ine_csv` wrote it."""
    import dataclasses
    from datetime import timedelta

    from ople.prep.publish import sintetico

    e = sintetico.eleccion_sintetica(
        casillas=120, imagenes=tmp_path / "m", verificadas=0.8, elecciones=("GUB",)
    )
    corte.construir_corte(e, raiz=tmp_path / "r", clave=clave)

    def bloques():
        return {b: bl for st in agregados._ESTADOS.values() for b, bl in st.bloques_csv.items()}

    primeros = bloques()
    assert len(primeros) >= 120 // corte.BLOQUE_CSV
    el = e.elecciones[0]
    # verify one more acta (a pending one) in the second cut
    i, pendiente = next((i, a) for i, a in enumerate(el.actas) if a.resultado is None)
    otra = next(a for a in el.actas if a.resultado is not None)
    actas = list(el.actas)
    actas[i] = dataclasses.replace(pendiente, resultado=otra.resultado)
    e2 = dataclasses.replace(
        e,
        elecciones=(dataclasses.replace(el, actas=tuple(actas)),),
        corte_en=e.corte_en + timedelta(minutes=5),
    )
    b = corte.construir_corte(e2, raiz=tmp_path / "r", clave=clave)
    segundos = bloques()
    reusados = [b for b, bl in segundos.items() if primeros.get(b) is bl]
    assert reusados and len(reusados) < len(segundos)
    ruta = tmp_path / "r/cortes" / b.nombre / b.zips["GUB"]
    with zipfile.ZipFile(ruta) as z:
        assert z.testzip() is None
        nombres = z.namelist()
        datos = z.read(b.csv["GUB"])
    assert b.csv["GUB"] in nombres and "LEEME.txt" in nombres
    filas = datos.decode("utf-8-sig").splitlines()
    assert sum(1 for f in filas if pendiente.clave in f) == 1
    assert verificar.verificar_corte(tmp_path / "r/cortes" / b.nombre) == []


def test_zip_a_mano_lo_lee_zipfile():
    from datetime import datetime

    miembros = [
        ("AGS_GUB_2024.csv", b"a|b\r\n" * 1000),
        ("LÉEME.txt", "ñandú".encode()),
        ("v", b""),
    ]
    datos = corte._zip(miembros, datetime(2024, 6, 3, 2, 0, 7))
    with zipfile.ZipFile(io.BytesIO(datos)) as z:
        assert z.testzip() is None
        assert [(i.filename, z.read(i)) for i in z.infolist()] == miembros
        assert z.infolist()[0].date_time == (2024, 6, 3, 2, 0, 6)


_EN_PROCESOS = """
import sys
from pathlib import Path
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from ople.prep.publish import corte, sintetico, verificar
from ople.publicacion import manifiesto
d = Path(sys.argv[1])
clave = Ed25519PrivateKey.from_private_bytes(bytes(32))
e = sintetico.eleccion_sintetica(casillas=90, imagenes=d / "m", distritos=3)
n = corte._procesos()
r = corte.construir_corte(e, raiz=d / "r", clave=clave)
assert r.imagenes == r.imagenes_nuevas > 0
assert len(list((d / "r" / corte.IMAGENES).iterdir())) == r.imagenes
assert verificar.verificar_corte(r.ruta) == []
print(n, manifiesto.sha256_bytes((r.ruta / manifiesto.MANIFIESTO).read_bytes()))
"""


def test_en_varios_procesos_el_corte_es_identico(tmp_path):
    """The sección pages and images split between forked processes give the same bytes as one
    process: the manifests (every file's SHA-256) are equal. Each build runs in a fresh
    interpreter, where no other thread keeps it from forking."""
    import os
    import subprocess
    import sys

    salidas = set()
    for n in (1, 2, 3):
        d = tmp_path / str(n)
        p = subprocess.run(
            [sys.executable, "-c", _EN_PROCESOS, str(d)],
            env={**os.environ, "OPLE_CORTE_PROCESOS": str(n)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert p.returncode == 0, p.stderr
        usados, sha = p.stdout.split()
        assert int(usados) == n
        salidas.add(sha)
    assert len(salidas) == 1


_HIJO_QUE_FALLA = """
import sys
from pathlib import Path
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from ople.prep.publish import corte, sintetico
d = Path(sys.argv[1])
assert corte._procesos() == 2
e = sintetico.eleccion_sintetica(casillas=30, imagenes=d / "m", distritos=2)
Path(next(a.resultado.imagen for a in e.elecciones[0].actas if a.resultado)).unlink()
try:
    corte.construir_corte(e, raiz=d / "r", clave=Ed25519PrivateKey.generate())
except RuntimeError as exc:
    print(exc)
assert list((d / "r" / corte.CORTES).iterdir()) == []
assert corte.leer_puntero(d / "r") is None
"""


def test_un_proceso_auxiliar_que_falla_no_deja_corte(tmp_path):
    """An image missing from the media store makes the child that publishes the images fail:
    the cut fails with its reason and nothing appears under cortes/ nor in the pointer (in a
    fresh interpreter, where no other thread keeps the cut from forking)."""
    import os
    import subprocess
    import sys

    p = subprocess.run(
        [sys.executable, "-c", _HIJO_QUE_FALLA, str(tmp_path)],
        env={**os.environ, "OPLE_CORTE_PROCESOS": "2"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 0, p.stderr
    assert "Falló un proceso auxiliar del corte" in p.stdout
    assert "No se encontró la imagen" in p.stdout


def test_con_otros_hilos_el_corte_no_se_bifurca(monkeypatch):
    import threading

    monkeypatch.setenv("OPLE_CORTE_PROCESOS", "2")
    listo, seguir = threading.Event(), threading.Event()
    hilo = threading.Thread(target=lambda: (listo.set(), seguir.wait()))
    hilo.start()
    try:
        listo.wait()
        assert corte._procesos() == 1
    finally:
        seguir.set()
        hilo.join()


@pytest.mark.parametrize(
    "zona", ["America/Mexico_City", "America/Cancun", "America/Tijuana", "Asia/Kolkata", "UTC"]
)
def test_fecha_de_las_paginas_como_strftime(zona):
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    t = datetime(2021, 3, 14, 7, 59, 58, tzinfo=UTC)  # around a DST change in Tijuana
    for h in range(0, 24 * 240, 7):
        u = t + timedelta(hours=h, seconds=h)
        esperado = u.astimezone(ZoneInfo(zona)).strftime("%Y-%m-%d %H:%M:%S (UTC%z)")
        assert corte._fecha(u, zona) == esperado
    assert corte._fecha(None, zona) == "—"


def test_un_corte_incremental_es_igual_al_completo(tmp_path, clave):
    """Whatever a cut reuses from the previous one (linked files, memoized CSV rows, deflate
    blocks and JSON fragments), its files are byte for byte those of the same cut built from
    nothing in a fresh process."""
    from datetime import timedelta

    from ople.prep.publish import sintetico

    def entrada(verificadas: float, minutos: int):
        return sintetico.eleccion_sintetica(
            casillas=80,
            verificadas=verificadas,
            imagenes=tmp_path / "m",
            distritos=3,
            municipios=3,
            corte_en=sintetico.eleccion_sintetica(casillas=1, imagenes=tmp_path / "m").corte_en
            + timedelta(minutes=minutos),
        )

    for v, m in ((0.3, 0), (0.6, 20), (0.9, 40)):
        incremental = corte.construir_corte(entrada(v, m), raiz=tmp_path / "inc", clave=clave)
    for memo in (corte._FRAGMENTOS, agregados._ESTADOS):
        memo.clear()
    completo = corte.construir_corte(entrada(0.9, 40), raiz=tmp_path / "completo", clave=clave)
    assert incremental.reutilizados > 0 and completo.reutilizados == 0
    m_inc = manifiesto.Manifiesto.de_bytes((incremental.ruta / manifiesto.MANIFIESTO).read_bytes())
    m_com = manifiesto.Manifiesto.de_bytes((completo.ruta / manifiesto.MANIFIESTO).read_bytes())
    assert m_inc.archivos == m_com.archivos
    assert m_inc.imagenes == m_com.imagenes


def _espiar_previo(monkeypatch) -> list[bool]:
    """Record, for each previous file a cut offers to reuse, whether it was used."""
    leidos: list[bool] = []
    previo = corte._Fragmentos.previo

    def contar(self, k, rec):
        p = previo(self, k, rec)
        leidos.append(p is not None)
        return p

    monkeypatch.setattr(corte._Fragmentos, "previo", contar)
    return leidos


def test_cambios_pequenos_incremental_igual_al_completo(tmp_path, clave, monkeypatch):
    """A few actas change between cuts of one process: the unchanged secciones' JSON fragments
    are read back from the previous cut's files, its rows and figures kept by the per-election
    state, and the cut is still byte for byte the one built from nothing."""
    import random
    from datetime import timedelta

    from ople.prep.publish import sintetico

    leidos = _espiar_previo(monkeypatch)
    entrada = sintetico.eleccion_sintetica(
        casillas=120, verificadas=0.6, imagenes=tmp_path / "m", distritos=3, municipios=4
    )
    rnd = random.Random(3)
    for paso in range(3):
        incremental = corte.construir_corte(entrada, raiz=tmp_path / "inc", clave=clave)
        entrada = sintetico.con_cambios(
            entrada,
            rnd,
            lambda e: rnd.sample(range(len(e.actas)), 4),
            corte_en=entrada.corte_en + timedelta(minutes=10),
            imagenes=tmp_path / "m",
            pendiente=lambda i, paso=paso: paso == 1 and i % 2 == 1,
        )
    incremental = corte.construir_corte(entrada, raiz=tmp_path / "inc", clave=clave)
    assert any(leidos) and incremental.reutilizados > 0
    for memo in (corte._FRAGMENTOS, agregados._ESTADOS):
        memo.clear()
    completo = corte.construir_corte(entrada, raiz=tmp_path / "completo", clave=clave)
    m_inc = manifiesto.Manifiesto.de_bytes((incremental.ruta / manifiesto.MANIFIESTO).read_bytes())
    m_com = manifiesto.Manifiesto.de_bytes((completo.ruta / manifiesto.MANIFIESTO).read_bytes())
    assert m_inc.archivos == m_com.archivos
    assert m_inc.imagenes == m_com.imagenes
    assert verificar.verificar_corte(incremental.ruta) == []


@pytest.mark.parametrize("alteracion", ["digito", "recorte", "otro_corte"])
def test_fragmento_alterado_en_disco_no_pasa_al_corte_siguiente(
    tmp_path, clave, alteracion, monkeypatch
):
    """A distrito JSON file of the previous cut changed on disk between cuts (a digit of its
    first fragment, the same size; its last byte cut off; or the record describes the file of
    another cut): the file no longer has the SHA-256 it was written with, so the next cut renders
    its fragments anew instead of copying the changed bytes into a signed cut, and it is still
    the cut built from nothing."""
    import random
    from datetime import timedelta

    from ople.prep.publish import sintetico

    entrada = sintetico.eleccion_sintetica(
        casillas=90, verificadas=0.6, imagenes=tmp_path / "m", distritos=3, municipios=4
    )
    primero = corte.construir_corte(entrada, raiz=tmp_path / "inc", clave=clave)
    alterados = 0
    for (_sal, _tipo, rel), rec in list(corte._FRAGMENTOS.items()):
        ruta = primero.ruta / rel
        datos = bytearray(ruta.read_bytes())
        assert len(datos) == rec.tam and len(rec.inicios) == len(rec.secciones) > 1
        if alteracion == "otro_corte":  # the record of a file with other bytes, same size
            k = (_sal, _tipo, rel)
            corte._FRAGMENTOS[k] = rec._replace(sha256=hashlib.sha256(b"otro").hexdigest())
            alterados += 1
            continue
        if alteracion == "recorte":
            del datos[-1]
            alterados += 1
        else:
            for i in range(int(rec.inicios[0]), int(rec.inicios[1])):
                if chr(datos[i]).isdigit():
                    datos[i] = ord("7") if datos[i] != ord("7") else ord("3")
                    alterados += 1
                    break
        ruta.unlink()  # a new file, as an editor would leave it
        ruta.write_bytes(bytes(datos))
    assert alterados == len(corte._FRAGMENTOS) > 0

    def una_por_distrito(e):
        """one changed acta in every distrito: every distrito file is rendered again, and its
        unchanged secciones' fragments are offered from the altered files"""
        primera = {}
        for i, a in enumerate(e.actas):
            primera.setdefault(a.casilla.distrito, i)
        return primera.values()

    entrada = sintetico.con_cambios(
        entrada,
        random.Random(5),
        una_por_distrito,
        corte_en=entrada.corte_en + timedelta(minutes=10),
        imagenes=tmp_path / "m",
    )
    leidos = _espiar_previo(monkeypatch)
    segundo = corte.construir_corte(entrada, raiz=tmp_path / "inc", clave=clave)
    assert leidos and not any(leidos)  # every altered file was offered, none was used
    for memo in (corte._FRAGMENTOS, agregados._ESTADOS):
        memo.clear()
    completo = corte.construir_corte(entrada, raiz=tmp_path / "completo", clave=clave)
    rels = {rel for _s, _t, rel in corte._FRAGMENTOS}
    assert rels
    for rel in rels:
        assert (segundo.ruta / rel).read_bytes() == (completo.ruta / rel).read_bytes(), rel
    assert verificar.verificar_corte(segundo.ruta) == []


@pytest.mark.parametrize(
    "cambian",
    [(), (0,), (9,), (4,), (3, 4), (0, 9), (1, 3, 5, 7), tuple(range(10)), (2, 8, 9)],
)
def test_fragmentos_por_tramos_del_archivo_anterior(tmp_path, monkeypatch, cambian):
    """A distrito file made again after some of its secciones changed: each run of unchanged
    secciones is one slice of the previous file, the changed ones are made anew (only they), and
    the bytes and the record of where each fragment lies are those of a file made from nothing;
    when the secciones or their order differ, nothing is copied. The previous file is read only
    when some sección did not change."""
    from types import SimpleNamespace

    monkeypatch.setattr(corte, "_FRAGMENTOS", {})
    monkeypatch.setattr(corte, "_FRAGMENTOS_CORTE", [None])
    leidos = _espiar_previo(monkeypatch)
    secciones = list(range(100, 110))
    rel = "datos/X/secciones/1.json"

    def construir(nombre, previo, version, orden=secciones):
        el = SimpleNamespace(sal="sal", digest_seccion={s: f"d{version[s]}" for s in orden})
        hechos = []

        def objeto(orden):
            return json.dumps(
                {str(s): {"v": version[s], "t": "é" * (s % 4)} for s in orden},
                ensure_ascii=False,
                separators=(",", ":"),
            ).encode()

        def hacer(s):
            hechos.append(s)
            return objeto([s])[1:-1]

        f = corte._Fragmentos(None if previo is None else tmp_path / previo, previo)
        datos = f.objeto(el, rel, "s", orden, hacer)
        (tmp_path / nombre / rel).parent.mkdir(parents=True)
        (tmp_path / nombre / rel).write_bytes(datos)
        f.guardar(nombre, {rel: (len(datos), hashlib.sha256(datos).hexdigest())})
        assert datos == objeto(orden)
        rec = corte._FRAGMENTOS[("sal", "s", rel)]
        for s, inicio in zip(orden, rec.inicios.tolist(), strict=True):
            assert datos[inicio:].startswith(f'"{s}":'.encode())
        return hechos

    version = dict.fromkeys(secciones, 1)
    assert construir("c1", None, version) == secciones
    for i in cambian:
        version[secciones[i]] = 2
    assert construir("c2", "c1", version) == [secciones[i] for i in cambian]
    assert leidos == ([] if len(cambian) == len(secciones) else [True])
    version[secciones[5]] = 3
    assert construir("c3", "c2", version) == [secciones[5]]
    otro_orden = secciones[::-1]
    assert construir("c4", "c3", version, otro_orden) == otro_orden


def test_json_escrito_a_mano_es_el_de_json_dumps():
    """The per-acta and per-sección JSON written by hand are the bytes json.dumps writes, also
    for pending actas, observations that need escaping and values given as a plain dict."""
    import dataclasses

    from ople.ley import tally
    from ople.prep.publish import sintetico

    e = sintetico.eleccion_sintetica(casillas=80, verificadas=0.8, imagenes=None)
    el = e.elecciones[0]
    actas = list(el.actas)
    r = next(a for a in actas if a.resultado and a.resultado.contabilizada)
    raro = dataclasses.replace(
        r,
        clave=r.clave + "X",
        resultado=dataclasses.replace(
            r.resultado,
            valores=dict(r.resultado.valores),
            observaciones=('Comillas " y \\ barra', "Ñandú\tTAB", "línea\nnueva"),
        ),
    )
    actas.append(raro)
    assert any(a.resultado is None for a in actas)
    esperado = corte._json(_casillas_referencia(el, actas))[1:-1]
    assert corte._casillas_fragmento(el, actas) == esperado
    cols = el.columnas_votos
    enc = tally.encabezado_de_cuentas(
        actas_esperadas=7,
        capturadas=5,
        fuera_catalogo=0,
        contabilizadas=3,
        inconsistentes=1,
        lista_nominal=1234,
        votos_c_cs=300,
        votos_s_cs=280,
        corte_final=False,
        especiales_hasta_corte_final=True,
    )
    votos = tuple(range(len(cols)))
    assert corte._cifras_json(enc, votos, corte._prefijos_json(cols)) == (
        corte._json(corte._cifras(enc, votos, cols))[1:-1].decode()
    )


def _casillas_referencia(e, actas) -> dict[str, object]:
    """The casillas fragment's object, built as a dict: what `corte._casillas_fragmento` must
    write byte for byte through `json.dumps`."""
    out: dict[str, object] = {}
    na = len(AUXILIARES_INICIO)
    for a in actas:
        c = a.casilla
        r = a.resultado
        item: dict[str, object] = {
            "casilla": c.clave,
            "seccion": c.seccion,
            "tipo_casilla": c.tipo,
            "lista_nominal": c.lista_nominal,
            "registrada": r is not None,
        }
        if r is not None:
            valores = agregados.alineados(r.valores, e.columnas_votos, 0)[na:-1]
            item.update(
                contabilizada=r.contabilizada,
                total_votos_calculado=r.total_votos_calculado,
                votos={
                    col: (v if type(v) is int else 0)
                    for col, v in zip(e.columnas_votos, valores, strict=True)
                }
                if r.contabilizada
                else {},
                sha256=r.sha256,
                observaciones=list(r.observaciones),
            )
        out[a.clave] = item
    return out
