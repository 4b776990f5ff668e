"""Feeding the facts from reports, moderator decisions, appeals and strikes (the case tables).

Before a report is read, ``sync_from_cases`` recomputes the report/appeal/strike fields of every
live item whose case saw activity since the last sync (a watermark in ``metrics_sync``), so the
case flow needs no hook. It runs inside the rollup refresh transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from hifazat.db.cases_tables import Appeal, Case, ModeratorDecision, Report, Strike
from hifazat.db.metrics_tables import EnforcementFact, MetricsSync
from hifazat.domain import metrics as m
from hifazat.services.metrics_facts import refresh_derived
from hifazat.services.metrics_rollup import mark_stale

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CLOSED = ("decided", "appealed", "closed")
#: A moderator's outcome as a final item action.
OUTCOME_ACTION = {"hide": "hide", "remove": "remove", "restrict_author": "restrict_author"}
OUTCOME_ACTION["suspend_author"] = "restrict_author"


def _touched(s: Session, since: datetime) -> set[int]:
    """Comment ids whose case got a report, decision, appeal or strike since ``since``."""
    q = (
        select(Case.comment_id)
        .outerjoin(Report, Report.case_id == Case.id)
        .outerjoin(ModeratorDecision, ModeratorDecision.case_id == Case.id)
        .outerjoin(Appeal, Appeal.case_id == Case.id)
        .outerjoin(Strike, Strike.case_id == Case.id)
        .where(
            Case.comment_id.is_not(None),
            or_(
                Report.created_at >= since,
                ModeratorDecision.created_at >= since,
                Appeal.filed_at >= since,
                Appeal.decided_at >= since,
                Strike.issued_at >= since,
            ),
        )
        .distinct()
    )
    return {int(c) for c in s.scalars(q) if c is not None}


def _apply(s: Session, fact: EnforcementFact) -> None:
    cases = list(s.scalars(select(Case).where(Case.comment_id == fact.comment_id)))
    ids = [c.id for c in cases] or [-1]
    reports = s.execute(
        select(Report.created_at, Report.filed_by, Report.case_id)
        .where(Report.case_id.in_(ids))
        .order_by(Report.created_at)
    ).all()
    closed = {c.id for c in cases if c.status in CLOSED}
    fact.reports = len(reports)
    fact.reports_resolved = sum(1 for r in reports if r.case_id in closed)
    fact.reported_at = reports[0].created_at if reports else None
    fact.reporter = (
        ("creator" if str(reports[0].filed_by).startswith("creator:") else "user")
        if reports
        else None
    )
    decision = s.execute(
        select(ModeratorDecision.outcome, ModeratorDecision.created_at)
        .where(ModeratorDecision.case_id.in_(ids))
        .order_by(ModeratorDecision.created_at.desc(), ModeratorDecision.id.desc())
        .limit(1)
    ).first()
    if decision is not None:
        action = OUTCOME_ACTION.get(decision.outcome)
        if action is not None:
            if fact.action not in m.ENFORCEMENT_ACTIONS or fact.actioned_at is None:
                fact.actioned_at = decision.created_at
            fact.action = action
        elif fact.action in {"hold", "escalate"} or fact.action in m.ENFORCEMENT_ACTIONS:
            fact.action, fact.actioned_at = "allow", None
    statuses = list(s.scalars(select(Appeal.status).where(Appeal.case_id.in_(ids))))
    fact.appealed = bool(statuses)
    fact.overturned = "overturned" in statuses
    strikes = s.scalar(select(func.count()).select_from(Strike).where(Strike.case_id.in_(ids)))
    fact.strike = bool(strikes)
    refresh_derived(fact)
    mark_stale(s, fact.day)


def sync_from_cases(s: Session, now: datetime) -> int:
    """Bring the facts of items with new case activity up to date; returns how many changed."""
    state = s.get(MetricsSync, 1)
    if state is None:
        state = MetricsSync(id=1, cases_synced_at=EPOCH)
        s.add(state)
    since = state.cases_synced_at
    touched = _touched(s, since)
    if touched:
        facts = s.scalars(
            select(EnforcementFact).where(EnforcementFact.comment_id.in_(touched))
        ).all()
        for fact in facts:
            _apply(s, fact)
    state.cases_synced_at = now
    return len(touched)
