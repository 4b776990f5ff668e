"""Enforcement metrics: the definitions, as pure functions over plain rows.

One row (:class:`Fact`) is one item the platform processed (a comment), with what happened to it.
Every number Hifazat publishes is defined here; the SQL in ``services/metrics.py`` computes the
same counts in the database and a test checks the two agree.

Definitions (an item belongs to the period of the day it was created, UTC):

- **items processed**: items created in the period.
- **items actioned**: items whose final action is an *enforcement* action (``remove``, ``hide``,
  ``restrict_author``); ``by_action`` counts every final action, enforcement or not.
- **action rate** = actioned / processed.
- **proactive rate** = actioned items acted on before any user report / actioned.
- **removed-before-any-view rate** = actioned items acted on before their first view / actioned.
- **removed-within-24h rate** = actioned items acted on within 24 hours of creation / actioned.
- **time to action on user reports**: for items acted on after a user report, seconds from the
  first report to the action; median and 90th percentile (nearest rank) over a histogram of
  5%-wide buckets (``latency_bucket``), reported as the bucket's lower edge: at most 5% low,
  and additive, so daily rollups give exactly the same percentile as the raw rows.
- **reports received / resolved**: user reports on the period's items, and those closed.
- **appeals filed**; **overturn rate** = appeals that reinstated the item / appeals filed.
- **strikes issued**: items whose action gave the author a strike.
- **safety-mode activations**: times a creator switched safety mode on (attributed to the
  creator's region; not attributable to a policy or language).
- **nudge outcomes**: of commenters asked to reconsider, who edited, posted anyway or abandoned.

Every rate is ``None`` when its denominator is zero and otherwise lies in [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

#: Final actions that count as enforcement (the item stops being visible to others).
ENFORCEMENT_ACTIONS: frozenset[str] = frozenset({"remove", "hide", "restrict_author"})
ACTIONS: tuple[str, ...] = (
    "allow",
    "hold",
    "hide",
    "remove",
    "restrict_author",
    "nudge",
    "escalate",
)
#: ``posted`` is "posted anyway".
NUDGE_OUTCOMES: tuple[str, ...] = ("edited", "posted", "abandoned")
PERIODS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")
#: What a breakdown can be by (``period`` uses the requested period length).
DIMENSIONS: tuple[str, ...] = ("region", "period", "policy", "language", "creator", "total")
DAY_SECONDS = 24 * 3600


@dataclass(frozen=True, slots=True)
class Fact:
    """One processed item and what happened to it (plain values; times in UTC)."""

    region: str
    language: str
    category: str | None
    creator: str
    created_at: datetime
    action: str
    actioned_at: datetime | None = None
    first_view_at: datetime | None = None
    reported_at: datetime | None = None
    reports: int = 0
    reports_resolved: int = 0
    appealed: bool = False
    overturned: bool = False
    strike: bool = False
    nudge: str | None = None


@dataclass(frozen=True, slots=True)
class Derived:
    """What the stored row keeps alongside a fact so the database can count it directly."""

    actioned: bool
    proactive: bool
    before_view: bool
    within_24h: bool
    seconds_report_to_action: int | None

    @property
    def latency_bucket(self) -> int | None:
        s = self.seconds_report_to_action
        return None if s is None else latency_bucket(s)


#: Latency buckets: one per second below a minute, then 5% wide.
BUCKET_BASE = 60
BUCKET_RATIO = 1.05


def latency_bucket(seconds: int) -> int:
    """The histogram bucket of a time to action (monotone in ``seconds``)."""
    if seconds < BUCKET_BASE:
        return max(0, int(seconds))
    return BUCKET_BASE + int(math.log(seconds / BUCKET_BASE) / math.log(BUCKET_RATIO) + 1e-9)


def bucket_value(bucket: int) -> int:
    """The lower edge, in seconds, of a bucket (what percentiles report)."""
    if bucket < BUCKET_BASE:
        return bucket
    return math.ceil(BUCKET_BASE * BUCKET_RATIO ** (bucket - BUCKET_BASE) - 1e-9)


def derive(f: Fact) -> Derived:
    """The per-item flags behind the rates (stored with each row; see the module docstring)."""
    actioned = f.action in ENFORCEMENT_ACTIONS and f.actioned_at is not None
    if not actioned or f.actioned_at is None:
        return Derived(False, False, False, False, None)
    at = f.actioned_at
    proactive = f.reported_at is None or at < f.reported_at
    before_view = f.first_view_at is None or at <= f.first_view_at
    within = (at - f.created_at).total_seconds() <= DAY_SECONDS
    latency = None
    if f.reported_at is not None and at >= f.reported_at:
        latency = int((at - f.reported_at).total_seconds())
    return Derived(True, proactive, before_view, within, latency)


@dataclass(frozen=True)
class Counts:
    """Additive counts for one slice. ``a + b`` is the counts of the union of two disjoint sets."""

    processed: int = 0
    actioned: int = 0
    proactive: int = 0
    before_view: int = 0
    within_24h: int = 0
    reports_received: int = 0
    reports_resolved: int = 0
    appeals: int = 0
    overturned: int = 0
    strikes: int = 0
    safety_mode_activations: int = 0
    by_action: Mapping[str, int] = field(default_factory=dict)
    nudges: Mapping[str, int] = field(default_factory=dict)
    #: histogram of time from first report to action: latency bucket → items
    report_latencies: Mapping[int, int] = field(default_factory=dict)

    def __add__(self, other: Counts) -> Counts:
        values: dict[str, object] = {}
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            if isinstance(a, int):
                values[f.name] = a + b
            else:
                values[f.name] = _add_maps(a, b)
        return Counts(**values)  # type: ignore[arg-type]


def _add_maps(a: Mapping[Any, int], b: Mapping[Any, int]) -> dict[Any, int]:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0) + v
    return {k: v for k, v in sorted(out.items()) if v}


def add_maps(a: Mapping[Any, int], b: Mapping[Any, int]) -> dict[Any, int]:
    """Add two count mappings key by key (zero counts dropped, keys sorted)."""
    return _add_maps(a, b)


def total(counts: Iterable[Counts]) -> Counts:
    out = Counts()
    for c in counts:
        out = out + c
    return out


def tally(facts: Iterable[Fact]) -> Counts:
    """Counts of a set of items (safety-mode activations are counted separately)."""
    n = actioned = proactive = before = within = rec = res = appeals = over = strikes = 0
    by_action: dict[str, int] = {}
    nudges: dict[str, int] = {}
    latencies: dict[int, int] = {}
    for f in facts:
        d = derive(f)
        n += 1
        by_action[f.action] = by_action.get(f.action, 0) + 1
        rec += f.reports
        res += f.reports_resolved
        appeals += f.appealed
        over += f.overturned
        strikes += f.strike
        if f.nudge:
            nudges[f.nudge] = nudges.get(f.nudge, 0) + 1
        if d.actioned:
            actioned += 1
            proactive += d.proactive
            before += d.before_view
            within += d.within_24h
            b = d.latency_bucket
            if b is not None:
                latencies[b] = latencies.get(b, 0) + 1
    return Counts(
        processed=n,
        actioned=actioned,
        proactive=proactive,
        before_view=before,
        within_24h=within,
        reports_received=rec,
        reports_resolved=res,
        appeals=appeals,
        overturned=over,
        strikes=strikes,
        by_action=_add_maps(by_action, {}),
        nudges=_add_maps(nudges, {}),
        report_latencies=_add_maps(latencies, {}),
    )


def rate(num: int, den: int) -> float | None:
    return None if den <= 0 else num / den


def percentile(sorted_values: Sequence[int], q: float) -> int | None:
    """Nearest-rank percentile (q in (0, 1]) of already sorted values; None when empty."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(q * len(sorted_values)))
    return int(sorted_values[min(rank, len(sorted_values)) - 1])


