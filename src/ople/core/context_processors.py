from django.conf import settings

from .roles import role_names


def ople(request):
    return {
        "OPLE_DEMO": settings.DEMO,
        "ople_roles": role_names(getattr(request, "user", None)),
    }
