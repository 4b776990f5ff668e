"""Comparisons over time: the regional dashboard, before/after comparisons with intervals, and
trends per period. Built on the query engine in :mod:`hifazat.services.metrics`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from hifazat.db.metrics_tables import EnforcementDaily as ED
from hifazat.domain import metrics as m
from hifazat.domain.access import Principal
from hifazat.services.authz import require
from hifazat.services.metrics import (
    METRICS_READERS,
    Query,
    Report,
    breakdowns,
    counts,
    validate,
)
from hifazat.services.metrics_rollup import refresh_stale
from hifazat.services.runtime import Runtime


@dataclass(frozen=True)
class Dashboard:
    by_region: Report
    by_policy: Report
    trend: Trend
    compared: list[Comparison]
    regions: list[str]


def dashboard(rt: Runtime, principal: Principal, q: Query, period: str, top: int = 6) -> Dashboard:
    """Everything the regional dashboard shows, from one refresh and three scans of the
    rollups: the span by region, policy and region x period, and the first and last 90 days."""
    require(principal, *METRICS_READERS)
    lim = rt.settings.metrics_max_buckets
    q = validate(Query(q.start, q.end, q.regions, period, q.policy, q.language), lim)
    refresh_stale(rt)
    quarter = timedelta(days=89)
    before = (q.start, min(q.end, q.start + quarter))
    after = (max(q.start, q.end - quarter), q.end)
    with rt.read() as s:
        total = func.sum(ED.processed)
        regions = [
            str(r)
            for r, _ in s.execute(
                select(ED.region, total).group_by(ED.region).order_by(total.desc())
            ).all()
        ]
        shown = list(q.regions) or regions[:top]
        q = Query(q.start, q.end, tuple(shown), period, q.policy, q.language)
        both = breakdowns(s, q, ("region", "policy", f"region|{period}"))
        qa = Query(before[0], before[1], q.regions, "region", q.policy, q.language)
        qb = Query(after[0], after[1], q.regions, "region", q.policy, q.language)
        ra = breakdowns(s, qa, ("region",), with_latency=False)["region"]
        rb = breakdowns(s, qb, ("region",), with_latency=False)["region"]
    starts = m.periods_between(q.start, q.end, period)
    grid = both[f"region|{period}"].slices
    series = {r: [grid.get(f"{r}|{d.isoformat()}", m.Counts()) for d in starts] for r in shown}
    compared = []
    for region in shown:
        changes, verdict = m.compare(
            ra.slices.get(region, m.Counts()), rb.slices.get(region, m.Counts())
        )
        compared.append(Comparison(region, before, after, changes, verdict))
    return Dashboard(
        both["region"], both["policy"], Trend(period, starts, series), compared, regions
    )


def known_regions(rt: Runtime) -> list[str]:
    """Regions with any stored activity, busiest first (from the daily rollups)."""
    refresh_stale(rt)
    with rt.read() as s:
        total = func.sum(ED.processed)
        rows = s.execute(select(ED.region, total).group_by(ED.region).order_by(total.desc()))
        return [r for r, _ in rows.all()]


@dataclass(frozen=True)
class Comparison:
    region: str
    before: tuple[date, date]
    after: tuple[date, date]
    changes: list[m.Change]
    verdict: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "before": {"from": self.before[0].isoformat(), "to": self.before[1].isoformat()},
            "after": {"from": self.after[0].isoformat(), "to": self.after[1].isoformat()},
            "verdict": self.verdict,
            "changes": [c.as_dict() for c in self.changes],
        }


def compare(
    rt: Runtime,
    principal: Principal,
    regions: Sequence[str],
    before: tuple[date, date],
    after: tuple[date, date],
) -> list[Comparison]:
    """Per region: every rate in both periods, the difference with its 95% CI, and a verdict."""
    require(principal, *METRICS_READERS)
    limit = rt.settings.metrics_max_buckets
    qa = validate(Query(before[0], before[1], tuple(regions), "region"), limit)
    qb = validate(Query(after[0], after[1], tuple(regions), "region"), limit)
    refresh_stale(rt)
    with rt.read() as s:
        ra, rb = counts(s, qa), counts(s, qb)
    names = list(qa.regions) or sorted(set(ra.slices) | set(rb.slices))
    out = []
    for region in names:
        changes, verdict = m.compare(
            ra.slices.get(region, m.Counts()), rb.slices.get(region, m.Counts())
        )
        out.append(Comparison(region, before, after, changes, verdict))
    return out


@dataclass(frozen=True)
class Trend:
    period: str
    starts: list[date]
    #: region → one Counts per period start
    series: dict[str, list[m.Counts]]


def trend(rt: Runtime, principal: Principal, q: Query, period: str, top: int = 6) -> Trend:
    """Counts per region per period (the busiest ``top`` regions when none are named)."""
    require(principal, *METRICS_READERS)
    q = validate(
        Query(q.start, q.end, q.regions, period, q.policy, q.language),
        rt.settings.metrics_max_buckets,
    )
    starts = m.periods_between(q.start, q.end, period)
    regions = list(q.regions) or known_regions(rt)[:top]
    series: dict[str, list[m.Counts]] = {}
    refresh_stale(rt)
    with rt.read() as s:
        for region in regions:
            sub = Query(q.start, q.end, (region,), period, q.policy, q.language)
            r = counts(s, sub)
            series[region] = [r.slices.get(d.isoformat(), m.Counts()) for d in starts]
    return Trend(period, starts, series)
