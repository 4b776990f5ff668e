"""The first flow through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hifazat.db.tables import AuditEvent, Comment, Decision
from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.errors import Forbidden, IdempotencyConflict, InvalidText, UnknownCreator
from hifazat.services import audit, creators
from hifazat.services.comments import NewComment, get_comment, ingest_comment
from hifazat.services.runtime import Runtime

INTEGRATOR = Principal(role=Role.INTEGRATOR, name="platform")


def _count(rt: Runtime, table: type) -> int:
    with rt.read() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def test_benign_comment_is_allowed_and_stored_with_reasons(rt: Runtime, creator: str) -> None:
    out = ingest_comment(
        rt, INTEGRATOR, NewComment("e1", creator, "Beautiful dress, where is it from?")
    )
    assert out.decision["action"] == "allow"
    assert out.status == "visible"
    assert out.decision["statement_of_reasons"]["guideline_version"]
    assert out.language == "en"
    assert _count(rt, Comment) == 1
    assert _count(rt, Decision) == 1


@pytest.mark.parametrize(
    "text",
    ["tu kutta hai", "you are a stupid bitch", "تم کتے ہو", "kutt@ insaan"],
)
def test_abuse_in_three_scripts_is_actioned_with_evidence(
    rt: Runtime, creator: str, text: str
) -> None:
    out = ingest_comment(rt, INTEGRATOR, NewComment(f"e-{text}", creator, text))
    assert out.decision["action"] != "allow", out.signal
    grounds = out.decision["statement_of_reasons"]["grounds"]
    evidence = [e for g in grounds for e in g["evidence"]]
    assert evidence, "an actioned comment must carry evidence"
    for e in evidence:
        assert text[e["start"] : e["end"]] == e["match"]


def test_same_event_id_gives_same_decision_stored_once(rt: Runtime, creator: str) -> None:
    first = ingest_comment(rt, INTEGRATOR, NewComment("dup", creator, "tu kutta hai"))
    again = ingest_comment(rt, INTEGRATOR, NewComment("dup", creator, "tu kutta hai"))
    assert again.replayed
    assert not first.replayed
    assert again.id == first.id
    assert again.decision == first.decision
    assert _count(rt, Comment) == 1
    assert _count(rt, Decision) == 1


def test_reused_event_id_with_other_body_is_a_conflict(rt: Runtime, creator: str) -> None:
    ingest_comment(rt, INTEGRATOR, NewComment("dup2", creator, "hello"))
    with pytest.raises(IdempotencyConflict):
        ingest_comment(rt, INTEGRATOR, NewComment("dup2", creator, "something else"))
    assert _count(rt, Comment) == 1


def test_unknown_creator_stores_nothing(rt: Runtime) -> None:
    before = _count(rt, AuditEvent)
    with pytest.raises(UnknownCreator):
        ingest_comment(rt, INTEGRATOR, NewComment("x", "nobody", "hello"))
    assert _count(rt, Comment) == 0
    assert _count(rt, AuditEvent) == before


def test_bad_text_is_refused(rt: Runtime, creator: str) -> None:
    with pytest.raises(InvalidText):
        ingest_comment(rt, INTEGRATOR, NewComment("nul", creator, "a\x00b"))
    with pytest.raises(InvalidText):
        ingest_comment(rt, INTEGRATOR, NewComment("sur", creator, "a\ud800b"))
    assert _count(rt, Comment) == 0


def test_creator_keyword_list_holds_variants(rt: Runtime, creator: str) -> None:
    creators.set_keywords(rt, SYSTEM, creator, ["moti"])
    out = ingest_comment(rt, INTEGRATOR, NewComment("k1", creator, "kitni m o t i ho gayi ho"))
    assert out.decision["action"] in {"hold", "hide", "remove"}
    rules = [g["rule"] for g in out.decision["statement_of_reasons"]["grounds"]]
    assert "control:keywords" in rules
    clean = ingest_comment(rt, INTEGRATOR, NewComment("k2", creator, "motivation is everything"))
    assert "control:keywords" not in [
        g["rule"] for g in clean.decision["statement_of_reasons"]["grounds"]
    ]


def test_creators_may_only_read_their_own_comments(rt: Runtime, creator: str) -> None:
    out = ingest_comment(rt, INTEGRATOR, NewComment("own", creator, "hello"))
    mine = Principal(role=Role.CREATOR, name="zara", subjects=frozenset({creator}))
    other = Principal(role=Role.CREATOR, name="ali", subjects=frozenset({"ali.cook"}))
    assert get_comment(rt, mine, out.id).id == out.id
    with pytest.raises(Forbidden):
        get_comment(rt, other, out.id)


def test_creators_cannot_ingest(rt: Runtime, creator: str) -> None:
    mine = Principal(role=Role.CREATOR, name="zara", subjects=frozenset({creator}))
    with pytest.raises(Forbidden):
        ingest_comment(rt, mine, NewComment("c", creator, "hello"))


def test_every_decision_is_in_a_valid_audit_chain(rt: Runtime, creator: str) -> None:
    for i in range(5):
        ingest_comment(rt, INTEGRATOR, NewComment(f"a{i}", creator, f"comment {i}"))
    with rt.read() as s:
        report = audit.verify(s)
        actions = list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))
    assert report.ok, report
    assert actions.count("comment.decided") == 5
