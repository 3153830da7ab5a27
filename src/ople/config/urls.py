from django.contrib import admin
from django.urls import include, path

from ople.core import registry

admin.site.site_header = "ople · administración"
admin.site.site_title = "ople"
admin.site.index_title = "Administración"

# Each system's URLs, as it declares them (ople.core.registry), then the platform's own.
urlpatterns = [
    path("admin/", admin.site.urls),
    *(path(u.prefix, include(u.module)) for u in registry.url_includes()),
    path("", include("ople.core.urls")),
]
