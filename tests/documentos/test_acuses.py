"""Acuses: signed by the institute's key, checked by anyone; tampering refused in Spanish."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ople.core.models import AuditEvent
from ople.documentos import acuses
from ople.documentos.models import Folio
from ople.documentos.services.acuses import ACUSES, AcuseError, emitir_acuse
from ople.publicacion import manifiesto

DOCUMENTO = b"%PDF-1.7 escrito de la representacion del partido"
ACUSE = {
    "formato": acuses.FORMATO,
    "institucion": "IEE",
    "folio": "IEE/CZLS/032/2023",
    "documento": "Escrito de protesta, casilla 0393 B",
    "documento_sha256": hashlib.sha256(DOCUMENTO).hexdigest(),
    "entregado_por": "María Pérez, representante",
    "recibido_por": "oficialia",
    "fecha_hora_utc": "2023-06-04T23:10:00+00:00",
    "fecha_hora_local": "2023-06-04T17:10:00-06:00",
}


@pytest.fixture(scope="module")
def clave():
    return Ed25519PrivateKey.generate()


def pem(clave):
    return manifiesto.pem_publica(clave)


def alterar(contenido: bytes, cambio) -> bytes:
    archivo = json.loads(contenido)
    cambio(archivo)
    return json.dumps(archivo, ensure_ascii=False).encode()


def test_firmado_y_verificado_con_la_clave_del_instituto(clave):
    contenido = acuses.firmar(ACUSE, clave)
    v = acuses.verificar(contenido, pem=pem(clave))
    assert v.acuse == ACUSE and not v.con_clave_del_archivo
    assert v.huella_clave == manifiesto.huella_publica(pem(clave))  # as publish-keys prints it
    # The signature is over the documented canonical form, checkable with any Ed25519 library.
    archivo = json.loads(contenido)
    canonico = json.dumps(ACUSE, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    clave.public_key().verify(base64.b64decode(archivo["firma"]), canonico.encode())
    assert acuses.verificar(contenido).con_clave_del_archivo


@pytest.mark.parametrize(
    ("cambio", "motivo"),
    [
        (lambda a: a["acuse"].update(folio="IEE/CZLS/033/2023"), "fue alterado"),
        (lambda a: a["acuse"].update(documento_sha256="0" * 64), "fue alterado"),
        (lambda a: a["acuse"].update(entregado_por="Otra persona"), "fue alterado"),
        (
            lambda a: a["acuse"].update(
                fecha_hora_utc="2023-06-04T23:11:00+00:00",
                fecha_hora_local="2023-06-04T17:11:00-06:00",
            ),
            "fue alterado",
        ),
        (
            lambda a: a["acuse"].update(fecha_hora_local="2023-06-04T17:11:00-06:00"),
            "mismo instante",
        ),
        (lambda a: a["acuse"].update(fecha_hora_utc="2023-06-04T17:10:00-06:00"), "UTC"),
        (lambda a: a["acuse"].update(fecha_hora_local="2023-06-04T17:10:00"), "diferencia con UTC"),
        (lambda a: a["acuse"].update(documento_sha256="abc"), "64 dígitos"),
        (lambda a: a["acuse"].pop("folio"), "faltan campos: folio"),
        (lambda a: a["acuse"].update(extra="x"), "campos desconocidos: extra"),
        (lambda a: a["acuse"].update(formato="otro/9"), "formato desconocido"),
        (lambda a: a.update(firma="no es base64!"), "base64"),
        (lambda a: a.pop("firma"), "faltan «acuse» o «firma»"),
    ],
)
def test_alterado_rechazado_con_motivo(clave, cambio, motivo):
    contenido = alterar(acuses.firmar(ACUSE, clave), cambio)
    with pytest.raises(acuses.AcuseNoValido, match=motivo):
        acuses.verificar(contenido, pem=pem(clave))


def test_firmado_por_otra_clave_rechazado(clave):
    """A forger signs with their own key and embeds it: the institute's key refuses it."""
    falsa = Ed25519PrivateKey.generate()
    contenido = acuses.firmar(ACUSE, falsa)
    with pytest.raises(acuses.AcuseNoValido, match="otra clave"):
        acuses.verificar(contenido, pem=pem(clave))
    sin_clave = alterar(contenido, lambda a: a.pop("clave_publica"))
    with pytest.raises(acuses.AcuseNoValido, match="no lo firmó esta clave"):
        acuses.verificar(sin_clave, pem=pem(clave))


