"""Micro-benchmark: the per-image cost of `imagecheck.revisar` on the upload hot path.

    PYTHONPATH=src .venv/bin/python bench/imagecheck.py [--n 300] [--repeats 5]

The image is what bench/intake.py uploads: its ~300 KB noisy phone 'photo' with a unique JPEG
comment after SOI (so the plain-file reader applies, as in the load test). Run it with
PYTHONPATH pointing at any tree to compare the check of that tree. It also times, on the same
file, the ways to decode a JPEG whole that the check could use (Pillow's full decoding and
draft mode at 1/2, 1/4 and 1/8 scale; a truncated file must fail each), and the structural
walk to the EOI. Each figure is the median over --repeats runs of --n calls, in
milliseconds of this process's CPU time per image (CPU time, not wall-clock time: the machine
is shared). The last printed line is a JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

from intake import foto_base, variante  # noqa: E402

from ople.prep import imagecheck  # noqa: E402


def _medir(funcion, datos: list[bytes], repeticiones: int) -> float:
    funcion(datos[0])
    tiempos = []
    for _ in range(repeticiones):
        inicio = time.process_time()
        for d in datos:
            funcion(d)
        tiempos.append((time.process_time() - inicio) / len(datos) * 1000)
    return round(statistics.median(tiempos), 3)


def _decodificar(escala: int):
    def f(datos: bytes) -> None:
        with Image.open(io.BytesIO(datos)) as img:
            if escala > 1:
                img.draft(img.mode, (img.width // escala, img.height // escala))
            img.load()

    return f


def _falla_truncado(funcion, datos: bytes) -> bool:
    try:
        funcion(datos[: len(datos) - 2])
    except Exception:
        return True
    return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    base = foto_base()
    fotos = [variante(base, f"bench {i}".encode()) for i in range(args.n)]
    with Image.open(io.BytesIO(base)) as img:
        print(f"foto: {len(base):,} bytes, {img.width} x {img.height}, {img.mode}")

    def revisar(datos: bytes) -> None:
        imagecheck.revisar(datos, max_bytes=12 * 1024 * 1024)

    resultado: dict = {
        "imagecheck": imagecheck.__file__,
        "bytes": len(base),
        "revisar_ms": _medir(revisar, fotos, args.repeats),
    }
    print(f"imagecheck.revisar ({imagecheck.__file__}): {resultado['revisar_ms']} ms")
    if hasattr(imagecheck, "_final_correcto"):
        resultado["final_ms"] = _medir(
            lambda d: imagecheck._final_correcto(d, imagecheck.JPEG), fotos, args.repeats
        )
        print(f"  of which the walk to the EOI: {resultado['final_ms']} ms")
    for escala in (1, 2, 4, 8):
        funcion = _decodificar(escala)
        clave = f"decodificar_1_{escala}_ms"
        resultado[clave] = _medir(funcion, fotos[:50], args.repeats)
        resultado[f"decodificar_1_{escala}_detecta_truncado"] = _falla_truncado(funcion, base)
        print(f"Pillow decoding at 1/{escala}: {resultado[clave]} ms")
    print(json.dumps(resultado))


if __name__ == "__main__":
    main()
