"""Appeals: filed within the window, reviewed by someone other than the original decider."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.cases_tables import Appeal, Case, CaseNote
from hifazat.db.tables import Account
from hifazat.domain.access import Principal, Role
from hifazat.domain.cases import (
    CaseEvent,
    CaseStatus,
    appeal_deadline,
    may_appeal,
    sla_due,
    transition,
)
from hifazat.errors import (
    AppealWindowClosed,
    Forbidden,
    InvalidInput,
    InvalidTransition,
    NotFound,
    ReviewerConflict,
)
from hifazat.services import audit
from hifazat.services.authz import require
from hifazat.services.case_decisions import latest_decision, undo_effects
from hifazat.services.case_views import (
    APPEAL_REVIEWERS,
    DECIDERS,
    authorise_read,
    case_or_404,
    creator_handle,
)
from hifazat.services.notices import notify
from hifazat.services.runtime import Runtime
from hifazat.settings import Settings

APPELLANTS = (Role.INTEGRATOR, Role.CREATOR, Role.ADMIN)


@dataclass(frozen=True)
class FiledAppeal:
    id: int
    case_id: int
    status: str
    due_at: datetime


def file_appeal(
    rt: Runtime, principal: Principal, case_id: int, text: str, appellant: str | None = None
) -> FiledAppeal:
    """Appeal the decision on a case. Integrators appeal for the affected account
    (``appellant`` is its id); a creator appeals decisions about their own content."""
    with rt.transaction() as s:
        return file_appeal_in(s, rt.settings, principal, case_id, text, appellant, rt.now())


def file_appeal_in(
    s: Session,
    settings: Settings,
    principal: Principal,
    case_id: int,
    text: str,
    appellant: str | None,
    now: datetime,
) -> FiledAppeal:
    """:func:`file_appeal` inside the caller's transaction (the event batches use it)."""
    require(principal, *APPELLANTS)
    if not text.strip():
        raise InvalidInput("an appeal needs a text saying why")
    case = case_or_404(s, case_id, lock=True)
    if principal.role is Role.INTEGRATOR:
        if not appellant:
            raise InvalidInput("say which account appeals (appellant)")
        who = f"account:{appellant}"
    elif principal.role is Role.CREATOR:
        handle = creator_handle(s, case)
        if handle is None or handle not in principal.subjects:
            raise Forbidden(f"case {case_id} is not about your content")
        who = f"creator:{handle}"
    else:
        who = f"account:{appellant}" if appellant else principal.actor
    decision = latest_decision(s, case.id)
    if decision is None or decision.reversed_at is not None:
        raise InvalidTransition(f"case {case_id} has no decision to appeal")
    nxt = transition(CaseStatus(case.status), CaseEvent.APPEAL)
    window = settings.appeal_window_days
    if not may_appeal(decision.created_at, now, window):
        raise AppealWindowClosed(
            f"the {window}-day window to appeal closed on "
            f"{appeal_deadline(decision.created_at, window).date().isoformat()}",
            closed_at=appeal_deadline(decision.created_at, window).isoformat(),
        )
    appeal = Appeal(
        case_id=case.id,
        decision_id=decision.id,
        appellant=who,
        filed_by=principal.actor,
        text=text.strip(),
        status="open",
        filed_at=now,
        due_at=sla_due("appeal", now, settings.sla_hours),
    )
    s.add(appeal)
    s.flush()
    case.status, case.updated_at = nxt.value, now
    case.claimed_by, case.claimed_at = None, None
    audit.append(
        s,
        at=now,
        actor=principal.actor,
        action="appeal.filed",
        subject_type="case",
        subject_id=case.id,
        data={"appeal": appeal.id, "decision": decision.id},
    )
    return FiledAppeal(appeal.id, case.id, appeal.status, appeal.due_at)


@dataclass(frozen=True)
class AppealDecided:
    id: int
    case_id: int
    status: str


