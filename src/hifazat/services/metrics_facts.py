"""Keeping ``enforcement_facts`` in step with what happens to items (decisions, views).

``record_decision`` is called by the comment flow inside its transaction (one row per comment);
``record_view`` is the ``POST /v1/views`` use case. Each write recomputes the derived flags with
``domain.metrics.derive`` so the database can count them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.metrics_tables import EnforcementFact
from hifazat.db.tables import Comment, Creator, Decision
from hifazat.domain import metrics as m
from hifazat.domain.access import Principal, Role
from hifazat.errors import NotFound
from hifazat.services import audit
from hifazat.services.authz import require
from hifazat.services.metrics_rollup import mark_stale
from hifazat.services.runtime import Runtime


def as_fact(row: EnforcementFact, creator: str = "") -> m.Fact:
    return m.Fact(
        region=row.region,
        language=row.language,
        category=row.category,
        creator=creator or str(row.creator_id),
        created_at=row.created_at,
        action=row.action,
        actioned_at=row.actioned_at,
        first_view_at=row.first_view_at,
        reported_at=row.reported_at,
        reports=row.reports,
        reports_resolved=row.reports_resolved,
        appealed=row.appealed,
        overturned=row.overturned,
        strike=row.strike,
        nudge=row.nudge,
    )


def refresh_derived(row: EnforcementFact) -> None:
    d = m.derive(as_fact(row))
    row.actioned = d.actioned
    row.proactive = d.proactive
    row.before_view = d.before_view
    row.within_24h = d.within_24h
    row.seconds_report_to_action = d.seconds_report_to_action
    row.latency_bucket = d.latency_bucket


def record_decision(s: Session, comment: Comment, decision: Decision) -> EnforcementFact:
    """Write (or update) the fact row of a comment after a decision, in the caller's transaction."""
    row = s.scalar(select(EnforcementFact).where(EnforcementFact.comment_id == comment.id))
    if row is None:
        row = EnforcementFact(
            comment_id=comment.id,
            creator_id=comment.creator_id,
            region=(comment.region or "ZZ")[:2].upper(),
            language=comment.language,
            day=comment.created_at.date(),
            created_at=comment.created_at,
            reports=0,
            reports_resolved=0,
            appealed=False,
            overturned=False,
            strike=False,
            held=False,
            source="live",
        )
        s.add(row)
    row.category = decision.category
    row.action = decision.action
    row.held = row.held or decision.action in {"hold", "escalate"}
    enforcing = decision.action in m.ENFORCEMENT_ACTIONS
    row.actioned_at = decision.created_at if enforcing else None
    refresh_derived(row)
    mark_stale(s, row.day)
    return row


_COLUMNS = tuple(c.key for c in EnforcementFact.__table__.columns if c.key != "id")


def new_fact_row(
    *,
    comment_id: int,
    creator_id: int,
    region: str | None,
    language: str,
    created_at: datetime,
    action: str,
    category: str | None,
    decided_at: datetime,
) -> dict[str, Any]:
    """The row :func:`record_decision` writes for a new comment, as a dict for a bulk INSERT."""
    actioned_at = decided_at if action in m.ENFORCEMENT_ACTIONS else None
    row: dict[str, Any] = dict.fromkeys(_COLUMNS)
    row.update(
        comment_id=comment_id,
        creator_id=creator_id,
        region=(region or "ZZ")[:2].upper(),
        language=language,
        day=created_at.date(),
        created_at=created_at,
        reports=0,
        reports_resolved=0,
        appealed=False,
        overturned=False,
        strike=False,
        held=action in {"hold", "escalate"},
        source="live",
        category=category,
        action=action,
        actioned_at=actioned_at,
    )
    d = m.derive(
        m.Fact(
            region=row["region"],
            language=language,
            category=category,
            creator=str(creator_id),
            created_at=created_at,
            action=action,
            actioned_at=actioned_at,
            first_view_at=None,
            reported_at=None,
            reports=0,
            reports_resolved=0,
            appealed=False,
            overturned=False,
            strike=False,
            nudge=None,
        )
    )
    row.update(
        actioned=d.actioned,
        proactive=d.proactive,
        before_view=d.before_view,
        within_24h=d.within_24h,
        seconds_report_to_action=d.seconds_report_to_action,
        latency_bucket=d.latency_bucket,
    )
    return row


@dataclass(frozen=True)
class ViewRecorded:
    comment_id: int
    first_view_at: datetime
    before_view: bool


def record_view(
    rt: Runtime, principal: Principal, comment_id: int, viewed_at: datetime
) -> ViewRecorded:
    """An integrator says a comment was first seen by someone other than its author."""
    with rt.transaction() as s:
        return record_view_in(s, principal, comment_id, viewed_at, rt.now())


def record_view_in(
    s: Session, principal: Principal, comment_id: int, viewed_at: datetime, now: datetime
) -> ViewRecorded:
    """:func:`record_view` inside the caller's transaction (the event batches use it)."""
    require(principal, Role.INTEGRATOR, Role.ADMIN)
    row = s.scalar(select(EnforcementFact).where(EnforcementFact.comment_id == comment_id))
    if row is None:
        raise NotFound(f"no comment {comment_id}")
    if row.first_view_at is None or viewed_at < row.first_view_at:
        row.first_view_at = viewed_at
    refresh_derived(row)
    mark_stale(s, row.day)
    audit.append(
        s,
        at=now,
        actor=principal.actor,
        action="comment.viewed",
        subject_type="comment",
        subject_id=comment_id,
        data={"first_view_at": row.first_view_at.isoformat()},
    )
    return ViewRecorded(comment_id, row.first_view_at, row.before_view)


def creator_handles(s: Session) -> dict[int, str]:
    return {int(i): str(h) for i, h in s.execute(select(Creator.id, Creator.handle)).all()}
