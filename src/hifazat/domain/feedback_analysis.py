"""Survey analysis from plain values: distributions with CIs, funnels, SUS, themes, before/after
with effect sizes, and perceived safety against measured metrics. Pure; small samples are named.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scipy import stats

from hifazat.domain.focus_groups import romanise, suggest_clusters
from hifazat.domain.surveys import PREFER_NOT, Item

#: Below this many answers a figure is shown as description only, never as a finding.
MIN_N = 10
#: Below this many (region, period) points no association with metrics is estimated.
MIN_POINTS = 4
Z95 = 1.959963984540054


def small_sample_note(n: int, minimum: int = MIN_N) -> str | None:
    if n < minimum:
        return f"n={n} is below {minimum}: describes these respondents only, not a finding"
    return None


@dataclass(frozen=True)
class Proportion:
    k: int
    n: int
    share: float
    low: float
    high: float


def wilson(k: int, n: int, z: float = Z95) -> Proportion:
    """Wilson score interval for k successes out of n (well-behaved for small n and 0 or n)."""
    if n == 0:
        return Proportion(0, 0, 0.0, 0.0, 1.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if k == 0 else max(0.0, min(p, centre - half))
    high = 1.0 if k == n else min(1.0, max(p, centre + half))
    return Proportion(k, n, p, low, high)


@dataclass(frozen=True)
class Mean:
    n: int
    mean: float | None
    low: float | None
    high: float | None
    sd: float | None


def mean_ci(values: Sequence[float]) -> Mean:
    """Mean with a t-based 95% interval (none for n < 2)."""
    n = len(values)
    if n == 0:
        return Mean(0, None, None, None, None)
    m = sum(values) / n
    if n < 2:
        return Mean(n, m, None, None, None)
    sd = statistics_sd(values)
    half = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
    return Mean(n, m, m - half, m + half, sd)


def statistics_sd(values: Sequence[float]) -> float:
    n = len(values)
    m = sum(values) / n
    return math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1))


@dataclass(frozen=True)
class Distribution:
    item: str
    n: int
    options: list[tuple[Any, Proportion]]
    prefer_not: int
    mean: Mean | None
    note: str | None


def distribution(item: Item, answers: Iterable[Any]) -> Distribution:
    """Per-option shares with Wilson intervals; likert items also get a mean with its interval.
    "Prefer not to say" is counted apart and left out of the denominator."""
    values = [a for a in answers if a is not None]
    declined = sum(1 for a in values if a == PREFER_NOT)
    given = [a for a in values if a != PREFER_NOT]
    counts: Counter[Any] = Counter()
    for a in given:
        for v in a if isinstance(a, list) else [a]:
            counts[v] += 1
    n = len(given)
    options = [(o.value, wilson(counts.get(o.value, 0), n)) for o in item.options]
    mean = None
    if item.type == "likert":
        mean = mean_ci([float(v) for v in given if isinstance(v, int | float)])
    return Distribution(item.id, n, options, declined, mean, small_sample_note(n))


def group_by(rows: Iterable[Mapping[str, Any]], key: str) -> dict[str, list[Mapping[str, Any]]]:
    out: dict[str, list[Mapping[str, Any]]] = {}
    for r in rows:
        out.setdefault(str(r.get(key) or "unknown"), []).append(r)
    return dict(sorted(out.items()))


# ---- tool funnel ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelStep:
    tool: str
    n: int
    aware: Proportion
    used: Proportion
    regular: Proportion
    effective: Proportion  # among users who rated it: "very" or "extremely" effective


def tool_funnel(
    awareness: Sequence[Mapping[str, Any]],
    effectiveness: Sequence[Mapping[str, Any]],
    tools: Sequence[str],
) -> list[FunnelStep]:
    """Awareness → use → perceived effectiveness per tool from matrix answers (F1: 1..4 where
    2 = knew, 3 = used once or twice, 4 = regularly; F2: 1..5 effectiveness)."""
    out = []
    for tool in tools:
        levels = [a[tool] for a in awareness if isinstance(a.get(tool), int)]
        n = len(levels)
        ratings = [e[tool] for e in effectiveness if isinstance(e.get(tool), int)]
        used = sum(1 for v in levels if v >= 3)
        out.append(
            FunnelStep(
                tool,
                n,
                wilson(sum(1 for v in levels if v >= 2), n),
                wilson(used, n),
                wilson(sum(1 for v in levels if v >= 4), n),
                wilson(sum(1 for v in ratings if v >= 4), len(ratings)),
            )
        )
    return out


# ---- SUS ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SusSummary:
    score: Mean
    above_68: Proportion
    note: str | None


def sus_summary(scores: Sequence[float]) -> SusSummary:
    """Mean SUS with its interval and the share above 68 (the commonly used 'good' line)."""
    return SusSummary(
        mean_ci(scores),
        wilson(sum(1 for s in scores if s > 68), len(scores)),
        small_sample_note(len(scores)),
    )


# ---- themes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    label: str
    count: int
    examples: tuple[str, ...]
    keywords: tuple[str, ...]


def themes(texts: Sequence[str], threshold: float = 0.3, examples: int = 3) -> list[Theme]:
    """Free-text themes in any mix of English, Urdu and Roman Urdu: clusters of similar answers
    with their most frequent (romanised) words."""
    clean = [t for t in texts if t and t.strip()]
    out = []
    for c in suggest_clusters(clean, threshold):
        words: Counter[str] = Counter()
        for i in c.members:
            words.update(w for w in set(romanise(clean[i]).split()) if len(w) > 2)
        keywords = tuple(w for w, _ in words.most_common(4))
        out.append(
            Theme(c.label, len(c.members), tuple(clean[i] for i in c.members[:examples]), keywords)
        )
    return out


# ---- before / after ------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    measure: str
    n_before: int
    n_after: int
    mean_before: float | None
    mean_after: float | None
    difference: float | None
    low: float | None
    high: float | None
    effect_size: float | None  # Hedges' g (independent) or d_z (paired)
    effect_kind: str
    p_value: float | None
    paired: bool
    statement: str
    verdict: str = "no_data"  # higher | lower | no_change | too_small | no_data


def _verdict(diff: float | None, low: float | None, high: float | None) -> str:
    if diff is None:
        return "no_data"
    if low is not None and high is not None and low <= 0 <= high:
        return "no_change"
    return "higher" if diff > 0 else "lower"


def magnitude(g: float) -> str:
    """Cohen's conventional labels: negligible < 0.2 ≤ small < 0.5 ≤ medium < 0.8 ≤ large."""
    return _magnitude(g)


