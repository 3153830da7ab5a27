"""Require a verified second factor for the roles that must have one, and for the admin.

A user whose roles need 2FA (declared with `second_factor`; administración, superusers) and whose
session is not yet verified is sent to `core:otp` from every back-office path. Public paths
(those each app declares public in its `registro.py`, and the account pages) stay reachable. The
Django admin requires a verified second factor from every user, and its own login page is
replaced by ople's (rate-limited and audited) login.

Role checks do not rely on this middleware alone: `ople.core.roles.role_names` leaves out the
roles that need 2FA while the request's user is not verified, so services refuse too.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from . import csp, registry
from .roles import needs_2fa

ADMIN_PREFIX = "/admin/"


def is_public(path: str) -> bool:
    """Reachable without a second factor: under a prefix an app declared public and under none
    it declared back office (`ople.core.registry`)."""
    if path == "/":
        return True
    if path.startswith(registry.back_office_prefixes()):
        return False
    return path.startswith(registry.public_prefixes())


def _to(name: str, next_path: str):
    return redirect(f"{reverse(name)}?{urlencode({'next': next_path})}")


class RequireOTPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(ADMIN_PREFIX + "login"):
            return _to("core:login", request.GET.get("next") or ADMIN_PREFIX)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            if path.startswith(ADMIN_PREFIX) or (needs_2fa(user) and not is_public(path)):
                return _to("core:otp", request.get_full_path())
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Every response carries `settings.CONTENT_SECURITY_POLICY` (see `ople.core.csp`), widened
    by what its view asked for with `ampliar_csp` / `@con_csp`, and for an image or a PDF by
    `csp.MEDIOS` (the browser's own viewer)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.process_response(request, self.get_response(request))

    def process_response(self, request, response):
        politica = settings.CONTENT_SECURITY_POLICY
        extra = getattr(response, "csp_extra", None)
        if extra:
            politica = csp.ampliar(politica, extra)
        if csp.es_medio(response.get("Content-Type", "")):
            politica = csp.ampliar(politica, csp.MEDIOS)
        response.headers["Content-Security-Policy"] = csp.cabecera(politica)
        return response


def ampliar_csp(response, extra: csp.Politica):
    """Let this response's policy also allow `extra` (e.g. `{"img-src": ("blob:",)}`)."""
    response.csp_extra = csp.ampliar(getattr(response, "csp_extra", None) or {}, extra)
    return response


def con_csp(extra: csp.Politica):
    """View decorator: `ampliar_csp` on each of the view's responses."""

    def decorador(vista):
        @wraps(vista)
        def envuelta(request, *args, **kwargs):
            return ampliar_csp(vista(request, *args, **kwargs), extra)

        return envuelta

    return decorador
