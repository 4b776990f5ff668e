"""One creator's safety dashboard: their comments by category and language, what was held and
approved, the reports they filed and how those ended, time to action, safety-mode periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, select

from hifazat.db.metrics_tables import EnforcementFact as F
from hifazat.db.metrics_tables import SafetyModePeriod as SM
from hifazat.db.tables import Comment, Decision
from hifazat.domain.access import Principal, Role
from hifazat.services.authz import require, require_creator_access
from hifazat.services.creators import creator_by_handle
from hifazat.services.metrics import METRICS_READERS, Query, Report, counts, validate
from hifazat.services.runtime import Runtime


@dataclass(frozen=True)
class CreatorDashboard:
    handle: str
    start: date
    end: date
    category: str | None
    language: str | None
    by_policy: Report
    by_language: Report
    by_week: Report
    held: int
    held_approved: int
    filed: dict[str, int]  # final action → reports the creator filed
    safety_mode: list[tuple[datetime, datetime | None]]
    comments: list[dict[str, Any]]

    @property
    def filed_total(self) -> int:
        return sum(self.filed.values())


def creator_dashboard(
    rt: Runtime,
    principal: Principal,
    handle: str,
    start: date,
    end: date,
    category: str | None = None,
    language: str | None = None,
) -> CreatorDashboard:
    require(principal, *METRICS_READERS, Role.CREATOR)
    require_creator_access(principal, handle)
    lim = rt.settings.metrics_max_buckets
    base = validate(Query(start, end, (), "week", category, language, handle), lim)
    with rt.read() as s:
        creator = creator_by_handle(s, handle)

        def rep(by: str) -> Report:
            return counts(s, Query(start, end, (), by, category, language, handle))

        cond = [F.creator_id == creator.id, F.day >= start, F.day <= end]
        if category:
            cond.append(F.category == category)
        if language:
            cond.append(F.language == language)
        held = s.scalar(select(func.count()).where(and_(*cond, F.held.is_(True)))) or 0
        approved = (
            s.scalar(select(func.count()).where(and_(*cond, F.held.is_(True), F.action == "allow")))
            or 0
        )
        filed = {
            str(a): int(n)
            for a, n in s.execute(
                select(F.action, func.count())
                .where(and_(*cond, F.reporter == "creator"))
                .group_by(F.action)
            ).all()
        }
        lo = datetime.combine(start, time.min, tzinfo=UTC)
        hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
        periods = [
            (a, b)
            for a, b in s.execute(
                select(SM.started_at, SM.ended_at)
                .where(SM.creator_id == creator.id, SM.started_at >= lo, SM.started_at < hi)
                .order_by(SM.started_at.desc())
            ).all()
        ]
        stmt = (
            select(Comment, Decision)
            .join(Decision, Decision.comment_id == Comment.id)
            .where(Comment.creator_id == creator.id)
            .order_by(Comment.received_at.desc(), Decision.id.desc())
            .limit(50)
        )
        if category:
            stmt = stmt.where(Decision.category == category)
        if language:
            stmt = stmt.where(Comment.language == language)
        comments = [
            {
                "id": c.id,
                "text": c.text,
                "language": c.language,
                "status": c.status,
                "action": d.action,
                "category": d.category,
                "received_at": c.received_at,
            }
            for c, d in s.execute(stmt).all()
        ]
        return CreatorDashboard(
            handle=handle,
            start=base.start,
            end=base.end,
            category=category,
            language=language,
            by_policy=rep("policy"),
            by_language=rep("language"),
            by_week=rep("week"),
            held=int(held),
            held_approved=int(approved),
            filed=dict(sorted(filed.items())),
            safety_mode=periods,
            comments=comments,
        )


def categories() -> list[str]:
    from hifazat.domain.policy.categories import Category

    return [c.value for c in Category]
