"""Signed receipts (acuses): what was received, from whom, when, under which folio. Pure.

An acuse file is UTF-8 JSON:

    {"acuse": {...}, "firma": "<base64 Ed25519>", "clave_publica": "<PEM>"}

`firma` is the Ed25519 signature, with the institute's key (the publication key, `ople
publish-keys`), of the acuse's *canonical form*: the UTF-8 bytes of `acuse` written with sorted
keys, no spaces and non-ASCII characters as they are (`canonico`). The object `acuse` holds:
`formato` ("ople-acuse/1"), `institucion`, `folio`, `documento` (what it is, in words),
`documento_sha256` (SHA-256 of the exact bytes received), `entregado_por` (who delivered),
`recibido_por` (who received for the institute), `fecha_hora_utc` and `fecha_hora_local` (ISO
8601, the local one with its UTC offset; the same instant).

`clave_publica` travels with the file for convenience only: a third party checks the acuse with
the institute's published key (`verificar(..., pem=...)`) or, at least, compares the printed
fingerprint of the embedded one with the fingerprint the institute publishes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

FORMATO = "ople-acuse/1"
CAMPOS = (
    "formato",
    "institucion",
    "folio",
    "documento",
    "documento_sha256",
    "entregado_por",
    "recibido_por",
    "fecha_hora_utc",
    "fecha_hora_local",
)
_SHA256 = re.compile(r"[0-9a-f]{64}")


class AcuseNoValido(ValueError):
    """The acuse is refused; the message says why, in Spanish."""


def canonico(acuse: dict[str, Any]) -> bytes:
    return json.dumps(acuse, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def huella_clave(pem: bytes) -> str:
    """SHA-256 of the raw 32-byte Ed25519 public key (as `ople publish-keys` prints it)."""
    return hashlib.sha256(_clave_publica(pem).public_bytes_raw()).hexdigest()


def _clave_publica(pem: bytes) -> Ed25519PublicKey:
    try:
        clave = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError) as exc:
        raise AcuseNoValido("la clave pública no es un PEM válido") from exc
    if not isinstance(clave, Ed25519PublicKey):
        raise AcuseNoValido("la clave pública no es Ed25519")
    return clave


def validar(acuse: Any) -> dict[str, Any]:
    """The acuse's fields are all there, well formed and consistent, or AcuseNoValido."""
    if not isinstance(acuse, dict):
        raise AcuseNoValido("el campo «acuse» no es un objeto")
    faltan = [c for c in CAMPOS if c not in acuse]
    if faltan:
        raise AcuseNoValido(f"faltan campos: {', '.join(faltan)}")
    sobran = sorted(set(acuse) - set(CAMPOS))
    if sobran:
        raise AcuseNoValido(f"campos desconocidos: {', '.join(sobran)}")
    no_texto = [c for c in CAMPOS if not isinstance(acuse[c], str) or not acuse[c].strip()]
    if no_texto:
        raise AcuseNoValido(f"campos vacíos o que no son texto: {', '.join(no_texto)}")
    if acuse["formato"] != FORMATO:
        raise AcuseNoValido(f"formato desconocido {acuse['formato']!r} (se espera {FORMATO})")
    if not _SHA256.fullmatch(acuse["documento_sha256"]):
        raise AcuseNoValido("documento_sha256 no son 64 dígitos hexadecimales en minúscula")
    try:
        utc = datetime.fromisoformat(acuse["fecha_hora_utc"])
        local = datetime.fromisoformat(acuse["fecha_hora_local"])
    except ValueError as exc:
        raise AcuseNoValido(f"fecha y hora no válida: {exc}") from exc
    if utc.utcoffset() is None or utc.utcoffset().total_seconds() != 0:  # type: ignore[union-attr]
        raise AcuseNoValido("fecha_hora_utc debe estar en UTC (+00:00)")
    if local.utcoffset() is None:
        raise AcuseNoValido("fecha_hora_local debe llevar su diferencia con UTC")
    if utc != local:
        raise AcuseNoValido("fecha_hora_utc y fecha_hora_local no son el mismo instante")
    return acuse


def firmar(acuse: dict[str, Any], clave: Ed25519PrivateKey) -> bytes:
    """The acuse file: the fields checked, signed over their canonical form."""
    validar(acuse)
    pem = clave.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    archivo = {
        "acuse": acuse,
        "firma": base64.b64encode(clave.sign(canonico(acuse))).decode(),
        "clave_publica": pem.decode(),
    }
    return json.dumps(archivo, ensure_ascii=False, indent=2, sort_keys=True).encode() + b"\n"


@dataclass(frozen=True)
class AcuseVerificado:
    acuse: dict[str, Any]
    huella_clave: str  # of the key that checked the signature
    con_clave_del_archivo: bool  # no institute key was given: the embedded one was used


def verificar(contenido: bytes, *, pem: bytes | None = None) -> AcuseVerificado:
    """Check an acuse file with the institute's public key `pem` (else the embedded one).

    Raises AcuseNoValido with the reason; changes nothing and needs no configuration.
    """
    try:
        archivo = json.loads(contenido.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AcuseNoValido(f"el archivo no es JSON en UTF-8: {exc}") from exc
    if not isinstance(archivo, dict) or not {"acuse", "firma"} <= set(archivo):
        raise AcuseNoValido("el archivo no es un acuse: faltan «acuse» o «firma»")
    acuse = validar(archivo["acuse"])
    incluida = archivo.get("clave_publica")
    del_archivo = pem is None
    if pem is None:
        if not isinstance(incluida, str):
            raise AcuseNoValido("el archivo no trae clave pública; indique la del instituto")
        pem = incluida.encode()
    elif isinstance(incluida, str) and incluida.strip():
        if huella_clave(incluida.encode()) != huella_clave(pem):
            raise AcuseNoValido(
                "el acuse dice haber sido firmado con otra clave, no con la del instituto"
            )
    clave = _clave_publica(pem)
    firma = archivo["firma"]
    try:
        if not isinstance(firma, str):
            raise ValueError
        crudo = base64.b64decode(firma, validate=True)
    except (ValueError, binascii.Error) as exc:
        raise AcuseNoValido("la firma no es base64 válido") from exc
    try:
        clave.verify(crudo, canonico(acuse))
    except InvalidSignature as exc:
        raise AcuseNoValido(
            "la firma no corresponde al contenido: el acuse fue alterado o no lo firmó esta clave"
        ) from exc
    return AcuseVerificado(
        acuse=acuse, huella_clave=huella_clave(pem), con_clave_del_archivo=del_archivo
    )
