"""The review queue: open cases by priority per lane, saved filters, lane statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, tuple_

from hifazat.db.cases_tables import Case, SavedQueue
from hifazat.domain.access import Principal, Role
from hifazat.domain.cases import Lane
from hifazat.domain.policy.categories import Category
from hifazat.errors import Conflict, InvalidInput, NotFound
from hifazat.services import audit
from hifazat.services.authz import require
from hifazat.services.case_views import CASE_STAFF, CaseSummary, summary
from hifazat.services.runtime import Runtime

FILTER_KEYS = ("lane", "language", "region", "category")


@dataclass(frozen=True)
class QueueFilter:
    lane: str | None = None
    language: str | None = None
    region: str | None = None
    category: str | None = None

    def check(self) -> QueueFilter:
        if self.lane is not None and self.lane not in {lane.value for lane in Lane}:
            raise InvalidInput(f"unknown lane {self.lane!r}; one of priority, standard")
        if self.category is not None and self.category not in {c.value for c in Category}:
            raise InvalidInput(f"unknown category {self.category!r}")
        if self.region is not None and len(self.region) != 2:
            raise InvalidInput("region is an ISO 3166-1 alpha-2 code")
        return self

    def as_dict(self) -> dict[str, str]:
        return {k: v for k in FILTER_KEYS if (v := getattr(self, k)) is not None}


@dataclass(frozen=True)
class QueuePage:
    items: list[CaseSummary]
    next_cursor: str | None = None
    filters: dict[str, str] = field(default_factory=dict)


def _cursor(rank: float, case_id: int) -> str:
    return f"{rank!r}_{case_id}"


def _parse_cursor(cursor: str) -> tuple[float, int]:
    try:
        rank, cid = cursor.rsplit("_", 1)
        return float(rank), int(cid)
    except ValueError:
        raise InvalidInput(f"bad cursor {cursor!r}") from None


def list_queue(
    rt: Runtime,
    principal: Principal,
    filters: QueueFilter,
    cursor: str | None = None,
    limit: int = 50,
) -> QueuePage:
    """Open cases, most urgent first (severity, reach, target risk, age), keyset-paginated."""
    require(principal, *CASE_STAFF)
    filters.check()
    limit = max(1, min(limit, 200))
    stmt = select(Case).where(Case.status == "open")
    if filters.lane:
        stmt = stmt.where(Case.lane == filters.lane)
    if filters.language:
        stmt = stmt.where(Case.language == filters.language)
    if filters.region:
        stmt = stmt.where(Case.region == filters.region.upper())
    if filters.category:
        stmt = stmt.where(Case.category == filters.category)
    if cursor:
        rank, cid = _parse_cursor(cursor)
        stmt = stmt.where(tuple_(Case.rank, Case.id) < tuple_(rank, cid))
    stmt = stmt.order_by(Case.rank.desc(), Case.id.desc()).limit(limit + 1)
    now = rt.now()
    with rt.read() as s:
        rows = list(s.scalars(stmt))
    more = len(rows) > limit
    rows = rows[:limit]
    return QueuePage(
        items=[summary(c, now) for c in rows],
        next_cursor=_cursor(rows[-1].rank, rows[-1].id) if more and rows else None,
        filters=filters.as_dict(),
    )


@dataclass(frozen=True)
class SavedQueueView:
    id: int
    name: str
    filters: dict[str, Any]


def save_queue(
    rt: Runtime, principal: Principal, name: str, filters: QueueFilter
) -> SavedQueueView:
    """Save a filter as a named queue everyone on the team can open."""
    require(principal, Role.ADMIN, Role.POLICY_MANAGER, Role.SENIOR_MODERATOR)
    filters.check()
    if not name.strip():
        raise InvalidInput("a queue needs a name")
    now = rt.now()
    with rt.transaction() as s:
        if s.scalar(select(SavedQueue.id).where(SavedQueue.name == name.strip())) is not None:
            raise Conflict(f"a queue named {name!r} exists")
        q = SavedQueue(
            name=name.strip(), filters=filters.as_dict(), created_by=principal.actor, created_at=now
        )
        s.add(q)
        s.flush()
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="queue.saved",
            subject_type="queue",
            subject_id=q.id,
            data={"name": q.name, "filters": q.filters},
        )
        return SavedQueueView(q.id, q.name, dict(q.filters))


def list_saved_queues(rt: Runtime, principal: Principal) -> list[SavedQueueView]:
    require(principal, *CASE_STAFF)
    with rt.read() as s:
        return [
            SavedQueueView(q.id, q.name, dict(q.filters))
            for q in s.scalars(select(SavedQueue).order_by(SavedQueue.name))
        ]


def saved_queue_filter(rt: Runtime, principal: Principal, queue_id: int) -> QueueFilter:
    require(principal, *CASE_STAFF)
    with rt.read() as s:
        q = s.get(SavedQueue, queue_id)
        if q is None:
            raise NotFound(f"no saved queue {queue_id}")
        return QueueFilter(**{k: q.filters.get(k) for k in FILTER_KEYS})


@dataclass(frozen=True)
class LaneStats:
    lane: str
    open: int
    breached: int
    oldest_opened_at: datetime | None


def queue_stats(rt: Runtime, principal: Principal) -> list[LaneStats]:
    """Open cases and SLA breaches per lane (read-only metrics, analysts included)."""
    require(principal, *CASE_STAFF, Role.ANALYST)
    now = rt.now()
    with rt.read() as s:
        out = []
        for lane in Lane:
            base = select(func.count()).select_from(Case)
            base = base.where(Case.status == "open", Case.lane == lane.value)
            total = int(s.scalar(base) or 0)
            breached = int(s.scalar(base.where(Case.due_at < now)) or 0)
            oldest = s.scalar(
                select(func.min(Case.opened_at)).where(
                    Case.status == "open", Case.lane == lane.value
                )
            )
            out.append(LaneStats(lane.value, total, breached, oldest))
        return out
