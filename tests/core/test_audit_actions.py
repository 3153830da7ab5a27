"""Audit actions are declared by the app that records them; the audit tables have one owner.

When a branch adds an action, `test_every_recorded_action_is_declared` names it (file, line
and action): declare it, with a one-line Spanish description, in ACTIONS of
`src/ople/<app>/audit_actions.py`.
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection, transaction

from ople.core import audit, selectors
from ople.core.models import AuditEvent, AuditHead

SRC = Path(audit.__file__).resolve().parents[1]  # src/ople


def _action_literals(node: ast.expr) -> list[str | re.Pattern[str]]:
    """The strings an `action=` argument can take: literals, both arms of `a if c else b`,
    and an f-string as a pattern (its formatted parts match any name)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _action_literals(node.body) + _action_literals(node.orelse)
    if isinstance(node, ast.JoinedStr):
        partes = [
            re.escape(p.value) if isinstance(p, ast.Constant) else r"[a-z0-9_]+"
            for p in node.values
        ]
        return [re.compile("".join(partes))]
    return []


def _recorded_actions() -> list[tuple[str, int, str | re.Pattern[str]]]:
    """(file, line, action) of every `action=` / `accion=` keyword and `"action": …` key in the source
    but argparse's `add_argument(action=…)`."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = str(path.relative_to(SRC.parent))
        for node in ast.walk(tree):
            valores: list[ast.expr] = []
            if isinstance(node, ast.Call):
                func = node.func
                nombre = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if nombre == "add_argument":
                    continue
                # `accion=`: ople.publicacion.publicar's name for the cut's audit action
                valores = [k.value for k in node.keywords if k.arg in ("action", "accion")]
            elif isinstance(node, ast.Dict):
                valores = [
                    v
                    for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant) and k.value == "action"
                ]
            for valor in valores:
                found += [(rel, valor.lineno, a) for a in _action_literals(valor)]
    return found


def test_every_recorded_action_is_declared():
    declared = audit.declared_actions()
    found = _recorded_actions()
    assert len(found) > 30  # the scan sees the services (a broken scan must not pass)
    missing = [
        f"{archivo}:{linea}: {a if isinstance(a, str) else a.pattern}"
        for archivo, linea, a in found
        if (a not in declared if isinstance(a, str) else not any(map(a.fullmatch, declared)))
    ]
    assert not missing, (
        "acciones de bitácora sin declarar (añádelas a <app>/audit_actions.py):\n"
        + ("\n".join(missing))
    )


def test_every_declared_action_is_recorded_somewhere():
    found = _recorded_actions()
    literales = {a for _, _, a in found if isinstance(a, str)}
    patrones = [a for _, _, a in found if not isinstance(a, str)]
    sobrantes = [
        a
        for a in audit.declared_actions()
        if a not in literales and not any(p.fullmatch(a) for p in patrones)
    ]
    assert not sobrantes, f"acciones declaradas que ningún código registra: {sobrantes}"


def test_each_app_declares_its_own_actions_with_a_description():
    por_app = {c.label: c for c in apps.get_app_configs() if c.name.startswith("ople.")}
    declared = audit.declared_actions()
    for action, descripcion in declared.items():
        app, _, nombre = action.partition(".")
        assert app in por_app and nombre, action
        assert descripcion.strip() and descripcion[0].isupper(), action
    # The apps that record today: each declares in its own module.
    assert {a.partition(".")[0] for a in declared} >= {"core", "prep", "catalog", "simulacro"}


def test_catalog_import_actions_cover_every_import_kind():
    from ople.catalog.services import TIPOS_IMPORTACION

    for tipo in TIPOS_IMPORTACION:
        audit.check_action(f"catalog.importar_{tipo}")


@pytest.mark.django_db
def test_record_refuses_an_undeclared_action_and_writes_nothing():
    with transaction.atomic():
        audit.record(actor=None, action="core.usuario_demo")
    cabeza = selectors.audit_head()
    with pytest.raises(audit.UndeclaredAction, match="no declarada: 'prep.inventada'") as e:
        with transaction.atomic():
            audit.record(actor=None, action="prep.inventada", after={"x": 1})
    assert "ople/prep/audit_actions.py" in str(e.value)
    with pytest.raises(audit.UndeclaredAction):
        with transaction.atomic():
            audit.record_many(
                [
                    dict(actor=None, action="core.login"),
                    dict(actor=None, action="sin_app"),
                ]
            )
    with pytest.raises(audit.UndeclaredAction):
        audit.chain_events([dict(actor=None, action="")], 0, "0" * 64)
    assert selectors.audit_head() == cabeza
    assert AuditEvent.objects.count() == 1
    assert audit.verify_log() is None


@pytest.mark.django_db
def test_audit_head_selector():
    assert selectors.audit_head() == (0, "0" * 64)
    with transaction.atomic():
        eventos = audit.record_many(
            [dict(actor=None, action="core.login"), dict(actor=None, action="core.logout")]
        )
    assert selectors.audit_head() == (2, eventos[-1].hash)
    assert AuditHead.objects.get(id=1).hash == eventos[-1].hash


@pytest.mark.django_db
def test_fast_path_statements_append_what_record_many_would():
    """The PostgreSQL statements `core.audit` lends the intake's group commit: the same chain
    as `record_many`, in one round trip after the head's lock."""
    if connection.vendor != "postgresql":
        pytest.skip("sentencias de PostgreSQL")
    items = [
        dict(actor=None, actor_label="dispositivo 3", action="core.login", after={"ñ": 1}),
        dict(actor=None, action="core.logout", object_type="x", object_id=5),
    ]

    def contenido():
        return [
            (e.seq, e.actor_label, e.action, e.object_type, e.object_id, e.after)
            for e in AuditEvent.objects.order_by("seq")
        ]

    with transaction.atomic():
        audit.record(actor=None, action="core.usuario_demo")
    with transaction.atomic():
        audit.record_many(items)
        esperado = contenido()
        transaction.set_rollback(True)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(audit.head_lock_sql())
            seq, previo = cursor.fetchone()
            cursor.execute("; ".join(audit.append_sql()), audit.append_params(items, seq, previo))
    assert contenido() == esperado  # hashes differ only by created_at: verify_log checks them
    assert selectors.audit_head() == (3, AuditEvent.objects.get(seq=3).hash)
    assert audit.verify_log() is None


