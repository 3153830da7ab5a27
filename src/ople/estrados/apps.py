from django.apps import AppConfig


class EstradosConfig(AppConfig):
    name = "ople.estrados"
    label = "estrados"
    verbose_name = "Estrados y notificaciones electrónicas"

    def ready(self) -> None:
        # Registers the [estrados] section's parser with ople.profiles.
        from ople.estrados import perfil  # noqa: F401

        # The scope kind "notificaciones" keeps accepting any well-formed key (ADR 0027): the
        # resolver `selectors.nombre_de_destinatario` is not registered yet, because core's
        # tests and the demo grant addressee keys before this system has the addressee.
