"""A case's full history (audit events, reports, decisions, appeals, notes, strikes, notices),
and the DSA statement-of-reasons export of decisions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select

from hifazat.db.cases_tables import (
    AccountRestriction,
    Appeal,
    Case,
    CaseNote,
    ModeratorDecision,
    Notice,
    Report,
    Strike,
)
from hifazat.db.tables import AuditEvent, Comment, Decision
from hifazat.domain.access import Principal, Role
from hifazat.domain.dsa import DecisionFacts, statement_of_reasons, validate
from hifazat.errors import InvalidInput
from hifazat.services.authz import require
from hifazat.services.case_views import CASE_STAFF, authorise_read, case_or_404
from hifazat.services.runtime import Runtime

EXPORTERS = (Role.ADMIN, Role.POLICY_MANAGER, Role.SENIOR_MODERATOR)


def _row(obj: Any) -> dict[str, Any]:
    return {
        c.key: (v.isoformat() if isinstance(v := getattr(obj, c.key), datetime) else v)
        for c in obj.__table__.columns
    }


def case_events(rt: Runtime, principal: Principal, case_id: int) -> list[dict[str, Any]]:
    """The case's audit events in order (staff; shown on the case page)."""
    require(principal, *CASE_STAFF)
    with rt.read() as s:
        case = case_or_404(s, case_id)
        authorise_read(s, principal, case)
        return [_row(e) for e in _events(s, case)]


def _events(s: Any, case: Case) -> list[AuditEvent]:
    where = and_(AuditEvent.subject_type == "case", AuditEvent.subject_id == str(case.id))
    if case.comment_id is not None:
        where = or_(
            where,
            and_(
                AuditEvent.subject_type == "comment",
                AuditEvent.subject_id == str(case.comment_id),
            ),
        )
    return list(s.scalars(select(AuditEvent).where(where).order_by(AuditEvent.seq)))


def export_case(rt: Runtime, principal: Principal, case_id: int) -> dict[str, Any]:
    """Everything about one case, with the hash-chained audit events that prove its history."""
    require(principal, *EXPORTERS)
    with rt.read() as s:
        case = case_or_404(s, case_id)

        def rows(model: Any, *where: Any) -> list[dict[str, Any]]:
            return [_row(r) for r in s.scalars(select(model).where(*where).order_by(model.id))]

        decision_ids = list(
            s.scalars(select(ModeratorDecision.id).where(ModeratorDecision.case_id == case.id))
        )
        comment = s.get(Comment, case.comment_id) if case.comment_id else None
        return {
            "case": _row(case),
            "subject": _row(comment) if comment else None,
            "automated_decision": _row(auto)
            if case.automated_decision_id and (auto := s.get(Decision, case.automated_decision_id))
            else None,
            "reports": rows(Report, Report.case_id == case.id),
            "decisions": rows(ModeratorDecision, ModeratorDecision.case_id == case.id),
            "appeals": rows(Appeal, Appeal.case_id == case.id),
            "notes": rows(CaseNote, CaseNote.case_id == case.id),
            "strikes": rows(Strike, Strike.case_id == case.id),
            "restrictions": rows(
                AccountRestriction, AccountRestriction.decision_id.in_(decision_ids or [-1])
            ),
            "notices": rows(Notice, Notice.case_id == case.id),
            "audit_events": [_row(e) for e in _events(s, case)],
        }


def dsa_statements(
    rt: Runtime, principal: Principal, start: datetime, end: datetime
) -> Iterator[dict[str, Any]]:
    """Every restrictive decision (automated or by a moderator) in [start, end) as a DSA
    statement-of-reasons record, validated against the field list."""
    require(principal, Role.ADMIN, Role.POLICY_MANAGER)
    if end <= start:
        raise InvalidInput("the period's end must be after its start")
    with rt.read() as s:
        human = s.execute(
            select(ModeratorDecision, Case, Comment)
            .join(Case, Case.id == ModeratorDecision.case_id)
            .outerjoin(Comment, Comment.id == Case.comment_id)
            .where(
                ModeratorDecision.created_at >= start,
                ModeratorDecision.created_at < end,
                ModeratorDecision.outcome != "no_action",
            )
            .order_by(ModeratorDecision.id)
        ).all()
        for d, case, comment in human:
            ends = s.scalar(
                select(AccountRestriction.ends_at)
                .where(AccountRestriction.decision_id == d.id)
                .order_by(AccountRestriction.ends_at.desc())
                .limit(1)
            )
            facts = DecisionFacts(
                decision_id=d.id,
                outcome=d.outcome,
                category=d.category,
                policy_version=d.policy_version,
                explanation=d.explanation,
                automated_detection=case.source == "automated",
                automated_decision=False,
                trusted_flagger=case.trusted_flagger,
                reported=case.report_count > 0,
                subject_type=case.subject_type,
                language=case.language,
                region=case.region,
                content_date=comment.created_at if comment else case.opened_at,
                decided_at=d.created_at,
                restriction_ends_at=ends,
            )
            yield _checked(statement_of_reasons(facts), facts)
        auto = s.execute(
            select(Decision, Comment)
            .join(Comment, Comment.id == Decision.comment_id)
            .where(
                Decision.created_at >= start,
                Decision.created_at < end,
                Decision.action.in_(("hide", "remove", "restrict_author")),
            )
            .order_by(Decision.id)
        ).all()
        for ad, comment in auto:
            facts = DecisionFacts(
                decision_id=-ad.id,
                outcome=ad.action,
                category=ad.category,
                policy_version=ad.guideline_version,
                explanation=str(ad.reasons.get("explanation") or ad.action),
                automated_detection=True,
                automated_decision=True,
                trusted_flagger=False,
                reported=False,
                subject_type="comment",
                language=comment.language,
                region=comment.region,
                content_date=comment.created_at,
                decided_at=ad.created_at,
                restriction_ends_at=None,
            )
            record = statement_of_reasons(facts)
            record["puid"] = f"hifazat-auto-decision-{ad.id}"
            yield _checked(record, facts)


def _checked(record: dict[str, Any], facts: DecisionFacts) -> dict[str, Any]:
    problems = validate(record)
    if problems:  # pragma: no cover - the builder only makes valid records
        raise InvalidInput(f"decision {facts.decision_id}: {'; '.join(problems)}")
    return record
