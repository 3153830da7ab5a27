"""The client's address, for the whole project: login limits, audit events, every public limit.

`REMOTE_ADDR` (the connection's peer), or, when `OPLE_CLIENT_IP_HEADER` names a header that a
trusted reverse proxy sets (e.g. `X-Real-IP`, or `X-Forwarded-For`), that header's last address:
the one the proxy in front of the app wrote. Earlier addresses of an `X-Forwarded-For` list come
from the client and could be anything, so they are never used. A header value that is not an IP
address is ignored (`REMOTE_ADDR` then).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN = "desconocida"


def client_address(request: HttpRequest) -> str:
    header = getattr(settings, "OPLE_CLIENT_IP_HEADER", "")
    if header:
        meta_key = "HTTP_" + header.upper().replace("-", "_")
        values = [v.strip() for v in request.META.get(meta_key, "").split(",") if v.strip()]
        if values:
            try:
                return str(ipaddress.ip_address(values[-1][:64]))
            except ValueError:
                pass
    return str(request.META.get("REMOTE_ADDR", "") or UNKNOWN)[:64]
