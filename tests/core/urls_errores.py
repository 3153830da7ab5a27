"""The project's URLs and error handlers, plus views that fail on purpose (tests/core/test_errores)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from ople.config import urls as proyecto

# The project's handlers (Django's defaults where it sets none).
handler400 = getattr(proyecto, "handler400", "django.views.defaults.bad_request")
handler403 = getattr(proyecto, "handler403", "django.views.defaults.permission_denied")
handler404 = getattr(proyecto, "handler404", "django.views.defaults.page_not_found")
handler500 = getattr(proyecto, "handler500", "django.views.defaults.server_error")


def _sospechosa(request):
    raise SuspiciousOperation("prueba")


def _prohibida(request):
    raise PermissionDenied


def _falla(request):
    raise RuntimeError("prueba de error 500")


urlpatterns = [
    *[path(f"{base}fallas/400", _sospechosa) for base in ("", "api/")],
    *[path(f"{base}fallas/403", _prohibida) for base in ("", "api/")],
    *[path(f"{base}fallas/500", _falla) for base in ("", "api/")],
    *proyecto.urlpatterns,
]
