from django.contrib import admin
from django.urls import include, path

from ople.core import registry

admin.site.site_header = "ople · administración"
admin.site.site_title = "ople"
admin.site.index_title = "Administración"

# Spanish error pages, and the APIs' JSON under their paths (ople.core.errores).
handler400 = "ople.core.errores.bad_request"
handler403 = "ople.core.errores.permission_denied"
handler404 = "ople.core.errores.page_not_found"
handler500 = "ople.core.errores.server_error"

# Each system's URLs, as it declares them (ople.core.registry), then the platform's own.
urlpatterns = [
    path("admin/", admin.site.urls),
    *(path(u.prefix, include(u.module)) for u in registry.url_includes()),
    path("", include("ople.core.urls")),
]
