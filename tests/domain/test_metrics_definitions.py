"""Metric definitions: properties from the issue (Hypothesis) and worked examples."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hifazat.domain import metrics as m

T0 = datetime(2026, 1, 1, tzinfo=UTC)
REGIONS = ("PK", "IN", "GB")


@st.composite
def facts(draw: st.DrawFn) -> m.Fact:
    created = T0 + timedelta(minutes=draw(st.integers(0, 365 * 24 * 60)))
    action = draw(st.sampled_from(m.ACTIONS))
    enforcing = action in m.ENFORCEMENT_ACTIONS

    def later(p: bool) -> datetime | None:
        if not p:
            return None
        return created + timedelta(minutes=draw(st.integers(0, 5 * 24 * 60)))

    reports = draw(st.integers(0, 3))
    appealed = draw(st.booleans())
    return m.Fact(
        region=draw(st.sampled_from(REGIONS)),
        language=draw(st.sampled_from(("en", "ur", "ur-Latn"))),
        category=draw(st.sampled_from((None, "harassment", "hate", "threat"))),
        creator=draw(st.sampled_from(("a", "b"))),
        created_at=created,
        action=action,
        actioned_at=later(enforcing),
        first_view_at=later(draw(st.booleans())),
        reported_at=later(reports > 0),
        reports=reports,
        reports_resolved=draw(st.integers(0, reports)),
        appealed=appealed,
        overturned=appealed and draw(st.booleans()),
        strike=draw(st.booleans()),
        nudge=draw(st.sampled_from((None, *m.NUDGE_OUTCOMES))) if action == "nudge" else None,
    )


def _plain(c: m.Counts) -> dict[str, object]:
    return {
        **{k: getattr(c, k) for k in ("processed", "actioned", "proactive", "appeals")},
        "by_action": dict(c.by_action),
        "latencies": c.report_latencies,
        "all": m.metrics(c),
    }


@settings(max_examples=150, deadline=None)
@given(st.lists(facts(), max_size=60))
def test_regional_totals_add_up_to_the_global_total(rows: list[m.Fact]) -> None:
    by_region = m.aggregate(rows, "region")
    assert _plain(m.total(by_region.values())) == _plain(m.tally(rows))
    assert sum(c.processed for c in by_region.values()) == len(rows)


@settings(max_examples=150, deadline=None)
@given(st.lists(facts(), max_size=60), st.sampled_from(m.DIMENSIONS))
def test_every_rate_lies_in_0_1(rows: list[m.Fact], by: str) -> None:
    for c in [m.tally(rows), *m.aggregate(rows, by, "week").values()]:
        out = m.metrics(c)
        for name in m.RATE_PARTS:
            v = out[name]
            assert v is None or 0.0 <= v <= 1.0, (name, v)  # type: ignore[operator]
        p50, p90 = out["median_seconds_report_to_action"], out["p90_seconds_report_to_action"]
        assert (p50 is None) == (p90 is None)
        if p50 is not None:
            assert 0 <= p50 <= p90  # type: ignore[operator]


@settings(max_examples=150, deadline=None)
@given(st.lists(facts(), max_size=60), st.integers(1, 364))
def test_a_period_split_in_two_aggregates_back_to_the_whole(rows: list[m.Fact], cut: int) -> None:
    split = T0 + timedelta(days=cut)
    first = [f for f in rows if f.created_at < split]
    second = [f for f in rows if f.created_at >= split]
    assert _plain(m.tally(first) + m.tally(second)) == _plain(m.tally(rows))


@settings(max_examples=100, deadline=None)
@given(st.lists(facts(), max_size=40), st.sampled_from(("week", "month", "quarter")))
def test_periods_partition_the_items(rows: list[m.Fact], period: str) -> None:
    parts = m.aggregate(rows, "period", period)
    assert _plain(m.total(parts.values())) == _plain(m.tally(rows))


def test_derive_worked_example() -> None:
    created = T0
    f = m.Fact(
        "PK",
        "ur",
        "threat",
        "a",
        created,
        "remove",
        actioned_at=created + timedelta(hours=2),
        first_view_at=created + timedelta(hours=3),
        reported_at=created + timedelta(hours=1),
    )
    d = m.derive(f)
    assert d == m.Derived(True, False, True, True, 3600)
    allow = m.derive(m.Fact("PK", "ur", None, "a", created, "allow"))
    assert allow == m.Derived(False, False, False, False, None)
    late = m.Fact(
        "PK",
        "en",
        "hate",
        "a",
        created,
        "hide",
        actioned_at=created + timedelta(hours=25),
        first_view_at=created,
    )
    assert m.derive(late) == m.Derived(True, True, False, False, None)


def test_rates_are_none_without_a_denominator() -> None:
    out = m.metrics(m.Counts())
    assert all(out[name] is None for name in m.RATE_PARTS)
    assert out["median_seconds_report_to_action"] is None


def test_percentile_nearest_rank() -> None:
    values = tuple(range(1, 11))
    assert m.percentile(values, 0.5) == 5
    assert m.percentile(values, 0.9) == 9
    assert m.percentile((7,), 0.9) == 7
    assert m.percentile((), 0.5) is None


def test_periods() -> None:
    d = date(2026, 8, 19)  # a Wednesday
    assert m.period_start(d, "week") == date(2026, 8, 17)
    assert m.period_start(d, "month") == date(2026, 8, 1)
    assert m.period_start(d, "quarter") == date(2026, 7, 1)
    assert m.period_label(date(2026, 7, 1), "quarter") == "2026-Q3"
    assert m.parse_quarter("2026-q4") == (date(2026, 10, 1), date(2026, 12, 31))
    assert len(m.periods_between(date(2026, 1, 1), date(2026, 12, 31), "week")) == 53
    assert len(m.periods_between(date(2026, 1, 1), date(2026, 12, 31), "month")) == 12


def _counts(k: int, n: int, metric: str = "proactive_rate") -> m.Counts:
    num, den = m.RATE_PARTS[metric]
    return m.Counts(**{num: k, den: n})  # type: ignore[arg-type]


def test_compare_says_improved_only_when_the_interval_excludes_zero() -> None:
    big = m.compare_rate("proactive_rate", _counts(500, 1000), _counts(700, 1000))
    assert big.verdict == m.IMPROVED
    assert big.low is not None
    assert big.high is not None
    assert 0 < big.low < 0.2 < big.high
    small = m.compare_rate("proactive_rate", _counts(5, 10), _counts(6, 10))
    assert small.verdict == m.NO_CLEAR_CHANGE
    assert small.low is not None
    assert small.low < 0 < (small.high or 0)
    down = m.compare_rate("proactive_rate", _counts(700, 1000), _counts(500, 1000))
    assert down.verdict == m.WORSE
    # for the overturn rate, lower is better
    over = m.compare_rate(
        "overturn_rate", _counts(30, 100, "overturn_rate"), _counts(5, 100, "overturn_rate")
    )
    assert over.verdict == m.IMPROVED
    empty = m.compare_rate("proactive_rate", m.Counts(), _counts(1, 2))
    assert empty.verdict == m.NO_CLEAR_CHANGE
    assert empty.difference is None


def test_newcombe_interval_matches_the_published_example() -> None:
    # Newcombe (1998), method 10, example (a): 56/70 vs 48/80 → difference 0.2, CI 0.0524..0.3339
    c = m.compare_rate("proactive_rate", _counts(48, 80), _counts(56, 70))
    assert c.difference is not None
    assert abs(c.difference - 0.2) < 1e-9
    assert abs((c.low or 0) - 0.0524) < 5e-4
    assert abs((c.high or 0) - 0.3339) < 5e-4


def test_overall_verdict() -> None:
    before = m.Counts(processed=1000, actioned=100, proactive=50, before_view=40, within_24h=60)
    after = m.Counts(processed=1000, actioned=100, proactive=90, before_view=80, within_24h=95)
    _, verdict = m.compare(before, after)
    assert verdict == m.IMPROVED
    _, verdict = m.compare(after, before)
    assert verdict == m.WORSE
    _, verdict = m.compare(before, before)
    assert verdict == m.NO_CLEAR_CHANGE
