"""``ople prep <sub> …``: dispatch to the management command ``prep_<sub>``.

``ople prep audit FILE.csv`` runs ``prep_audit``; ``ople prep puesta-en-ceros`` runs
``prep_puesta_en_ceros``; ``ople prep replay …`` runs ``prep_replay``. Dashes become underscores.
Each subcommand keeps its own options and exit status.
"""

from __future__ import annotations

import sys

from django.core.management import get_commands, load_command_class
from django.core.management.base import BaseCommand, CommandError


def subcomandos() -> list[str]:
    return sorted(
        n.removeprefix("prep_").replace("_", "-") for n in get_commands() if n.startswith("prep_")
    )


class Command(BaseCommand):
    help = "Subcomandos del PREP: ople prep <subcomando> [argumentos]. «ople prep ayuda» los lista."

    def run_from_argv(self, argv: list[str]) -> None:
        # argv = [prog, "prep", sub, ...]
        resto = argv[2:]
        if not resto or resto[0] in ("-h", "--help", "ayuda", "help"):
            self.stdout.write(self.help)
            self.stdout.write("Subcomandos disponibles: " + ", ".join(subcomandos()))
            return
        sub = resto[0]
        nombre = "prep_" + sub.replace("-", "_")
        comandos = get_commands()
        if nombre not in comandos:
            self.stderr.write(
                f"Subcomando desconocido: {sub!r}. Disponibles: {', '.join(subcomandos())}"
            )
            sys.exit(2)
        comando = load_command_class(comandos[nombre], nombre)
        comando.run_from_argv([argv[0], f"prep {sub}", *resto[1:]])

    def handle(self, *args: str, **options: object) -> None:
        raise CommandError("Use: ople prep <subcomando> [argumentos]")
