"""The registries: the platform (`core`, `config`, `cli.py`) names no system; what the apps
declare is consistent; the PREP's groups survive on a database migrated before they moved."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.urls import resolve

from ople.core import registry
from ople.core.testing import make_user

SRC = Path(registry.__file__).resolve().parents[1]  # src/ople
PLATFORM_FILES = sorted(
    [
        *(p for p in (SRC / "core").rglob("*") if p.suffix in {".py", ".html", ".js", ".css"}),
        *(SRC / "config").rglob("*.py"),
        SRC / "cli.py",
    ]
)


# Where a platform file may still hold a forbidden word, and why. Each entry must still be
# needed (the test fails when it is not), so the list only shrinks.
KNOWN = {
    # A coincidence: the second-factor step of core's own login audit data, not the role.
    ("core/services.py", "verificacion"),
    # Not a system: the platform's publication app (a platform layer in the import contracts,
    # installed through SISTEMAS for its model) and PUBLISH_ROOT's default directory `var/publicacion`.
    ("config/settings.py", "publicacion"),
    # Not a system either: the platform's documents app; the default verification URL of its
    # QR codes is its own public prefix (decision 0056).
    ("config/settings.py", "/documentos/"),
}


def _forbidden() -> dict[str, str]:
    """What would name a system, derived from the systems' own declarations: word -> why."""
    words: dict[str, str] = {}
    for d in registry.systems():
        why = f"declarado por {d.app}"
        words[d.nombre] = why
        words[d.app] = why
        words.update((role.name, why) for role in d.roles)
        words.update((user.username, why) for user in d.demo_users)
        urls = [
            *(f"/{u.prefix}" for u in d.urls if u.prefix),
            *d.public_prefixes,
            *d.back_office_prefixes,
            *(t.url for t in d.tools),
            *(link.url for link in d.public_links),
            *(u.path for u in d.demo_urls),
        ]
        words.update((url, why) for url in urls)
        for command in d.citizen_commands:
            words["ople " + " ".join(command)] = why
            if len(command) > 1:
                words["_".join(command)] = why
        words.update((c.args[0], why) for c in d.demo_commands)
        words.update((action, why) for action in d.audit_actions)
    return words


def _hits(text: str, words: dict[str, str]) -> list[str]:
    found = []
    for word in words:
        # A name is a whole word (not inside another one); a URL prefix is any occurrence.
        edge = r"(?<![\w/])" if word[:1].isalnum() else ""
        tail = r"(?![\w])" if word[-1:].isalnum() else ""
        if re.search(edge + re.escape(word) + tail, text, flags=re.IGNORECASE):
            found.append(word)
    return found


def test_the_platform_names_no_system():
    words = _forbidden()
    # The derivation works: it holds what the PREP declared (a role, a prefix, a command).
    assert {"prep", "captura", "/prep/catd/", "ople prep audit", "/ubica"} <= set(words)
    assert len(PLATFORM_FILES) > 20
    problems, known_seen = [], set()
    for path in PLATFORM_FILES:
        relative = str(path.relative_to(SRC))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for word in _hits(line, words):
                if (relative, word) in KNOWN:
                    known_seen.add((relative, word))
                else:
                    problems.append(f"{relative}:{number}: «{word}» ({words[word]})")
    assert problems == []
    assert known_seen == KNOWN


def test_the_check_finds_a_system_named_in_the_platform():
    words = _forbidden()
    assert "/prep/catd/" in _hits('    "/prep/catd/",', words)
    assert "prep" in _hits("from ople.prep.api_wsgi import con_ruta_directa", words)
    assert _hits('ROLES = ["captura"]', words) == ["captura"]
    assert _hits("preparar la captura_previa", words) == []


def test_declarations_are_consistent():
    names = [d.app for d in registry.declarations()]
    assert names[-1] == registry.PLATFORM and len(set(names)) == len(names)
    installed = {config.name for config in django_apps.get_app_configs()}
    assert set(names) <= installed
    roles = registry.roles()
    assert set(registry.second_factor_roles()) >= {  # systems may add theirs
        "supervision",
        "coordinacion",
        "administracion",
        "representante_partido",
        "computos_presidencia",  # they decide and certify a cómputo's figures
        "computos_secretaria",
        "paquetes_supervision",
    }
    assert registry.second_factor_roles() == {r.name for r in roles.values() if r.second_factor}
    for tool in registry.tools():
        assert tool.roles <= set(roles), tool
    for user in registry.demo_users():
        assert set(user.roles) <= set(roles), user
    for dotted in (*registry.wsgi_wrappers(), *(b.iniciar for b in registry.demo_backgrounds())):
        assert callable(registry.resolve(dotted))
    for middleware in registry.middleware():
        module, _, name = middleware.rpartition(".")
        assert hasattr(importlib.import_module(module), name)


def test_every_declared_url_is_served():
    for url in [t.url for t in registry.tools()] + [link.url for link in registry.public_links()]:
        assert resolve(url)


@pytest.mark.django_db
def test_prep_groups_migration_keeps_existing_groups_and_members():
    """A database migrated before the split already has the groups (core's 0002 made them) and
    people in them: the PREP's migration creates what is missing and leaves the rest alone."""
    migracion = importlib.import_module("ople.prep.migrations.0008_roles")
    captura = Group.objects.get(name="captura")
    persona = make_user("cap-antigua", "captura")
    Group.objects.filter(name="acopio").delete()  # one missing, as on a partly set-up database

    migracion.crear_grupos(django_apps, None)

    assert Group.objects.get(name="captura").pk == captura.pk
    assert list(Group.objects.get(name="captura").user_set.all()) == [persona]
    assert set(migracion.ROLES) <= set(Group.objects.values_list("name", flat=True))
    # The PREP's migration creates exactly the PREP's declared roles (other systems declare theirs).
    assert set(migracion.ROLES) == {
        r.name for r in importlib.import_module("ople.prep.registro").DECLARACION.roles
    }

    migracion.quitar_grupos(django_apps, None)  # undoing removes only the empty groups
    assert set(Group.objects.filter(name__in=migracion.ROLES).values_list("name", flat=True)) == {
        "captura"
    }


def test_the_declarations_load_without_django():
    """`cli.py` reads the citizen commands, and settings.py the apps, before Django is set up."""
    programa = (
        "import sys; from ople.core import registry; registry.declarations(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    salida = subprocess.run(
        [sys.executable, "-c", programa], capture_output=True, text=True, check=True
    ).stdout
    assert salida.strip() == "[]"
    assert ("prep", "audit") in registry.citizen_commands()
