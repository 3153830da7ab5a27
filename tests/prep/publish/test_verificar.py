"""`ople verify`: passes on a fresh cut; fails naming the file when any byte of any file changes,
a file is removed or added, the manifest is re-signed with another key, or the chain breaks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from ople.prep.publish import verificar
from ople.publicacion import manifiesto


def _archivos(d: Path) -> list[str]:
    return sorted(p.relative_to(d).as_posix() for p in d.rglob("*") if p.is_file())


def test_cualquier_byte_alterado_se_detecta_y_se_nombra(cortes_base, tmp_path):
    raiz, _, r2, _ = cortes_base
    d = tmp_path / "cortes" / r2.nombre
    shutil.copytree(raiz / "cortes" / r2.nombre, d)  # a real copy (no shared inodes)
    shutil.copytree(raiz / "imagenes", tmp_path / "imagenes")  # the shared image store
    imagenes = manifiesto.Manifiesto.de_bytes((d / "manifest.json").read_bytes()).imagenes
    nombres = _archivos(d) + [f"imagenes/{n}" for n in sorted(imagenes)][:40]
    assert verificar.verificar_corte(d) == []

    @settings(max_examples=60, deadline=None, database=None)
    @given(
        rel=st.sampled_from(nombres),
        posicion=st.floats(0, 1, exclude_max=True),
        delta=st.integers(1, 255),
    )
    def alterar(rel: str, posicion: float, delta: int) -> None:
        ruta = (tmp_path if rel.startswith("imagenes/") else d) / rel
        original = ruta.read_bytes()
        contenido = bytearray(original)
        i = int(posicion * len(contenido))
        contenido[i] ^= delta
        ruta.write_bytes(bytes(contenido))
        try:
            fallas = verificar.verificar_corte(d)
        finally:
            ruta.write_bytes(original)
        assert fallas, f"no se detectó el cambio en {rel}[{i}]"
        nombrados = {f.archivo.split("!")[0] for f in fallas}
        if rel in ("manifest.json", "manifest.sig"):
            # the signature covers exactly the bytes of manifest.json: the failure names the pair
            assert "manifest.sig" in nombrados, (rel, fallas)
        else:
            assert rel in nombrados, (rel, fallas)

    alterar()


def test_archivo_eliminado_o_agregado(copia_corte):
    _, d = copia_corte
    (d / "estilo.css").unlink()
    (d / "secciones" / "extra.html").write_text("<p>no listado</p>")
    man = manifiesto.Manifiesto.de_bytes((d / "manifest.json").read_bytes())
    imagen = sorted(man.imagenes)[0]
    (d.parent.parent / "imagenes" / imagen).unlink()
    fallas = {(f.archivo, f.mensaje) for f in verificar.verificar_corte(d)}
    assert ("estilo.css", "falta el archivo (figura en el manifiesto)") in fallas
    assert ("secciones/extra.html", "archivo que no figura en el manifiesto") in fallas
    assert any(a == f"imagenes/{imagen}" and m.startswith("falta la imagen") for a, m in fallas)
    # an acta row naming that image is reported too
    sha = imagen.split(".")[0]
    assert any(sha in m and "no hay imagen" in m for _, m in fallas)


def test_imagenes_copiadas_dentro_del_corte(copia_corte, tmp_path):
    """A citizen who downloads a cut with its images inside (`CUT/imagenes/`) verifies it too."""
    import shutil

    _, d = copia_corte
    otra = tmp_path / "descarga" / d.name
    shutil.copytree(d, otra)
    shutil.copytree(d.parent.parent / "imagenes", otra / "imagenes")
    assert verificar.verificar_corte(otra) == []


def test_manifiesto_firmado_con_otra_clave(copia_corte):
    _, d = copia_corte
    otra = Ed25519PrivateKey.generate()
    (d / "manifest.sig").write_bytes(manifiesto.firmar((d / "manifest.json").read_bytes(), otra))
    fallas = verificar.verificar_corte(d)
    assert [f.archivo for f in fallas] == ["manifest.sig"]


def test_reemplazar_tambien_la_clave_publica_no_engana(copia_corte):
    """An attacker who re-signs everything with their own key is caught by the previous cut's key
    (beside it) or by the key pinned with --clave-publica."""
    d1, d = copia_corte
    original = (d / "clave-publica.pem").read_bytes()
    otra = Ed25519PrivateKey.generate()
    pem = manifiesto.pem_publica(otra)
    (d / "clave-publica.pem").write_bytes(pem)
    man = manifiesto.Manifiesto.de_bytes((d / "manifest.json").read_bytes())
    archivos = dict(man.archivos)
    archivos["clave-publica.pem"] = (len(pem), manifiesto.sha256_bytes(pem))
    nuevo = manifiesto.Manifiesto(
        **{**man.__dict__, "archivos": archivos}
        if hasattr(man, "__dict__")
        else {
            "nombre": man.nombre,
            "corte_en": man.corte_en,
            "final": man.final,
            "previo": man.previo,
            "previo_sha256": man.previo_sha256,
            "archivos": archivos,
        }
    )
    datos = nuevo.a_bytes()
    (d / "manifest.json").write_bytes(datos)
    (d / "manifest.sig").write_bytes(manifiesto.firmar(datos, otra))
    fallas = verificar.verificar_corte(d)
    assert any(f.archivo == "clave-publica.pem" and "anterior" in f.mensaje for f in fallas)
    fijada = verificar.verificar_corte(d, clave_publica=original)
    assert {f.archivo for f in fijada} >= {"manifest.sig", "clave-publica.pem"}


def test_cadena_rota(copia_corte):
    d1, d = copia_corte
    (d1 / "manifest.json").write_bytes((d1 / "manifest.json").read_bytes() + b" ")
    fallas = verificar.verificar_corte(d)
    assert any(f.archivo == "manifest.json" and "cadena" in f.mensaje for f in fallas)


def _reemplazar_y_refirmar(d: Path, rel: str, nuevo: bytes, clave) -> None:
    """Replace a file of the cut and list it in the manifest, signed with the institute's key."""
    (d / rel).write_bytes(nuevo)
    man = manifiesto.Manifiesto.de_bytes((d / "manifest.json").read_bytes())
    man.archivos[rel] = (len(nuevo), manifiesto.sha256_bytes(nuevo))
    m = man.a_bytes()
    (d / "manifest.json").write_bytes(m)
    (d / "manifest.sig").write_bytes(manifiesto.firmar(m, clave))


