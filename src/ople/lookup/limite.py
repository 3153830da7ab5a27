"""Per-client request limit for the public lookup API, kept in the cache.

A fixed window of ``UBICA_VENTANA_SEGUNDOS`` (default 60) allows ``UBICA_LIMITE`` requests
(default 120) per client address; 0 disables the limit. With several app servers the cache
must be shared (Redis, ``OPLE_REDIS_URL``) for the limit to be global.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

PREFIJO = "ople:ubica:"


def direccion_cliente(request: HttpRequest) -> str:
    if getattr(settings, "UBICA_CONFIAR_X_FORWARDED_FOR", False):
        reenviada = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if reenviada.strip():
            return reenviada.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "") or "desconocida"


def segundos_de_espera(request: HttpRequest) -> int:
    """Count this request; return 0 if allowed, else the seconds until the window ends."""
    limite = int(getattr(settings, "UBICA_LIMITE", 120))
    if limite <= 0:
        return 0
    ventana = max(int(getattr(settings, "UBICA_VENTANA_SEGUNDOS", 60)), 1)
    ahora = time.time()
    inicio = int(ahora // ventana)
    huella = hashlib.sha256(direccion_cliente(request).encode()).hexdigest()[:24]
    llave = f"{PREFIJO}{huella}:{inicio}"
    cache.add(llave, 0, timeout=ventana + 1)
    try:
        cuenta = cache.incr(llave)
    except ValueError:  # expired between add and incr
        cache.set(llave, 1, timeout=ventana + 1)
        cuenta = 1
    if cuenta > limite:
        return max(int((inicio + 1) * ventana - ahora) + 1, 1)
    return 0
