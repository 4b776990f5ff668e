"""Cases: opened by automation or reports; read, claimed, assigned, escalated, revealed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hifazat.db.cases_tables import Case, ModeratorExposure
from hifazat.db.tables import Comment, Creator, Decision
from hifazat.domain.access import Principal, Role
from hifazat.domain.cases import (
    DEFAULT_SLA_HOURS,
    PRIORITY_CATEGORIES,
    Lane,
    SubjectType,
    reason_for_category,
)
from hifazat.errors import CaseClaimed, Forbidden, InvalidInput, InvalidTransition
from hifazat.services import audit
from hifazat.services.authz import require
from hifazat.services.case_views import (
    APPEAL_REVIEWERS,
    CASE_STAFF,
    DECIDERS,
    CaseView,
    authorise_read,
    build_view,
    case_or_404,
    creator_handle,
)
from hifazat.services.reports import Subject, open_or_fold
from hifazat.services.runtime import Runtime

#: Automated actions that need a human: held or escalated comments.
NEEDS_HUMAN = frozenset({"hold", "escalate"})


def open_for_automated_decision(
    s: Session,
    comment: Comment,
    decision: Decision,
    now: datetime,
    sla_hours: dict[str, int] | None = None,
) -> Case | None:
    """Inside the comment's transaction: a held/escalated or top-priority comment gets a case."""
    lane = decision.reasons.get("lane") if isinstance(decision.reasons, dict) else None
    if decision.action not in NEEDS_HUMAN and lane != Lane.PRIORITY.value:
        return None
    category = decision.category
    if lane == Lane.PRIORITY.value:
        urgent = {c.value for c in PRIORITY_CATEGORIES}
        grounds = decision.reasons.get("grounds") or []
        found = [g.get("category") for g in grounds if g.get("category") in urgent]
        category = found[0] if found else category
    reason = reason_for_category(category)
    subject = Subject(
        SubjectType.COMMENT,
        str(comment.id),
        s.get(Creator, comment.creator_id),
        comment.author_id,
        comment,
        comment.language,
        comment.region,
        comment.text[:500],
    )
    case, _folded = open_or_fold(
        s,
        subject,
        reason,
        now,
        source="automated",
        reach=0,
        trusted=False,
        sla_hours=sla_hours or DEFAULT_SLA_HOURS,
        automated_decision_id=decision.id,
    )
    if lane == Lane.PRIORITY.value and case.lane != Lane.PRIORITY.value:
        case.lane = Lane.PRIORITY.value
    audit.append(
        s,
        at=now,
        actor="hifazat:auto",
        action="case.opened",
        subject_type="case",
        subject_id=case.id,
        data={
            "source": "automated",
            "decision": decision.id,
            "action": decision.action,
            "lane": case.lane,
            "subject": f"comment:{comment.id}",
        },
    )
    return case


def get_case(rt: Runtime, principal: Principal, case_id: int) -> CaseView:
    """A case in the shape the caller may see (reporters only for staff)."""
    with rt.read() as s:
        case = case_or_404(s, case_id)
        authorise_read(s, principal, case)
        return build_view(s, principal, case, rt.now())


def _claim_is_live(case: Case, now: datetime, minutes: int) -> bool:
    return (
        case.claimed_by is not None
        and case.claimed_at is not None
        and now - case.claimed_at < timedelta(minutes=minutes)
    )


def ensure_claimable(case: Case, principal: Principal, now: datetime, minutes: int) -> None:
    if _claim_is_live(case, now, minutes) and case.claimed_by != principal.actor:
        raise CaseClaimed(
            f"case {case.id} is being reviewed by {case.claimed_by}", claimed_by=case.claimed_by
        )


def claim_case(rt: Runtime, principal: Principal, case_id: int) -> str:
    """Take a case so no one else reviews it at the same time. A claim lapses after a while."""
    require(principal, *DECIDERS)
    now = rt.now()
    with rt.transaction() as s:
        case = case_or_404(s, case_id, lock=True)
        if case.status not in ("open", "appealed"):
            raise InvalidTransition(f"case {case_id} is {case.status}; nothing to review")
        ensure_claimable(case, principal, now, rt.settings.claim_minutes)
        case.claimed_by, case.claimed_at, case.updated_at = principal.actor, now, now
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="case.claimed",
            subject_type="case",
            subject_id=case.id,
            data={},
        )
        return principal.actor


