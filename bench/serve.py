"""Requests per second for a results page of a cut served by nginx with one worker (wrk).

    .venv/bin/python bench/serve.py [--segundos 10] [--conexiones 64]

Builds an Aguascalientes-scale synthetic cut, serves PUBLISH_ROOT with the configuration of
docs/servir.md (one worker), and measures with Debian's wrk the entidad results page of the
governor election, compressed (Accept-Encoding: gzip) and not, and the pointer
`/current.json` that media and scripts poll, compressed. Last line: JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from ople.prep.publish import corte, nginx, sintetico  # noqa: E402


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wrk(url: str, segundos: int, conexiones: int, gzip: bool) -> float:
    args = ["wrk", "-t2", f"-c{conexiones}", f"-d{segundos}s", url]
    if gzip:
        args[1:1] = ["-H", "Accept-Encoding: gzip"]
    salida = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    print(salida)
    m = re.search(r"Requests/sec:\s+([\d.]+)", salida)
    if not m:
        raise RuntimeError(salida)
    return float(m.group(1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--segundos", type=int, default=10)
    ap.add_argument("--conexiones", type=int, default=64)
    ap.add_argument("--casillas", type=int, default=1_250)
    args = ap.parse_args()
    d = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    e = sintetico.eleccion_sintetica(casillas=args.casillas, imagenes=d / "media")
    r = corte.construir_corte(e, raiz=d / "pub", clave=Ed25519PrivateKey.generate())
    corte.escribir_puntero(d / "pub", r, e)
    puerto = puerto_libre()
    conf = d / "nginx.conf"
    conf.write_text(nginx.configuracion(raiz=d / "pub", puerto=puerto, tmp=d))
    proc = subprocess.Popen(["/usr/sbin/nginx", "-c", str(conf), "-e", str(d / "error.log")])
    try:
        url = f"http://127.0.0.1:{puerto}/cortes/{r.nombre}/GUB/index.html"
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        tam = len(urllib.request.urlopen(url).read())
        gz = wrk(url, args.segundos, args.conexiones, True)
        plano = wrk(url, args.segundos, args.conexiones, False)
        puntero = f"http://127.0.0.1:{puerto}/current.json"
        tam_puntero = len(urllib.request.urlopen(puntero).read())
        puntero_gz = wrk(puntero, args.segundos, args.conexiones, True)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(d, ignore_errors=True)
    print(f"página de resultados: {tam} bytes; {gz:.0f} req/s con gzip, {plano:.0f} req/s sin")
    print(f"puntero current.json: {tam_puntero} bytes; {puntero_gz:.0f} req/s con gzip")
    print(
        json.dumps(
            {
                "pagina_bytes": tam,
                "rps_gzip": gz,
                "rps_plano": plano,
                "puntero_bytes": tam_puntero,
                "rps_puntero_gzip": puntero_gz,
                "trabajadores_nginx": 1,
                "conexiones": args.conexiones,
            }
        )
    )


if __name__ == "__main__":
    main()
