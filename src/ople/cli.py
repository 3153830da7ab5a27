"""The `ople` command: Django's management commands plus `ople serve`.

`ople load-catalog aguascalientes` runs the `load_catalog` management command; dashes in the
first word become underscores. `ople serve --port N` runs the production server (gunicorn).
"""

from __future__ import annotations

import os
import sys


def _serve(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="ople serve", description="Servidor de producción")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--host", default=os.environ.get("OPLE_HOST", "127.0.0.1"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("OPLE_WORKERS", "3")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("OPLE_THREADS", "4")))
    args = parser.parse_args(argv)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "ople.config.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
    ]
    return run() or 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ople.config.settings")
    if argv and argv[0] == "serve":
        return _serve(argv[1:])
    if argv and not argv[0].startswith("-"):
        argv[0] = argv[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ople", *argv])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