def decide_appeal(
    rt: Runtime, principal: Principal, appeal_id: int, overturn: bool, explanation: str
) -> AppealDecided:
    """Uphold or overturn. An overturn reverses the decision's actions and strikes."""
    require(principal, *APPEAL_REVIEWERS)
    if not explanation.strip():
        raise InvalidInput("say why the appeal is upheld or overturned")
    now = rt.now()
    with rt.transaction() as s:
        appeal = s.scalar(select(Appeal).where(Appeal.id == appeal_id).with_for_update())
        if appeal is None:
            raise NotFound(f"no appeal {appeal_id}")
        case = case_or_404(s, appeal.case_id, lock=True)
        if appeal.status != "open":
            raise InvalidTransition(f"appeal {appeal_id} is already {appeal.status}")
        event = CaseEvent.OVERTURN if overturn else CaseEvent.UPHOLD
        nxt = transition(CaseStatus(case.status), event)
        decision = latest_decision(s, case.id)
        assert decision is not None
        if decision.decided_by.split(":", 1)[-1] == principal.name:
            raise ReviewerConflict(
                f"{principal.actor} made the decision under appeal; another reviewer must decide"
            )
        if overturn:
            undo_effects(s, case, decision, principal.actor, now)
        appeal.status = "overturned" if overturn else "upheld"
        appeal.decided_by, appeal.decided_at = principal.actor, now
        appeal.explanation = explanation.strip()
        case.status, case.updated_at = nxt.value, now
        notify(
            s,
            case.id,
            appeal.appellant,
            "appeal_outcome",
            {"appeal": appeal.id, "outcome": appeal.status, "explanation": appeal.explanation},
            now,
        )
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action=f"appeal.{appeal.status}",
            subject_type="case",
            subject_id=case.id,
            data={"appeal": appeal.id, "decision": decision.id},
        )
        return AppealDecided(appeal.id, case.id, appeal.status)


def add_note(
    rt: Runtime,
    principal: Principal,
    case_id: int,
    text: str,
    *,
    internal: bool = True,
    appeal_id: int | None = None,
) -> int:
    """A note in a case or appeal thread. Partners add (non-internal) notes to their cases."""
    require(principal, *DECIDERS, Role.POLICY_MANAGER, Role.PARTNER)
    if not text.strip():
        raise InvalidInput("a note needs text")
    now = rt.now()
    with rt.transaction() as s:
        case = case_or_404(s, case_id)
        authorise_read(s, principal, case)
        if principal.role is Role.PARTNER:
            internal = False
        if appeal_id is not None:
            found = s.get(Appeal, appeal_id)
            if found is None or found.case_id != case.id:
                raise NotFound(f"no appeal {appeal_id} on case {case_id}")
        note = CaseNote(
            case_id=case.id,
            appeal_id=appeal_id,
            author=principal.actor,
            text=text.strip(),
            internal=internal,
            created_at=now,
        )
        s.add(note)
        s.flush()
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="case.noted",
            subject_type="case",
            subject_id=case.id,
            data={"note": note.id, "appeal": appeal_id, "internal": internal},
        )
        return note.id


@dataclass(frozen=True)
class InboxItem:
    kind: str  # appeal | case
    id: int
    case_id: int
    lane: str
    category: str
    due_at: datetime
    summary: str


def inbox(rt: Runtime, principal: Principal, limit: int = 100) -> list[InboxItem]:
    """Open appeals and open report cases in one list, soonest due first."""
    require(principal, *DECIDERS)
    with rt.read() as s:
        appeals = s.execute(
            select(Appeal, Case)
            .join(Case, Case.id == Appeal.case_id)
            .where(Appeal.status == "open")
            .order_by(Appeal.due_at)
            .limit(limit)
        ).all()
        cases = s.scalars(
            select(Case)
            .where(Case.status == "open", Case.source == "report")
            .order_by(Case.due_at)
            .limit(limit)
        ).all()
        items = [
            InboxItem("appeal", a.id, c.id, "appeal", c.category, a.due_at, a.text[:200])
            for a, c in appeals
        ] + [
            InboxItem(
                "case", c.id, c.id, c.lane, c.category, c.due_at, f"{c.report_count} report(s)"
            )
            for c in cases
        ]
        return sorted(items, key=lambda i: i.due_at)[:limit]


def appellant_account(rt: Runtime, case_id: int) -> str | None:
    """The affected account's id (for forms that appeal on its behalf)."""
    with rt.read() as s:
        case = s.get(Case, case_id)
        if case is None or case.author_id is None:
            return None
        account = s.get(Account, case.author_id)
        return account.external_id if account else None
