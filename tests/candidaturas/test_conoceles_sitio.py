"""The Conóceles static site generator (pure): pages, filters, exports, "mi boleta"."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

from ople.candidaturas.conoceles.sitio import FichaPublica, Sitio, generar, slug

CORTE = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def ficha(i: int, **campos) -> FichaPublica:
    base = dict(
        id=i,
        nombre=f"Persona {i}",
        cargo="Diputación",
        eleccion="Diputaciones locales",
        eleccion_clave="DIP_LOC",
        demarcacion=f"Distrito {i % 3 + 1}",
        demarcacion_clave=i % 3 + 1,
        postulante=["PAN", "PRI", "MORENA"][i % 3],
        sexo="MHX"[i % 3],
        edad=25 + i,
    )
    base.update(campos)
    return FichaPublica(**base)


def sitio(n=6, **kw) -> Sitio:
    return Sitio(
        titulo="Candidatas y candidatos 2024",
        institucion="IEE Aguascalientes",
        corte=CORTE,
        fichas=[ficha(i) for i in range(1, n + 1)],
        secciones={101: (("DIP_LOC", 1),), 102: (("DIP_LOC", 2),)},
        municipio_de_seccion={101: "Calvillo", 102: "Calvillo"},
        **kw,
    )


class Enlaces(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.lang = None
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "script":
            self.scripts += 1
        for k in ("href", "src"):
            if a.get(k):
                self.hrefs.append(a[k])


def test_cada_enlace_lleva_a_un_archivo_del_sitio_y_sin_javascript():
    archivos = generar(sitio())
    import posixpath

    for ruta, datos in archivos.items():
        if not ruta.endswith(".html"):
            continue
        p = Enlaces()
        p.feed(datos.decode())
        assert p.lang == "es", ruta
        # One same-origin script, on the search page only (it works without it: ADR 0055).
        assert p.scripts == (1 if ruta == "buscar/index.html" else 0), ruta
        for h in p.hrefs:
            assert not h.startswith(("http:", "https:", "//")), (ruta, h)
            if h.startswith("#") or h == "seccion/":
                continue
            destino = posixpath.normpath(posixpath.join(posixpath.dirname(ruta), h))
            assert destino in archivos, (ruta, h)


def test_filtros_y_busqueda():
    archivos = generar(sitio())
    mujeres = archivos["buscar/sexo/mujer/1.html"].decode()
    assert "Persona 3" in mujeres and "Persona 6" in mujeres and "Persona 1<" not in mujeres
    assert "buscar/postulante/morena/1.html" in archivos
    assert "buscar/edad/30-a-39-anos/1.html" in archivos
    assert "buscar/accion/ninguna/1.html" in archivos


def test_paginacion():
    archivos = generar(sitio(n=450))
    assert {k for k in archivos if k.startswith("buscar/cargo/diputacion/")} == {
        f"buscar/cargo/diputacion/{n}.html" for n in range(1, 6)
    }
    assert 'rel="next"' in archivos["buscar/cargo/diputacion/1.html"].decode()


def test_mi_boleta():
    archivos = generar(sitio())
    assert archivos["seccion/secciones.map"] == b"101 dip-loc-1;\n102 dip-loc-2;\n"
    s = archivos["boleta/dip-loc-1.html"].decode()
    # Distrito 1 = i % 3 == 0: personas 3 y 6
    assert "Persona 3" in s and "Persona 6" in s and "Persona 1<" not in s
    assert (
        '<a href="../boleta/dip-loc-1.html">101</a>'
        in archivos["seccion/municipio-calvillo.html"].decode()
    )


def test_secciones_con_las_mismas_boletas_comparten_pagina():
    s = sitio()
    s = Sitio(
        titulo=s.titulo,
        institucion=s.institucion,
        corte=s.corte,
        fichas=s.fichas,
        secciones={n: (("DIP_LOC", 1), ("AYUN", 4)) for n in range(1, 50)},
    )
    archivos = generar(s)
    assert [k for k in archivos if k.startswith("boleta/")] == ["boleta/dip-loc-1_ayun-4.html"]


def test_exportaciones_completas():
    archivos = generar(sitio())
    filas = list(
        csv.DictReader(io.StringIO(archivos["datos/candidaturas.csv"].decode("utf-8-sig")))
    )
    assert len(filas) == 6 and filas[0]["nombre"]
    datos = json.loads(archivos["datos/candidaturas.json"])
    assert len(datos["candidaturas"]) == 6
    assert "curp" not in datos["candidaturas"][0]


def test_texto_escapado():
    s = Sitio(
        titulo="T", institucion="I", corte=CORTE, fichas=[ficha(1, nombre="<script>x</script>")]
    )
    pagina = generar(s)["candidatura/1.html"].decode()
    assert "<script>" not in pagina and "&lt;script&gt;" in pagina


def test_paginas_ligeras():
    archivos = generar(sitio(n=450))
    for ruta in ("index.html", "candidatura/1.html", "buscar/cargo/diputacion/1.html"):
        assert len(gzip.compress(archivos[ruta])) <= 60 * 1024, ruta


def test_slug():
    assert slug("Ciudad de México") == "ciudad-de-mexico"
    assert re.fullmatch(r"[a-z0-9-]+", slug("Persona indígena (¡sí!)"))


def test_busqueda_de_texto_libre_con_indice_y_letras():
    archivos = generar(
        Sitio(
            titulo="T",
            institucion="I",
            corte=CORTE,
            fichas=[
                ficha(1, nombre="Ana Ávila Zúñiga"),
                ficha(2, nombre="Luis Ñuño Pérez"),
                ficha(3, nombre="Érika López"),
            ],
        )
    )
    indice = {i: (nombre, texto) for i, nombre, texto in json.loads(archivos["buscar/indice.json"])}
    assert indice[1] == ("Ana Ávila Zúñiga", "Diputación · Distrito 2 · PRI")
    # Without JavaScript: a page per initial letter of any word of the name, accents dropped.
    a = archivos["buscar/letra/a/1.html"].decode()
    assert "Ana Ávila Zúñiga" in a and "Luis" not in a
    assert "Luis Ñuño Pérez" in archivos["buscar/letra/n/1.html"].decode()
    assert "Érika López" in archivos["buscar/letra/e/1.html"].decode()
    pagina = archivos["buscar/index.html"].decode()
    assert '<form id="busqueda" role="search" hidden>' in pagina  # shown by the script
    assert 'href="letra/z/1.html"' in pagina and 'href="letra/b/1.html"' not in pagina
    assert 'href="buscar/index.html"' in archivos["index.html"].decode()


def test_siglado_e_independientes():
    from ople.candidaturas.conoceles.sitio import AspirantePublico, FilaSiglado

    s = Sitio(
        titulo="T",
        institucion="I",
        corte=CORTE,
        fichas=[ficha(1)],
        siglado=[
            FilaSiglado("Fuerza y Corazón", "Diputaciones locales", "Distrito 2", 2, "PRI"),
            FilaSiglado("Fuerza y Corazón", "Diputaciones locales", "Distrito 1", 1, "PAN"),
        ],
        aspirantes=[
            AspirantePublico(
                "Rosa Díaz",
                "Ayuntamientos",
                "Calvillo",
                3,
                "Obtención del apoyo ciudadano",
                1200,
                950,
            ),
            AspirantePublico(
                "Juan <b>", "Ayuntamientos", "Asientos", 2, "Manifestación de intención"
            ),
        ],
    )
    archivos = generar(s)
    siglado = archivos["siglado.html"].decode()
    assert "<h2>Fuerza y Corazón</h2>" in siglado
    assert siglado.index("Distrito 1") < siglado.index("Distrito 2")
    assert "<td>Distrito 1</td><td>PAN</td>" in siglado
    ind = archivos["independientes.html"].decode()
    assert "950 de 1,200" in ind and "Juan &lt;b&gt;" in ind
    assert "Obtención del apoyo ciudadano (1)" in ind
    inicio = archivos["index.html"].decode()
    assert 'href="siglado.html"' in inicio and 'href="independientes.html"' in inicio
    # Without them, no page and no link.
    sin = generar(sitio())
    assert "siglado.html" not in sin and 'href="siglado.html"' not in sin["index.html"].decode()
