from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "ople · administración"
admin.site.site_title = "ople"
admin.site.index_title = "Administración"

# Spanish error pages, and the APIs' JSON under their paths (ople.core.errores).
handler400 = "ople.core.errores.bad_request"
handler403 = "ople.core.errores.permission_denied"
handler404 = "ople.core.errores.page_not_found"
handler500 = "ople.core.errores.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("catalogo/", include("ople.catalog.urls")),
    path("prep/", include("ople.prep.urls")),
    path("casilla/", include("ople.casilla.urls")),
    path("", include("ople.lookup.urls")),
    path("", include("ople.core.urls")),
]
