"""An nginx configuration that serves PUBLISH_ROOT (used by the tests, bench/serve.py and
docs/servir.md): cuts and the shared image store `imagenes/` cached forever (immutable), the
pointer for a few seconds, gzip (the precompressed `.gz` copies of the most visited pages as they
are, `gzip_static`, with `Vary: Accept-Encoding`).

Every header is set once, at server level, so that no location loses one (nginx drops the
inherited `add_header`s of a location that has its own): a location only names its class
(`$ople_clase`) and a map turns class and status into Cache-Control. Only a file that exists
(200, 206, 304) is cacheable; a 404 is `no-store`, so that asking for a cut that does not exist
yet (its name `AAAAMMDD_HHMM` is predictable) cannot leave a year-long 404 in a CDN.
"""

from __future__ import annotations

import os
from pathlib import Path

PLANTILLA = """\
{usuario}worker_processes {trabajadores};
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include {mime};
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/css application/json text/plain text/csv;
    access_log off;
    sendfile on;
    tcp_nopush on;
    open_file_cache max=20000 inactive=60s;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    gzip on;
    gzip_static on;
    gzip_comp_level 1;
    gzip_types text/css application/json text/plain text/csv;
    server_tokens off;
    gzip_vary on;
    map "$ople_clase:$status" $ople_cache {{
        ~^inmutable:(200|206|304)$ "public, max-age=31536000, immutable";
        ~^puntero:(200|206|304)$ "public, max-age=5, must-revalidate";
        default "no-store";
    }}
    map $ople_clase $ople_cors {{
        puntero "*";
        default "";
    }}
    server {{
        listen 127.0.0.1:{puerto};
        root {raiz};
        set $ople_clase "";
        add_header Cache-Control $ople_cache always;
        add_header X-Content-Type-Options nosniff always;
        add_header Access-Control-Allow-Origin $ople_cors always;
        # The publisher replaces the pointer by rename: a cached descriptor would keep the old
        # one for open_file_cache_valid (60 s), beyond the pointer's 5 s.
        location = /current.json {{ set $ople_clase puntero; open_file_cache off; }}
        location /cortes/ {{
            set $ople_clase inmutable;
            location ~ \\.(sig|pem)$ {{ set $ople_clase inmutable; default_type text/plain; }}
        }}
        location /imagenes/ {{ set $ople_clase inmutable; }}
        location ~ /\\. {{ return 404; }}
        location / {{ return 404; }}
    }}
}}
"""


def configuracion(*, raiz: Path, puerto: int, tmp: Path, trabajadores: int = 1) -> str:
    usuario = "user root;\n" if os.geteuid() == 0 else ""
    return PLANTILLA.format(
        usuario=usuario,
        trabajadores=trabajadores,
        tmp=tmp,
        mime="/etc/nginx/mime.types",
        puerto=puerto,
        raiz=raiz,
    )
