"""The nginx locations that serve the verification pages in production (ADR 0056). Pure.

`ubicaciones(raiz)` is the text to put in the public `server` block whose address is
`OPLE_DOCUMENTOS_URL_VERIFICACION`; `raiz` is the site's directory, `PUBLISH_ROOT/documentos`.
`/documentos/<sha256>` is `paginas/<sha256>.html` (written once: cached a year); an unknown
fingerprint gets `paginas/no-encontrado.html` with status 404 (cached a minute: the document may
be issued a minute later); `/documentos/cortes/…`, `current.json` and `almacen/…` are the site's
signed cuts and store; dot files are never served.
"""

from __future__ import annotations

from pathlib import Path


def ubicaciones(raiz: Path | str) -> str:
    raiz = str(raiz).rstrip("/")
    paginas = f"{raiz}/paginas"
    return f"""\
location ~ "^/documentos/([0-9a-f]{{64}})$" {{
    root {paginas};
    default_type text/html;
    charset utf-8;
    try_files /$1.html =404;
    add_header Cache-Control "public, max-age=31536000, immutable";
    error_page 404 /.ople-documentos/no-encontrado.html;
}}
location = /documentos/estilo.css {{
    alias {paginas}/estilo.css;
    add_header Cache-Control "public, max-age=3600";
}}
location = /.ople-documentos/no-encontrado.html {{
    internal;
    alias {paginas}/no-encontrado.html;
    default_type text/html;
    charset utf-8;
    add_header Cache-Control "public, max-age=60" always;
}}
location /documentos/ {{
    alias {raiz}/;
    charset utf-8;
    error_page 404 /.ople-documentos/no-encontrado.html;
    location ~ /\\. {{ return 404; }}
    location ~ "^/documentos/paginas/" {{ return 404; }}
}}
"""