def histogram_percentile(hist: Mapping[int, int], q: float) -> int | None:
    """Nearest-rank percentile of a latency histogram, as the bucket's lower edge in seconds."""
    n = sum(hist.values())
    if n <= 0:
        return None
    rank = max(1, math.ceil(q * n))
    seen = 0
    for bucket in sorted(hist):
        seen += hist[bucket]
        if seen >= rank:
            return bucket_value(bucket)
    return None  # pragma: no cover - unreachable


#: Rates a comparison looks at, and whether higher is better.
RATES: dict[str, bool] = {
    "action_rate": False,
    "proactive_rate": True,
    "before_view_rate": True,
    "within_24h_rate": True,
    "overturn_rate": False,
}
#: Numerator and denominator of each rate, as Counts field names.
RATE_PARTS: dict[str, tuple[str, str]] = {
    "action_rate": ("actioned", "processed"),
    "proactive_rate": ("proactive", "actioned"),
    "before_view_rate": ("before_view", "actioned"),
    "within_24h_rate": ("within_24h", "actioned"),
    "overturn_rate": ("overturned", "appeals"),
    "report_resolution_rate": ("reports_resolved", "reports_received"),
}


def metrics(c: Counts) -> dict[str, object]:
    """Every published number for one slice, as a JSON-ready mapping."""
    out: dict[str, object] = {
        "items_processed": c.processed,
        "items_actioned": c.actioned,
        "by_action": dict(c.by_action),
        "reports_received": c.reports_received,
        "reports_resolved": c.reports_resolved,
        "appeals_filed": c.appeals,
        "appeals_overturned": c.overturned,
        "strikes_issued": c.strikes,
        "safety_mode_activations": c.safety_mode_activations,
        "nudge_outcomes": {k: int(c.nudges.get(k, 0)) for k in NUDGE_OUTCOMES},
        "median_seconds_report_to_action": histogram_percentile(c.report_latencies, 0.5),
        "p90_seconds_report_to_action": histogram_percentile(c.report_latencies, 0.9),
    }
    for name, (num, den) in RATE_PARTS.items():
        out[name] = rate(getattr(c, num), getattr(c, den))
    return out


