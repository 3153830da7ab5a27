from django.urls import path

from ople.candidaturas import views

app_name = "candidaturas"
urlpatterns = [
    path("", views.portal, name="portal"),
    path("registrar/", views.registrar, name="registrar"),
    path("lote/", views.lote, name="lote"),
    path("<int:pk>/", views.detalle, name="detalle"),
    path("<int:pk>/documento/", views.subir, name="subir"),
    path("<int:pk>/documento/<int:doc>/", views.documento, name="documento"),
    path("<int:pk>/presentar/", views.presentar, name="presentar"),
    path("<int:pk>/conoceles/", views.ficha, name="ficha"),
    path("revision/", views.revision_inicio, name="revision"),
    path("revision/<int:pk>/", views.revision_detalle, name="revision_detalle"),
    path("revision/<int:pk>/accion/", views.revision_accion, name="revision_accion"),
    path("revision/aprobar/", views.aprobar, name="aprobar"),
    path("revision/coaliciones/", views.coaliciones, name="coaliciones"),
    path("revision/coaliciones/siglado/", views.siglado, name="siglado"),
    path("revision/coaliciones/aspirante/", views.aspirante, name="aspirante"),
    path(
        "revision/coaliciones/aspirante/<int:pk>/",
        views.aspirante_etapa,
        name="aspirante_etapa",
    ),
    path("revision/acuerdo/<int:folio_id>.pdf", views.acuerdo_pdf, name="acuerdo_pdf"),
    path("revision/ficha/<int:pk>/", views.revisar_ficha, name="revisar_ficha"),
    path("revision/conoceles/", views.publicar_conoceles, name="publicar_conoceles"),
]
