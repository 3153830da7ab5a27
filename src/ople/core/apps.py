from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ople.core"
    label = "core"
    verbose_name = "Núcleo: bitácora, roles y acceso"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)


class AutenticadoresConfig(AppConfig):
    """django-otp's TOTP devices, named in Spanish in the admin (its own label is «OTP_TOTP»)."""

    name = "django_otp.plugins.otp_totp"
    label = "otp_totp"
    verbose_name = "Segundo factor (autenticadores TOTP)"
    default_auto_field = "django.db.models.AutoField"
