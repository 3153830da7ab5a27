"""Every published table adds up to its total (issue 18, "totals that add up, proven").

The demo's cut (the shipped Aguascalientes catalog, with its independent candidacies, read by
the publisher's own selector, every acta given votes) and a synthetic cut are checked by
`verificar.verificar_tablas` and by `ople verify`; the same check fails on a cut where one row
was dropped from a votes table, or one candidacy from the JSON, and the manifest re-signed.
The full replay of the QRoo 2019 file is checked in `test_replay.py`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import random
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from ople.prep.publish import corte, sitio, verificar
from ople.prep.publish.modelo import ResultadoActa, ValoresActa
from ople.publicacion import manifiesto


def _tablas(d: Path) -> int:
    return sum(p.read_text("utf-8").count('<table class="votos">') for p in d.rglob("*.html"))


def _resignar(d: Path, clave: Ed25519PrivateKey, cambiados: list[str]) -> None:
    """The manifest rewritten with the new hashes of `cambiados`, and signed again (what an
    insider with the key could do: only the recomputation can catch it)."""
    man = manifiesto.Manifiesto.de_bytes((d / manifiesto.MANIFIESTO).read_bytes())
    archivos = dict(man.archivos)
    for rel in cambiados:
        datos = (d / rel).read_bytes()
        archivos[rel] = (len(datos), manifiesto.sha256_bytes(datos))
        (d / f"{rel}.gz").unlink(missing_ok=True)
        archivos.pop(f"{rel}.gz", None)
    nuevo = dataclasses.replace(man, archivos=archivos).a_bytes()
    (d / manifiesto.MANIFIESTO).write_bytes(nuevo)
    (d / manifiesto.FIRMA).write_bytes(manifiesto.firmar(nuevo, clave))


def votos_demo(
    entrada,
    semilla: int = 18,
    *,
    fraccion: float = 1.0,
    imagen: Path | None = None,
    t: datetime = datetime(2024, 6, 3, 4, 0, tzinfo=UTC),
):
    """The demo's catalog with `fraccion` of its expected actas verified with random votes
    (pure: the publisher's input, as the selector read it from the database), each with the
    image `imagen` when given (one file: the store keeps it once)."""
    azar = random.Random(semilla)
    sha = hashlib.sha256(imagen.read_bytes()).hexdigest() if imagen else ""
    elecciones = []
    for e in entrada.elecciones:
        actas = []
        for i, a in enumerate(e.actas):
            if i >= len(e.actas) * fraccion:
                actas.append(a)
                continue
            votos = {c: azar.randint(0, 40) for c in e.columnas_votos}
            total = sum(votos.values())
            valores = {
                **votos,
                "TOTAL_BOLETAS_SOBRANTES": 10,
                "TOTAL_PERSONAS_VOTARON": total,
                "TOTAL_REP_PARTIDO_CI_VOTARON": 0,
                "TOTAL_VOTOS_SACADOS": total,
                "TOTAL_VOTOS_ASENTADO": total,
            }
            r = ResultadoActa(
                valores=ValoresActa.de(valores, e.columnas_votos),
                total_votos_calculado=total,
                contabilizada=True,
                observaciones=(),
                inconsistente=False,
                sha256=sha,
                imagen=str(imagen) if imagen else None,
                imagen_ext=".jpg" if imagen else "",
                acopio=t,
                captura=t,
                verificacion=t,
                origen="CATD",
                digitalizacion="ESCANER",
                tipo_documento="ACTA PREP",
            )
            actas.append(dataclasses.replace(a, resultado=r))
        elecciones.append(dataclasses.replace(e, actas=tuple(actas)))
    return dataclasses.replace(entrada, elecciones=tuple(elecciones), corte_en=t)


@pytest.fixture
def corte_demo(db, tmp_path):
    from ople.catalog.selectors import proceso_activo
    from ople.prep.publish import selector

    call_command("load_catalog", "aguascalientes", stdout=io.StringIO())
    call_command("prep_actas_esperadas", stdout=io.StringIO())
    proceso = proceso_activo()
    entrada = selector.entrada_corte(proceso=proceso, hasta=datetime(2024, 6, 3, 4, tzinfo=UTC))
    entrada = votos_demo(entrada)
    clave = Ed25519PrivateKey.generate()
    r = corte.construir_corte(entrada, raiz=tmp_path / "pub", clave=clave)
    return r.ruta, entrada, clave


@pytest.mark.django_db
def test_el_corte_de_la_demo_suma_en_cada_tabla(corte_demo):
    d, entrada, _ = corte_demo
    ayun = next(e for e in entrada.elecciones if e.tipo == "AYUN")
    independientes = {c.columna for c in ayun.candidaturas if c.columna.startswith("CAND_IND")}
    assert independientes, "el catálogo de la demo tiene candidaturas independientes"
    assert independientes <= set(ayun.columnas_votos)  # the vote columns, not the CSV's CI_01
    assert _tablas(d) > 50
    assert verificar.verificar_tablas(d, sorted(manifiesto_archivos(d))) == []
    assert verificar.verificar_corte(d) == []
    # the independents are on the municipio page by name, with their votes
    municipios = json.loads((d / "datos/AYUN/municipios.json").read_bytes())
    m, g = next(
        (k, g)
        for k, g in municipios.items()
        if any(c.startswith("CI_") for x in g["candidaturas"] for c in x["columnas"])
    )
    pagina = (d / f"AYUN/municipio-{m}.html").read_text("utf-8")
    indep = next(x for x in g["candidaturas"] if any(c.startswith("CI_") for c in x["columnas"]))
    assert sitio.e(indep["candidatura"]) in pagina and f"{indep['votos']:,}" in pagina
    # the candidaturas CSV names the independents as the results CSV does (one name each)
    import zipfile

    z = zipfile.ZipFile(next((d / "descargas").glob("*AYUN*.zip")))
    cand = next(n for n in z.namelist() if "CANDIDATURAS" in n)
    resultados = next(n for n in z.namelist() if n.endswith(".csv") and n != cand)
    columnas_res = set(
        re.split(
            r"[,|]",
            z.read(resultados).decode("utf-8-sig").split("CLAVE_CASILLA", 1)[1].split("\n", 1)[0],
        )
    )
    filas_cand = z.read(cand).decode("utf-8-sig").splitlines()[1:]
    asociaciones = {f.split(",")[2] for f in filas_cand if f}
    assert asociaciones <= columnas_res, asociaciones - columnas_res
    assert any(a.startswith("CI_") for a in asociaciones)
    # ... and the JSON as the CSV (the profile's NO_REGISTRADAS and CI_01, never the catalog's)
    for rel in ("datos/AYUN/municipios.json", "datos/elecciones.json"):
        texto = (d / rel).read_text("utf-8")
        assert "NO_REGISTRADAS" in texto and "CI_01" in texto
        assert "NO_REGISTRADOS" not in texto and "CAND_IND" not in texto
    assert set(g["votos"]) <= columnas_res


def manifiesto_archivos(d: Path) -> set[str]:
    return set(manifiesto.Manifiesto.de_bytes((d / manifiesto.MANIFIESTO).read_bytes()).archivos)


@pytest.mark.django_db
def test_ople_verify_falla_si_se_quita_una_fila_y_se_vuelve_a_firmar(corte_demo):
    d, _, clave = corte_demo
    rel = next(
        p.relative_to(d).as_posix()
        for p in sorted((d / "AYUN").glob("municipio-*.html"))
        if "Votos por candidatura" in p.read_text("utf-8")
    )
    texto = (d / rel).read_text("utf-8")
    # drop the first row of the candidacy table
    i = texto.index("<tbody>", texto.index("Votos por candidatura"))
    m = re.compile(r'<tr><th scope="row">.*?</tr>', re.S).search(texto, i)
    assert m and m.start() == i + len("<tbody>")
    (d / rel).write_text(texto[: m.start()] + texto[m.end() :], "utf-8")
    _resignar(d, clave, [rel])
    fallas = [str(f) for f in verificar.verificar_corte(d)]
    assert any(rel in f and "suman" in f for f in fallas), fallas
    # no other complaint: the signature and hashes hold, only the arithmetic fails
    assert all(rel in f for f in fallas), fallas


@pytest.mark.django_db
def test_ople_verify_falla_si_el_json_pierde_una_candidatura(corte_demo):
    d, _, clave = corte_demo
    rel = "datos/AYUN/municipios.json"
    datos = json.loads((d / rel).read_bytes())
    primero = next(iter(datos.values()))
    quitada = primero["candidaturas"].pop()
    (d / rel).write_bytes(json.dumps(datos, ensure_ascii=False).encode())
    _resignar(d, clave, [rel])
    fallas = [str(f) for f in verificar.verificar_corte(d)]
    assert any("ninguna candidatura" in f and quitada["columnas"][0] in f for f in fallas), fallas


def test_el_corte_sintetico_suma_en_cada_tabla(cortes_base):
    raiz, _, r2, _ = cortes_base
    assert _tablas(r2.ruta) > 10
    assert verificar.verificar_tablas(r2.ruta, sorted(manifiesto_archivos(r2.ruta))) == []


def test_tabla_sin_una_fila_falla():
    filas = [("A", 10), ("B", 5)]
    html = sitio.tabla_votos("Votos", filas, 15)
    assert verificar._tablas_html("x.html", html) == []
    sin_b = sitio.tabla_votos("Votos", filas[:1], 15)
    assert [f.mensaje for f in verificar._tablas_html("x.html", sin_b)] == [
        "tabla «Votos»: sus filas suman 10 votos y su Total dice 15",
        "tabla «Votos»: sus porcentajes suman 66.6666 %, no 100 %",
    ]


def test_por_candidatura_cuenta_cada_columna_una_vez():
    cols = ("PAN", "PRI", "C_PAN_PRI", "MC", "CAND_IND_1", "NO_REGISTRADOS", "NULOS")
    votos = (10, 20, 3, 7, 11, 1, 2)
    mapa = {"PAN": "ANA", "PRI": "ANA", "C_PAN_PRI": "ANA", "CAND_IND_1": "LUIS"}
    filas = sitio.por_candidatura(cols, votos, mapa, {"MC": "Movimiento Ciudadano"})
    assert filas == [
        ("ANA", 33),
        ("Movimiento Ciudadano", 7),
        ("LUIS", 11),
        ("Candidaturas no registradas", 1),
        ("Votos nulos", 2),
    ]
    assert sum(v for _, v in filas) == sum(votos)
