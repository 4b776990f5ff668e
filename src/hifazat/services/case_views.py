"""Who may see which case, and the shapes cases are shown in.

Reporter identity appears only in :class:`StaffCaseView` (staff roles); the creator, the
partner and the reported account get shapes without any reporter field."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.cases_tables import Appeal, Case, CaseNote, ModeratorDecision, Report
from hifazat.db.tables import Account, Comment, Creator, Decision
from hifazat.domain.access import Principal, Role
from hifazat.domain.cases import priority_at, sla_state
from hifazat.errors import ConsentRequired, Forbidden, NotFound

#: Roles that work cases and may see who reported.
CASE_STAFF = frozenset({Role.ADMIN, Role.MODERATOR, Role.SENIOR_MODERATOR, Role.POLICY_MANAGER})
DECIDERS = frozenset({Role.ADMIN, Role.MODERATOR, Role.SENIOR_MODERATOR})
APPEAL_REVIEWERS = frozenset({Role.ADMIN, Role.SENIOR_MODERATOR})


def case_or_404(s: Session, case_id: int, *, lock: bool = False) -> Case:
    stmt = select(Case).where(Case.id == case_id)
    if lock:
        stmt = stmt.with_for_update()
    case = s.scalar(stmt)
    if case is None:
        raise NotFound(f"no case {case_id}")
    return case


def creator_handle(s: Session, case: Case) -> str | None:
    if case.creator_id is None:
        return None
    creator = s.get(Creator, case.creator_id)
    return creator.handle if creator else None


def authorise_read(s: Session, principal: Principal, case: Case) -> None:
    """Staff see every case; a creator their own subjects; a partner consented escalations."""
    if principal.role in CASE_STAFF:
        return
    if principal.role is Role.CREATOR:
        handle = creator_handle(s, case)
        if handle is not None and handle in principal.subjects:
            return
        raise Forbidden(f"case {case.id} is not about your content")
    if principal.role is Role.PARTNER:
        if case.partner is not None and case.partner in principal.subjects:
            if not case.partner_consent:
                raise ConsentRequired(f"case {case.id} waits for the creator's consent")
            return
        raise Forbidden(f"case {case.id} was not escalated to you")
    raise Forbidden(f"role {principal.role.value} may not read cases")


@dataclass(frozen=True)
class CaseSummary:
    """One row of a queue page."""

    id: int
    subject_type: str
    subject_ref: str
    lane: str
    status: str
    category: str
    reason: str
    severity: int
    language: str | None
    region: str | None
    reach: int
    report_count: int
    priority: float
    sla: str
    due_at: datetime
    opened_at: datetime
    claimed_by: str | None
    excerpt: str | None


def summary(case: Case, now: datetime) -> CaseSummary:
    return CaseSummary(
        id=case.id,
        subject_type=case.subject_type,
        subject_ref=case.subject_ref,
        lane=case.lane,
        status=case.status,
        category=case.category,
        reason=case.reason,
        severity=case.severity,
        language=case.language,
        region=case.region,
        reach=case.reach,
        report_count=case.report_count,
        priority=priority_at(case.rank, now),
        sla=sla_state(case.due_at, now) if case.status == "open" else "met",
        due_at=case.due_at,
        opened_at=case.opened_at,
        claimed_by=case.claimed_by,
        excerpt=case.excerpt,
    )


@dataclass(frozen=True)
class DecisionView:
    id: int
    outcome: str
    category: str | None
    explanation: str
    automated: bool
    decided_by: str
    statement: dict[str, Any]
    created_at: datetime
    reversed_at: datetime | None


@dataclass(frozen=True)
class AppealView:
    id: int
    status: str
    text: str
    filed_at: datetime
    due_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    explanation: str | None
    appellant: str | None = None  # staff only


@dataclass(frozen=True)
class CaseView:
    """A case for the creator or a partner: no reporter identity, no internal notes."""

    case: CaseSummary
    creator: str | None
    subject_text: str | None
    subject_status: str | None
    automated: dict[str, Any] | None
    decisions: list[DecisionView]
    appeals: list[AppealView]
    notes: list[dict[str, Any]] = field(default_factory=list)
    partner: str | None = None
    partner_consent: bool = False


@dataclass(frozen=True)
class StaffCaseView(CaseView):
    """A case for staff: adds who reported (and for whom) and internal notes."""

    reports: list[dict[str, Any]] = field(default_factory=list)
    author: str | None = None


def _decision(d: ModeratorDecision) -> DecisionView:
    return DecisionView(
        d.id,
        d.outcome,
        d.category,
        d.explanation,
        d.automated,
        d.decided_by,
        d.statement,
        d.created_at,
        d.reversed_at,
    )


def build_view(s: Session, principal: Principal, case: Case, now: datetime) -> CaseView:
    staff = principal.role in CASE_STAFF
    comment = s.get(Comment, case.comment_id) if case.comment_id else None
    auto = s.get(Decision, case.automated_decision_id) if case.automated_decision_id else None
    decisions = [
        _decision(d)
        for d in s.scalars(
            select(ModeratorDecision)
            .where(ModeratorDecision.case_id == case.id)
            .order_by(ModeratorDecision.id)
        )
    ]
    appeals = [
        AppealView(
            a.id,
            a.status,
            a.text,
            a.filed_at,
            a.due_at,
            a.decided_by if staff else None,
            a.decided_at,
            a.explanation,
            a.appellant if staff else None,
        )
        for a in s.scalars(select(Appeal).where(Appeal.case_id == case.id).order_by(Appeal.id))
    ]
    notes = [
        {
            "id": n.id,
            "appeal_id": n.appeal_id,
            "author": n.author if staff else None,
            "text": n.text,
            "internal": n.internal,
            "created_at": n.created_at,
        }
        for n in s.scalars(
            select(CaseNote).where(CaseNote.case_id == case.id).order_by(CaseNote.id)
        )
        if staff or not n.internal
    ]
    common: dict[str, Any] = {
        "case": summary(case, now),
        "creator": creator_handle(s, case),
        "subject_text": comment.text if comment else case.excerpt,
        "subject_status": comment.status if comment else None,
        "automated": auto.reasons if auto else None,
        "decisions": decisions,
        "appeals": appeals,
        "notes": notes,
        "partner": case.partner if staff else None,
        "partner_consent": case.partner_consent,
    }
    if not staff:
        return CaseView(**common)
    reports = [
        {
            "id": r.id,
            "reason": r.reason,
            "text": r.text,
            "reporter": r.reporter,
            "on_behalf_of": r.on_behalf_of,
            "trusted_flagger": r.trusted_flagger,
            "created_at": r.created_at,
        }
        for r in s.scalars(select(Report).where(Report.case_id == case.id).order_by(Report.id))
    ]
    author = s.get(Account, case.author_id) if case.author_id else None
    return StaffCaseView(**common, reports=reports, author=author.external_id if author else None)
