"""Require a verified second factor for the roles that must have one."""

from django.shortcuts import redirect

from .roles import needs_2fa

EXEMPT_PREFIXES = ("/cuenta/", "/static/", "/prep/", "/ubica", "/api/", "/casilla/", "/catalogo/")


class RequireOTPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and request.path != "/"
            and needs_2fa(user)
            and not user.is_verified()
        ):
            return redirect("core:otp")
        return self.get_response(request)