def test_no_app_but_core_names_the_audit_tables():
    """Only `core` reads or writes the audit tables (models, SQL, table names)."""
    prohibidos = re.compile(r"AuditHead|AuditEvent|core_audithead|core_auditevent")
    fuera = [
        f"{p.relative_to(SRC.parent)}:{n}"
        for p in sorted(SRC.rglob("*.py"))
        if p.relative_to(SRC).parts[0] != "core"
        for n, linea in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if prohibidos.search(linea)
    ]
    assert not fuera, fuera


def test_an_app_may_declare_only_its_own_actions(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from django.core.exceptions import ImproperlyConfigured

    paquete = tmp_path / "ajena"
    paquete.mkdir()
    (paquete / "__init__.py").write_text("")
    (paquete / "audit_actions.py").write_text('ACTIONS = {"prep.intake": "Robada."}\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    app = SimpleNamespace(name="ajena", label="ajena")
    monkeypatch.setattr(audit.apps, "get_app_configs", lambda: [app])
    with pytest.raises(ImproperlyConfigured, match="'prep.intake' debe empezar por 'ajena.'"):
        audit.declared_actions.__wrapped__()
    (paquete / "audit_actions.py").write_text('ACTIONS = {"ajena.algo": "Algo."}\n')
    monkeypatch.delitem(__import__("sys").modules, "ajena.audit_actions")
    assert audit.declared_actions.__wrapped__() == {"ajena.algo": "Algo."}
