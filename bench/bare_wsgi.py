"""Baseline for bench/intake.py: a WSGI app that only writes the request body to disk.

It reads the body, writes it to a new file under $BARE_DIR, fsyncs it (the same durability the
intake gives an image) and answers 201 with a tiny JSON body. Nothing else: no parsing, no
database. GET answers 200 (readiness probe).
"""

import os
import uuid

DIRECTORIO = os.environ.get("BARE_DIR", "/tmp")


def application(environ, start_response):
    if environ["REQUEST_METHOD"] != "POST":
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]
    largo = int(environ.get("CONTENT_LENGTH") or 0)
    entrada = environ["wsgi.input"]
    ruta = os.path.join(DIRECTORIO, uuid.uuid4().hex)
    fd = os.open(ruta, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        restante = largo
        while restante > 0:
            bloque = entrada.read(min(restante, 65536))
            if not bloque:
                break
            os.write(fd, bloque)
            restante -= len(bloque)
        os.fsync(fd)
    finally:
        os.close(fd)
    cuerpo = b'{"ok": true}'
    start_response(
        "201 Created",
        [("Content-Type", "application/json"), ("Content-Length", str(len(cuerpo)))],
    )
    return [cuerpo]
