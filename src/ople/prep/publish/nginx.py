"""An nginx configuration that serves PUBLISH_ROOT (used by the tests, bench/serve.py and
docs/servir.md): cuts and the shared image store `imagenes/` cached forever (immutable), the pointer for a few seconds, gzip (the
precompressed `.gz` copies of the most visited pages as they are, `gzip_static`)."""

from __future__ import annotations

import os
from pathlib import Path

from ople.core import csp as _csp

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
    server {{
        listen 127.0.0.1:{puerto};
        root {raiz};
        add_header X-Content-Type-Options nosniff always;
        add_header Content-Security-Policy "{csp}" always;
        location = /current.json {{
            add_header Cache-Control "public, max-age=5, must-revalidate" always;
            add_header Access-Control-Allow-Origin "*" always;
        }}
        location /cortes/ {{
            add_header Cache-Control "public, max-age=31536000, immutable" always;
            add_header X-Content-Type-Options nosniff always;
            add_header Content-Security-Policy "{csp}" always;
            location ~ \\.(sig|pem)$ {{ default_type text/plain; add_header Cache-Control "public, max-age=31536000, immutable" always; }}
        }}
        location /imagenes/ {{
            add_header Cache-Control "public, max-age=31536000, immutable" always;
            add_header X-Content-Type-Options nosniff always;
            add_header Content-Security-Policy "{csp_medios}" always;
        }}
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
        csp=_csp.cabecera(_csp.BASE),  # the policy of ople's own pages; images: their viewer
        csp_medios=_csp.cabecera(_csp.ampliar(_csp.BASE, _csp.MEDIOS)),
    )
