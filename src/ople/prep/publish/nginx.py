"""nginx configurations (used by the tests, bench/serve.py and docs/servir.md).

`configuracion` serves PUBLISH_ROOT: cuts and the shared image store `imagenes/` cached forever (immutable), the
pointer for a few seconds, gzip (the precompressed `.gz` copies of the most visited pages as they
are, `gzip_static`, with `Vary: Accept-Encoding`).

Every header is set once, at server level, so that no location loses one (nginx drops the
inherited `add_header`s of a location that has its own): a location only names its class
(`$ople_clase`) and a map turns class and status into Cache-Control. Only a file that exists
(200, 206, 304) is cacheable; a 404 is `no-store`, so that asking for a cut that does not exist
yet (its name `AAAAMMDD_HHMM` is predictable) cannot leave a year-long 404 in a CDN.

`configuracion_app` is the reverse proxy that production puts in front of `ople serve`: it reads
each request body whole (`proxy_request_buffering`) before handing the request to the app, so a
slow or stalled body holds an nginx connection, not one of gunicorn's few threads; it refuses a
body larger than the app accepts, drops a client that stops sending, and passes the client's
address in the headers the app trusts (docs/servir.md, "Servidor de la aplicación").
"""

from __future__ import annotations

import os
from pathlib import Path

from ople.core import csp as _csp

# What both configurations share: processes, files under `tmp`, no version in headers.
PREAMBULO = """\
{usuario}worker_processes {trabajadores};
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
"""

TEMPORALES = """\
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server_tokens off;
    access_log off;
"""

PLANTILLA = """\
http {{
{temporales}\
    include {mime};
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/css application/json text/plain text/csv;
    sendfile on;
    tcp_nopush on;
    open_file_cache max=20000 inactive=60s;
    gzip on;
    gzip_static on;
    gzip_comp_level 1;
    gzip_types text/css application/json text/plain text/csv;
    gzip_vary on;
    map "$ople_clase:$status" $ople_cache {{
        ~^(inmutable|medio):(200|206|304)$ "public, max-age=31536000, immutable";
        ~^puntero:(200|206|304)$ "public, max-age=5, must-revalidate";
        default "no-store";
    }}
    map $ople_clase $ople_cors {{
        puntero "*";
        default "";
    }}
    # ople's own pages' policy; an image or PDF lets the browser's own viewer style itself.
    map $ople_clase $ople_csp {{
        medio "{csp_medios}";
        default "{csp}";
    }}
    server {{
        listen 127.0.0.1:{puerto};
        root {raiz};
        set $ople_clase "";
        add_header Cache-Control $ople_cache always;
        add_header X-Content-Type-Options nosniff always;
        add_header Access-Control-Allow-Origin $ople_cors always;
        add_header Content-Security-Policy $ople_csp always;
        # The publisher replaces the pointer by rename: a cached descriptor would keep the old
        # one for open_file_cache_valid (60 s), beyond the pointer's 5 s.
        location = /current.json {{ set $ople_clase puntero; open_file_cache off; }}
        # the latest cut's stable address and the mutable files beside the cuts (ADR 0030)
        location /cortes/ultimo/ {{
            alias {raiz}/ultimo/;
            set $ople_clase puntero;
            open_file_cache off;
        }}
        location /estado/ {{ set $ople_clase puntero; open_file_cache off; }}
        location = /cortes.html {{ set $ople_clase puntero; open_file_cache off; }}
        location = /seccion {{
            set $ople_clase puntero;
            if ($arg_numero ~ "^0*([0-9]{{1,6}})$") {{
                return 302 /cortes/ultimo/secciones/$1.html;
            }}
            return 302 /cortes/ultimo/index.html;
        }}
        location /cortes/ {{
            set $ople_clase inmutable;
            location ~ \\.(sig|pem)$ {{ set $ople_clase inmutable; default_type text/plain; }}
        }}
        location /imagenes/ {{ set $ople_clase medio; }}
        location ~ /\\. {{ return 404; }}
        location / {{ return 404; }}
    }}
}}
"""


# The answers nginx itself gives in front of the app, in Spanish: a page, or the APIs' JSON
# (`{"error": {"codigo", "mensaje"}}`, ople.core.errores) under their paths.
_ERRORES_APP = {
    413: ("demasiado_grande", "La solicitud excede el tamaño máximo permitido."),
    502: ("no_disponible", "El servicio no está disponible en este momento; vuelva a intentarlo."),
}

