"""The PREP's output, pinned: every page, JSON, CSV, zip and image of a cut, by SHA-256.

Issue 17 changes structure, not behaviour: a cut built by the code of today must hold exactly the
bytes the code of before held. The pins (`salida_fijada.json`, beside this file) were taken on the
code before `ople.publicacion` existed. What is meant to vary is left out: the signature, the
public key and what prints it (`verificar.html`), the manifest (it names the key's cut and lists
the images), and the platform's own files added to every cut (`archivos.txt`).

- `sintetico`: two chained cuts of the `bench/cut.py` synthetic election (small), in process;
- `muestra`: `ople prep replay` of a 44-acta sample of the real QRoo 2019 file (~5 s);
- `completo`: the same replay of the whole file (2,136 actas, minutes): OPLE_PRUEBAS_LENTAS=1.

A change that means to change the output (a new page, issue 18) takes the new pins with
`OPLE_FIJAR_SALIDA=1` and says so in its commit.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ople.prep.publish import corte, sintetico

from .test_replay import DATOS, _muestra, _replay

PINES = Path(__file__).with_name("salida_fijada.json")
VARIAN = frozenset(
    {"manifest.json", "manifest.sig", "clave-publica.pem", "verificar.html", "archivos.txt"}
)


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def huellas(publicacion: Path) -> dict[str, str]:
    """`cortes/NAME/rel` and `imagenes/NAME` -> SHA-256, leaving out what is meant to vary."""
    out: dict[str, str] = {}
    for d in sorted((publicacion / "cortes").iterdir()):
        for p in sorted(d.rglob("*")):
            rel = p.relative_to(d).as_posix()
            if p.is_file() and rel not in VARIAN and not rel.startswith("corte-completo"):
                out[f"cortes/{d.name}/{rel}"] = _sha(p)
    imagenes = publicacion / "imagenes"
    if imagenes.is_dir():
        for p in sorted(imagenes.iterdir()):
            out[f"imagenes/{p.name}"] = _sha(p)
    return out


def _comparar(nombre: str, obtenidas: dict[str, str]) -> None:
    pines = json.loads(PINES.read_text("utf-8")) if PINES.exists() else {}
    if os.environ.get("OPLE_FIJAR_SALIDA") == "1":
        pines[nombre] = obtenidas
        PINES.write_text(json.dumps(pines, indent=1, sort_keys=True) + "\n", "utf-8")
        return
    esperadas = pines[nombre]
    faltan = sorted(set(esperadas) - set(obtenidas))
    sobran = sorted(set(obtenidas) - set(esperadas))
    distintas = sorted(k for k in set(esperadas) & set(obtenidas) if esperadas[k] != obtenidas[k])
    assert (faltan, sobran, distintas) == ([], [], []), (
        f"{nombre}: faltan {faltan[:5]}, sobran {sobran[:5]}, distintas {distintas[:5]}"
    )


def test_corte_sintetico_fijado(tmp_path):
    entrada = sintetico.eleccion_sintetica(
        casillas=120, verificadas=0.7, imagenes=tmp_path / "media", distritos=3, municipios=4
    )
    clave = Ed25519PrivateKey.generate()
    corte.construir_corte(entrada, raiz=tmp_path / "raiz", clave=clave)
    e2 = sintetico.eleccion_sintetica(
        casillas=120,
        verificadas=0.9,
        imagenes=tmp_path / "media",
        distritos=3,
        municipios=4,
        corte_en=entrada.corte_en + timedelta(minutes=20),
    )
    corte.construir_corte(e2, raiz=tmp_path / "raiz", clave=clave)
    obtenidas = huellas(tmp_path / "raiz")
    assert len({k.split("/")[1] for k in obtenidas if k.startswith("cortes/")}) == 2
    _comparar("sintetico", obtenidas)


def test_replay_de_una_muestra_fijado(tmp_path):
    _replay(_muestra(tmp_path), tmp_path / "salida")
    _comparar("muestra", huellas(tmp_path / "salida" / "publicacion"))


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("OPLE_PRUEBAS_LENTAS") != "1",
    reason="replay completo (2,136 actas, minutos de CPU): OPLE_PRUEBAS_LENTAS=1",
)
def test_replay_completo_fijado(tmp_path):
    _replay(DATOS, tmp_path / "salida")
    _comparar("completo", huellas(tmp_path / "salida" / "publicacion"))
