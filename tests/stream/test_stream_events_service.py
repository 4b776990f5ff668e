"""Batch ingestion: one transaction per batch, idempotent per event id in the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from hifazat.db.stream_tables import ProcessedEvent, Webhook, WebhookDelivery
from hifazat.db.tables import AuditEvent, Comment, Decision
from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.services import audit
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.events import Event, ingest_events
from hifazat.services.runtime import Runtime
from hifazat.stream.wire import EventIn, to_event


def ev(
    i: int | str, text: str = "great video, thanks", creator: str = "zara.lifestyle", **data: Any
) -> Event:
    body = {"creator": creator, "text": text, **data}
    return to_event(EventIn(id=f"e-{i}", type="comment_created", data=body))


def count(rt: Runtime, table: Any) -> int:
    with rt.read() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def test_batch_decides_every_comment_once(rt: Runtime, creator: str) -> None:
    batch = [ev(i, author={"id": f"u{i % 3}"}, content_id="v1") for i in range(20)]
    batch.append(ev("abuse", "tu kutta hai, behenchod"))
    out = ingest_events(rt, SYSTEM, batch)
    assert [o.event_id for o in out] == [e.id for e in batch]
    assert all(o.status == "decided" and not o.replayed for o in out)
    assert out[-1].decision is not None
    assert out[-1].decision["action"] != "allow"
    assert count(rt, Comment) == 21
    assert count(rt, Decision) == 21
    assert count(rt, ProcessedEvent) == 21
    assert count(rt, AuditEvent) == 21 + 1  # plus the creator's registration
    with rt.read() as s:
        assert audit.verify(s).ok


def test_redelivery_changes_nothing(rt: Runtime, creator: str) -> None:
    batch = [ev(i) for i in range(5)]
    first = ingest_events(rt, SYSTEM, batch)
    again = ingest_events(rt, SYSTEM, [*batch, ev(99)])
    assert [o.replayed for o in again] == [True] * 5 + [False]
    assert [o.decision for o in again[:5]] == [o.decision for o in first]
    assert count(rt, Decision) == 6
    assert count(rt, AuditEvent) == 1 + 6


def test_duplicate_inside_one_batch_is_one_event(rt: Runtime, creator: str) -> None:
    out = ingest_events(rt, SYSTEM, [ev(1), ev(1)])
    assert [o.replayed for o in out] == [False, True]
    assert count(rt, Comment) == 1


def test_poison_events_are_rejected_stored_and_do_not_block(rt: Runtime, creator: str) -> None:
    batch = [
        ev(1),
        ev(2, creator="nobody"),
        to_event(EventIn(id="e-3", type="comment_created", data={"creator": creator})),
        ev(4, text="bad\x00text"),
        ev(5),
    ]
    out = ingest_events(rt, SYSTEM, batch)
    assert [o.status for o in out] == ["decided", "rejected", "rejected", "rejected", "decided"]
    assert [o.error_code for o in out[1:4]] == ["unknown_creator", "invalid_input", "invalid_input"]
    assert out[3].error is not None
    assert out[3].error.startswith("data.text")
    again = ingest_events(rt, SYSTEM, batch)
    assert [o.status for o in again] == [o.status for o in out]
    assert all(o.replayed for o in again)
    assert count(rt, ProcessedEvent) == 5
    assert count(rt, Decision) == 2


def test_id_reused_for_another_body_is_a_conflict(rt: Runtime, creator: str) -> None:
    ingest_events(rt, SYSTEM, [ev(1, "hello")])
    (out,) = ingest_events(rt, SYSTEM, [ev(1, "something else")])
    assert out.status == "rejected"
    assert out.error_code == "idempotency_conflict"
    assert count(rt, Comment) == 1


def test_same_id_through_post_comments_is_a_replay(rt: Runtime, creator: str) -> None:
    ingest_comment(
        rt, SYSTEM, NewComment(event_id="e-1", creator=creator, text="great video, thanks")
    )
    (out,) = ingest_events(rt, SYSTEM, [ev(1)])
    assert out.replayed
    assert out.status == "decided"
    assert count(rt, Comment) == 1


PLATFORM = Principal(Role.INTEGRATOR, "platform")


def other(i: str, kind: str, **data: Any) -> Event:
    return to_event(EventIn(id=i, type=kind, data=data))  # type: ignore[arg-type]


def test_report_view_and_appeal_events_run_their_services(rt: Runtime, creator: str) -> None:
    """The worker runs the same services as the API: a report opens (or folds into) a case,
    a view sets the comment's first view, an appeal reopens a decided case; all audited."""
    from hifazat.db.cases_tables import Appeal, Case, Report
    from hifazat.db.metrics_tables import EnforcementFact
    from hifazat.services import case_decisions

    (decided,) = ingest_events(rt, PLATFORM, [ev("c1", author={"id": "u-troll"})])
    assert decided.decision is not None
    comment_id = decided.decision["comment_id"]
    subject = {"type": "comment", "id": str(comment_id)}
    out = ingest_events(
        rt,
        PLATFORM,
        [
            other("r1", "report_filed", subject=subject, reason="harassment", reporter="a-1"),
            other("r2", "report_filed", subject=subject, reason="threat", reporter="a-2"),
            other("v1", "content_viewed", comment_id=comment_id, viewed_at="2026-01-02T03:04:05Z"),
        ],
    )
    assert [o.status for o in out] == ["recorded"] * 3
    with rt.read() as s:
        (case,) = s.scalars(select(Case)).all()
        assert case.report_count == 2  # the second report folded into the first one's case
        assert case.reason == "threat"  # and made it graver
        assert {r.reporter for r in s.scalars(select(Report))} == {"account:a-1", "account:a-2"}
        fact = s.scalar(select(EnforcementFact).where(EnforcementFact.comment_id == comment_id))
        assert fact is not None
        assert fact.first_view_at is not None
        actions = list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))
    assert actions[-3:] == ["case.reported", "case.reported", "comment.viewed"]
    case_decisions.decide_case(
        rt,
        Principal(Role.MODERATOR, "mod1"),
        case.id,
        case_decisions.DecisionInput("hide", "insult"),
    )
    (appealed,) = ingest_events(
        rt,
        PLATFORM,
        [other("a1", "appeal_filed", case_id=case.id, text="a joke", appellant="u-troll")],
    )
    assert appealed.status == "recorded"
    again = ingest_events(
        rt,
        PLATFORM,
        [other("a1", "appeal_filed", case_id=case.id, text="a joke", appellant="u-troll")],
    )
    assert again[0].replayed
    with rt.read() as s:
        assert s.scalar(select(Case.status).where(Case.id == case.id)) == "appealed"
        assert s.scalar(select(func.count()).select_from(Appeal)) == 1
        assert audit.verify(s).ok


