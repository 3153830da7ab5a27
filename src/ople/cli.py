"""The `ople` command: Django's management commands plus `ople serve`.

`ople load-x arg` runs the `load_x` management command; dashes in the first word become
underscores. `ople sistema un-comando` runs `sistema_un_comando` when that command exists. `ople serve --port N` runs the production server (gunicorn, static files by
whitenoise). `ople demo` sets OPLE_DEMO=1 unless it is already set.
"""

from __future__ import annotations

import os
import sys

# A server's secret key signs sessions and CSRF tokens: at least Django's own minimum length for
# `check --deploy` (security.W009), and not a short pattern repeated.
SECRET_KEY_MIN_CHARS = 50
SECRET_KEY_MIN_DISTINCT = 10


def secret_key_weakness(key: str) -> str | None:
    """Why `key` is too weak for a server (a Spanish phrase), or None when it is acceptable."""
    if len(key) < SECRET_KEY_MIN_CHARS:
        return f"tiene {len(key)} caracteres y se requieren al menos {SECRET_KEY_MIN_CHARS}"
    distintos = len(set(key))
    if distintos < SECRET_KEY_MIN_DISTINCT:
        return (
            f"tiene sólo {distintos} caracteres distintos y se requieren al menos "
            f"{SECRET_KEY_MIN_DISTINCT}"
        )
    if key.startswith("django-insecure-"):
        return "es una clave de desarrollo de Django (django-insecure-)"
    return None


def serve(*, host: str, port: int, workers: int, threads: int) -> int:
    """Collect static files and run gunicorn in this process until it is stopped (Ctrl-C)."""
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    debilidad = secret_key_weakness(settings.SECRET_KEY)
    if debilidad:
        print(
            f"ople: OPLE_SECRET_KEY es demasiado débil: {debilidad} (genere una con "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))').",
            file=sys.stderr,
        )
        return 2
    call_command("collectstatic", interactive=False, verbosity=0)
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "ople.config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        # Threads, not forks, per request: the acta intake's group commit gathers the uploads
        # that are in flight in one process (docs/prep-intake.md, "Throughput").
        "--worker-class",
        "gthread",
        "--backlog",
        "2048",
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
        # gunicorn's control socket defaults to one path in the home folder for every server of
        # the user: a second server took it over and stopping either removed it for the other.
        # ople serve is run and stopped by signals (docs/servir.md); no control socket.
        "--no-control-socket",
    ]
    arbiter_pid = os.getpid()
    code = 0
    try:
        run()
    except SystemExit as exc:  # gunicorn exits through sys.exit
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    if os.getpid() != arbiter_pid:
        # A forked worker unwinding: it must not run the caller's code after serve().
        os._exit(code)
    return code


def _serve(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="ople serve", description="Servidor de producción")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--host", default=os.environ.get("OPLE_HOST", "127.0.0.1"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("OPLE_WORKERS", "3")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("OPLE_THREADS", "8")))
    args = parser.parse_args(argv)
    return serve(host=args.host, port=args.port, workers=args.workers, threads=args.threads)


def _compound_command(argv: list[str]) -> list[str]:
    """`ople sistema un-comando` -> `sistema_un_comando` when such a command exists."""
    if len(argv) < 2 or argv[1].startswith("-"):
        return argv
    import django
    from django.core.management import get_commands

    try:
        django.setup()
    except Exception:
        return argv  # let Django report the configuration error itself
    compound = f"{argv[0]}_{argv[1].replace('-', '_')}"
    if compound in get_commands():
        return [compound, *argv[2:]]
    return argv


# What a citizen or an auditor runs on downloaded data with no server configured (each system
# declares its `citizen_commands`, ople.core.registry): these commands sign nothing and open no
# session, so a secret key made for this one process is as good as a configured one. A run
# against the configured database (--base-configurada) is the institute's, not a citizen's.
_CON_CONFIGURACION = {"--base-configurada", "--base_configurada"}


def _sin_configuracion(argv: list[str]) -> bool:
    palabras = tuple(a.replace("-", "_") for a in argv[:2] if not a.startswith("-"))
    if palabras[:1] and "_" in palabras[0]:  # system_command, system-command
        palabras = tuple(palabras[0].split("_", 1))
    if _CON_CONFIGURACION.intersection(argv):
        return False
    from ople.core import registry  # no Django: read before settings exist

    sin_configuracion = registry.citizen_commands()
    return palabras[:1] in sin_configuracion or palabras[:2] in sin_configuracion


_AYUDA = ([], ["help"], ["--help"], ["-h"])


def ayuda() -> str:
    """`ople help`: ople's own commands by system, as typed (`ople sistema comando`), with their
    descriptions; Django's own commands are left to `ople help --django`."""
    from django.core.management import get_commands, load_command_class

    from ople.core import registry

    apps = {d.app: d.nombre for d in registry.declarations()}
    grupos: dict[str, list[tuple[str, str]]] = {}
    for nombre, app in sorted(get_commands().items()):
        if app not in apps:
            continue
        sistema = apps[app]
        partes = nombre.split("_", 1)
        escrito = " ".join(partes) if partes[0] == sistema and len(partes) == 2 else nombre
        escrito = escrito.replace("_", "-")
        descripcion = " ".join((load_command_class(app, nombre).help or "").split())
        if len(descripcion) > 90 and ". " in descripcion:  # the first sentence is enough here
            descripcion = descripcion.split(". ")[0] + "."
        grupos.setdefault(sistema, []).append((escrito, descripcion))
    lineas = [
        "Uso: ople <comando> [opciones]     (ayuda de un comando: ople help <comando>)",
        "",
        "  serve                 servidor de producción (gunicorn)",
    ]
    for sistema in apps.values():  # in the systems' order, the platform's last
        if not (comandos := grupos.get(sistema)):
            continue
        lineas += ["", f"{'plataforma' if sistema == 'core' else sistema}:"]
        ancho = max(len(c) for c, _ in comandos) + 2
        lineas += [f"  {c:<{ancho}}{d}" for c, d in comandos]
    lineas += ["", "Los comandos internos de Django: ople help --django"]
    return "\n".join(lineas)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ople.config.settings")
    if argv in _AYUDA or argv == ["help", "--django"]:
        _sin_servidor()
        if argv == ["help", "--django"]:
            argv = ["help"]
        else:
            import django

            django.setup()
            print(ayuda())
            return 0
    elif argv[0] == "help":  # `ople help sistema comando`: a command's own help, needs no server
        _sin_servidor()
        argv = ["help", _compound_command([a.replace("-", "_") for a in argv[1:3]])[0]]
    elif _sin_configuracion(argv):
        _sin_servidor()
    from django.core.exceptions import ImproperlyConfigured

    try:
        return _ejecutar(argv)
    except ImproperlyConfigured as exc:
        # A missing or wrong setting is the operator's to fix: its Spanish message, no traceback.
        print(f"ople: configuración incompleta: {exc}", file=sys.stderr)
        return 2


def _sin_servidor() -> None:
    os.environ.setdefault("OPLE_SIN_VAR", "1")  # nothing of a server's var/ is used
    if not os.environ.get("OPLE_SECRET_KEY"):
        import secrets

        os.environ["OPLE_SECRET_KEY"] = secrets.token_urlsafe(50)


def _ejecutar(argv: list[str]) -> int:
    if argv and argv[0] == "serve":
        return _serve(argv[1:])
    if argv and argv[0] == "demo":
        os.environ.setdefault("OPLE_DEMO", "1")
    if argv and not argv[0].startswith("-"):
        argv[0] = argv[0].replace("-", "_")
        argv = _compound_command(argv)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ople", *argv])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