def _magnitude(g: float) -> str:
    a = abs(g)
    return "negligible" if a < 0.2 else "small" if a < 0.5 else "medium" if a < 0.8 else "large"


def compare(
    measure: str,
    before: Sequence[float],
    after: Sequence[float],
    pairs: Sequence[tuple[float, float]] = (),
    minimum: int = MIN_N,
) -> Comparison:
    """After minus before. With at least ``minimum`` matched pairs a paired t-test and d_z;
    otherwise Welch's t-test and Hedges' g. States plainly when the sample is too small."""
    nb, na = len(before), len(after)
    mb = sum(before) / nb if nb else None
    ma = sum(after) / na if na else None
    if len(pairs) >= minimum:
        # The means shown are over the matched pairs, so they agree with the difference.
        nb = na = len(pairs)
        mb = sum(b for b, _ in pairs) / nb
        ma = sum(a for _, a in pairs) / na
        diffs = [a - b for b, a in pairs]
        m = mean_ci(diffs)
        sd = m.sd or 0.0
        dz = (m.mean or 0.0) / sd if sd > 0 else None
        p = (
            float(stats.ttest_rel([a for _, a in pairs], [b for b, _ in pairs]).pvalue)
            if sd > 0
            else None
        )
        text = _statement(measure, m.mean, m.low, m.high, dz, p, len(pairs), "paired")
        return Comparison(
            measure,
            nb,
            na,
            mb,
            ma,
            m.mean,
            m.low,
            m.high,
            dz,
            "d_z",
            p,
            True,
            text,
            _verdict(m.mean, m.low, m.high),
        )
    if nb < 2 or na < 2 or mb is None or ma is None:
        return Comparison(
            measure,
            nb,
            na,
            mb,
            ma,
            None,
            None,
            None,
            None,
            "hedges_g",
            None,
            False,
            f"{measure}: too few answers to compare (before n={nb}, after n={na}).",
            "too_small",
        )
    sb, sa = statistics_sd(before), statistics_sd(after)
    diff = ma - mb
    se = math.sqrt(sb * sb / nb + sa * sa / na)
    pooled = math.sqrt(((nb - 1) * sb * sb + (na - 1) * sa * sa) / (nb + na - 2))
    g = None
    if pooled > 0:
        g = diff / pooled * (1 - 3 / (4 * (nb + na) - 9))
    low = high = p = None
    if se > 0:
        df = se**4 / ((sb * sb / nb) ** 2 / (nb - 1) + (sa * sa / na) ** 2 / (na - 1))
        t = float(stats.t.ppf(0.975, df))
        low, high = diff - t * se, diff + t * se
        p = float(stats.ttest_ind(after, before, equal_var=False).pvalue)
    text = _statement(measure, diff, low, high, g, p, min(nb, na), "independent")
    verdict = _verdict(diff, low, high)
    if min(nb, na) < minimum:
        verdict = "too_small"
        text = (
            f"{measure}: before n={nb}, after n={na} — too small to conclude; "
            f"the change of {diff:+.2f} describes these respondents only."
        )
    return Comparison(
        measure, nb, na, mb, ma, diff, low, high, g, "hedges_g", p, False, text, verdict
    )


