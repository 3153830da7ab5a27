from django.apps import AppConfig


class PrepConfig(AppConfig):
    name = "ople.prep"
    label = "prep"
    verbose_name = "PREP"
