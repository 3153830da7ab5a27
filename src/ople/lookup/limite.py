"""Per-client request limit of Ubica (the JSON API and the search page's queries).

A window of ``UBICA_VENTANA_SEGUNDOS`` (default 60, starting with the client's first query)
allows ``UBICA_LIMITE`` queries (default 120) per client address, counted by the platform's
rate limiter (ople.core.limiter: Redis or the database, shared by every worker and server);
0 disables the limit. The address is the project's one (ople.core.client_address).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from ople.core import limiter
from ople.core.client_address import client_address


def segundos_de_espera(request: HttpRequest) -> int:
    """Count this query; return 0 if allowed, else the seconds until the window ends."""
    limite = int(getattr(settings, "UBICA_LIMITE", 120))
    if limite <= 0:
        return 0
    ventana = max(int(getattr(settings, "UBICA_VENTANA_SEGUNDOS", 60)), 1)
    golpe = limiter.hit(limiter.counter_name("ubica", client_address(request)), window=ventana)
    return golpe.retry_after if golpe.over(limite) else 0
