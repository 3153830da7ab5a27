from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "ople · administración"
admin.site.site_title = "ople"
admin.site.index_title = "Administración"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("catalogo/", include("ople.catalog.urls")),
    path("prep/", include("ople.prep.urls")),
    path("casilla/", include("ople.casilla.urls")),
    path("", include("ople.lookup.urls")),
    path("", include("ople.core.urls")),
]
