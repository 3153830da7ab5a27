from django.urls import path, re_path

from ople.prep import api, views_catd

app_name = "prep"

urlpatterns: list = [
    # PREP Casilla API v1 (intake)
    path("api/v1/enrolamiento", api.enrolamiento, name="api_enrolamiento"),
    path("api/v1/dispositivo", api.dispositivo, name="api_dispositivo"),
    path("api/v1/actas", api.actas, name="api_actas"),
    path("api/v1/openapi.json", api.openapi, name="api_openapi"),
    re_path(r"^api/(?P<resto>.*)$", api.no_encontrado),
    # CATD and device enrolment (intake)
    path("catd/", views_catd.catd, name="catd"),
    path("dispositivos/", views_catd.dispositivos_view, name="dispositivos"),
]
