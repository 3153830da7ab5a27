"""A URLconf serving two sites, as two systems' urls.py would (tests only), then the project's."""

from django.urls import include, path

from ople.config.urls import urlpatterns as del_proyecto
from ople.publicacion import sitio_de
from ople.publicacion.urls import patrones

urlpatterns = [
    path("alfa/", include(patrones(sitio_de("alfa")))),
    path("beta/", include(patrones(sitio_de("beta")))),
    *del_proyecto,
]
