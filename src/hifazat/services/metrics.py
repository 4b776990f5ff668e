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

import numpy as np
from sqlalchemy import ColumnElement, Integer, and_, cast, func, select
from sqlalchemy.orm import Session

from hifazat.db.controls_tables import Nudge
from hifazat.db.controls_tables import SafetyShield as Shield
from hifazat.db.metrics_tables import ROLLUP_COUNTS
from hifazat.db.metrics_tables import EnforcementDaily as ED
from hifazat.db.metrics_tables import EnforcementFact as F
from hifazat.db.metrics_tables import LatencyDaily as LD
from hifazat.db.metrics_tables import SafetyModePeriod as SM
from hifazat.db.tables import Creator
from hifazat.domain import metrics as m
from hifazat.domain.access import Principal, Role
from hifazat.domain.regions import is_region
from hifazat.errors import BreakdownTooLarge, InvalidPeriod, UnknownRegion
from hifazat.services.authz import require, require_creator_access
from hifazat.services.metrics_rollup import FACT_COUNTS, refresh_stale
from hifazat.services.runtime import Runtime

#: Who may read platform-wide metrics.
METRICS_READERS = (
    Role.ADMIN,
    Role.ANALYST,
    Role.POLICY_MANAGER,
    Role.MODERATOR,
    Role.SENIOR_MODERATOR,
)
BREAKDOWNS = (
    "region",
    "policy",
    "language",
    "creator",
    "total",
    "day",
    "week",
    "month",
    "quarter",
    "year",
)
#: The breakdowns of the full enforcement report (one scan).
REPORT_BREAKDOWNS = ("region", "policy", "language", "month")


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


_DIM = {"policy": F.category, "language": F.language, "creator": F.creator_id}
_ROLLUP_DIM = {"policy": ED.category, "language": ED.language}


def _where(q: Query, creator_id: int | None, t: Any = F) -> list[ColumnElement[bool]]:
    cond: list[ColumnElement[bool]] = [t.day >= q.start, t.day <= q.end]
    if q.regions:
        cond.append(t.region.in_(q.regions))
    if q.policy:
        cond.append(t.category == q.policy)
    if q.language:
        cond.append(t.language == q.language)
    if creator_id is not None:
        cond.append(F.creator_id == creator_id)
    return cond


def _counts_of(vals: Sequence[int]) -> m.Counts:
    base: dict[str, Any] = dict(zip(ROLLUP_COUNTS[:10], (int(v) for v in vals[:10]), strict=True))
    rest = [(n, int(v)) for n, v in zip(ROLLUP_COUNTS[10:], vals[10:], strict=True) if v]
    return m.Counts(
        **base,
        by_action={n[2:]: v for n, v in rest if n.startswith("a_")},
        nudges={n[2:]: v for n, v in rest if n.startswith("n_")},
    )


def _key(by: str, region: str, day: date, dims: dict[str, Any], handles: dict[int, str]) -> str:
    if by == "region":
        return region
    if by in m.PERIODS:
        return m.period_start(day, by).isoformat()
    if by == "creator":
        cid = dims["creator"]
        return handles.get(int(cid), str(cid))
    if by == "policy":
        return str(dims["policy"]) if dims["policy"] else "none"
    if by == "total":
        return "all"
    return str(dims[by])


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def counts(s: Session, q: Query) -> Report:
    """Run one validated query (no authorisation: callers check roles)."""
    return breakdowns(s, q, (q.by,))[q.by]


