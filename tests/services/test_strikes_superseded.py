"""A person's decision on a comment replaces the automated decision's strike."""

from __future__ import annotations

from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.services import case_decisions, reports, strikes
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.runtime import Runtime

MOD = Principal(Role.MODERATOR, "sana")
INTEGRATOR = Principal(Role.INTEGRATOR, "platform")
THREAT = "main tujhe jaan se maar dunga"


def _auto_struck(rt: Runtime, creator: str, n: int) -> tuple[int, int]:
    """A comment removed automatically with a strike, and the case a report opens on it."""
    out = ingest_comment(rt, SYSTEM, NewComment(f"t{n}", creator, THREAT, author_id="u-x"))
    assert out.decision["statement_of_reasons"].get("strikes", 0) > 0, out.decision
    filed = reports.file_report(
        rt, INTEGRATOR, reports.NewReport("comment", str(out.id), "threat", "", reporter=f"r{n}")
    )
    return out.id, filed.case_id


def _points(rt: Runtime) -> int:
    return strikes.account_standing(rt, MOD, "u-x").active_points


def test_a_person_clearing_the_comment_voids_the_automated_strike(
    rt: Runtime, creator: str
) -> None:
    _, case_id = _auto_struck(rt, creator, 1)
    auto_points = _points(rt)
    assert auto_points > 0
    case_decisions.decide_case(
        rt, MOD, case_id, case_decisions.DecisionInput("no_action", "a quoted film line")
    )
    assert _points(rt) == 0


def test_a_person_confirming_it_counts_once(rt: Runtime, creator: str) -> None:
    _, case_id = _auto_struck(rt, creator, 2)
    decided = case_decisions.decide_case(
        rt, MOD, case_id, case_decisions.DecisionInput("remove", "a threat of violence")
    )
    assert _points(rt) == decided.statement["strike"]["points"]  # not automated + moderator


def test_the_next_comment_sees_the_points_a_person_left(rt: Runtime, creator: str) -> None:
    _, case_id = _auto_struck(rt, creator, 3)
    case_decisions.decide_case(
        rt, MOD, case_id, case_decisions.DecisionInput("no_action", "not a threat")
    )
    nxt = ingest_comment(rt, SYSTEM, NewComment("t4", creator, "nice video", author_id="u-x"))
    assert nxt.decision["statement_of_reasons"]["inputs"]["prior_strikes"] == 0
