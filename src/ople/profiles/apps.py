from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "ople.profiles"
    label = "profiles"
    verbose_name = "Perfiles normativos"
