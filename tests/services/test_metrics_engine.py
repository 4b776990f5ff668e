"""The SQL engine agrees with the pure definitions, on SQLite and PostgreSQL, over demo history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from hifazat.db.metrics_tables import EnforcementFact
from hifazat.domain import metrics as m
from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.errors import BreakdownTooLarge, Forbidden, InvalidPeriod, UnknownRegion
from hifazat.services import metrics as svc
from hifazat.services import metrics_compare, metrics_facts
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.demo_history import load_history
from hifazat.services.metrics_creator import creator_dashboard
from hifazat.services.metrics_facts import as_fact, creator_handles
from hifazat.services.runtime import Runtime

ANALYST = Principal(Role.ANALYST, "bilal")
DAYS = 200
END = date(2026, 11, 2)
START = END - timedelta(days=DAYS - 1)


@pytest.fixture
def history(rt: Runtime) -> Runtime:
    summary = load_history(rt, SYSTEM, days=DAYS, events=4000, seed=11)
    assert summary.events == 4000
    assert not summary.skipped
    return rt


def _stored(rt: Runtime) -> list[m.Fact]:
    with rt.read() as s:
        handles = creator_handles(s)
        rows = s.scalars(select(EnforcementFact)).all()
        return [as_fact(r, handles[r.creator_id]) for r in rows]


def _same(a: m.Counts, b: m.Counts) -> None:
    assert m.metrics(a) | {"safety_mode_activations": 0} == m.metrics(b) | {
        "safety_mode_activations": 0
    }


@pytest.mark.parametrize("by", ["region", "policy", "language", "creator", "week", "month"])
def test_sql_matches_the_pure_definitions(history: Runtime, by: str) -> None:
    facts = _stored(history)
    rep = svc.report(history, ANALYST, svc.Query(START, END, (), by))
    dim = "period" if by in m.PERIODS else by
    expected = m.aggregate(facts, dim, by)
    for key, counts in expected.items():
        _same(rep.slices[key], counts)
    _same(rep.total, m.tally(facts))
    assert rep.total.processed == 4000


def test_stored_flags_are_the_derived_ones(history: Runtime) -> None:
    with history.read() as s:
        rows = s.scalars(select(EnforcementFact).limit(500)).all()
        for r in rows:
            d = m.derive(as_fact(r))
            assert (r.actioned, r.proactive, r.before_view, r.within_24h) == (
                d.actioned,
                d.proactive,
                d.before_view,
                d.within_24h,
            )
            assert r.seconds_report_to_action == d.seconds_report_to_action


def test_pakistan_improves_and_elsewhere_gets_worse(history: Runtime) -> None:
    before = (START, START + timedelta(days=59))
    after = (END - timedelta(days=59), END)
    result = {
        c.region: c for c in metrics_compare.compare(history, ANALYST, ["PK", "IN"], before, after)
    }
    assert result["PK"].verdict == m.IMPROVED
    assert result["IN"].verdict in {m.WORSE, m.NO_CLEAR_CHANGE}
    pro = next(c for c in result["PK"].changes if c.metric == "proactive_rate")
    assert pro.low is not None
    assert pro.low > 0


def test_regions_filter_and_safety_mode(history: Runtime) -> None:
    pk = svc.report(history, ANALYST, svc.Query(START, END, ("pk",), "region"))
    assert list(pk.slices) == ["PK"]
    assert pk.total.safety_mode_activations > 0
    everything = svc.report(history, ANALYST, svc.Query(START, END, (), "region"))
    assert everything.slices["PK"].processed == pk.total.processed
    assert everything.total.processed == sum(c.processed for c in everything.slices.values())


def test_bad_parameters_are_clear_problems(history: Runtime) -> None:
    with pytest.raises(UnknownRegion):
        svc.report(history, ANALYST, svc.Query(START, END, ("XX",)))
    with pytest.raises(InvalidPeriod):
        svc.report(history, ANALYST, svc.Query(END, START))
    with pytest.raises(BreakdownTooLarge):
        svc.report(history, ANALYST, svc.Query(date(2026, 1, 1), date(2026, 12, 31), (), "day"))
    with pytest.raises(InvalidPeriod):
        svc.report(history, ANALYST, svc.Query(START, END, (), "colour"))
    with pytest.raises(Forbidden):
        svc.report(
            history, Principal(Role.CREATOR, "zara", frozenset({"x"})), svc.Query(START, END)
        )


def test_live_comments_become_facts_and_views_count(rt: Runtime, creator: str) -> None:
    bad = ingest_comment(
        rt, SYSTEM, NewComment(event_id="e1", creator=creator, text="I will kill you", region="PK")
    )
    ok = ingest_comment(
        rt, SYSTEM, NewComment(event_id="e2", creator=creator, text="Lovely video!", region="PK")
    )
    today = rt.now().date()
    rep = svc.report(rt, ANALYST, svc.Query(today, today, ("PK",), "policy"))
    assert rep.total.processed == 2
    assert ok.decision["action"] == "allow"
    seen = metrics_facts.record_view(rt, SYSTEM, bad.id, rt.now() + timedelta(minutes=5))
    assert seen.before_view is (bad.decision["action"] in m.ENFORCEMENT_ACTIONS)
    early = metrics_facts.record_view(rt, SYSTEM, ok.id, rt.now() - timedelta(minutes=1))
    assert early.first_view_at == rt.now() - timedelta(minutes=1)


def test_creator_dashboard(history: Runtime) -> None:
    with history.read() as s:
        handle = sorted(creator_handles(s).values())[0]
    me = Principal(Role.CREATOR, handle, frozenset({handle}))
    dash = creator_dashboard(history, me, handle, START, END)
    assert dash.by_policy.total.processed > 0
    assert dash.held >= dash.held_approved >= 0
    assert sum(dash.filed.values()) == dash.filed_total
    only_en = creator_dashboard(history, me, handle, START, END, language="en")
    assert set(only_en.by_language.slices) <= {"en"}
    with pytest.raises(Forbidden):
        creator_dashboard(
            history, Principal(Role.CREATOR, "x", frozenset({"x"})), handle, START, END
        )


def test_history_is_loaded_once(history: Runtime) -> None:
    again = load_history(history, SYSTEM, days=DAYS, events=10, seed=1)
    assert again.skipped


def test_history_spans_the_requested_days(history: Runtime) -> None:
    facts = _stored(history)
    days = {f.created_at.date() for f in facts}
    assert min(days) >= START
    assert max(days) <= END
    assert all(f.created_at.tzinfo is not None for f in facts[:10])
    assert datetime(2026, 11, 2, tzinfo=UTC).date() == END


def test_reports_decisions_and_appeals_feed_the_metrics(
    rt: Runtime, creator: str, clock: Any
) -> None:
    from hifazat.services.appeals import decide_appeal, file_appeal
    from hifazat.services.case_decisions import DecisionInput, decide_case
    from hifazat.services.reports import NewReport, file_report

    out = ingest_comment(
        rt,
        SYSTEM,
        NewComment(
            event_id="r1", creator=creator, text="you are so boring", region="PK", author_id="a1"
        ),
    )
    assert out.decision["action"] not in m.ENFORCEMENT_ACTIONS
    day = rt.now().date()
    clock.advance(hours=1)
    zara = Principal(Role.CREATOR, "zara", frozenset({creator}))
    filed = file_report(rt, zara, NewReport("comment", str(out.id), "harassment"))
    clock.advance(hours=3)
    moderator = Principal(Role.MODERATOR, "sana")
    decide_case(rt, moderator, filed.case_id, DecisionInput("remove", "Targeted insult."))
    rep = svc.report(rt, ANALYST, svc.Query(day, day, ("PK",), "region"))
    got = m.metrics(rep.total)
    assert got["items_actioned"] == 1
    assert got["proactive_rate"] == 0.0
    assert got["reports_received"] == 1
    assert got["reports_resolved"] == 1
    assert got["median_seconds_report_to_action"] == m.bucket_value(m.latency_bucket(3 * 3600))
    dash = creator_dashboard(rt, zara, creator, day, day)
    assert dash.filed == {"remove": 1}
    clock.advance(hours=1)
    appeal = file_appeal(rt, SYSTEM, filed.case_id, "It was a joke.", appellant="a1")
    clock.advance(hours=1)
    decide_appeal(rt, Principal(Role.SENIOR_MODERATOR, "imran"), appeal.id, True, "Fair.")
    again = m.metrics(svc.report(rt, ANALYST, svc.Query(day, day, ("PK",))).total)
    assert again["appeals_filed"] == 1
    assert again["appeals_overturned"] == 1
    assert again["overturn_rate"] == 1.0


def test_live_nudges_and_safety_mode_count(rt: Runtime, creator: str) -> None:
    from hifazat.services import nudges, safety_mode

    for outcome in ("edited", "edited", "abandoned"):
        got = nudges.nudge(rt, SYSTEM, nudges.NudgeRequest("you idiot", creator=creator))
        nudges.record_outcome(rt, SYSTEM, got["token"], outcome)
    zara = Principal(Role.CREATOR, "zara", frozenset({creator}))
    safety_mode.switch(rt, zara, creator, on=True, hours=4)
    day = rt.now().date()
    rep = svc.report(rt, ANALYST, svc.Query(day, day, ("PK",), "region"))
    got_metrics = m.metrics(rep.total)
    assert got_metrics["nudge_outcomes"] == {"edited": 2, "posted": 0, "abandoned": 1}
    assert got_metrics["safety_mode_activations"] == 1
    by_creator = svc.report(rt, ANALYST, svc.Query(day, day, (), "creator"))
    assert by_creator.slices[creator].safety_mode_activations == 1
