"""The metrics query engine: plain SQL over ``enforcement_facts`` on SQLite and PostgreSQL.

One scan groups the period's rows by (region, day, one dimension) with a SUM per count; Python
then folds those few thousand rows into ``domain.metrics.Counts`` per slice. Time-to-action
percentiles come from a second, narrow query over the reported-and-actioned rows only.
See docs/metrics.md for the engines measured and how the cost grows with events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, case, cast, func, select
from sqlalchemy.orm import Session

from hifazat.db.metrics_tables import EnforcementFact as F
from hifazat.db.metrics_tables import SafetyModePeriod as SM
from hifazat.db.tables import Creator
from hifazat.domain import metrics as m
from hifazat.domain.access import Principal, Role
from hifazat.domain.regions import is_region
from hifazat.errors import BreakdownTooLarge, InvalidPeriod, UnknownRegion
from hifazat.services.authz import require, require_creator_access
from hifazat.services.runtime import Runtime

#: Who may read platform-wide metrics.
METRICS_READERS = (
    Role.ADMIN,
    Role.ANALYST,
    Role.POLICY_MANAGER,
    Role.MODERATOR,
    Role.SENIOR_MODERATOR,
)
BREAKDOWNS = ("region", "policy", "language", "creator", "day", "week", "month", "quarter")


@dataclass(frozen=True)
class Query:
    """Which items to count: created in [start, end] (UTC days, inclusive), optionally filtered."""

    start: date
    end: date
    regions: tuple[str, ...] = ()
    by: str = "region"
    policy: str | None = None
    language: str | None = None
    creator: str | None = None


@dataclass(frozen=True)
class Report:
    query: Query
    total: m.Counts
    slices: dict[str, m.Counts] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        q = self.query
        return {
            "from": q.start.isoformat(),
            "to": q.end.isoformat(),
            "regions": list(q.regions),
            "by": q.by,
            "filters": {"policy": q.policy, "language": q.language, "creator": q.creator},
            "total": m.metrics(self.total),
            "slices": [{"key": k, **m.metrics(c)} for k, c in self.slices.items()],
        }


def validate(q: Query, max_buckets: int) -> Query:
    """Clear problems for bad parameters: unknown region, from > to, too many periods."""
    bad = [r for r in q.regions if not is_region(r)]
    if bad:
        raise UnknownRegion(f"unknown region {bad[0]!r}: use an ISO 3166-1 alpha-2 code like PK")
    if q.start > q.end:
        raise InvalidPeriod(f"from ({q.start}) is after to ({q.end})")
    if q.by not in BREAKDOWNS:
        raise InvalidPeriod(f"unknown breakdown {q.by!r}; one of {', '.join(BREAKDOWNS)}")
    if q.by in m.PERIODS:
        n = len(m.periods_between(q.start, q.end, q.by))
        if n > max_buckets:
            raise BreakdownTooLarge(
                f"{q.start}..{q.end} by {q.by} is {n} periods; the limit is {max_buckets}",
                periods=n,
                limit=max_buckets,
            )
    return Query(
        q.start, q.end, tuple(r.upper() for r in q.regions), q.by, q.policy, q.language, q.creator
    )


def parse_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidPeriod(f"{what} must be a date like 2026-07-01, not {text!r}") from None


# --- the SQL ---------------------------------------------------------------------------------


def _n(col: Any) -> ColumnElement[Any]:
    return func.coalesce(func.sum(cast(col, Integer)), 0)


def _is(col: Any, value: str) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((col == value, 1), else_=0)), 0)


_COUNTS: list[tuple[str, Any]] = [
    ("processed", func.count()),
    ("actioned", _n(F.actioned)),
    ("proactive", _n(F.proactive)),
    ("before_view", _n(F.before_view)),
    ("within_24h", _n(F.within_24h)),
    ("reports_received", func.coalesce(func.sum(F.reports), 0)),
    ("reports_resolved", func.coalesce(func.sum(F.reports_resolved), 0)),
    ("appeals", _n(F.appealed)),
    ("overturned", _n(F.overturned)),
    ("strikes", _n(F.strike)),
    *[(f"a:{a}", _is(F.action, a)) for a in m.ACTIONS],
    *[(f"n:{o}", _is(F.nudge, o)) for o in m.NUDGE_OUTCOMES],
]
_DIM = {"policy": F.category, "language": F.language, "creator": F.creator_id}


def _where(q: Query, creator_id: int | None) -> list[ColumnElement[bool]]:
    cond: list[ColumnElement[bool]] = [F.day >= q.start, F.day <= q.end]
    if q.regions:
        cond.append(F.region.in_(q.regions))
    if q.policy:
        cond.append(F.category == q.policy)
    if q.language:
        cond.append(F.language == q.language)
    if creator_id is not None:
        cond.append(F.creator_id == creator_id)
    return cond


def _counts_of(row: Any, offset: int) -> m.Counts:
    vals = list(row[offset:])
    base: dict[str, Any] = dict(
        zip([n for n, _ in _COUNTS[:10]], (int(v) for v in vals[:10]), strict=True)
    )
    rest = [(n, int(v)) for (n, _), v in zip(_COUNTS[10:], vals[10:], strict=True) if v]
    return m.Counts(
        **base,
        by_action={n[2:]: v for n, v in rest if n.startswith("a:")},
        nudges={n[2:]: v for n, v in rest if n.startswith("n:")},
    )


def _key(by: str, region: str, day: date, dim: Any, handles: dict[int, str]) -> str:
    if by == "region":
        return region
    if by in m.PERIODS:
        return m.period_start(day, by).isoformat()
    if by == "creator":
        return handles.get(int(dim), str(dim))
    if by == "policy":
        return str(dim) if dim else "none"
    return str(dim)


def _day(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def counts(s: Session, q: Query) -> Report:
    """Run one validated query (no authorisation: callers check roles)."""
    creator_id = None
    handles: dict[int, str] = {}
    if q.creator:
        creator_id = s.scalar(select(Creator.id).where(Creator.handle == q.creator)) or -1
    if q.by == "creator":
        handles = {int(i): str(h) for i, h in s.execute(select(Creator.id, Creator.handle)).all()}
    dim = _DIM.get(q.by)
    keys: list[Any] = [F.region, F.day] + ([dim] if dim is not None else [])
    stmt = (
        select(*keys, *[expr.label(name.replace(":", "_")) for name, expr in _COUNTS])
        .where(and_(*_where(q, creator_id)))
        .group_by(*keys)
    )
    off = len(keys)
    slices: dict[str, m.Counts] = {}
    for row in s.execute(stmt):
        k = _key(q.by, row[0], _day(row[1]), row[2] if dim is not None else None, handles)
        c = _counts_of(row, off)
        slices[k] = slices[k] + c if k in slices else c
    lat_stmt = select(*keys, F.seconds_report_to_action).where(
        and_(*_where(q, creator_id), F.seconds_report_to_action.is_not(None))
    )
    latencies: dict[str, list[int]] = {}
    for row in s.execute(lat_stmt):
        k = _key(q.by, row[0], _day(row[1]), row[2] if dim is not None else None, handles)
        latencies.setdefault(k, []).append(int(row[-1]))
    for k, values in latencies.items():
        base = slices.get(k, m.Counts())
        slices[k] = _with(base, report_latencies=tuple(sorted(values)))
    if q.by in m.PERIODS:
        for start in m.periods_between(q.start, q.end, q.by):
            slices.setdefault(start.isoformat(), m.Counts())
    for k, n in _activations(s, q, creator_id, handles).items():
        if k in slices or q.by in {"region", "creator", "total"} or q.by in m.PERIODS:
            slices[k] = _with(slices.get(k, m.Counts()), safety_mode_activations=n)
    ordered = dict(sorted(slices.items()))
    return Report(q, m.total(ordered.values()), ordered)


def _with(c: m.Counts, **changes: Any) -> m.Counts:
    from dataclasses import replace

    return replace(c, **changes)


def _activations(
    s: Session, q: Query, creator_id: int | None, handles: dict[int, str]
) -> dict[str, int]:
    """Safety-mode switch-ons in the period, keyed like the slices (region, creator, period)."""
    if q.by in {"policy", "language"} or q.policy or q.language:
        return {}
    lo = datetime.combine(q.start, time.min, tzinfo=UTC)
    hi = datetime.combine(q.end + timedelta(days=1), time.min, tzinfo=UTC)
    cond = [SM.started_at >= lo, SM.started_at < hi]
    if q.regions:
        cond.append(SM.region.in_(q.regions))
    if creator_id is not None:
        cond.append(SM.creator_id == creator_id)
    out: dict[str, int] = {}
    rows = s.execute(select(SM.region, SM.started_at, SM.creator_id).where(and_(*cond)))
    for region, started, cid in rows:
        k = _key(q.by, region, started.date(), cid, handles)
        out[k] = out.get(k, 0) + 1
    return out


# --- use cases ---------------------------------------------------------------------------------


def report(rt: Runtime, principal: Principal, q: Query) -> Report:
    """Platform metrics for any region, period, policy and language (staff only)."""
    require(principal, *METRICS_READERS)
    q = validate(q, rt.settings.metrics_max_buckets)
    with rt.read() as s:
        return counts(s, q)


def known_regions(rt: Runtime) -> list[str]:
    """Regions with any stored activity, busiest first."""
    with rt.read() as s:
        rows = s.execute(
            select(F.region, func.count()).group_by(F.region).order_by(func.count().desc())
        ).all()
    return [r for r, _ in rows]


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
    q = validate(Query(q.start, q.end, q.regions, period, q.policy, q.language), _lim(rt))
    starts = m.periods_between(q.start, q.end, period)
    regions = list(q.regions) or known_regions(rt)[:top]
    series: dict[str, list[m.Counts]] = {}
    with rt.read() as s:
        for region in regions:
            sub = Query(q.start, q.end, (region,), period, q.policy, q.language)
            r = counts(s, sub)
            series[region] = [r.slices.get(d.isoformat(), m.Counts()) for d in starts]
    return Trend(period, starts, series)


def _lim(rt: Runtime) -> int:
    return rt.settings.metrics_max_buckets


def creator_report(rt: Runtime, principal: Principal, handle: str, q: Query) -> Report:
    """One creator's own numbers: the creator themself, or staff."""
    require(principal, *METRICS_READERS, Role.CREATOR)
    require_creator_access(principal, handle)
    q = validate(Query(q.start, q.end, q.regions, q.by, q.policy, q.language, handle), _lim(rt))
    with rt.read() as s:
        from hifazat.services.creators import creator_by_handle

        creator_by_handle(s, handle)
        return counts(s, q)
