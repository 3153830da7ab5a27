from django.apps import AppConfig


class SimulacroConfig(AppConfig):
    name = "ople.simulacro"
    label = "simulacro"
    verbose_name = "Simulacro de la jornada"
