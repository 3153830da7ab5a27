from django.apps import AppConfig


class CandidaturasConfig(AppConfig):
    name = "ople.candidaturas"
    label = "candidaturas"
    verbose_name = "Registro de candidaturas y Conóceles"

    def ready(self) -> None:
        from ople.candidaturas import perfil  # noqa: F401  (registers the [candidaturas] section)
