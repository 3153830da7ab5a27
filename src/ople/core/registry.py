"""What each system declares to the platform, and the platform's reads of those declarations.

The platform (`core`, `config`, `cli.py`) names no system: every app lists what it brings in a
`registro.py` module holding `DECLARACION = Declaration(...)` (roles, back-office tools, public
links, URL prefixes, URL include, demo users, citizen commands, fast WSGI routes, middleware,
audit actions, its own settings). The systems are listed once, in `ople.sistemas.SISTEMAS`;
`core` declares its own platform pieces in `ople.core.registro`, read last.

This module imports no Django (nor do the `registro.py` modules): `cli.py` reads the citizen
commands and `settings.py` the installed apps before Django is set up. Callables (a WSGI
wrapper, a demo background process) are named by dotted path, `"module:attribute"`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Role:
    """A Django group that is a role; `second_factor`: its members must verify a TOTP code."""

    name: str
    label: str
    second_factor: bool = False


@dataclass(frozen=True)
class Tool:
    """A back-office tool on the office page (`/oficina/`), shown to holders of `roles`."""

    url: str
    titulo: str
    descripcion: str
    roles: frozenset[str]
    orden: int = 0


@dataclass(frozen=True)
class PublicLink:
    """A link on the public front page."""

    url: str
    titulo: str
    descripcion: str
    orden: int = 0
    resumen: str = ""  # what the system offers, in the front page's opening sentence


@dataclass(frozen=True)
class UrlInclude:
    """`path(prefix, include(module))` in the root URLconf (`prefix` without a leading slash)."""

    prefix: str
    module: str


@dataclass(frozen=True)
class DemoUser:
    username: str
    roles: tuple[str, ...]
    nombre: str
    totp_fijo: bool = False  # gets the published TOTP secret; otherwise enrols on first login
    staff: bool = False
    superuser: bool = False
    orden: int = 0
    cuenta: str = "personal"  # an outside kind (ople.core.accounts) gets an Account and its
    ambitos: tuple[tuple[str, str], ...] = ()  # scopes (kind, key) (decision 0027)


@dataclass(frozen=True)
class DemoUrl:
    """A line of the demo's banner: `path` under the public site or the office."""

    path: str
    descripcion: str
    oficina: bool = False
    orden: int = 0


@dataclass(frozen=True)
class DemoCommand:
    """A management command `ople demo` runs after migrating (e.g. loading demo data)."""

    args: tuple[str, ...]
    aviso: str  # printed before it runs
    # Commands run by this number, then in the systems' order (one that reads another system's
    # demo data runs after it).
    orden: int = 0


@dataclass(frozen=True)
class DemoBackground:
    """A process `ople demo` starts in the background while the server runs.

    `iniciar` ("module:function") is called as `iniciar(base_url=..., speed=...)` and returns a
    `subprocess.Popen` or None; `disponible` ("module:function") says whether it can run.
    `opcion` is the demo's flag that leaves it out (e.g. `--sin-x`).
    """

    etiqueta: str
    opcion: str
    ayuda_opcion: str
    ayuda_velocidad: str
    iniciar: str
    disponible: str


@dataclass(frozen=True)
class Declaration:
    """Everything one app declares. `app` is its module (`ople.x`); `nombre` its short name."""

    app: str
    nombre: str
    roles: tuple[Role, ...] = ()
    tools: tuple[Tool, ...] = ()
    public_links: tuple[PublicLink, ...] = ()
    # For the second-factor middleware: paths under a public prefix are reachable without a
    # verified second factor, unless they are also under a back-office prefix.
    public_prefixes: tuple[str, ...] = ()
    back_office_prefixes: tuple[str, ...] = ()
    urls: tuple[UrlInclude, ...] = ()
    demo_users: tuple[DemoUser, ...] = ()
    demo_urls: tuple[DemoUrl, ...] = ()
    demo_commands: tuple[DemoCommand, ...] = ()
    demo_background: DemoBackground | None = None
    # `ople <words>` a citizen runs without a configured server (see ople.cli).
    citizen_commands: frozenset[tuple[str, ...]] = frozenset()
    # "module:function" taking and returning a WSGI application (config/wsgi.py wraps with each).
    wsgi_wrappers: tuple[str, ...] = ()
    # Middleware placed right after Django's CSRF middleware (settings.MIDDLEWARE).
    middleware: tuple[str, ...] = ()
    # Every `action` this app may record in the audit log.
    audit_actions: frozenset[str] = field(default_factory=frozenset)
    # Path prefixes whose clients read JSON: the server's own errors answer there in JSON.
    json_prefixes: tuple[str, ...] = ()
    # Audit actions whose event records a published cut (its `after` names `manifest_sha256`):
    # `ople audit verify --corte` requires one for every cut it is given.
    publication_actions: frozenset[str] = field(default_factory=frozenset)
    # This system's roles that may read the audit log (administración always may).
    audit_readers: frozenset[str] = field(default_factory=frozenset)
    # Its own Django settings: "module:function", a pure function (no Django import) called as
    # `function(testing=...)` that reads os.environ and returns {setting name: value};
    # settings.py adds them (see `settings` below and docs/configuration.md).
    settings: str = ""


