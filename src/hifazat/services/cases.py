"""Cases: opened by automation or reports; read, claimed, assigned, escalated, revealed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from hifazat.db.bulk import any_of, insert_rows
from hifazat.db.cases_tables import Case, ModeratorExposure
from hifazat.db.tables import Comment, Creator, Decision
from hifazat.domain.access import Principal, Role
from hifazat.domain.cases import (
    DEFAULT_SLA_HOURS,
    PRIORITY_CATEGORIES,
    Lane,
    ReportReason,
    SubjectType,
    base_priority,
    rank_key,
    reason_for_category,
    sla_due,
    target_risk,
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


@dataclass(frozen=True)
class Automated:
    """What opening a case for an automated decision needs to know about the comment."""

    comment_id: int
    creator: Creator
    author_id: int | None
    language: str | None
    region: str | None
    text: str
    decision_id: int
    action: str
    category: str | None
    reasons: Mapping[str, Any]

    @property
    def priority(self) -> bool:
        return self.reasons.get("lane") == Lane.PRIORITY.value

    @property
    def needs_case(self) -> bool:
        return self.action in NEEDS_HUMAN or self.priority


def _automated_reason(item: Automated) -> ReportReason:
    category = item.category
    if item.priority:
        urgent = {c.value for c in PRIORITY_CATEGORIES}
        grounds = item.reasons.get("grounds") or []
        found = [g.get("category") for g in grounds if g.get("category") in urgent]
        category = found[0] if found else category
    return reason_for_category(category)


def open_for_automated_decisions(
    s: Session,
    items: Sequence[Automated],
    now: datetime,
    sla_hours: Mapping[str, int] | None = None,
) -> list[audit.Entry]:
    """Inside the caller's transaction: a case for every held/escalated or top-priority comment,
    opened in bulk (one lookup of open cases, one of the creators' earlier priority cases, one
    INSERT). Returns the ``case.opened`` audit entries, in order, for the caller to append."""
    wanted = [i for i in items if i.needs_case]
    if not wanted:
        return []
    sla = dict(sla_hours or DEFAULT_SLA_HOURS)
    keys = [f"{SubjectType.COMMENT.value}:{i.comment_id}" for i in wanted]
    existing = set(s.scalars(select(Case.open_key).where(any_of(s, Case.open_key, keys))))
    creator_ids = {i.creator.id for i in wanted}
    at_risk = set(
        s.scalars(
            select(Case.creator_id)
            .where(Case.creator_id.in_(creator_ids), Case.lane == Lane.PRIORITY.value)
            .distinct()
        )
    )
    rows: list[dict[str, Any]] = []
    entries: list[tuple[Automated, dict[str, Any] | Case]] = []
    case: dict[str, Any] | Case
    for item, key in zip(wanted, keys, strict=True):
        reason = _automated_reason(item)
        if key in existing:  # an open case on this comment already: fold into it
            subject = Subject(
                SubjectType.COMMENT,
                str(item.comment_id),
                item.creator,
                item.author_id,
                s.get(Comment, item.comment_id),
                item.language,
                item.region,
                item.text[:500],
            )
            case, _ = open_or_fold(
                s,
                subject,
                reason,
                now,
                source="automated",
                reach=0,
                trusted=False,
                sla_hours=sla,
                automated_decision_id=item.decision_id,
            )
            if item.priority:
                case.lane = Lane.PRIORITY.value
            entries.append((item, case))
            continue
        risk = target_risk(item.creator.audience_size, 1 if item.creator.id in at_risk else 0)
        lane = Lane.PRIORITY.value if item.priority else reason.lane.value
        if lane == Lane.PRIORITY.value:
            at_risk.add(item.creator.id)
        row = {
            "subject_type": SubjectType.COMMENT.value,
            "subject_ref": str(item.comment_id),
            "open_key": key,
            "creator_id": item.creator.id,
            "author_id": item.author_id,
            "comment_id": item.comment_id,
            "source": "automated",
            "category": reason.category.value,
            "reason": reason.code,
            "severity": reason.severity,
            "lane": lane,
            "status": "open",
            "language": item.language,
            "region": item.region,
            "reach": 0,
            "risk": risk,
            "rank": rank_key(base_priority(reason.severity, 0, risk), now),
            "report_count": 0,
            "trusted_flagger": False,
            "automated_decision_id": item.decision_id,
            "excerpt": item.text[:500],
            "opened_at": now,
            "due_at": sla_due(reason.lane.value, now, sla),
            "partner_consent": False,
            "updated_at": now,
        }
        rows.append(row)
        entries.append((item, row))
    if rows:
        table: Table = Case.__table__  # type: ignore[assignment]
        ids = insert_rows(s, table, rows, returning_ids=True)
        for row, case_id in zip(rows, ids, strict=True):
            row["id"] = case_id
    out: list[audit.Entry] = []
    for item, case in entries:
        case_id, lane = (
            (case["id"], case["lane"]) if isinstance(case, dict) else (case.id, case.lane)
        )
        out.append(
            audit.Entry(
                actor="hifazat:auto",
                action="case.opened",
                subject_type="case",
                subject_id=case_id,
                data={
                    "source": "automated",
                    "decision": item.decision_id,
                    "action": item.action,
                    "lane": lane,
                    "subject": f"comment:{item.comment_id}",
                },
            )
        )
    return out


def open_for_automated_decision(
    s: Session,
    comment: Comment,
    decision: Decision,
    now: datetime,
    sla_hours: dict[str, int] | None = None,
) -> None:
    """Inside the comment's transaction: a held/escalated or top-priority comment gets a case."""
    item = Automated(
        comment.id,
        s.get_one(Creator, comment.creator_id),
        comment.author_id,
        comment.language,
        comment.region,
        comment.text,
        decision.id,
        decision.action,
        decision.category,
        decision.reasons if isinstance(decision.reasons, dict) else {},
    )
    audit.append_many(s, now, open_for_automated_decisions(s, [item], now, sla_hours))


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
