"""Intervals, funnels, before/after with effect sizes, perception against metrics, honesty
about small samples."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hifazat.domain import feedback_analysis as fa
from hifazat.domain.surveys import Item, Option


def test_wilson_interval_known_values() -> None:
    p = fa.wilson(5, 10)
    assert p.share == 0.5
    assert p.low == pytest.approx(0.2366, abs=1e-4)
    assert p.high == pytest.approx(0.7634, abs=1e-4)
    zero = fa.wilson(0, 10)
    assert zero.low == 0.0
    assert zero.high == pytest.approx(0.2775, abs=1e-4)
    assert fa.wilson(0, 0).n == 0


@given(st.integers(0, 200), st.integers(1, 200))
def test_wilson_contains_the_share(k: int, n: int) -> None:
    k = min(k, n)
    p = fa.wilson(k, n)
    assert 0 <= p.low <= p.share <= p.high <= 1


def test_mean_interval() -> None:
    m = fa.mean_ci([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])
    assert m.mean == 5.0
    assert m.low == pytest.approx(5 - 2.3646 * m.sd / 8**0.5, rel=1e-3)  # type: ignore[operator]
    assert fa.mean_ci([3.0]).low is None


def test_distribution_leaves_prefer_not_out_and_flags_small_n() -> None:
    item = Item(
        "G1",
        "likert",
        {"en": "x", "ur": "ی"},
        tuple(Option(v, str(v), "ی") for v in range(1, 6)),
        prefer_not=True,
    )
    d = fa.distribution(item, [4, 5, 4, "prefer_not", None])
    assert d.n == 3
    assert d.prefer_not == 1
    assert {v: p.k for v, p in d.options}[4] == 2
    assert d.mean is not None
    assert d.mean.mean == pytest.approx(13 / 3)
    assert d.note is not None
    assert "n=3" in d.note


def test_tool_funnel() -> None:
    aware = [{"t": 1}, {"t": 2}, {"t": 3}, {"t": 4}]
    steps = fa.tool_funnel(aware, [{"t": 5}, {"t": 2}], ["t"])
    s = steps[0]
    assert (s.aware.k, s.used.k, s.regular.k, s.effective.k) == (3, 2, 1, 1)
    assert s.effective.n == 2


def test_paired_comparison_with_effect_size() -> None:
    pairs = [(2.0 + i % 3, 3.0 + i % 3 + (i % 2) * 0.5) for i in range(12)]
    c = fa.compare("safety", [b for b, _ in pairs], [a for _, a in pairs], pairs)
    assert c.paired
    assert c.effect_kind == "d_z"
    assert c.difference == pytest.approx(1.25)
    assert c.low is not None
    assert c.low > 0
    assert c.p_value is not None
    assert c.p_value < 0.001
    assert "higher after" in c.statement
    assert "paired, n=12" in c.statement


def test_independent_comparison_uses_hedges_g() -> None:
    before = [2.0, 3.0, 2.0, 3.0, 2.0, 3.0, 2.0, 3.0, 2.0, 3.0, 2.0]
    after = [3.0, 4.0, 3.0, 4.0, 3.0, 4.0, 3.0, 4.0, 3.0, 4.0]
    c = fa.compare("safety", before, after)
    assert not c.paired
    assert c.effect_kind == "hedges_g"
    assert c.effect_size is not None
    assert c.effect_size > 1.5


def test_small_samples_are_called_small() -> None:
    c = fa.compare("safety", [2.0, 3.0, 2.5], [4.0, 4.5, 3.5])
    assert "too small to conclude" in c.statement
    assert "too few answers" in fa.compare("safety", [2.0], [3.0]).statement


def test_no_change_is_reported_as_such() -> None:
    pairs = [(3.0, 3.0 + (0.5 if i % 2 else -0.5)) for i in range(12)]
    c = fa.compare("safety", [b for b, _ in pairs], [a for _, a in pairs], pairs)
    assert "includes no change" in c.statement


def test_perception_joined_with_metrics_by_region_and_period() -> None:
    perception = [
        {"region": r, "period": p, "score": s}
        for r, p, s in [
            ("PK", "2026-06", 2.0),
            ("PK", "2026-06", 2.4),
            ("PK", "2026-08", 2.8),
            ("IN", "2026-08", 2.5),
            ("GB", "2026-08", 3.5),
            ("AE", "2026-08", 3.0),
            ("BD", "2026-08", 1.0),
        ]
    ]
    metrics = [
        {"region": "PK", "period": "2026-06", "proactive_rate": 0.5},
        {"region": "PK", "period": "2026-08", "proactive_rate": 0.7},
        {"region": "IN", "period": "2026-08", "proactive_rate": 0.6},
        {"region": "GB", "period": "2026-08", "proactive_rate": 0.9},
        {"region": "AE", "period": "2026-08", "proactive_rate": 0.8},
    ]
    out = fa.perception_vs_metrics(perception, metrics)
    assert next((p.region, p.period) for p in out.points) == ("AE", "2026-08")
    pk = next(p for p in out.points if p.period == "2026-06")
    assert pk.perceived.mean == pytest.approx(2.2)
    assert pk.perceived.n == 2
    assert out.unmatched == [("BD", "2026-08")]
    a = out.associations[0]
    assert a.points == 5
    assert a.rho == pytest.approx(1.0)
    assert "not a cause" in a.statement


def test_too_few_points_for_an_association() -> None:
    out = fa.perception_vs_metrics(
        [{"region": "PK", "period": "2026-06", "score": 3}],
        [{"region": "PK", "period": "2026-06", "action_rate": 0.1}],
    )
    assert out.associations[0].rho is None
    assert "only 1 region-period" in out.associations[0].statement


def test_themes_group_answers_across_languages() -> None:
    themes = fa.themes(
        [
            "Urdu helpline at night",
            "اردو ہیلپ لائن رات کو",
            "urdu helpline raat ko",
            "legal help",
            "",
        ]
    )
    assert themes[0].count == 3
    assert "helpline" in themes[0].keywords or "urdu" in themes[0].keywords