PLATFORM = "ople.core"


def _system_modules() -> tuple[str, ...]:
    from ople.sistemas import SISTEMAS

    return tuple(SISTEMAS)


def system_apps() -> tuple[str, ...]:
    """The systems' Django apps, in installation order (for INSTALLED_APPS)."""
    return _system_modules()


@lru_cache(maxsize=1)
def declarations() -> tuple[Declaration, ...]:
    """Every declaration: the systems' in `SISTEMAS` order, then the platform's."""
    found = []
    for module in (*_system_modules(), PLATFORM):
        declaracion = importlib.import_module(f"{module}.registro").DECLARACION
        if declaracion.app != module:
            raise ValueError(f"{module}.registro declara la aplicación {declaracion.app}")
        found.append(declaracion)
    return tuple(found)


def systems() -> tuple[Declaration, ...]:
    """The declarations of the systems (not the platform's)."""
    return tuple(d for d in declarations() if d.app != PLATFORM)


def _ordered(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda item: item.orden)  # stable: declaration order within a rank


@lru_cache(maxsize=1)
def roles() -> dict[str, Role]:
    found: dict[str, Role] = {}
    for declaracion in declarations():
        for role in declaracion.roles:
            if role.name in found:
                raise ValueError(f"el rol {role.name} está declarado dos veces")
            found[role.name] = role
    return found


@lru_cache(maxsize=1)
def second_factor_roles() -> frozenset[str]:
    return frozenset(r.name for r in roles().values() if r.second_factor)


def audit_readers() -> frozenset[str]:
    return frozenset(r for d in declarations() for r in d.audit_readers)


def tools() -> list[Tool]:
    return _ordered(t for d in declarations() for t in d.tools)


def public_links() -> list[PublicLink]:
    return _ordered(link for d in declarations() for link in d.public_links)


@lru_cache(maxsize=1)
def public_prefixes() -> tuple[str, ...]:
    return tuple(p for d in declarations() for p in d.public_prefixes)


@lru_cache(maxsize=1)
def back_office_prefixes() -> tuple[str, ...]:
    return tuple(p for d in declarations() for p in d.back_office_prefixes)


def url_includes() -> list[UrlInclude]:
    return [u for d in declarations() for u in d.urls]


def demo_users() -> list[DemoUser]:
    return _ordered(u for d in declarations() for u in d.demo_users)


def demo_urls(*, oficina: bool) -> list[DemoUrl]:
    return _ordered(u for d in declarations() for u in d.demo_urls if u.oficina == oficina)


def demo_commands() -> list[DemoCommand]:
    return sorted((c for d in declarations() for c in d.demo_commands), key=lambda c: c.orden)


def demo_backgrounds() -> list[DemoBackground]:
    return [d.demo_background for d in declarations() if d.demo_background is not None]


def citizen_commands() -> frozenset[tuple[str, ...]]:
    return frozenset(c for d in declarations() for c in d.citizen_commands)


def wsgi_wrappers() -> list[str]:
    return [w for d in declarations() for w in d.wsgi_wrappers]


def middleware() -> list[str]:
    return [m for d in declarations() for m in d.middleware]


@lru_cache(maxsize=1)
def audit_actions() -> dict[str, str]:
    """Every declared audit action, with the app that declared it."""
    found: dict[str, str] = {}
    for declaracion in declarations():
        for action in declaracion.audit_actions:
            if action in found:
                raise ValueError(f"la acción {action} está declarada dos veces")
            found[action] = declaracion.app
    return found


def json_prefixes() -> tuple[str, ...]:
    return tuple(p for d in declarations() for p in d.json_prefixes)


def publication_actions() -> frozenset[str]:
    return frozenset(a for d in declarations() for a in d.publication_actions)


def settings(*, testing: bool) -> dict[str, Any]:
    """Every app's own settings (its declared function, given whether tests are running).

    A name two apps declare is refused, as is one not in capitals (Django ignores those).
    """
    found: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for declaracion in declarations():
        if not declaracion.settings:
            continue
        for name, value in resolve(declaracion.settings)(testing=testing).items():
            if not name.isupper():
                raise ValueError(f"{declaracion.app} declara el ajuste {name!r}: van en mayúsculas")
            if name in found:
                raise ValueError(
                    f"el ajuste {name} está declarado por {owner[name]} y por {declaracion.app}"
                )
            found[name], owner[name] = value, declaracion.app
    return found


def resolve(dotted: str) -> Any:
    """The object named by "module:attribute"."""
    module, _, attribute = dotted.partition(":")
    return getattr(importlib.import_module(module), attribute)
