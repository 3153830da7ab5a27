from ople.core import audit_chain


def _chain(n):
    prev = audit_chain.GENESIS
    out = []
    for i in range(1, n + 1):
        content = {"seq": i, "action": "x", "after": {"v": i}}
        h = audit_chain.event_hash(prev, content)
        out.append((i, prev, h, content))
        prev = h
    return out


def test_intact_chain_verifies():
    assert audit_chain.verify(_chain(5)) is None


def test_altered_event_is_named():
    events = _chain(5)
    seq, prev, h, content = events[2]
    events[2] = (seq, prev, h, {**content, "after": {"v": 99}})
    broken = audit_chain.verify(events)
    assert broken is not None and broken.seq == 3


def test_removed_event_is_named():
    events = _chain(5)
    del events[1]
    broken = audit_chain.verify(events)
    assert broken is not None and broken.seq == 2
