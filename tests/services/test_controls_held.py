"""Held comments and bulk actions: one transaction, audited, undoable; nudges recorded."""

from __future__ import annotations

import dataclasses

import pytest
from test_controls_flow import WordDetector

from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.errors import AlreadyUndone, BulkTooLarge, Conflict, Forbidden
from hifazat.services import audit, controls, held, nudges
from hifazat.services.comments import NewComment, get_comment, ingest_comment
from hifazat.services.runtime import Runtime

ZARA = Principal(Role.CREATOR, "zara", frozenset({"zara.lifestyle"}))
OTHER = Principal(Role.CREATOR, "ali", frozenset({"ali.cooks"}))
INTEGRATOR = Principal(Role.INTEGRATOR, "app")


@pytest.fixture
def rt(rt: Runtime) -> Runtime:
    return dataclasses.replace(rt, detector=WordDetector())


def held_ids(rt: Runtime, creator: str, n: int) -> list[int]:
    controls.set_controls(rt, ZARA, creator, {"keywords": ["moti"]})
    for i in range(n):
        ingest_comment(rt, SYSTEM, NewComment(f"h{i}", creator, f"moti {i}", author_id=f"a{i % 3}"))
    return [h.id for h in held.held_comments(rt, ZARA, creator)]


def test_bulk_approve_and_undo(rt: Runtime, creator: str) -> None:
    ids = held_ids(rt, creator, 6)
    assert len(ids) == 6
    done = held.bulk_act(rt, ZARA, creator, "approve", ids[:4])
    assert done["comments"] == 4
    assert len(held.held_comments(rt, ZARA, creator)) == 2
    c = get_comment(rt, ZARA, ids[0])
    assert c.status == "visible"
    assert held.undo(rt, ZARA, creator, done["id"])["restored"] == 4
    assert len(held.held_comments(rt, ZARA, creator)) == 6
    with pytest.raises(AlreadyUndone):
        held.undo(rt, ZARA, creator, done["id"])
    with rt.read() as s:
        assert audit.verify(s).ok


def test_block_authors_then_undo_unblocks(rt: Runtime, creator: str) -> None:
    ids = held_ids(rt, creator, 3)
    done = held.bulk_act(rt, ZARA, creator, "block_author", ids[:1])
    assert done["blocked"] == ["a2"]  # newest first: moti 2 by a2
    assert "a2" in controls.get_controls(rt, ZARA, creator).block_list
    later = ingest_comment(rt, SYSTEM, NewComment("late", creator, "hello", author_id="a2"))
    assert later.decision["action"] == "hide"
    held.undo(rt, ZARA, creator, done["id"])
    assert "a2" not in controls.get_controls(rt, ZARA, creator).block_list


def test_bulk_by_commenter_and_limits(rt: Runtime, creator: str) -> None:
    held_ids(rt, creator, 6)
    done = held.bulk_act(rt, ZARA, creator, "delete", authors=["a0"])
    assert done["comments"] == 2
    with pytest.raises(BulkTooLarge):
        held.bulk_act(rt, ZARA, creator, "approve", list(range(1001)))
    with pytest.raises(Forbidden):
        held.bulk_act(rt, OTHER, creator, "approve", [1])
    report = held.bulk_act(rt, ZARA, creator, "report", authors=["a1"])
    assert report["comments"] == 2


def test_a_thousand_comments_in_one_bulk_action(rt: Runtime, creator: str) -> None:
    controls.set_controls(rt, ZARA, creator, {"keywords": ["moti"]})
    with rt.transaction() as s:  # fast set-up: the flow itself is tested above
        from hifazat.db.tables import Comment, Creator

        cid = s.query(Creator).filter_by(handle=creator).one().id
        s.add_all(
            Comment(
                event_id=f"bulk{i}",
                request_hash="x",
                creator_id=cid,
                text="moti",
                language="ur-Latn",
                region="PK",
                status="held",
                created_at=rt.now(),
                received_at=rt.now(),
            )
            for i in range(1000)
        )
    ids = [h.id for h in held.held_comments(rt, ZARA, creator, limit=1000)]
    assert len(ids) == 1000
    done = held.bulk_act(rt, ZARA, creator, "approve", ids)
    assert done["comments"] == 1000
    assert held.held_comments(rt, ZARA, creator) == []
    held.undo(rt, ZARA, creator, done["id"])
    assert len(held.held_comments(rt, ZARA, creator, limit=1000)) == 1000


def test_nudge_advice_outcome_and_stats(rt: Runtime, creator: str) -> None:
    shown = nudges.nudge(rt, INTEGRATOR, nudges.NudgeRequest("tu kutta hai", creator, "u1"))
    assert shown["show"] is True
    assert shown["policy_id"] == "harassment"
    assert "ہراسانی" in shown["message"]["ur"]
    quiet = nudges.nudge(rt, INTEGRATOR, nudges.NudgeRequest("lovely video", creator))
    assert quiet["show"] is False
    out = nudges.record_outcome(rt, INTEGRATOR, shown["token"], "edited", "tu acha hai")
    assert out["score_after"] < out["score_before"]
    with pytest.raises(Conflict):
        nudges.record_outcome(rt, INTEGRATOR, shown["token"], "posted")
    other = nudges.nudge(rt, INTEGRATOR, nudges.NudgeRequest("jahil", creator))
    nudges.record_outcome(rt, INTEGRATOR, other["token"], "posted")
    stats = nudges.stats(rt, Principal(Role.ANALYST, "a"))
    assert stats["asked"] == 3
    assert stats["shown"] == 2
    assert stats["outcomes"]["edited"] == 1
    assert stats["reconsidered_rate"] == 0.5
