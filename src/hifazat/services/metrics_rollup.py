"""Daily rollups of the enforcement facts: what every report over a span actually reads.

Writers of ``enforcement_facts`` mark the item's day stale (``mark_stale``, inside their own
transaction); readers call ``refresh_stale`` first, which rebuilds the rollup rows of those days
from the facts, so a report is always exactly the facts' numbers. Bulk loaders rebuild their
whole span at once (``rebuild``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Integer, and_, case, cast, delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hifazat.db.metrics_tables import ROLLUP_COUNTS, EnforcementDaily, LatencyDaily, StaleDay
from hifazat.db.metrics_tables import EnforcementFact as F
from hifazat.domain import metrics as m
from hifazat.services.runtime import Runtime


def _n(col: Any) -> Any:
    return func.coalesce(func.sum(cast(col, Integer)), 0)


def _is(col: Any, value: str) -> Any:
    return func.coalesce(func.sum(case((col == value, 1), else_=0)), 0)


#: Each rollup count column and how it is counted from fact rows (the domain definitions).
FACT_COUNTS: dict[str, Any] = {
    "processed": func.count(),
    "actioned": _n(F.actioned),
    "proactive": _n(F.proactive),
    "before_view": _n(F.before_view),
    "within_24h": _n(F.within_24h),
    "reports_received": func.coalesce(func.sum(F.reports), 0),
    "reports_resolved": func.coalesce(func.sum(F.reports_resolved), 0),
    "appeals": _n(F.appealed),
    "overturned": _n(F.overturned),
    "strikes": _n(F.strike),
    **{f"a_{a}": _is(F.action, a) for a in m.ACTIONS},
    **{f"n_{o}": _is(F.nudge, o) for o in m.NUDGE_OUTCOMES},
}
assert tuple(FACT_COUNTS) == ROLLUP_COUNTS
CATEGORY = func.coalesce(F.category, "")


def mark_stale(s: Session, day: date) -> None:
    """Note that ``day``'s facts changed (idempotent, safe under concurrent writers)."""
    dialect = s.get_bind().dialect.name
    ins = pg_insert(StaleDay) if dialect == "postgresql" else sqlite_insert(StaleDay)
    s.execute(ins.values(day=day).on_conflict_do_nothing(index_elements=["day"]))


def rebuild(s: Session, first: date, last: date) -> None:
    """Recompute the rollup rows of every day in [first, last] from the facts."""
    s.execute(delete(EnforcementDaily).where(EnforcementDaily.day.between(first, last)))
    s.execute(delete(LatencyDaily).where(LatencyDaily.day.between(first, last)))
    keys = [F.day, F.region, CATEGORY, F.language]
    in_span = and_(F.day >= first, F.day <= last)
    s.execute(
        insert(EnforcementDaily).from_select(
            ["day", "region", "category", "language", *ROLLUP_COUNTS],
            select(*keys, *FACT_COUNTS.values()).where(in_span).group_by(*keys),
        )
    )
    s.execute(
        insert(LatencyDaily).from_select(
            ["day", "region", "category", "language", "bucket", "items"],
            select(*keys, F.latency_bucket, func.count())
            .where(in_span, F.latency_bucket.is_not(None))
            .group_by(*keys, F.latency_bucket),
        )
    )


def _runs(days: list[date]) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) spans."""
    spans: list[tuple[date, date]] = []
    for d in sorted(days):
        if spans and d == spans[-1][1] + timedelta(days=1):
            spans[-1] = (spans[-1][0], d)
        else:
            spans.append((d, d))
    return spans


def refresh_stale(rt: Runtime) -> int:
    """Sync case activity into the facts, then rebuild the rollups of every stale day.

    Returns how many days were rebuilt. A cache refresh, not a state change: no audit event."""
    from hifazat.services.metrics_cases import sync_from_cases

    with rt.transaction() as s:
        sync_from_cases(s, rt.now())
    with rt.read() as s:
        if s.scalar(select(StaleDay.day).limit(1)) is None:
            return 0
    with rt.transaction() as s:
        days = list(s.scalars(select(StaleDay.day)))
        for first, last in _runs(days):
            rebuild(s, first, last)
        if days:
            s.execute(delete(StaleDay).where(StaleDay.day.in_(days)))
        return len(days)
