"""/conoceles/: the published cuts (`ople.publicacion.urls.patrones`, the demo's serving;
production: nginx, ADR 0040) and the "¿Quién aparece en mi boleta?" form of a cut, answered from
that cut's sección map.

`patrones` is given the site's name, so each request places the site by the settings of that
moment (tests move PUBLISH_ROOT per test).
"""

from django.urls import path

from ople.candidaturas import views
from ople.publicacion.urls import patrones

SITIO = "conoceles"

app_name = "conoceles"
urlpatterns = [
    path("cortes/<str:corte>/seccion/", views.conoceles_seccion, name="seccion"),
    *patrones(SITIO),
]
