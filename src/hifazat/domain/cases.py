"""Reports, cases, appeals and strikes as pure values and transitions.

No database, clock or randomness: every time is passed in. The services store what these
functions compute.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from hifazat.domain.policy.categories import Category
from hifazat.domain.policy.guidelines import Guidelines, shipped_guidelines
from hifazat.errors import InvalidTransition, UnknownReason

#: Guideline version recorded on a human decision when no automated decision gives one.
DEFAULT_POLICY_VERSION = "2026.11.0"


class SubjectType(StrEnum):
    COMMENT = "comment"
    CONTENT = "content"
    ACCOUNT = "account"


class Lane(StrEnum):
    PRIORITY = "priority"  # threats, doxxing, blasphemy accusations, sexual extortion, self-harm
    STANDARD = "standard"


class CaseStatus(StrEnum):
    OPEN = "open"  # waiting for a decision
    DECIDED = "decided"  # decided; may be appealed within the window
    APPEALED = "appealed"  # an appeal waits for a second reviewer
    CLOSED = "closed"  # the appeal was decided; final


class CaseEvent(StrEnum):
    REPORT = "report"
    DECIDE = "decide"
    APPEAL = "appeal"
    UPHOLD = "uphold"
    OVERTURN = "overturn"
    REVERSE = "reverse"


class Outcome(StrEnum):
    """What a moderator does with a case."""

    NO_ACTION = "no_action"
    HIDE = "hide"
    REMOVE = "remove"
    RESTRICT_AUTHOR = "restrict_author"
    SUSPEND_AUTHOR = "suspend_author"


#: Outcomes that find a violation (and so give the author a strike).
VIOLATIONS: frozenset[Outcome] = frozenset(Outcome) - {Outcome.NO_ACTION}
#: Outcomes that act on the author's account for a period.
ACCOUNT_OUTCOMES: frozenset[Outcome] = frozenset({Outcome.RESTRICT_AUTHOR, Outcome.SUSPEND_AUTHOR})
#: What each outcome does to a comment's visibility.
COMMENT_STATUS_AFTER: dict[Outcome, str | None] = {
    Outcome.NO_ACTION: "visible",
    Outcome.HIDE: "hidden",
    Outcome.REMOVE: "removed",
    Outcome.RESTRICT_AUTHOR: "removed",
    Outcome.SUSPEND_AUTHOR: "removed",
}

_NEXT: dict[tuple[CaseStatus, CaseEvent], CaseStatus] = {
    (CaseStatus.OPEN, CaseEvent.REPORT): CaseStatus.OPEN,
    (CaseStatus.OPEN, CaseEvent.DECIDE): CaseStatus.DECIDED,
    (CaseStatus.DECIDED, CaseEvent.APPEAL): CaseStatus.APPEALED,
    (CaseStatus.APPEALED, CaseEvent.UPHOLD): CaseStatus.CLOSED,
    (CaseStatus.APPEALED, CaseEvent.OVERTURN): CaseStatus.CLOSED,
    (CaseStatus.DECIDED, CaseEvent.REVERSE): CaseStatus.OPEN,
}


def transition(status: CaseStatus, event: CaseEvent) -> CaseStatus:
    """The next status, or :class:`InvalidTransition` naming what is allowed from here."""
    nxt = _NEXT.get((status, event))
    if nxt is None:
        allowed = sorted(e.value for (s, e) in _NEXT if s is status)
        raise InvalidTransition(
            f"a case that is {status.value} cannot take '{event.value}'"
            + (f" (allowed: {', '.join(allowed)})" if allowed else " (it is final)"),
            status=status.value,
        )
    return nxt


# --- report reasons -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportReason:
    code: str
    category: Category
    severity: int  # 1 (low) .. 3 (high)
    lane: Lane
    label: str


#: Categories that always go to the top-priority human lane.
PRIORITY_CATEGORIES: frozenset[Category] = frozenset(
    {Category.THREAT, Category.DOXXING, Category.BLASPHEMY_ACCUSATION, Category.SELF_HARM}
)
SEVERITY: dict[Category, int] = {
    Category.THREAT: 3,
    Category.DOXXING: 3,
    Category.BLASPHEMY_ACCUSATION: 3,
    Category.SELF_HARM: 3,
    Category.SEXUAL_HARASSMENT: 3,
    Category.HATE: 2,
    Category.HARASSMENT: 2,
    Category.SPAM_SCAM: 1,
    Category.PROFANITY: 1,
}
_LABELS: dict[str, str] = {
    "harassment": "Harassment or bullying",
    "hate": "Hate against a group",
    "threat": "Threat of violence",
    "sexual_harassment": "Sexual harassment",
    "sexual_extortion": "Sexual extortion (threat to share intimate images)",
    "doxxing": "Private information exposed",
    "blasphemy_accusation": "Blasphemy accusation",
    "self_harm": "Urging self-harm",
    "spam_scam": "Spam or scam",
    "profanity": "Swearing",
}


def _lane(category: Category, guidelines: Guidelines) -> Lane:
    policy = guidelines.policy_for(category)
    if category in PRIORITY_CATEGORIES or (policy is not None and policy.lane == "priority"):
        return Lane.PRIORITY
    return Lane.STANDARD


def report_reasons(guidelines: Guidelines | None = None) -> tuple[ReportReason, ...]:
    """The reasons a report may give: one per policy of the Community Guidelines (their lane
    decides the queue; the top-priority categories always go first), plus sexual extortion."""
    g = guidelines or shipped_guidelines()
    reasons = [
        ReportReason(c.value, c, SEVERITY[c], _lane(c, g), _LABELS[c.value]) for c in Category
    ]
    reasons.insert(
        4,
        ReportReason(
            "sexual_extortion",
            Category.SEXUAL_HARASSMENT,
            3,
            Lane.PRIORITY,
            _LABELS["sexual_extortion"],
        ),
    )
    return tuple(reasons)


def reason_for(code: str) -> ReportReason:
    for reason in report_reasons():
        if reason.code == code:
            return reason
    known = ", ".join(r.code for r in report_reasons())
    raise UnknownReason(f"unknown report reason {code!r}; one of: {known}", reason=code)


def reason_for_category(category: str | None) -> ReportReason:
    """The reason an automated decision in ``category`` stands for (harassment when none)."""
    try:
        return reason_for(category or "harassment")
    except UnknownReason:
        return reason_for("harassment")


def lane_of(reasons: Iterable[ReportReason]) -> Lane:
    return Lane.PRIORITY if any(r.lane is Lane.PRIORITY for r in reasons) else Lane.STANDARD


# --- priority ---------------------------------------------------------------------------------

#: Epoch for the age term of the sort key (any fixed instant works).
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
#: Priority points a case gains per hour of waiting.
AGE_POINTS_PER_HOUR = 2.0


def base_priority(severity: int, reach: int, risk: int) -> float:
    """Severity dominates; reach (views) counts logarithmically; the target's risk (0..3) adds."""
    return severity * 100.0 + 10.0 * math.log10(1 + max(reach, 0)) + 20.0 * max(0, min(risk, 3))