def _statement(
    measure: str,
    diff: float | None,
    low: float | None,
    high: float | None,
    effect: float | None,
    p: float | None,
    n: int,
    design: str,
) -> str:
    if diff is None:
        return f"{measure}: no data."
    ci = f" (95% CI {low:+.2f} to {high:+.2f})" if low is not None and high is not None else ""
    size = f", {_magnitude(effect)} effect ({effect:+.2f})" if effect is not None else ""
    if low is not None and high is not None and low <= 0 <= high:
        verdict = "the interval includes no change"
    elif diff > 0:
        verdict = "higher after"
    else:
        verdict = "lower after"
    pv = f", p={p:.3f}" if p is not None else ""
    return f"{measure}: {diff:+.2f}{ci}{size}{pv}; {verdict} ({design}, n={n})."


# ---- perception against measured metrics -----------------------------------------------------


@dataclass(frozen=True)
class JoinedPoint:
    region: str
    period: str
    perceived: Mean
    metrics: dict[str, float]


@dataclass(frozen=True)
class Association:
    metric: str
    points: int
    rho: float | None
    p_value: float | None
    statement: str


@dataclass(frozen=True)
class PerceptionVsMetrics:
    points: list[JoinedPoint]
    associations: list[Association] = field(default_factory=list)
    unmatched: list[tuple[str, str]] = field(default_factory=list)


def perception_vs_metrics(
    perception: Iterable[Mapping[str, Any]],
    metric_rows: Iterable[Mapping[str, Any]],
    min_points: int = MIN_POINTS,
) -> PerceptionVsMetrics:
    """Join perceived safety (rows: region, period, score) with metric rows (region, period,
    name → value) on (region, period); Spearman's rho per metric when enough points exist."""
    scores: dict[tuple[str, str], list[float]] = {}
    for r in perception:
        if r.get("score") is not None:
            scores.setdefault((str(r["region"]), str(r["period"])), []).append(float(r["score"]))
    metrics: dict[tuple[str, str], dict[str, float]] = {}
    for m in metric_rows:
        key = (str(m["region"]), str(m["period"]))
        metrics.setdefault(key, {}).update(
            {k: float(v) for k, v in m.items() if k not in {"region", "period"} and v is not None}
        )
    points = [
        JoinedPoint(k[0], k[1], mean_ci(v), metrics[k])
        for k, v in sorted(scores.items())
        if k in metrics
    ]
    unmatched = sorted(k for k in scores if k not in metrics)
    names = sorted({n for p in points for n in p.metrics})
    assoc = []
    for name in names:
        pts = [(p.perceived.mean, p.metrics[name]) for p in points if name in p.metrics]
        xs = [float(a) for a, _ in pts if a is not None]
        ys = [b for a, b in pts if a is not None]
        if len(xs) < min_points:
            assoc.append(
                Association(
                    name,
                    len(xs),
                    None,
                    None,
                    f"{name}: only {len(xs)} region-period point(s); at least "
                    f"{min_points} are needed before any association is estimated.",
                )
            )
            continue
        if len(set(xs)) < 2 or len(set(ys)) < 2:
            assoc.append(
                Association(name, len(xs), None, None, f"{name}: no variation to compare.")
            )
            continue
        res = stats.spearmanr(xs, ys)
        rho, p = float(res.statistic), float(res.pvalue)
        direction = "rises" if rho > 0 else "falls"
        caveat = "" if p < 0.05 else "; with this few points it cannot be told apart from none"
        assoc.append(
            Association(
                name,
                len(xs),
                rho,
                p,
                f"perceived safety {direction} with {name} across {len(xs)} region-periods "
                f"(Spearman rho={rho:+.2f}, p={p:.3f}){caveat}; an association, not a cause.",
            )
        )
    return PerceptionVsMetrics(points, assoc, unmatched)
