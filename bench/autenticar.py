"""In-process micro-benchmark of a PREP Casilla upload's device check.

`dispositivos.autenticar_con_casillas` with the token remembered (warm cache): what every upload
pays to know that its device is still active (docs/prep-intake.md, "Caches"). Run it against a
migrated database of its own, e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench OPLE_SECRET_KEY=… \\
    DJANGO_SETTINGS_MODULE=ople.config.settings PYTHONPATH=src:. python bench/autenticar.py

It enrols one device on first use (the test catalog of tests/prep/datos_intake.py).
"""

import statistics
import time
from datetime import timedelta

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from ople.prep.services import dispositivos  # noqa: E402


def _token() -> str:
    from tests.prep.datos_intake import catalogo_con_actas, supervisor

    cat = catalogo_con_actas()
    codigo = dispositivos.crear_codigo_enrolamiento(
        supervisor=supervisor(),
        etiqueta="bench",
        casillas=list(cat.casillas.values()),
        vigencia=timedelta(hours=1),
    )
    return dispositivos.enrolar_dispositivo(codigo=codigo, nombre="bench").token


def main(llamadas: int = 20_000, corridas: int = 7) -> None:
    settings.OPLE_API_CACHE_S = 3600
    token = _token()
    assert dispositivos.autenticar_con_casillas(token) is not None
    muestras = []
    for _ in range(corridas):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(llamadas):
            dispositivos.autenticar_con_casillas(token)
        muestras.append(
            (
                (time.perf_counter() - t0) / llamadas * 1e6,
                (time.process_time() - c0) / llamadas * 1e6,
            )
        )
    print(
        f"{connection.vendor}: por llamada, mediana de {corridas} × {llamadas}: "
        f"{statistics.median(m[0] for m in muestras):.1f} µs de reloj, "
        f"{statistics.median(m[1] for m in muestras):.1f} µs de CPU"
    )


if __name__ == "__main__":
    main()
