"""Strike points in force: many authors at once give what each author alone gives."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select

from hifazat.db.tables import Account
from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.services import case_decisions, prior_strikes, reports
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.runtime import Runtime

MOD = Principal(Role.MODERATOR, "sana")
INTEGRATOR = Principal(Role.INTEGRATOR, "platform")
THREAT = "main tujhe jaan se maar dunga"
CLEAN = "nice video, thanks"
_EVENT_IDS = itertools.count(1)


def _comment(rt: Runtime, creator: str, author: str, text: str) -> int:
    event_id = f"ps-{next(_EVENT_IDS)}"
    out = ingest_comment(rt, SYSTEM, NewComment(event_id, creator, text, author_id=author))
    return out.id


def _decide(rt: Runtime, comment_id: int, action: str, why: str) -> None:
    filed = reports.file_report(
        rt, INTEGRATOR, reports.NewReport("comment", str(comment_id), "threat", reporter="r")
    )
    case_decisions.decide_case(rt, MOD, filed.case_id, case_decisions.DecisionInput(action, why))


def _accounts(rt: Runtime) -> dict[str, int]:
    with rt.read() as s:
        return {r.external_id: r.id for r in s.execute(select(Account.external_id, Account.id))}


def test_many_authors_agree_with_each_author_alone(
    rt: Runtime, creator: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Automated strikes, a strike a person voided, a strike a person confirmed (counted once),
    expiry over time, and the cap on automated decisions read, which holds per author: only
    each author's latest ``MAX_ROWS`` automated decisions."""
    monkeypatch.setattr(prior_strikes, "MAX_ROWS", 2)
    _comment(rt, creator, "u-struck", THREAT)  # one automated strike
    voided = _comment(rt, creator, "u-voided", THREAT)
    _decide(rt, voided, "no_action", "a quoted film line")  # a person clears it
    confirmed = _comment(rt, creator, "u-confirmed", THREAT)
    _decide(rt, confirmed, "remove", "a threat of violence")  # the moderator's strike instead
    _comment(rt, creator, "u-capped", THREAT)  # pushed out by two later automated decisions
    _comment(rt, creator, "u-capped", CLEAN)
    _comment(rt, creator, "u-capped", CLEAN)
    _comment(rt, creator, "u-recent", CLEAN)
    _comment(rt, creator, "u-recent", CLEAN)
    _comment(rt, creator, "u-recent", THREAT)  # the latest: read despite the other authors
    _comment(rt, creator, "u-clean", CLEAN)
    ids = _accounts(rt)
    assert set(ids) >= {"u-struck", "u-voided", "u-confirmed", "u-capped", "u-recent", "u-clean"}
    unknown = max(ids.values()) + 1000
    with rt.read() as s:
        for days in (0, 30, 100, 200, 400):
            now = rt.now() + timedelta(days=days)
            many = prior_strikes.active_points_many(s, [*ids.values(), unknown], now)
            alone = {a: prior_strikes.active_points(s, a, now) for a in [*ids.values(), unknown]}
            assert many == alone, days
            if days == 0:
                by_name = {e: many[i] for e, i in ids.items()}
                assert by_name["u-struck"] > 0
                assert by_name["u-recent"] == by_name["u-struck"]
                assert by_name["u-voided"] == 0
                assert by_name["u-confirmed"] > 0
                assert by_name["u-capped"] == 0
                assert by_name["u-clean"] == 0
                assert many[unknown] == 0
        assert prior_strikes.active_points_many(s, [], rt.now()) == {}
    monkeypatch.setattr(prior_strikes, "MAX_ROWS", 500)
    with rt.read() as s:
        assert prior_strikes.active_points(s, ids["u-capped"], rt.now()) > 0