def _hours(at: datetime) -> float:
    return (at - EPOCH).total_seconds() / 3600.0


def rank_key(base: float, opened_at: datetime) -> float:
    """A static sort key whose order equals ``priority_at(now)`` for every ``now``.

    priority(now) = base + AGE * (now - opened) = AGE * now + (base - AGE * opened); the first
    term is the same for every case, so ordering by ``base - AGE * opened`` is ordering by
    priority at any moment — and an index can serve it."""
    return round(base - AGE_POINTS_PER_HOUR * _hours(opened_at), 4)


def priority_at(rank: float, now: datetime) -> float:
    return round(rank + AGE_POINTS_PER_HOUR * _hours(now), 1)


def target_risk(audience_size: int, priority_reports: int) -> int:
    """0..3: large audiences and targets of earlier top-priority reports are at more risk."""
    risk = 0
    if audience_size >= 100_000:
        risk += 1
    if audience_size >= 1_000_000:
        risk += 1
    if priority_reports > 0:
        risk += 1
    return min(risk, 3)


#: Default SLA per lane (hours to first decision); appeals have their own.
DEFAULT_SLA_HOURS: dict[str, int] = {"priority": 1, "standard": 24, "appeal": 72}


def sla_due(lane: str, opened_at: datetime, sla_hours: Mapping[str, int]) -> datetime:
    hours = sla_hours.get(lane, DEFAULT_SLA_HOURS.get(lane, 24))
    return opened_at + timedelta(hours=hours)


def sla_state(due_at: datetime, now: datetime) -> str:
    left = (due_at - now).total_seconds()
    if left < 0:
        return "breached"
    if left < 3600 / 4:
        return "due_soon"
    return "ok"


# --- appeals ----------------------------------------------------------------------------------


def appeal_deadline(decided_at: datetime, window_days: int) -> datetime:
    return decided_at + timedelta(days=window_days)


def may_appeal(decided_at: datetime, now: datetime, window_days: int) -> bool:
    return now <= appeal_deadline(decided_at, window_days)


# --- strikes ----------------------------------------------------------------------------------

#: How long a strike counts, by severity.
STRIKE_DAYS: dict[int, int] = {1: 30, 2: 90, 3: 180}


@dataclass(frozen=True, slots=True)
class StrikeView:
    points: int
    expires_at: datetime
    revoked: bool = False


@dataclass(frozen=True, slots=True)
class Restriction:
    kind: str  # "restrict" (may not comment) or "suspend" (account suspended)
    days: int


#: Active strike points that trigger a restriction, highest first.
THRESHOLDS: tuple[tuple[int, Restriction], ...] = (
    (6, Restriction("suspend", 30)),
    (3, Restriction("restrict", 7)),
)


def strike_expiry(severity: int, issued_at: datetime) -> datetime:
    return issued_at + timedelta(days=STRIKE_DAYS.get(severity, 90))


def active_points(strikes: Iterable[StrikeView], now: datetime) -> int:
    return sum(s.points for s in strikes if not s.revoked and s.expires_at > now)


def restriction_for(points_before: int, points_after: int) -> Restriction | None:
    """The restriction a new strike triggers: only when it crosses a threshold."""
    for threshold, restriction in THRESHOLDS:
        if points_before < threshold <= points_after:
            return restriction
    return None
