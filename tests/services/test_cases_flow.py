"""Report → case → decision → appeal through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.errors import (
    AppealWindowClosed,
    CaseClaimed,
    ConsentRequired,
    Forbidden,
    InvalidTransition,
    ReviewerConflict,
    UnknownReason,
    UnknownSubject,
)
from hifazat.services import appeals, case_decisions, cases, notices, queue, reports, strikes
from hifazat.services.audit import verify
from hifazat.services.case_history import dsa_statements, export_case
from hifazat.services.case_views import StaffCaseView
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.runtime import Runtime

if TYPE_CHECKING:
    from conftest import FixedClock

MOD = Principal(Role.MODERATOR, "sana")
MOD2 = Principal(Role.MODERATOR, "omar")
SENIOR = Principal(Role.SENIOR_MODERATOR, "imran")
INTEGRATOR = Principal(Role.INTEGRATOR, "platform")


def _comment(rt: Runtime, creator: str, text: str, n: int = 1, author: str = "u-troll") -> int:
    out = ingest_comment(rt, SYSTEM, NewComment(f"e{n}", creator, text, author_id=author))
    return out.id


def _report(rt: Runtime, comment_id: int, who: str, reason: str = "harassment") -> int:
    filed = reports.file_report(
        rt,
        INTEGRATOR,
        reports.NewReport("comment", str(comment_id), reason, "abusive", reporter=who),
    )
    return filed.case_id


def test_reports_fold_into_one_case_and_the_creator_never_sees_reporters(
    rt: Runtime, creator: str
) -> None:
    cid = _comment(rt, creator, "you look nice today")
    first = _report(rt, cid, "r1")
    assert all(_report(rt, cid, f"r{i}") == first for i in range(2, 6))
    staff = cases.get_case(rt, MOD, first)
    assert isinstance(staff, StaffCaseView)
    assert staff.case.report_count == 5
    assert {r["reporter"] for r in staff.reports} == {f"account:r{i}" for i in range(1, 6)}
    own = cases.get_case(rt, Principal(Role.CREATOR, "zara", frozenset({creator})), first)
    assert not isinstance(own, StaffCaseView)
    assert "r1" not in repr(own)
    with pytest.raises(Forbidden):
        cases.get_case(rt, Principal(Role.CREATOR, "x", frozenset({"someone.else"})), first)


def test_priority_reason_moves_case_to_top_lane(rt: Runtime, creator: str) -> None:
    cid = _comment(rt, creator, "nice video")
    case_id = _report(rt, cid, "r1", "spam_scam")
    assert cases.get_case(rt, MOD, case_id).case.lane == "standard"
    _report(rt, cid, "r2", "sexual_extortion")
    view = cases.get_case(rt, MOD, case_id)
    assert view.case.lane == "priority"
    assert view.case.severity == 3
    page = queue.list_queue(rt, MOD, queue.QueueFilter(lane="priority"))
    assert [c.id for c in page.items] == [case_id]


def test_bad_input_is_refused_with_clear_errors(rt: Runtime, creator: str) -> None:
    with pytest.raises(UnknownSubject):
        reports.file_report(
            rt, INTEGRATOR, reports.NewReport("comment", "999", "hate", None, reporter="r")
        )
    with pytest.raises(UnknownSubject):
        reports.file_report(
            rt, INTEGRATOR, reports.NewReport("planet", "1", "hate", None, reporter="r")
        )
    cid = _comment(rt, creator, "hello")
    with pytest.raises(UnknownReason):
        reports.file_report(
            rt, INTEGRATOR, reports.NewReport("comment", str(cid), "ugly", None, reporter="r")
        )


def test_held_comment_opens_an_automated_case(rt: Runtime, creator: str) -> None:
    cid = _comment(rt, creator, "main tujhe jaan se maar dunga")
    page = queue.list_queue(rt, MOD, queue.QueueFilter())
    found = [c for c in page.items if c.subject_ref == str(cid)]
    assert found
    assert found[0].lane == "priority"


def test_claim_decide_strike_notice_appeal_overturn(
    rt: Runtime, creator: str, clock: FixedClock
) -> None:
    cid = _comment(rt, creator, "you look nice today")
    case_id = _report(rt, cid, "r1", "threat")
    cases.claim_case(rt, MOD, case_id)
    with pytest.raises(CaseClaimed):
        cases.claim_case(rt, MOD2, case_id)
    with pytest.raises(CaseClaimed):
        case_decisions.decide_case(
            rt, MOD2, case_id, case_decisions.DecisionInput("remove", "threat of violence")
        )
    with pytest.raises(Forbidden):
        case_decisions.decide_case(
            rt, Principal(Role.ANALYST, "a"), case_id, case_decisions.DecisionInput("remove", "x")
        )
    decided = case_decisions.decide_case(
        rt,
        MOD,
        case_id,
        case_decisions.DecisionInput("remove", "threat of violence", evidence=["kill"]),
    )
    assert decided.statement["automated_decision"] is False
    assert decided.statement["strike"]["points"] == 3
    standing = strikes.account_standing(rt, MOD, "u-troll")
    assert standing.active_points == 3
    assert standing.restricted_until is not None  # threshold 3
    author_notices = notices.list_notices(rt, INTEGRATOR, "account:u-troll")
    assert author_notices[0].kind == "decision"
    assert "r1" not in repr(author_notices)
    assert notices.list_notices(rt, INTEGRATOR, "account:r1")[0].kind == "report_outcome"
    with pytest.raises(InvalidTransition):
        case_decisions.decide_case(
            rt, MOD, case_id, case_decisions.DecisionInput("remove", "again")
        )

    appeal = appeals.file_appeal(rt, INTEGRATOR, case_id, "it was a joke", appellant="u-troll")
    with pytest.raises(ReviewerConflict):
        appeals.decide_appeal(rt, Principal(Role.SENIOR_MODERATOR, "sana"), appeal.id, True, "x")
    appeals.add_note(rt, SENIOR, case_id, "checked context", appeal_id=appeal.id)
    appeals.decide_appeal(rt, SENIOR, appeal.id, True, "context shows a song lyric")
    standing = strikes.account_standing(rt, MOD, "u-troll")
    assert standing.active_points == 0
    assert standing.restricted_until is None
    view = cases.get_case(rt, MOD, case_id)
    assert view.case.status == "closed"
    assert view.subject_status == "visible"
    assert view.decisions[0].reversed_at is not None
    with rt.read() as s:
        assert verify(s).ok
    history = export_case(rt, SENIOR, case_id)
    actions = [e["action"] for e in history["audit_events"]]
    assert actions[0] == "comment.decided"
    assert {
        "case.reported",
        "case.claimed",
        "case.decided",
        "appeal.filed",
        "appeal.overturned",
    } <= set(actions)


def test_appeal_after_the_window_is_refused(rt: Runtime, creator: str, clock: FixedClock) -> None:
    cid = _comment(rt, creator, "hello")
    case_id = _report(rt, cid, "r1")
    case_decisions.decide_case(rt, MOD, case_id, case_decisions.DecisionInput("hide", "insult"))
    clock.advance(days=21)
    with pytest.raises(AppealWindowClosed):
        appeals.file_appeal(rt, INTEGRATOR, case_id, "please", appellant="u-troll")


def test_bulk_decision_and_reversal(rt: Runtime, creator: str) -> None:
    ids = [
        _report(rt, _comment(rt, creator, f"hello {i}", n=i, author=f"u{i}"), "r")
        for i in range(1, 4)
    ]
    done = case_decisions.bulk_decide(rt, MOD, ids, case_decisions.DecisionInput("hide", "raid"))
    assert {d.case_id for d in done} == set(ids)
    case_decisions.reverse_decision(rt, SENIOR, ids[0], "raid flagged the wrong comment")
    view = cases.get_case(rt, MOD, ids[0])
    assert view.case.status == "open"
    assert view.subject_status == "visible"
    with pytest.raises(Forbidden):
        case_decisions.reverse_decision(rt, MOD, ids[1], "x")


def test_partner_sees_escalated_case_only_with_consent(rt: Runtime, creator: str) -> None:
    cid = _comment(rt, creator, "hello")
    case_id = _report(rt, cid, "r1", "doxxing")
    partner = Principal(Role.PARTNER, "drf", frozenset({"drf"}))
    with pytest.raises(Forbidden):
        cases.get_case(rt, partner, case_id)
    cases.escalate_to_partner(rt, MOD, case_id, "drf")
    with pytest.raises(ConsentRequired):
        cases.get_case(rt, partner, case_id)
    cases.consent_to_escalation(
        rt, Principal(Role.CREATOR, "zara", frozenset({creator})), case_id, True
    )
    view = cases.get_case(rt, partner, case_id)
    assert not isinstance(view, StaffCaseView)


def test_reveal_counts_exposure_once_per_case(rt: Runtime, creator: str) -> None:
    a = _report(rt, _comment(rt, creator, "one", n=1), "r")
    b = _report(rt, _comment(rt, creator, "two", n=2), "r")
    assert cases.reveal_case(rt, MOD, a) == 1
    assert cases.reveal_case(rt, MOD, a) == 1
    assert cases.reveal_case(rt, MOD, b) == 2
    assert cases.exposure_today(rt, MOD2) == 0


def test_dsa_export_validates(rt: Runtime, creator: str) -> None:
    from datetime import timedelta

    cid = _comment(rt, creator, "hello")
    case_id = _report(rt, cid, "r1", "hate")
    case_decisions.decide_case(
        rt, MOD, case_id, case_decisions.DecisionInput("suspend_author", "hate speech", days=7)
    )
    _comment(rt, creator, "tu kutta hai, shakal dekhi hai apni?", n=2)
    now = rt.now()
    records = list(dsa_statements(rt, SYSTEM, now - timedelta(days=1), now + timedelta(days=1)))
    human = [r for r in records if r["puid"].startswith("hifazat-decision-")]
    assert human
    assert human[0]["decision_account"] == "DECISION_ACCOUNT_SUSPENDED"
    assert human[0]["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    assert human[0]["category"] == "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"


def test_queue_pages_by_cursor_in_priority_order(
    rt: Runtime, creator: str, clock: FixedClock
) -> None:
    ids = []
    for i, reason in enumerate(["spam_scam", "threat", "harassment", "hate", "doxxing"]):
        clock.advance(minutes=7)
        ids.append(_report(rt, _comment(rt, creator, f"text {i}", n=i + 1), "r", reason))
    seen, cursor = [], None
    while True:
        page = queue.list_queue(rt, MOD, queue.QueueFilter(), cursor, limit=2)
        seen += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(c.id for c in seen) == sorted(ids)
    priorities = [c.priority for c in seen]
    assert priorities == sorted(priorities, reverse=True)
    assert seen[0].lane == "priority"
