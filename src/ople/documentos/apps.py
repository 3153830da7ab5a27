from django.apps import AppConfig


class DocumentosConfig(AppConfig):
    name = "ople.documentos"
    label = "documentos"
    verbose_name = "Documentos"