def breakdowns(
    s: Session, q: Query, bys: Sequence[str], with_latency: bool = True
) -> dict[str, Report]:
    """Several breakdowns of the same items from ONE scan of the table.

    The scan groups by (region, day) plus the columns the breakdowns need; the few thousand
    group rows are then folded into each breakdown's slices with numpy."""
    creator_id = None
    handles: dict[int, str] = {}
    if q.creator:
        creator_id = s.scalar(select(Creator.id).where(Creator.handle == q.creator)) or -1
    if "creator" in bys:
        handles = {int(i): str(h) for i, h in s.execute(select(Creator.id, Creator.handle)).all()}
    dims = [d for d in ("policy", "language", "creator") if d in bys]
    if creator_id is None and "creator" not in bys:
        # the daily rollups: cost grows with days x slices, not with events
        keys: list[Any] = [ED.region, ED.day, *[_ROLLUP_DIM[d] for d in dims]]
        sums = [func.sum(getattr(ED, c)) for c in ROLLUP_COUNTS]
        stmt = select(*keys, *sums).where(and_(*_where(q, None, ED))).group_by(*keys)
    else:
        # one creator (or a breakdown by creator): straight from the facts
        keys = [F.region, F.day, *[_DIM[d] for d in dims]]
        stmt = (
            select(*keys, *FACT_COUNTS.values()).where(and_(*_where(q, creator_id))).group_by(*keys)
        )
    off = len(keys)
    groups = s.execute(stmt).all()
    rollup = creator_id is None and "creator" not in bys
    plain = [b for b in bys if "|" not in b]
    acts = _activations(s, q, creator_id, handles, plain)
    nudges = _live_nudges(s, q, creator_id, handles, plain)
    out: dict[str, Report] = {}
    matrix = np.array([row[off:] for row in groups], dtype=np.int64).reshape(-1, len(ROLLUP_COUNTS))

    def keys_of(rows: Sequence[Any], by: str) -> list[str]:
        """The slice key of every group row, computed column-wise with small caches."""
        if by == "region":
            return [r[0] for r in rows]
        if by == "total":
            return ["all"] * len(rows)
        if by.startswith("region|"):
            period = by.split("|", 1)[1]
            starts: dict[Any, str] = {}
            for r in rows:
                if r[1] not in starts:
                    starts[r[1]] = m.period_start(_day(r[1]), period).isoformat()
            return [f"{r[0]}|{starts[r[1]]}" for r in rows]
        if by in m.PERIODS:
            by_day: dict[Any, str] = {}
            for r in rows:
                if r[1] not in by_day:
                    by_day[r[1]] = m.period_start(_day(r[1]), by).isoformat()
            return [by_day[r[1]] for r in rows]
        col = 2 + dims.index(by)
        names: dict[Any, str] = {}
        for r in rows:
            v = r[col]
            if v not in names:
                names[v] = _key(by, r[0], _day(r[1]), {by: v}, handles)
        return [names[r[col]] for r in rows]

    for by in bys:
        slices: dict[str, m.Counts] = {}
        gkeys = keys_of(groups, by)
        names = sorted(set(gkeys))
        index = {k: i for i, k in enumerate(names)}
        totals = np.zeros((len(names), len(ROLLUP_COUNTS)), dtype=np.int64)
        if names:
            np.add.at(totals, np.array([index[k] for k in gkeys]), matrix)
        for k, i in index.items():
            slices[k] = _counts_of(totals[i].tolist())
        lat = (
            {}
            if "|" in by or not with_latency
            else _latencies(s, q, creator_id, by, handles, rollup)
        )
        for k, hist in lat.items():
            slices[k] = _with(
                slices.get(k, m.Counts()), report_latencies=dict(sorted(hist.items()))
            )
        if by in m.PERIODS:
            for start in m.periods_between(q.start, q.end, by):
                slices.setdefault(start.isoformat(), m.Counts())
        for k, n in acts.get(by.split("|")[0], {}).items():
            if "|" in by:
                continue
            slices[k] = _with(slices.get(k, m.Counts()), safety_mode_activations=n)
        for k, outcomes in ({} if "|" in by else nudges.get(by, {})).items():
            c = slices.get(k, m.Counts())
            slices[k] = _with(c, nudges=m.add_maps(c.nudges, outcomes))
        ordered = dict(sorted(slices.items()))
        sub = Query(q.start, q.end, q.regions, by, q.policy, q.language, q.creator)
        out[by] = Report(sub, m.total(ordered.values()), ordered)
    return out


def _period_expr(s: Session, day: Any, by: str) -> Any:
    """An SQL expression grouping days into weeks or months (both dialects); None for days."""
    if by == "day":
        return day
    postgres = s.get_bind().dialect.name == "postgresql"
    if by == "week":
        if postgres:
            return func.date_trunc("week", day)
        # whole weeks since Monday 1969-12-29 (julianday of 1970-01-01 is 2440587.5)
        return cast((func.julianday(day) - 2440587.5 + 3) / 7, Integer)
    return func.date_trunc("month", day) if postgres else func.strftime("%Y-%m-01", day)


def _period_key(value: Any, by: str) -> str:
    if isinstance(value, int):  # SQLite week number
        first = date(1970, 1, 1) + timedelta(days=7 * value - 3)
    else:
        first = _day(value)
    return m.period_start(first, by).isoformat()


def _latencies(
    s: Session, q: Query, creator_id: int | None, by: str, handles: dict[int, str], rollup: bool
) -> dict[str, dict[int, int]]:
    """Time-to-action histogram per slice, grouped by the slice in SQL (few rows back)."""
    t: Any = LD if rollup else F
    bucket = LD.bucket if rollup else F.latency_bucket
    n = func.sum(LD.items) if rollup else func.count()
    cond = _where(q, None if rollup else creator_id, t)
    if not rollup:
        cond.append(F.latency_bucket.is_not(None))
    if by in m.PERIODS:
        key: Any = _period_expr(s, t.day, "week" if by == "week" else by)
        if by in {"month", "quarter", "year"}:
            key = _period_expr(s, t.day, "month")
    elif by == "total":
        key = None
    else:
        key = {"region": t.region, "policy": t.category, "language": t.language}.get(by)
        if by == "creator":
            key = F.creator_id
    cols = [key] if key is not None else []
    rows = s.execute(select(*cols, bucket, n).where(and_(*cond)).group_by(*cols, bucket)).all()
    out: dict[str, dict[int, int]] = {}
    names: dict[Any, str] = {}
    for row in rows:
        if key is None:
            k = "all"
        else:
            v = row[0]
            if v not in names:
                if by in m.PERIODS:
                    names[v] = _period_key(v, by)
                else:
                    names[v] = _key(by, str(v), q.start, {by: v}, handles)
            k = names[v]
        hist = out.setdefault(k, {})
        b = int(row[-2])
        hist[b] = hist.get(b, 0) + int(row[-1])
    return out


