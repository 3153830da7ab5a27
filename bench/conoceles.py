"""Conóceles: time to build the static site at national and Aguascalientes scale, and requests
per second for a search page served by nginx with one worker (wrk).

    flock /tmp/ople-heavy.lock .venv/bin/python bench/conoceles.py [--segundos 10]

Builds (every page, the CSV and the JSON with `ople.candidaturas.conoceles.sitio.generar`: the
`nacional_s` and `ags_s` figures) and then writes every file to disk (`*_con_escritura_s`: what a
publication adds, before its own gzip copies and manifest) a synthetic national-scale process — 10,000 candidacies over 300 districts and
2,400 municipios, 70,000 secciones, every questionnaire answered — and an Aguascalientes-scale
one (1,500 candidacies: 18 districts, 11 municipios, 637 secciones). Then serves the AGS site
with nginx (one worker, gzip_static with the page precompressed, as a publication would) and
measures with Debian's wrk the first page of a search filter (`buscar/sexo/mujer/1.html`).
Last line: JSON with `nacional_s`, `ags_s`, `rps`.

`--publicar` adds what a real publication costs at AGS scale: the site published through
`ople.publicacion` (every file and its gzip copy, hashes, `archivos.txt`, the signed manifest,
`corte-completo.zip`, the `CortePublicado` row and audit event) into a throw-away SQLite
database, three cuts in a row; `ags_publicado_s` is their median, and `ags_publicado_fases`
splits it (build, writing the files, gzip copies, the zip, the rest: hashes, manifest,
signature, database) where the publisher's functions can be timed from outside (a publisher
that writes in threads sums its threads' time: the phases then overlap and "resto" goes negative;
the total stays right).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from ople.candidaturas.conoceles.sitio import FichaPublica, Sitio, generar  # noqa: E402

PARTIDOS = ("PAN", "PRI", "PRD", "PVEM", "PT", "MC", "MORENA", "Coalición A", "Coalición B")
GRADOS = ("Bachillerato", "Licenciatura", "Maestría", "Doctorado", "Técnico", "Secundaria")


def sitio(candidaturas: int, distritos: int, municipios: int, secciones: int) -> Sitio:
    fichas = []
    for i in range(candidaturas):
        municipal = i % 2 == 1
        dem = (i // 2) % (municipios if municipal else distritos) + 1
        fichas.append(
            FichaPublica(
                id=i + 1,
                nombre=f"Nombre{i} Apellido{i % 997} Segundo{i % 313}",
                cargo="Presidencia municipal" if municipal else "Diputación",
                eleccion="Ayuntamientos" if municipal else "Diputaciones locales",
                eleccion_clave="AYUN" if municipal else "DIP_LOC",
                demarcacion=f"{'Municipio' if municipal else 'Distrito'} {dem}",
                demarcacion_clave=dem,
                postulante=PARTIDOS[i % len(PARTIDOS)],
                sexo="MHX"[0 if i % 2 else (1 if i % 41 else 2)],
                edad=21 + i % 60,
                suplente=f"Suplente{i} Apellido",
                grado_maximo=GRADOS[i % len(GRADOS)],
                accion_afirmativa=("", "", "", "INDIGENA", "LGBTIQ", "JOVEN")[i % 6],
                trayectoria_politica="Trayectoria de ejemplo. " * 8,
                historia_profesional="Historia profesional de ejemplo. " * 8,
                propuestas=("Primera propuesta de ejemplo. " * 5, "Segunda propuesta. " * 5),
                propuesta_genero_o_grupo="Propuesta de género de ejemplo. " * 4,
                por_que="Porque quiero servir. " * 4,
                correo_publico=f"c{i}@example.org",
                redes=("@ejemplo",),
                respondio=True,
            )
        )
    return Sitio(
        titulo="Candidatas y candidatos (sintético)",
        institucion="OPLE",
        corte=datetime(2027, 5, 1, 12, tzinfo=UTC),
        fichas=fichas,
        secciones={
            s: (("DIP_LOC", s % distritos + 1), ("AYUN", s % municipios + 1))
            for s in range(1, secciones + 1)
        },
        municipio_de_seccion={
            s: f"Municipio {s % municipios + 1}" for s in range(1, secciones + 1)
        },
    )


def construir(s: Sitio, destino: Path) -> tuple[float, float, float, float, int, int]:
    """(seconds to build the site — every page, the CSV and the JSON, in memory —, seconds to
    build and write every file to disk, CPU seconds of the build, CPU seconds of building and
    writing — user and system —, files, bytes)."""
    t = time.perf_counter()
    cpu0 = time.process_time()
    archivos = generar(s)
    generado = time.perf_counter() - t
    cpu = time.process_time() - cpu0
    directorios: set[Path] = set()
    for ruta, datos in archivos.items():
        p = destino / ruta
        if p.parent not in directorios:
            p.parent.mkdir(parents=True, exist_ok=True)
            directorios.add(p.parent)
        with open(p, "wb") as fh:
            fh.write(datos)
    total_cpu = time.process_time() - cpu0
    return (
        generado,
        time.perf_counter() - t,
        cpu,
        total_cpu,
        len(archivos),
        sum(map(len, archivos.values())),
    )


def puerto_libre() -> int:
    with socket.socket() as so:
        so.bind(("127.0.0.1", 0))
        return int(so.getsockname()[1])


NGINX = """\
{usuario}worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    server_tokens off; access_log off;
    include /etc/nginx/mime.types;
    charset utf-8;
    sendfile on; tcp_nopush on;
    open_file_cache max=20000 inactive=60s;
    gzip on; gzip_static on; gzip_comp_level 1; gzip_vary on;
    map $arg_s $ople_boleta {{ default ""; include {raiz}/seccion/secciones.map; }}
    server {{
        listen 127.0.0.1:{puerto};
        root {raiz};
        location = /seccion/ {{
            # ¿Quién aparece en mi boleta?: the form's GET to the pre-generated page (ADR 0040).
            if ($ople_boleta) {{ rewrite ^ /boleta/$ople_boleta.html? last; }}
            return 404;
        }}
    }}
}}
"""


def wrk(url: str, segundos: int, conexiones: int) -> float:
    args = ["wrk", "-t2", f"-c{conexiones}", f"-d{segundos}s", "-H", "Accept-Encoding: gzip", url]
    salida = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    print(salida)
    m = re.search(r"Requests/sec:\s+([\d.]+)", salida)
    if not m:
        raise RuntimeError(salida)
    return float(m.group(1))


def publicar_ags(raiz: Path, cortes: int = 3) -> tuple[float, dict[str, float]]:
    """Median seconds of `cortes` real publications of the AGS site (and its phases)."""
    import statistics
    from collections import defaultdict
    from datetime import timedelta

    os.environ["DATABASE_URL"] = f"sqlite:///{raiz}/bench.sqlite3"
    os.environ.setdefault("OPLE_SECRET_KEY", "bench-" + "x" * 40)
    os.environ["OPLE_VAR_DIR"] = str(raiz / "var")
    os.environ["OPLE_PUBLISH_ROOT"] = str(raiz / "publicacion")
    os.environ["OPLE_MEDIA_ROOT"] = str(raiz / "media")
    os.environ["OPLE_PUBLISH_KEY"] = str(raiz / "clave.pem")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ople.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from ople.publicacion import disco, publicar, sitio_de
    from ople.publicacion.services import publicar as servicio

    fases: dict[str, float] = defaultdict(float)

    def medir(modulo: object, nombre: str, fase: str) -> None:
        original = getattr(modulo, nombre, None)
        if original is None:
            return

        def medida(*a: object, **k: object) -> object:
            t = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                fases[fase] += time.perf_counter() - t

        setattr(modulo, nombre, medida)

    medir(servicio, "_escribir", "escribir")
    medir(disco, "precomprimido", "gzip")
    medir(disco, "escribir_completo", "zip")
    s = sitio(1_500, 18, 11, 637)
    tiempos, todas = [], []
    for i in range(cortes):
        fases.clear()
        t = time.perf_counter()
        archivos = generar(s)
        fases["generar"] = time.perf_counter() - t
        publicar(
            sitio_de("conoceles"),
            archivos,
            corte_en=datetime(2027, 5, 1, 12, tzinfo=UTC) + timedelta(minutes=i),
            accion="candidaturas.conoceles",
        )
        tiempos.append(time.perf_counter() - t)
        fases["resto"] = tiempos[-1] - sum(fases.values())
        todas.append(dict(fases))
        print(
            f"Aguascalientes publicado (corte {i + 1}): {tiempos[-1]:.2f} s; "
            + ", ".join(f"{k} {v:.2f}" for k, v in fases.items())
        )
    mediana = statistics.median(tiempos)
    return mediana, todas[tiempos.index(mediana)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--segundos", type=int, default=10)
    ap.add_argument("--conexiones", type=int, default=64)
    ap.add_argument("--publicar", action="store_true", help="also a real publication at AGS scale")
    args = ap.parse_args()
    d = Path(tempfile.mkdtemp(prefix="bench-conoceles-"))
    try:
        ags_s, ags_disco, ags_cpu, ags_total, ags_n, ags_b = construir(
            sitio(1_500, 18, 11, 637), d / "ags"
        )
        print(
            f"Aguascalientes: construir {ags_s:.2f} s ({ags_cpu:.2f} s de CPU); con la escritura "
            f"{ags_disco:.2f} s ({ags_total:.2f} s de CPU); {ags_n} archivos, "
            f"{ags_b / 1e6:.1f} MB"
        )
        nac_s, nac_disco, nac_cpu, nac_total, nac_n, nac_b = construir(
            sitio(10_000, 300, 2_400, 70_000), d / "nacional"
        )
        print(
            f"nacional: construir {nac_s:.2f} s ({nac_cpu:.2f} s de CPU); con la escritura "
            f"{nac_disco:.2f} s ({nac_total:.2f} s de CPU); {nac_n} archivos, "
            f"{nac_b / 1e6:.1f} MB"
        )
        shutil.rmtree(d / "nacional")
        publicado: dict[str, object] = {}
        if args.publicar:
            pub_s, pub_fases = publicar_ags(d / "pub")
            publicado = {
                "ags_publicado_s": round(pub_s, 3),
                "ags_publicado_fases": {k: round(v, 3) for k, v in pub_fases.items()},
            }
            shutil.rmtree(d / "pub", ignore_errors=True)
        pagina = d / "ags" / "buscar" / "sexo" / "mujer" / "1.html"
        datos = pagina.read_bytes()
        Path(str(pagina) + ".gz").write_bytes(gzip.compress(datos, 9))
        puerto = puerto_libre()
        conf = d / "nginx.conf"
        usuario = "user root;\n" if os.geteuid() == 0 else ""
        conf.write_text(NGINX.format(usuario=usuario, tmp=d, puerto=puerto, raiz=d / "ags"))
        proc = subprocess.Popen(["/usr/sbin/nginx", "-c", str(conf), "-e", str(d / "error.log")])
        try:
            url = f"http://127.0.0.1:{puerto}/buscar/sexo/mujer/1.html"
            for _ in range(100):
                try:
                    urllib.request.urlopen(url, timeout=1)
                    break
                except OSError:
                    time.sleep(0.05)
            seccion = urllib.request.urlopen(f"http://127.0.0.1:{puerto}/seccion/?s=101").read()
            assert b"Qui\xc3\xa9n aparece en su boleta" in seccion, (
                "the sección rule did not answer"
            )
            rps = wrk(url, args.segundos, args.conexiones)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    print(
        f"página de búsqueda: {len(datos)} bytes ({len(gzip.compress(datos, 9))} comprimida); "
        f"{rps:.0f} req/s con un trabajador de nginx"
    )
    print(
        json.dumps(
            {
                "nacional_s": round(nac_s, 3),
                "ags_s": round(ags_s, 3),
                "rps": round(rps, 1),
                "nacional_con_escritura_s": round(nac_disco, 3),
                "ags_con_escritura_s": round(ags_disco, 3),
                "nacional_cpu_s": round(nac_cpu, 3),
                "ags_cpu_s": round(ags_cpu, 3),
                "nacional_con_escritura_cpu_s": round(nac_total, 3),
                "ags_con_escritura_cpu_s": round(ags_total, 3),
                "carga_1min": os.getloadavg()[0],
                "nacional_archivos": nac_n,
                "ags_archivos": ags_n,
                "pagina_bytes": len(datos),
                "trabajadores_nginx": 1,
                "conexiones": args.conexiones,
                **publicado,
            }
        )
    )


if __name__ == "__main__":
    main()