def test_no_json():
    with pytest.raises(acuses.AcuseNoValido, match="no es JSON"):
        acuses.verificar(b"\xff\xfe")
    with pytest.raises(acuses.AcuseNoValido, match="no es un acuse"):
        acuses.verificar(b"[1, 2]")


@pytest.fixture
def clave_instituto(tmp_path, monkeypatch):
    ruta = tmp_path / "claves" / "publicacion.pem"
    monkeypatch.setenv("OPLE_PUBLISH_KEY", str(ruta))
    return manifiesto.generar_clave(ruta)


@pytest.mark.django_db
def test_emitir_acuse(clave_instituto, settings):
    ahora = datetime(2023, 6, 4, 23, 10, tzinfo=UTC)
    folio, contenido = emitir_acuse(
        documento="Escrito de protesta",
        documento_sha256=hashlib.sha256(DOCUMENTO).hexdigest().upper(),
        entregado_por="María Pérez",
        area="CZLS",
        actor=None,
        ahora=ahora,
    )
    assert folio == "IEE/CZLS/001/2023"
    v = acuses.verificar(contenido, pem=manifiesto.pem_publica(clave_instituto))
    assert v.acuse["documento_sha256"] == hashlib.sha256(DOCUMENTO).hexdigest()
    assert v.acuse["fecha_hora_utc"] == "2023-06-04T23:10:00+00:00"
    assert v.acuse["fecha_hora_local"] == "2023-06-04T17:10:00-06:00"  # Mexico City
    assert v.acuse["recibido_por"] == "sistema" and v.acuse["folio"] == folio
    ev = AuditEvent.objects.get(action="documentos.acuse")
    assert ev.after["folio"] == folio
    guardado = Path(settings.MEDIA_ROOT) / ev.after["acuse_ruta"]
    assert guardado.read_bytes() == contenido
    assert ev.after["acuse_ruta"] == ACUSES.nombre_para(ev.after["acuse_sha256"], "json")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kw", "motivo"),
    [
        ({"documento_sha256": "xyz"}, "64 dígitos"),
        ({"entregado_por": " "}, "quién lo entregó"),
        ({"area": "czls"}, "Área no válida"),
    ],
)
def test_emitir_acuse_con_datos_malos_no_cambia_nada(clave_instituto, kw, motivo):
    datos = {
        "documento": "Escrito",
        "documento_sha256": "a" * 64,
        "entregado_por": "María",
        "area": "CZLS",
        "actor": None,
        **kw,
    }
    with pytest.raises(ValueError, match=motivo):
        emitir_acuse(**datos)
    assert not Folio.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_sin_clave_del_instituto(tmp_path, monkeypatch):
    monkeypatch.setenv("OPLE_PUBLISH_KEY", str(tmp_path / "no-existe.pem"))
    with pytest.raises(AcuseError, match="publish-keys --crear"):
        emitir_acuse(
            documento="x", documento_sha256="a" * 64, entregado_por="y", area="SE", actor=None
        )
    assert not Folio.objects.exists()


# `ople documentos verificar ACUSE` is the name issue 23 gives the command; both names work.
@pytest.mark.parametrize("comando", ["verificar-acuse", "verificar"])
def test_ciudadano_verifica_un_acuse_sin_configurar_nada(tmp_path, clave, comando):
    """`ople documentos verificar-acuse` in a shell with no OPLE_* variable."""
    import os

    import ople as paquete

    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(Path(paquete.__file__).parents[1]),  # this tree's ople
    }
    ople = [sys.executable, "-m", "ople.cli", "documentos", comando]
    bueno = tmp_path / "acuse.json"
    bueno.write_bytes(acuses.firmar(ACUSE, clave))
    (tmp_path / "instituto.pem").write_bytes(pem(clave))
    ok = subprocess.run(
        [*ople, str(bueno), "--clave-publica", str(tmp_path / "instituto.pem")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert "es válido" in ok.stdout and "IEE/CZLS/032/2023" in ok.stdout
    assert "Atención" not in ok.stdout
    malo = tmp_path / "alterado.json"
    malo.write_bytes(alterar(bueno.read_bytes(), lambda a: a["acuse"].update(folio="IEE/X/1/2023")))
    rechazo = subprocess.run(
        [*ople, str(malo)], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert rechazo.returncode == 1 and "Traceback" not in rechazo.stderr
    assert "NO es válido" in rechazo.stdout and "alterado" in rechazo.stdout
    falta = subprocess.run(
        [*ople, str(tmp_path / "no.json")], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert falta.returncode == 1 and "No se pudo leer" in falta.stderr
    assert not (tmp_path / "var").exists()