PLANTILLA_APP = """\
http {{
{temporales}\
    map $uri $ople_formato {{
        ~^/(prep/)?api/ json;
        default html;
    }}
    server {{
        listen 127.0.0.1:{puerto};
        # Bodies are read whole before the app sees the request; a client that sends nothing
        # for client_body_timeout is dropped (nginx closes the connection). The cap is the app's
        # largest body (DATA_UPLOAD_MAX_MEMORY_SIZE): a larger one is refused here, in Spanish.
        proxy_request_buffering on;
        client_max_body_size {tope_cuerpo};
        client_body_buffer_size 128k;
        client_body_timeout {espera_cuerpo}s;
        client_header_timeout {espera_cuerpo}s;
        send_timeout 60s;
        proxy_buffering on;
        proxy_read_timeout 60s;
        # The client's address replaces whatever the client sent in these headers: X-Real-IP for
        # OPLE_CLIENT_IP_HEADER, X-Forwarded-For (its first address) for
        # OPLE_UBICA_CONFIAR_X_FORWARDED_FOR.
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_set_header X-Forwarded-Proto $scheme;
{paginas_de_error}\
        location / {{ proxy_pass http://{app}; }}
        # The CATD page takes a batch of scans in one form (OPLE_MAX_REQUEST_BYTES).
        location /prep/catd/ {{ client_max_body_size {tope_lote}; proxy_pass http://{app}; }}
{ubicaciones_de_error}\
    }}
}}
"""


def _errores_app() -> tuple[str, str]:
    paginas, ubicaciones = [], []
    for estado, (codigo, mensaje) in _ERRORES_APP.items():
        estados = "502 503 504" if estado == 502 else str(estado)
        paginas.append(f"        error_page {estados} /.ople-error/{estado}-$ople_formato;\n")
        json = f'{{"error": {{"codigo": "{codigo}", "mensaje": "{mensaje}"}}}}'
        html = (
            '<!doctype html><html lang="es-MX"><meta charset="utf-8"><title>ople</title>'
            f"<h1>Error {estado}</h1><p>{mensaje}</p></html>"
        )
        for formato, tipo, cuerpo in (
            ("json", "application/json", json),
            ("html", "text/html; charset=utf-8", html),
        ):
            ubicaciones.append(
                f"        location = /.ople-error/{estado}-{formato} {{ internal; "
                f"default_type \"{tipo}\"; return {estado} '{cuerpo}'; }}\n"
            )
    return "".join(paginas), "".join(ubicaciones)


def configuracion_app(
    *,
    puerto: int,
    app: str,
    tmp: Path,
    tope_cuerpo: int,
    tope_lote: int | None = None,
    espera_cuerpo: int = 20,
    trabajadores: int = 1,
) -> str:
    """The buffering reverse proxy on 127.0.0.1:`puerto` in front of `ople serve` at `app`
    (host:port). `tope_cuerpo`: the largest body in bytes the app accepts (see
    docs/servir.md); `tope_lote`: the largest CATD batch (OPLE_MAX_REQUEST_BYTES; by default
    `tope_cuerpo`); `espera_cuerpo`: seconds a client may send nothing before it is dropped."""
    paginas, ubicaciones = _errores_app()
    return _preambulo(tmp=tmp, trabajadores=trabajadores) + PLANTILLA_APP.format(
        temporales=TEMPORALES.format(tmp=tmp),
        puerto=puerto,
        app=app,
        tope_cuerpo=tope_cuerpo,
        tope_lote=tope_cuerpo if tope_lote is None else tope_lote,
        espera_cuerpo=espera_cuerpo,
        paginas_de_error=paginas,
        ubicaciones_de_error=ubicaciones,
    )


def _preambulo(*, tmp: Path, trabajadores: int) -> str:
    usuario = "user root;\n" if os.geteuid() == 0 else ""
    return PREAMBULO.format(usuario=usuario, trabajadores=trabajadores, tmp=tmp)


def configuracion(*, raiz: Path, puerto: int, tmp: Path, trabajadores: int = 1) -> str:
    return _preambulo(tmp=tmp, trabajadores=trabajadores) + PLANTILLA.format(
        temporales=TEMPORALES.format(tmp=tmp),
        mime="/etc/nginx/mime.types",
        puerto=puerto,
        raiz=raiz,
        csp=_csp.cabecera(_csp.BASE),
        csp_medios=_csp.cabecera(_csp.ampliar(_csp.BASE, _csp.MEDIOS)),
    )
