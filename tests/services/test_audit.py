"""The audit chain catches edited, deleted and reordered events."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from hifazat.db.tables import AuditEvent
from hifazat.services import audit
from hifazat.services.runtime import Runtime


def _fill(rt: Runtime, n: int) -> None:
    for i in range(n):
        with rt.transaction() as s:
            audit.append(
                s,
                at=rt.now(),
                actor="test",
                action="thing.done",
                subject_type="thing",
                subject_id=i,
                data={"i": i, "text": "کچھ", "score": 0.25},
            )


def test_intact_chain_verifies(rt: Runtime) -> None:
    _fill(rt, 6)
    with rt.read() as s:
        report = audit.verify(s)
    assert report.ok
    assert report.checked == 6


def test_edited_event_is_caught(rt: Runtime) -> None:
    _fill(rt, 6)
    with rt.transaction() as s:
        s.execute(update(AuditEvent).where(AuditEvent.seq == 3).values(actor="someone else"))
    with rt.read() as s:
        report = audit.verify(s)
    assert not report.ok
    assert report.broken_at == 3


def test_deleted_middle_event_is_caught(rt: Runtime) -> None:
    _fill(rt, 6)
    with rt.transaction() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.seq == 4))
    with rt.read() as s:
        report = audit.verify(s)
    assert not report.ok
    assert report.broken_at == 4


def test_deleted_last_event_is_caught(rt: Runtime) -> None:
    _fill(rt, 6)
    with rt.transaction() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.seq == 6))
    with rt.read() as s:
        report = audit.verify(s)
    assert not report.ok
    assert report.broken_at == 6


def test_rolled_back_transaction_leaves_no_event(rt: Runtime) -> None:
    _fill(rt, 2)
    try:
        with rt.transaction() as s:
            audit.append(s, at=rt.now(), actor="t", action="x", subject_type="t", subject_id=1)
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    _fill(rt, 1)
    with rt.read() as s:
        report = audit.verify(s)
        seqs = list(s.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)))
    assert report.ok
    assert seqs == [1, 2, 3]


def test_a_batch_appended_at_once_verifies_like_single_appends(rt: Runtime) -> None:
    """``append_many`` links and hashes as ``append`` does: flat data (hashed as given) and
    data that storage changes (a tuple comes back as a list, an integer key as a string)."""
    datas = [
        {"event_id": "e-1", "creator": "zara", "action": "hold", "category": None, "n": 3},
        {"ok": True, "text": "کتّا \u200b", "big": 2**40},
        {"subject": ("comment", 7), "nested": {"a": [1, 2]}, 1: "one"},
        {},
    ]
    _fill(rt, 2)
    with rt.transaction() as s:
        audit.append_many(
            s,
            rt.now(),
            [audit.Entry("test", "thing.batched", "thing", i, d) for i, d in enumerate(datas)],
        )
    _fill(rt, 1)
    with rt.read() as s:
        report = audit.verify(s)
        stored = list(s.scalars(select(AuditEvent.data).order_by(AuditEvent.seq)))
    assert report.ok
    assert report.checked == 7
    assert stored[4] == {"subject": ["comment", 7], "nested": {"a": [1, 2]}, "1": "one"}