def test_a_failing_service_event_is_rejected_alone_and_stores_nothing(
    rt: Runtime, creator: str
) -> None:
    """A report on a missing subject, a view of a missing comment, an appeal on a missing case
    and bad data are rejected with stable codes; nothing of theirs is stored, and the rest of
    the batch goes through."""
    from hifazat.db.cases_tables import Appeal, Case, Report

    batch = [
        ev(1),
        other(
            "r1",
            "report_filed",
            subject={"type": "comment", "id": "999"},
            reason="threat",
            reporter="a-1",
        ),
        other(
            "r2",
            "report_filed",
            subject={"type": "comment", "id": "1"},
            reason="nonsense",
            reporter="a-1",
        ),
        other("v1", "content_viewed", comment_id=999, viewed_at="2026-01-02T03:04:05Z"),
        other("a1", "appeal_filed", case_id=999, text="please", appellant="u-1"),
        other("x1", "appeal_filed", case_id="not a number", text="please"),
        ev(2),
    ]
    out = ingest_events(rt, SYSTEM, batch)
    assert [o.status for o in out] == ["decided"] + ["rejected"] * 5 + ["decided"]
    codes = [o.error_code for o in out[1:6]]
    assert codes == ["unknown_subject", "unknown_reason", "not_found", "not_found", "invalid_input"]
    with rt.read() as s:
        assert s.scalar(select(func.count()).select_from(Report)) == 0
        assert s.scalar(select(func.count()).select_from(Case)) == 0
        assert s.scalar(select(func.count()).select_from(Appeal)) == 0
        assert audit.verify(s).ok
    again = ingest_events(rt, SYSTEM, batch)
    assert [o.error_code for o in again] == [o.error_code for o in out]
    assert count(rt, ProcessedEvent) == 7


def test_decisions_queue_one_delivery_per_webhook(rt: Runtime, creator: str) -> None:
    with rt.transaction() as s:
        s.add(
            Webhook(
                url="http://127.0.0.1:9/h",
                secret="s" * 32,
                active=True,
                created_by="t",
                created_at=rt.now(),
            )
        )
    ingest_events(rt, SYSTEM, [ev(1), ev(2)])
    ingest_events(rt, SYSTEM, [ev(1), ev(2)])
    assert count(rt, WebhookDelivery) == 2


def test_batch_path_decides_like_the_comment_flow(rt: Runtime, creator: str) -> None:
    """The batch service and POST /v1/comments give the same decision for the same comment."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from common import corpus

    from hifazat.services import controls

    controls.set_controls(
        rt,
        SYSTEM,
        creator,
        {"keywords": ["chutiya", "ganda"], "filter_levels": {"profanity": "high"}},
    )
    texts = corpus(60, seed=3)
    single = [
        ingest_comment(
            rt,
            SYSTEM,
            NewComment(event_id=f"one-{i}", creator=creator, text=t, author_id=f"a{i % 4}"),
        )
        for i, t in enumerate(texts)
    ]
    batch = ingest_events(
        rt, SYSTEM, [ev(f"b{i}", t, author={"id": f"b{i % 4}"}) for i, t in enumerate(texts)]
    )
    with rt.read() as s:
        reasons = {d.comment_id: d.reasons for d in s.scalars(select(Decision))}
    for one, many in zip(single, batch, strict=True):
        assert many.decision is not None
        assert (one.decision["action"], one.decision["category"], one.status) == (
            many.decision["action"],
            many.decision["category"],
            many.decision["status"],
        ), one.text
        a, b = dict(reasons[one.id]), dict(reasons[many.decision["comment_id"]])
        a.pop("inputs", None)
        b.pop("inputs", None)
        assert a == b
    assert {o.decision["action"] for o in single} != {"allow"}
    from hifazat.db.metrics_tables import EnforcementFact

    with rt.read() as s:
        facts = {f.comment_id: f for f in s.scalars(select(EnforcementFact))}
    skip = {"id", "comment_id"}
    columns = [c.key for c in EnforcementFact.__table__.columns if c.key not in skip]
    for one, many in zip(single, batch, strict=True):
        assert many.decision is not None
        a, b = facts[one.id], facts[many.decision["comment_id"]]
        assert {k: getattr(a, k) for k in columns} == {k: getattr(b, k) for k in columns}
