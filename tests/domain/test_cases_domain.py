"""The pure case core: transitions, reasons and lanes, priority order, strikes, DSA records."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hifazat.domain.cases import (
    CaseEvent,
    CaseStatus,
    Lane,
    StrikeView,
    active_points,
    base_priority,
    may_appeal,
    priority_at,
    rank_key,
    reason_for,
    report_reasons,
    restriction_for,
    transition,
)
from hifazat.domain.dsa import FIELDS, DecisionFacts, statement_of_reasons, validate
from hifazat.domain.policy.categories import Category
from hifazat.errors import InvalidTransition, UnknownReason

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_transitions() -> None:
    assert transition(CaseStatus.OPEN, CaseEvent.REPORT) is CaseStatus.OPEN
    assert transition(CaseStatus.OPEN, CaseEvent.DECIDE) is CaseStatus.DECIDED
    assert transition(CaseStatus.DECIDED, CaseEvent.APPEAL) is CaseStatus.APPEALED
    assert transition(CaseStatus.APPEALED, CaseEvent.OVERTURN) is CaseStatus.CLOSED
    assert transition(CaseStatus.DECIDED, CaseEvent.REVERSE) is CaseStatus.OPEN
    with pytest.raises(InvalidTransition, match="allowed: appeal, reverse"):
        transition(CaseStatus.DECIDED, CaseEvent.DECIDE)
    with pytest.raises(InvalidTransition, match="final"):
        transition(CaseStatus.CLOSED, CaseEvent.APPEAL)


def test_top_priority_lane_reasons() -> None:
    priority = {r.code for r in report_reasons() if r.lane is Lane.PRIORITY}
    assert priority == {
        "threat",
        "doxxing",
        "blasphemy_accusation",
        "sexual_extortion",
        "self_harm",
    }
    assert reason_for("sexual_extortion").category is Category.SEXUAL_HARASSMENT
    with pytest.raises(UnknownReason):
        reason_for("rude")


@given(
    cases=st.lists(
        st.tuples(
            st.integers(1, 3), st.integers(0, 10**7), st.integers(0, 3), st.integers(0, 5000)
        ),
        min_size=2,
        max_size=30,
    ),
    later=st.integers(0, 10_000),
)
def test_static_rank_orders_like_priority_at_any_moment(
    cases: list[tuple[int, int, int, int]], later: int
) -> None:
    rows = []
    for severity, reach, risk, minutes in cases:
        opened = T0 + timedelta(minutes=minutes)
        rows.append(
            (rank_key(base_priority(severity, reach, risk), opened), opened, severity, reach, risk)
        )
    now = T0 + timedelta(minutes=5000 + later)
    by_rank = sorted(rows, key=lambda r: r[0])
    live = [
        base_priority(s, reach, risk) + 2.0 * (now - opened).total_seconds() / 3600
        for _, opened, s, reach, risk in by_rank
    ]
    assert all(a <= b + 1e-3 for a, b in itertools.pairwise(live))
    assert priority_at(by_rank[-1][0], now) == pytest.approx(live[-1], abs=0.1)


def test_severity_outranks_age_within_a_day() -> None:
    threat = rank_key(base_priority(3, 0, 0), T0)
    old_spam = rank_key(base_priority(1, 0, 0), T0 - timedelta(hours=24))
    assert threat > old_spam


def test_strike_thresholds() -> None:
    assert restriction_for(0, 2) is None
    restrict = restriction_for(2, 3)
    assert restrict is not None
    assert restrict.kind == "restrict"
    suspend = restriction_for(3, 6)
    assert suspend is not None
    assert suspend.kind == "suspend"
    assert restriction_for(6, 9) is None  # already past every threshold
    strikes = [StrikeView(3, T0 + timedelta(days=1)), StrikeView(2, T0 - timedelta(days=1))]
    assert active_points(strikes, T0) == 3
    assert active_points([StrikeView(3, T0 + timedelta(days=1), revoked=True)], T0) == 0


def test_appeal_window() -> None:
    assert may_appeal(T0, T0 + timedelta(days=20), 20)
    assert not may_appeal(T0, T0 + timedelta(days=20, seconds=1), 20)


@given(
    outcome=st.sampled_from(["hide", "remove", "restrict_author", "suspend_author"]),
    category=st.sampled_from([c.value for c in Category] + [None]),
    automated=st.booleans(),
    trusted=st.booleans(),
    region=st.sampled_from(["PK", "DE", None]),
)
def test_every_record_validates(
    outcome: str, category: str | None, automated: bool, trusted: bool, region: str | None
) -> None:
    facts = DecisionFacts(
        decision_id=7,
        outcome=outcome,
        category=category,
        policy_version="2026.11.0",
        explanation="insult aimed at the creator",
        automated_detection=True,
        automated_decision=automated,
        trusted_flagger=trusted,
        reported=not automated,
        subject_type="comment",
        language="ur-Latn",
        region=region,
        content_date=T0,
        decided_at=T0,
        restriction_ends_at=T0 + timedelta(days=7) if "author" in outcome else None,
    )
    record = statement_of_reasons(facts)
    assert set(record) == set(FIELDS)
    assert validate(record) == []
    if trusted:
        assert record["source_type"] == "SOURCE_TRUSTED_FLAGGER"


def test_validate_names_every_problem() -> None:
    problems = validate(
        {
            **dict.fromkeys(FIELDS),
            "decision_visibility": ["GONE"],
            "decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT",
            "category": "STATEMENT_CATEGORY_NOPE",
            "content_type": [],
            "source_type": "SOURCE_GUESS",
            "automated_detection": "maybe",
            "automated_decision": "AUTOMATED_DECISION_FULLY",
            "territorial_scope": ["PK"],
            "content_date": "2026-13-01",
            "application_date": "2026-11-02",
            "extra": 1,
        }
    )
    assert problems == ["unknown field extra"]
    record = dict.fromkeys(FIELDS) | {
        "decision_visibility": ["GONE"],
        "territorial_scope": ["PK"],
    }
    found = validate(record)
    assert "decision_visibility: bad value GONE" in found
    assert "territorial_scope: EU/EEA country codes" in found
    assert "automated_detection must be Yes or No" in found
