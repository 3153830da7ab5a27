"""audit.record_many: one head lock for several events, the same chain as record() in order."""

import pytest
from django.db import transaction

from ople.core import audit
from ople.core.models import AuditEvent, AuditHead
from ople.core.testing import make_user

pytestmark = pytest.mark.django_db


def _contenido():
    return [
        (e.seq, e.actor_id, e.actor_label, e.action, e.object_type, e.object_id, e.before, e.after)
        for e in AuditEvent.objects.order_by("seq")
    ]


def test_record_many_writes_what_record_would():
    user = make_user("cap1", "captura")
    items = [
        dict(actor=user, action="core.login", obj=user, after={"i": 1, "texto": "ñandú"}),
        dict(actor=None, actor_label="dispositivo 7", action="core.logout", after={"i": 2}),
        dict(actor=None, action="core.otp_fallido", object_type="x", object_id=9, before={"i": 2}),
    ]
    with transaction.atomic():
        audit.record(actor=None, action="core.usuario_demo")
        uno_a_uno = [audit.record(**i) for i in items]
        esperado = _contenido()
        transaction.set_rollback(True)
    with transaction.atomic():
        audit.record(actor=None, action="core.usuario_demo")
        juntos = audit.record_many(items)
    assert _contenido() == esperado
    assert [e.seq for e in juntos] == [e.seq for e in uno_a_uno] == [2, 3, 4]
    assert juntos[-1].hash == AuditHead.objects.get(id=1).hash
    assert audit.verify_log() is None
    assert audit.record_many([]) == []


@pytest.mark.django_db(transaction=True)
def test_record_many_requires_a_transaction():
    with pytest.raises(RuntimeError, match="transacción"):
        audit.record_many([dict(actor=None, action="core.login")])
