"""The audit log as stored: record, verify, and the three kinds of tampering."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from ople.core import audit, audit_chain
from ople.core.models import AuditEvent, AuditHead
from ople.core.testing import make_user

pytestmark = pytest.mark.django_db


def _events(n=5):
    user = make_user("cap1", "captura")
    with transaction.atomic():
        for i in range(1, n + 1):
            audit.record(
                actor=user,
                action="core.usuario_demo",
                obj=user,
                before={"valor": i - 1},
                after={"valor": i, "texto": "ñandú"},
            )
    return user


def _verify_cmd(capsys):
    try:
        call_command("audit", "verify")
        code = 0
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.django_db(transaction=True)
def test_record_requires_a_transaction():
    with pytest.raises(RuntimeError, match="transacción"):
        audit.record(actor=None, action="core.login")


def test_record_chains_events_and_verifies(capsys):
    user = _events(5)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == audit_chain.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert events[2].actor_id == user.pk and events[2].after == {"valor": 3, "texto": "ñandú"}
    assert AuditHead.objects.get().seq == 5
    assert audit.verify_log() is None
    assert _verify_cmd(capsys) == (0, "Bitácora íntegra: 5 eventos\n")


def test_empty_log_verifies(capsys):
    assert _verify_cmd(capsys) == (0, "Bitácora íntegra: 0 eventos\n")


def test_altered_event_through_a_queryset_update_is_named(capsys):
    _events(5)
    AuditEvent.objects.filter(seq=3).update(after={"valor": 300, "texto": "ñandú"})
    broken = audit.verify_log()
    assert broken.seq == 3 and "alterado" in broken.reason
    code, out = _verify_cmd(capsys)
    assert code == 1 and "#3" in out


def test_altered_event_through_raw_sql_is_named(capsys):
    _events(5)
    table = AuditEvent._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {table} SET action = %s WHERE seq = %s", ["prueba.otra", 2])
    assert audit.verify_log().seq == 2
    code, out = _verify_cmd(capsys)
    assert code == 1 and "evento #2" in out


def test_removed_event_is_named(capsys):
    _events(5)
    AuditEvent.objects.filter(seq=4).delete()
    broken = audit.verify_log()
    assert broken.seq == 4 and "elimin" in broken.reason
    code, out = _verify_cmd(capsys)
    assert code == 1 and "#4" in out


def test_removed_last_event_is_named_through_the_head(capsys):
    _events(5)
    AuditEvent.objects.filter(seq=5).delete()
    assert audit.verify_log().seq == 5
    assert _verify_cmd(capsys)[0] == 1


def test_inserted_event_in_the_middle_is_named(capsys):
    """A forged event slipped in at position 3 (later events renumbered to make room)."""
    _events(5)
    for seq in (5, 4, 3):
        AuditEvent.objects.filter(seq=seq).update(seq=seq + 1)
    second = AuditEvent.objects.get(seq=2)
    forged = AuditEvent(
        seq=3,
        created_at=second.created_at,
        actor=None,
        actor_label="intruso",
        action="core.usuario_demo",
        before=None,
        after={"valor": 999},
        prev_hash=second.hash,
    )
    forged.hash = audit_chain.event_hash(second.hash, audit._jsonable(forged.content()))
    forged.save(force_insert=True)
    # The forged event itself hashes correctly; the chain breaks at the event it displaced.
    broken = audit.verify_log()
    assert broken.seq == 4
    code, out = _verify_cmd(capsys)
    assert code == 1 and "#4" in out


def test_forged_event_appended_behind_the_head_is_named(capsys):
    _events(3)
    last = AuditEvent.objects.get(seq=3)
    forged = AuditEvent(
        seq=4,
        created_at=last.created_at,
        actor_label="intruso",
        action="core.usuario_demo",
        prev_hash=last.hash,
    )
    forged.hash = audit_chain.event_hash(last.hash, audit._jsonable(forged.content()))
    forged.save(force_insert=True)
    broken = audit.verify_log()
    assert broken.seq == 4 and "insertado" in broken.reason
    assert _verify_cmd(capsys)[0] == 1


def test_forged_event_with_a_wrong_hash_is_named(capsys):
    _events(3)
    last = AuditEvent.objects.get(seq=3)
    AuditEvent.objects.create(
        seq=4,
        created_at=last.created_at,
        actor_label="intruso",
        action="core.usuario_demo",
        prev_hash=last.hash,
        hash="f" * 64,
    )
    assert audit.verify_log().seq == 4


def test_ople_audit_verify_exit_codes_through_the_console_script(tmp_path):
    """The real `ople audit verify` process: 0 on an intact log, 1 naming the altered event."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    db = tmp_path / "ople.sqlite3"
    env = {
        **os.environ,
        "OPLE_TESTING": "1",
        "OPLE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{db}",
    }
    ople = str(Path(sys.executable).with_name("ople"))
    subprocess.run([ople, "migrate", "-v0"], env=env, check=True)
    script = (
        "import django; django.setup()\n"
        "from django.db import transaction\n"
        "from ople.core import audit\n"
        "with transaction.atomic():\n"
        "    for i in range(3): audit.record(actor=None, action='core.usuario_demo', after={'i': i})\n"
    )
    env_py = {**env, "DJANGO_SETTINGS_MODULE": "ople.config.settings"}
    subprocess.run([sys.executable, "-c", script], env=env_py, check=True)
    ok = subprocess.run([ople, "audit", "verify"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.strip() == "Bitácora íntegra: 3 eventos"
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("UPDATE core_auditevent SET after = '{\"i\": 7}' WHERE seq = 2")
    con.commit()
    con.close()
    bad = subprocess.run([ople, "audit", "verify"], env=env, capture_output=True, text=True)
    assert bad.returncode == 1 and "evento #2" in bad.stderr