# --- periods -------------------------------------------------------------------------------


def period_start(day: date, period: str) -> date:
    """The first day of the day/week (ISO, Monday)/month/quarter/year that ``day`` falls in."""
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if period == "year":
        return date(day.year, 1, 1)
    raise ValueError(f"unknown period {period!r}")


def period_label(start: date, period: str) -> str:
    if period == "week":
        iso = start.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if period == "month":
        return f"{start.year}-{start.month:02d}"
    if period == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if period == "year":
        return str(start.year)
    return start.isoformat()


def periods_between(first: date, last: date, period: str) -> list[date]:
    """Start days of every period touching [first, last], in order."""
    out: list[date] = []
    cur = period_start(first, period)
    while cur <= last:
        out.append(cur)
        cur = _next_period(cur, period)
    return out


def _next_period(start: date, period: str) -> date:
    if period == "day":
        return start + timedelta(days=1)
    if period == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    m = start.month - 1 + months
    return date(start.year + m // 12, m % 12 + 1, 1)


def parse_quarter(text: str) -> tuple[date, date]:
    """``2026-Q3`` → (first day, last day)."""
    year_s, _, q_s = text.upper().partition("-Q")
    year, q = int(year_s), int(q_s)
    if not 1 <= q <= 4:
        raise ValueError("quarter must be 1..4")
    first = date(year, 3 * (q - 1) + 1, 1)
    return first, _next_period(first, "quarter") - timedelta(days=1)


# --- slicing -------------------------------------------------------------------------------


def slice_key(f: Fact, by: str, period: str = "month") -> str:
    if by == "region":
        return f.region
    if by == "period":
        return period_start(f.created_at.date(), period).isoformat()
    if by == "policy":
        return f.category or "none"
    if by == "language":
        return f.language
    if by == "creator":
        return f.creator
    if by == "total":
        return "all"
    raise ValueError(f"unknown breakdown {by!r}")


def aggregate(facts: Iterable[Fact], by: str, period: str = "month") -> dict[str, Counts]:
    """Counts per slice (the reference implementation the database queries must match)."""
    groups: dict[str, list[Fact]] = {}
    for f in facts:
        groups.setdefault(slice_key(f, by, period), []).append(f)
    return {k: tally(v) for k, v in sorted(groups.items())}


# --- comparing two periods -----------------------------------------------------------------

Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion k/n."""
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Change:
    """One rate in two periods: the difference (after − before) with its 95% interval."""

    metric: str
    before: float | None
    after: float | None
    difference: float | None
    low: float | None
    high: float | None
    verdict: str  # improved | worse | no clear change

    def as_dict(self) -> dict[str, object]:
        return {
            "metric": self.metric,
            "before": self.before,
            "after": self.after,
            "difference": self.difference,
            "ci95": [self.low, self.high] if self.low is not None else None,
            "verdict": self.verdict,
        }


IMPROVED, WORSE, NO_CLEAR_CHANGE = "improved", "worse", "no clear change"


def compare_rate(metric: str, before: Counts, after: Counts) -> Change:
    """Newcombe's hybrid score interval for the difference of two independent proportions.

    The verdict is *improved* or *worse* only when the interval excludes zero, in the direction
    that is better for this rate (``RATES``); otherwise *no clear change*."""
    num, den = RATE_PARTS[metric]
    k1, n1 = getattr(before, num), getattr(before, den)
    k2, n2 = getattr(after, num), getattr(after, den)
    if n1 <= 0 or n2 <= 0:
        return Change(metric, rate(k1, n1), rate(k2, n2), None, None, None, NO_CLEAR_CHANGE)
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson(k1, n1)
    l2, u2 = wilson(k2, n2)
    d = p2 - p1
    low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    verdict = NO_CLEAR_CHANGE
    if low > 0 or high < 0:
        up = low > 0
        verdict = IMPROVED if up == RATES.get(metric, True) else WORSE
    return Change(metric, p1, p2, d, low, high, verdict)


def compare(before: Counts, after: Counts) -> tuple[list[Change], str]:
    """Every comparable rate, and one plain verdict for the region.

    Overall: *improved* if some rate clearly improved and none clearly got worse, *worse* the
    other way round, otherwise *no clear change*."""
    changes = [compare_rate(m, before, after) for m in RATES]
    verdicts = {c.verdict for c in changes}
    if IMPROVED in verdicts and WORSE not in verdicts:
        return changes, IMPROVED
    if WORSE in verdicts and IMPROVED not in verdicts:
        return changes, WORSE
    return changes, NO_CLEAR_CHANGE


# --- flat rows (CSV, tables) ------------------------------------------------------------------

SCALARS: tuple[str, ...] = (
    "items_processed",
    "items_actioned",
    "action_rate",
    "proactive_rate",
    "before_view_rate",
    "within_24h_rate",
    "median_seconds_report_to_action",
    "p90_seconds_report_to_action",
    "reports_received",
    "reports_resolved",
    "report_resolution_rate",
    "appeals_filed",
    "appeals_overturned",
    "overturn_rate",
    "strikes_issued",
    "safety_mode_activations",
)
FLAT_COLUMNS: tuple[str, ...] = (
    "key",
    *SCALARS,
    *(f"action_{a}" for a in ACTIONS),
    *(f"nudge_{o}" for o in NUDGE_OUTCOMES),
)


def flat(key: str, c: Counts) -> dict[str, object]:
    """One slice as a flat row with ``FLAT_COLUMNS`` (rates rounded to 4 places, None kept)."""
    mm = metrics(c)
    row: dict[str, object] = {"key": key}
    for name in SCALARS:
        v = mm[name]
        row[name] = round(v, 4) if isinstance(v, float) else v
    for a in ACTIONS:
        row[f"action_{a}"] = int(c.by_action.get(a, 0))
    for o in NUDGE_OUTCOMES:
        row[f"nudge_{o}"] = int(c.nudges.get(o, 0))
    return row
