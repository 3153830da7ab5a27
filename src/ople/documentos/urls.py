"""/documentos/: each issued document's verification page by its SHA-256, and the site's
signed cuts and store (`ople.publicacion`), served from the static files (ADR 0056)."""

from django.urls import path, re_path

from ople.documentos import views
from ople.documentos.services.emision import SITIO
from ople.publicacion.urls import patrones

app_name = "documentos"

urlpatterns = [
    # Exactly as the QR prints it (lower-case hex, no slash), as nginx matches it in production;
    # anything else is the Spanish 404 below (the page's relative links need this address).
    re_path(r"^(?P<sha256>[0-9a-f]{64})$", views.documento, name="documento"),
    path("estilo.css", views.estilo, name="estilo"),
    *patrones(SITIO),
    re_path(r"^(?P<ruta>.+)$", views.no_encontrado),
]