def _with(c: m.Counts, **changes: Any) -> m.Counts:
    from dataclasses import replace

    return replace(c, **changes)


def _activations(
    s: Session, q: Query, creator_id: int | None, handles: dict[int, str], bys: Sequence[str]
) -> dict[str, dict[str, int]]:
    """Safety-mode switch-ons in the period, keyed like each breakdown's slices.

    Not attributable to a policy or language: those breakdowns (and filters) get none."""
    if q.policy or q.language:
        return {}
    wanted = [b for b in bys if b not in {"policy", "language"}]
    if not wanted:
        return {}
    lo = datetime.combine(q.start, time.min, tzinfo=UTC)
    hi = datetime.combine(q.end + timedelta(days=1), time.min, tzinfo=UTC)
    cond = [SM.started_at >= lo, SM.started_at < hi]
    if q.regions:
        cond.append(SM.region.in_(q.regions))
    if creator_id is not None:
        cond.append(SM.creator_id == creator_id)
    out: dict[str, dict[str, int]] = {b: {} for b in wanted}
    rows = list(s.execute(select(SM.region, SM.started_at, SM.creator_id).where(and_(*cond))))
    # safety mode switched on in the product (the controls' shields)
    shield = [Shield.started_at.is_not(None), Shield.started_at >= lo, Shield.started_at < hi]
    if q.regions:
        shield.append(Creator.region.in_(q.regions))
    if creator_id is not None:
        shield.append(Shield.creator_id == creator_id)
    rows += list(
        s.execute(
            select(Creator.region, Shield.started_at, Shield.creator_id)
            .join(Creator, Creator.id == Shield.creator_id)
            .where(and_(*shield))
        )
    )
    for region, started, cid in rows:
        for b in wanted:
            k = _key(b, region, started.date(), {"creator": cid}, handles)
            out[b][k] = out[b].get(k, 0) + 1
    return out


def _live_nudges(
    s: Session, q: Query, creator_id: int | None, handles: dict[int, str], bys: Sequence[str]
) -> dict[str, dict[str, dict[str, int]]]:
    """Outcomes of the product's nudges (the controls' ``nudges`` table), keyed per breakdown:
    the nudge's creator's region, its day, policy and language."""
    lo = datetime.combine(q.start, time.min, tzinfo=UTC)
    hi = datetime.combine(q.end + timedelta(days=1), time.min, tzinfo=UTC)
    cond = [Nudge.created_at >= lo, Nudge.created_at < hi, Nudge.outcome.in_(m.NUDGE_OUTCOMES)]
    if q.regions:
        cond.append(Creator.region.in_(q.regions))
    if q.language:
        cond.append(Nudge.language == q.language)
    if q.policy:
        cond.append(Nudge.policy_id == q.policy)
    if creator_id is not None:
        cond.append(Nudge.creator_id == creator_id)
    rows = s.execute(
        select(
            Creator.region,
            Nudge.created_at,
            Nudge.policy_id,
            Nudge.language,
            Nudge.creator_id,
            Nudge.outcome,
        )
        .join(Creator, Creator.id == Nudge.creator_id)
        .where(and_(*cond))
    ).all()
    out: dict[str, dict[str, dict[str, int]]] = {b: {} for b in bys}
    for region, at, policy, language, cid, outcome in rows:
        dims = {"policy": policy, "language": language, "creator": cid}
        for b in bys:
            k = _key(b, region, at.date(), dims, handles)
            per = out[b].setdefault(k, {})
            per[str(outcome)] = per.get(str(outcome), 0) + 1
    return out


# --- use cases ---------------------------------------------------------------------------------


def report(rt: Runtime, principal: Principal, q: Query) -> Report:
    """Platform metrics for any region, period, policy and language (staff only)."""
    require(principal, *METRICS_READERS)
    q = validate(q, rt.settings.metrics_max_buckets)
    refresh_stale(rt)
    with rt.read() as s:
        return counts(s, q)


def enforcement_report(
    rt: Runtime, principal: Principal, start: date, end: date, regions: Sequence[str] = ()
) -> dict[str, Report]:
    """The full report: every metric by region, policy, language and month, from one scan."""
    require(principal, *METRICS_READERS)
    q = validate(Query(start, end, tuple(regions), "month"), rt.settings.metrics_max_buckets)
    refresh_stale(rt)
    with rt.read() as s:
        return breakdowns(s, q, REPORT_BREAKDOWNS)


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
