from django.urls import path, re_path

from ople.prep import api, views_captura, views_catd, views_supervision
from ople.prep.publish import vistas as publicacion

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
    # Capture (double-blind) and supervision
    path("captura/", views_captura.captura, name="captura"),
    path("captura/liberar/", views_captura.liberar, name="captura_liberar"),
    path("captura/imagen/<str:sha256>/", views_captura.imagen, name="captura_imagen"),
    path("supervision/", views_supervision.tablero, name="supervision"),
    path("supervision/conflictos/", views_supervision.conflictos, name="supervision_conflictos"),
    path(
        "supervision/conflictos/<int:acta_id>/",
        views_supervision.decidir,
        name="supervision_decidir",
    ),
    path(
        "supervision/correccion/<int:acta_id>/",
        views_supervision.decidir,
        {"modo": "correccion"},
        name="supervision_corregir",
    ),
    path("supervision/sin-acta/", views_supervision.sin_acta, name="supervision_sin_acta"),
    # Publication (static cuts; served by Django only for the demo)
    path("current.json", publicacion.puntero, name="puntero"),
    path("", publicacion.actual, name="inicio_publico"),
    path("resultados/", publicacion.actual, name="resultados"),
    re_path(r"^cortes/ultimo/(?P<ruta>.*)$", publicacion.ultimo, name="corte_ultimo"),
    re_path(r"^cortes/(?P<ruta>.*)$", publicacion.archivo, name="corte_archivo"),
    re_path(r"^estado/(?P<ruta>[0-9]{8}_[0-9]{4}\.css)$", publicacion.estado, name="corte_estado"),
    path("cortes.html", publicacion.indice_cortes, name="cortes"),
    path("seccion", publicacion.buscar_seccion, name="buscar_seccion"),
    re_path(r"^imagenes/(?P<ruta>.*)$", publicacion.imagen, name="corte_imagen"),
]