def test_cifra_alterada_y_refirmada_se_detecta_por_recalculo(copia_corte, clave):
    """Even with the institute's own key, a figure that does not follow from the rows fails."""
    import json

    _, d = copia_corte
    rel = "datos/GUB/distritos.json"
    datos = json.loads((d / rel).read_text())
    k = next(iter(datos))
    datos[k]["total_votos_c_cs"] += 1
    nuevo = json.dumps(datos).encode()
    _reemplazar_y_refirmar(d, rel, nuevo, clave)
    fallas = verificar.verificar_corte(d)
    assert any(f.archivo == rel and "total_votos_c_cs" in f.mensaje for f in fallas), fallas


def test_copia_comprimida_distinta_y_refirmada(copia_corte, clave):
    """The .gz copy nginx sends most visitors must be the page beside it, even when the manifest
    lists it with its true hash and is signed with the institute's key."""
    import gzip

    _, d = copia_corte
    comprimidas = sorted(p.relative_to(d).as_posix() for p in d.rglob("*.gz"))
    # the portada, the style sheet and each election's entidad page and JSON
    assert {"index.html.gz", "estilo.css.gz", "GUB/index.html.gz"} <= set(comprimidas)
    assert "datos/GUB/entidad.json.gz" in comprimidas
    for rel in comprimidas:
        assert gzip.decompress((d / rel).read_bytes()) == (d / rel[:-3]).read_bytes(), rel
    rel = "GUB/index.html.gz"
    nuevo = gzip.compress(b"<p>otros resultados</p>", mtime=0)
    _reemplazar_y_refirmar(d, rel, nuevo, clave)
    fallas = verificar.verificar_corte(d)
    assert [(f.archivo, f.mensaje) for f in fallas] == [
        (rel, "la copia comprimida no es GUB/index.html")
    ]


def test_comando_verify(copia_corte):
    _, d = copia_corte
    ok = subprocess.run(
        [sys.executable, "-m", "ople.cli", "verify", str(d)], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "íntegro" in ok.stdout
    (d / "index.html").write_text("alterado")
    mal = subprocess.run(
        [sys.executable, "-m", "ople.cli", "verify", str(d)], capture_output=True, text=True
    )
    assert mal.returncode == 1
    assert "index.html" in mal.stdout and "NO es íntegro" in mal.stdout


def test_zip_corrupto_en_medio(copia_corte):
    _, d = copia_corte
    for z in sorted((d / "descargas").glob("*.zip")):
        original = z.read_bytes()
        datos = bytearray(original)
        datos[len(datos) // 3] ^= 0x55
        z.write_bytes(bytes(datos))
        fallas = verificar.verificar_corte(d)
        z.write_bytes(original)
        assert any(f.archivo.startswith(z.relative_to(d).as_posix()) for f in fallas), fallas