def release_case(rt: Runtime, principal: Principal, case_id: int) -> None:
    require(principal, *DECIDERS)
    now = rt.now()
    with rt.transaction() as s:
        case = case_or_404(s, case_id, lock=True)
        if case.claimed_by not in (None, principal.actor) and principal.role not in (
            APPEAL_REVIEWERS
        ):
            raise CaseClaimed(f"case {case_id} is claimed by {case.claimed_by}")
        case.claimed_by, case.claimed_at, case.updated_at = None, None, now
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="case.released",
            subject_type="case",
            subject_id=case.id,
            data={},
        )


def assign_case(rt: Runtime, principal: Principal, case_id: int, moderator: str) -> None:
    """A senior moderator or admin hands a case to a named moderator (as their claim)."""
    require(principal, *APPEAL_REVIEWERS)
    if not moderator.strip():
        raise InvalidInput("name the moderator to assign")
    now = rt.now()
    with rt.transaction() as s:
        case = case_or_404(s, case_id, lock=True)
        if case.status not in ("open", "appealed"):
            raise InvalidTransition(f"case {case_id} is {case.status}; nothing to review")
        assignee = moderator if ":" in moderator else f"moderator:{moderator}"
        case.claimed_by, case.claimed_at, case.updated_at = assignee, now, now
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="case.assigned",
            subject_type="case",
            subject_id=case.id,
            data={"to": assignee},
        )


def escalate_to_partner(rt: Runtime, principal: Principal, case_id: int, partner: str) -> None:
    """Hand a case to a partner NGO. They see it only once the creator consents."""
    require(principal, *DECIDERS)
    now = rt.now()
    with rt.transaction() as s:
        case = case_or_404(s, case_id, lock=True)
        if case.creator_id is None:
            raise InvalidInput(f"case {case_id} has no creator whose consent could be asked")
        case.partner, case.updated_at = partner, now
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="case.escalated",
            subject_type="case",
            subject_id=case.id,
            data={"partner": partner, "consent": case.partner_consent},
        )


def consent_to_escalation(rt: Runtime, principal: Principal, case_id: int, consent: bool) -> None:
    """The creator (or an admin for them) allows or withdraws the partner's access."""
    require(principal, Role.CREATOR, Role.ADMIN)
    now = rt.now()
    with rt.transaction() as s:
        case = case_or_404(s, case_id, lock=True)
        handle = creator_handle(s, case)
        if handle is None or not principal.may_act_for(handle):
            raise Forbidden(f"case {case_id} is not about your content")
        case.partner_consent, case.updated_at = consent, now
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="case.consent",
            subject_type="case",
            subject_id=case.id,
            data={"consent": consent, "partner": case.partner},
        )


def reveal_case(rt: Runtime, principal: Principal, case_id: int) -> int:
    """Unblur a case's text for this moderator; counts towards their exposure for the day."""
    require(principal, *CASE_STAFF)
    now = rt.now()
    day = now.date()
    with rt.transaction() as s:
        case = case_or_404(s, case_id)
        seen = s.scalar(
            select(ModeratorExposure.id).where(
                ModeratorExposure.moderator == principal.actor,
                ModeratorExposure.day == day,
                ModeratorExposure.case_id == case.id,
            )
        )
        if seen is None:
            s.add(ModeratorExposure(moderator=principal.actor, day=day, case_id=case.id, at=now))
            s.flush()
            audit.append(
                s,
                at=now,
                actor=principal.actor,
                action="case.revealed",
                subject_type="case",
                subject_id=case.id,
                data={"day": day.isoformat()},
            )
        return _exposure(s, principal.actor, now)


def _exposure(s: Session, moderator: str, now: datetime) -> int:
    return int(
        s.scalar(
            select(func.count())
            .select_from(ModeratorExposure)
            .where(ModeratorExposure.moderator == moderator, ModeratorExposure.day == now.date())
        )
        or 0
    )


def exposure_today(rt: Runtime, principal: Principal) -> int:
    require(principal, *CASE_STAFF)
    with rt.read() as s:
        return _exposure(s, principal.actor, rt.now())


def revealed_cases(rt: Runtime, principal: Principal) -> set[int]:
    """The cases this moderator already revealed today (shown unblurred)."""
    if principal.role not in CASE_STAFF:
        return set()
    now = rt.now()
    with rt.read() as s:
        return set(
            s.scalars(
                select(ModeratorExposure.case_id).where(
                    ModeratorExposure.moderator == principal.actor,
                    ModeratorExposure.day == now.date(),
                )
            )
        )
