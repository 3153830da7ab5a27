"""The content-addressed evidence store (moved with the store from tests/prep/test_intake.py)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from ople.documentos import storage
from ople.documentos.storage import Evidencia
from tests.prep.datos_intake import jpeg

actas = Evidencia(prefijo="actas")


def sha(datos: bytes) -> str:
    return hashlib.sha256(datos).hexdigest()


def archivos_de_imagen(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file() and storage.ENTRANTES not in p.parts)


def test_guardar_es_direccionado_por_contenido_y_atomico(settings):
    datos = jpeg(1)
    digest, nombre = actas.guardar(datos, extension="jpg")
    assert digest == sha(datos)
    assert nombre == f"actas/{digest[:2]}/{digest}.jpg"
    final = Path(settings.MEDIA_ROOT) / nombre
    assert final.read_bytes() == datos
    antes = final.stat().st_ino
    assert actas.guardar(datos, extension="jpg") == (digest, nombre)
    assert final.stat().st_ino == antes  # never rewritten
    assert archivos_de_imagen(Path(settings.MEDIA_ROOT)) == [final]
    assert list((Path(settings.MEDIA_ROOT) / storage.ENTRANTES).iterdir()) == []
    with pytest.raises(ValueError):
        actas.guardar(datos, sha256="0" * 64)


def test_guardar_sin_o_tmpfile_y_con_directorios_borrados(settings, monkeypatch):
    """The named staging file (file systems without O_TMPFILE) stores the same way, and a
    directory removed behind the process's back is created again."""
    import shutil

    raiz = Path(settings.MEDIA_ROOT)
    monkeypatch.setattr(storage, "_TMPFILE", [False])
    digest, nombre = actas.guardar(jpeg(5), extension="jpg")
    assert (raiz / nombre).read_bytes() == jpeg(5)
    assert list((raiz / storage.ENTRANTES).iterdir()) == []
    shutil.rmtree(raiz)
    monkeypatch.setattr(storage, "_TMPFILE", [True])
    digest, nombre = actas.guardar(jpeg(6), extension="jpg")
    assert (raiz / nombre).read_bytes() == jpeg(6) and digest == sha(jpeg(6))
    assert archivos_de_imagen(raiz) == [raiz / nombre]
    assert list((raiz / storage.ENTRANTES).iterdir()) == []


@pytest.mark.parametrize("tmpfile", [True, False])
def test_guardar_hace_durable_el_directorio_aunque_el_nombre_ya_exista(
    settings, monkeypatch, tmpfile
):
    """Every call that returns (and so lets a receipt go out) has fsync'ed the shard directory:
    the first writer, a retry that finds the name, and a concurrent writer whose link loses the
    race to another one that may not have fsync'ed yet."""
    monkeypatch.setattr(storage, "_TMPFILE", [tmpfile])
    sincronizados: list[str] = []
    real = storage._fsync_dir
    monkeypatch.setattr(
        storage, "_fsync_dir", lambda ruta: (sincronizados.append(ruta), real(ruta))[1]
    )
    datos = jpeg(11)
    digest, nombre = actas.guardar(datos, extension="jpg")
    directorio = str((Path(settings.MEDIA_ROOT) / nombre).parent)
    assert sincronizados == [directorio]  # the first writer

    actas.guardar(datos, extension="jpg")
    assert sincronizados == [directorio] * 2  # a retry that finds the name

    # A writer that checked before the other linked: its own link fails with FileExistsError.
    existe = os.path.exists
    monkeypatch.setattr(
        storage.os.path, "exists", lambda ruta: False if ruta.endswith(".jpg") else existe(ruta)
    )
    assert actas.guardar(datos, extension="jpg") == (digest, nombre)
    assert sincronizados == [directorio] * 3
    assert list((Path(settings.MEDIA_ROOT) / storage.ENTRANTES).iterdir()) == []


def test_limpiar_entrantes(settings):
    entrantes = Path(settings.MEDIA_ROOT) / storage.ENTRANTES
    entrantes.mkdir(parents=True)
    viejo = entrantes / "abc.123.parcial"
    viejo.write_bytes(b"x")
    assert storage.limpiar_entrantes(antiguedad_s=-1) == 1
    assert not viejo.exists()


def test_cada_tipo_de_evidencia_tiene_su_prefijo(settings):
    """Two kinds of evidence with the same bytes: one file under each prefix, same name."""
    datos = b"%PDF-1.4 documento"
    sha_a, nombre_a = actas.guardar(datos, extension="pdf")
    sha_d, nombre_d = Evidencia(prefijo="documentos").guardar(datos, extension="pdf")
    assert sha_a == sha_d == sha(datos)
    assert nombre_a == f"actas/{sha_a[:2]}/{sha_a}.pdf"
    assert nombre_d == f"documentos/{sha_a[:2]}/{sha_a}.pdf"
    assert storage.abrir(nombre_d) == datos
    raiz = Path(settings.MEDIA_ROOT)
    assert archivos_de_imagen(raiz) == [raiz / nombre_a, raiz / nombre_d]


@pytest.mark.parametrize("prefijo", ["", ".entrantes", "a/b", "../x", "Actas"])
def test_prefijo_no_valido(prefijo):
    with pytest.raises(ValueError, match="prefijo de evidencia no válido"):
        Evidencia(prefijo=prefijo)
