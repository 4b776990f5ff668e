"""A moderator decides a case: statement of reasons, actions, strike, notices; and reversal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.cases_tables import (
    AccountRestriction,
    Case,
    ModeratorDecision,
    Report,
    Strike,
)
from hifazat.db.tables import Account, Comment, Decision
from hifazat.domain.access import Principal
from hifazat.domain.cases import (
    ACCOUNT_OUTCOMES,
    COMMENT_STATUS_AFTER,
    DEFAULT_POLICY_VERSION,
    VIOLATIONS,
    CaseEvent,
    CaseStatus,
    Outcome,
    appeal_deadline,
    transition,
)
from hifazat.domain.policy.categories import DSA_CATEGORY, Category
from hifazat.errors import InvalidInput, InvalidTransition
from hifazat.services import audit
from hifazat.services.authz import require
from hifazat.services.case_views import APPEAL_REVIEWERS, DECIDERS, case_or_404
from hifazat.services.cases import ensure_claimable
from hifazat.services.notices import notify
from hifazat.services.runtime import Runtime
from hifazat.services.strikes import issue_strike, restrict


@dataclass(frozen=True)
class DecisionInput:
    outcome: str
    explanation: str
    category: str | None = None  # defaults to the case's category
    days: int | None = None  # restriction/suspension length for account outcomes
    evidence: list[str] = field(default_factory=list)  # what the moderator relied on


@dataclass(frozen=True)
class Decided:
    case_id: int
    decision_id: int
    outcome: str
    statement: dict[str, Any]


def _check(cmd: DecisionInput, case: Case) -> tuple[Outcome, str]:
    try:
        outcome = Outcome(cmd.outcome)
    except ValueError:
        raise InvalidInput(
            f"outcome must be one of {', '.join(o.value for o in Outcome)}"
        ) from None
    if not cmd.explanation.strip():
        raise InvalidInput("a decision needs an explanation (its statement of reasons)")
    category = cmd.category or case.category
    if category not in {c.value for c in Category}:
        raise InvalidInput(f"unknown policy category {category!r}")
    if outcome in ACCOUNT_OUTCOMES:
        if case.author_id is None:
            raise InvalidInput(f"case {case.id} has no known author to restrict")
        if not cmd.days or not 1 <= cmd.days <= 365:
            raise InvalidInput("restricting or suspending needs days between 1 and 365")
    return outcome, category


def _decide_one(
    s: Session, rt: Runtime, principal: Principal, case: Case, cmd: DecisionInput, now: datetime
) -> Decided:
    case.status = transition(CaseStatus(case.status), CaseEvent.DECIDE).value
    ensure_claimable(case, principal, now, rt.settings.claim_minutes)
    outcome, category = _check(cmd, case)
    auto = s.get(Decision, case.automated_decision_id) if case.automated_decision_id else None
    version = auto.guideline_version if auto else DEFAULT_POLICY_VERSION
    statement: dict[str, Any] = {
        "outcome": outcome.value,
        "policy": category,
        "dsa_category": DSA_CATEGORY.get(Category(category)),
        "policy_version": version,
        "explanation": cmd.explanation.strip(),
        "automated_detection": case.source == "automated",
        "automated_decision": False,
        "decided_by_role": principal.role.value,
        "evidence": {
            "moderator": list(cmd.evidence),
            "automated_grounds": (auto.reasons.get("grounds") if auto else None) or [],
            "reports": case.report_count,
        },
        "appeal_until": appeal_deadline(now, rt.settings.appeal_window_days).isoformat(),
    }
    decision = ModeratorDecision(
        case_id=case.id,
        outcome=outcome.value,
        category=category,
        policy_version=version,
        explanation=cmd.explanation.strip(),
        automated=False,
        decided_by=principal.actor,
        statement=statement,
        effects={},
        created_at=now,
    )
    s.add(decision)
    s.flush()
    effects: dict[str, Any] = {"restrictions": [], "strikes": []}
    if case.comment_id is not None:
        comment = s.get_one(Comment, case.comment_id)
        after = COMMENT_STATUS_AFTER[outcome]
        effects["comment"] = {"id": comment.id, "before": comment.status, "after": after}
        comment.status = after or comment.status
    if outcome in ACCOUNT_OUTCOMES and case.author_id is not None:
        kind = "suspend" if outcome is Outcome.SUSPEND_AUTHOR else "restrict"
        r = restrict(s, case.author_id, kind, cmd.days or 1, "decision", decision, now)
        effects["restrictions"].append(r.id)
        statement["restriction"] = {"kind": kind, "until": r.ends_at.isoformat()}
    if outcome in VIOLATIONS and case.author_id is not None:
        strike, triggered = issue_strike(s, case, decision, now)
        effects["strikes"].append(strike.id)
        statement["strike"] = {"points": strike.points, "expires": strike.expires_at.isoformat()}
        if triggered is not None:
            effects["restrictions"].append(triggered.id)
            statement["threshold_restriction"] = {
                "kind": triggered.kind,
                "until": triggered.ends_at.isoformat(),
            }
    decision.effects = effects
    decision.statement = dict(statement)
    case.open_key = None
    case.decided_at, case.updated_at = now, now
    case.claimed_by, case.claimed_at = None, None
    _notify_decision(s, case, decision, now)
    audit.append(
        s,
        at=now,
        actor=principal.actor,
        action="case.decided",
        subject_type="case",
        subject_id=case.id,
        data={"decision": decision.id, "outcome": outcome.value, "category": category},
    )
    return Decided(case.id, decision.id, outcome.value, decision.statement)


def _notify_decision(s: Session, case: Case, decision: ModeratorDecision, now: datetime) -> None:
    if case.author_id is not None:
        account = s.get_one(Account, case.author_id)
        notify(
            s,
            case.id,
            f"account:{account.external_id}",
            "decision",
            {"statement_of_reasons": decision.statement, "subject": case.subject_type},
            now,
        )
    rows = s.execute(
        select(Report.reporter, Report.on_behalf_of).where(Report.case_id == case.id)
    ).all()
    reporters = sorted({r for row in rows for r in row if r})
    for reporter in reporters:
        notify(
            s,
            case.id,
            str(reporter),
            "report_outcome",
            {"outcome": decision.outcome, "policy": decision.category, "case": case.id},
            now,
        )


def decide_case(rt: Runtime, principal: Principal, case_id: int, cmd: DecisionInput) -> Decided:
    """Decide an open case (claimed by the caller or unclaimed)."""
    require(principal, *DECIDERS)
    now = rt.now()
    with rt.transaction() as s:
        case = case_or_404(s, case_id, lock=True)
        return _decide_one(s, rt, principal, case, cmd, now)


def bulk_decide(
    rt: Runtime, principal: Principal, case_ids: list[int], cmd: DecisionInput
) -> list[Decided]:
    """One decision on many cases (a raid): all or none; one audit event per case."""
    require(principal, *DECIDERS)
    if not case_ids or len(case_ids) > 500:
        raise InvalidInput("bulk decisions take 1 to 500 case ids")
    now = rt.now()
    with rt.transaction() as s:
        return [
            _decide_one(s, rt, principal, case_or_404(s, cid, lock=True), cmd, now)
            for cid in sorted(set(case_ids))
        ]


def latest_decision(s: Session, case_id: int) -> ModeratorDecision | None:
    return s.scalar(
        select(ModeratorDecision)
        .where(ModeratorDecision.case_id == case_id)
        .order_by(ModeratorDecision.id.desc())
        .limit(1)
    )


def undo_effects(
    s: Session, case: Case, decision: ModeratorDecision, by: str, now: datetime
) -> None:
    """Reverse what a decision did: comment visibility, restrictions, strikes."""
    effects = decision.effects or {}
    if "comment" in effects:
        comment = s.get(Comment, effects["comment"]["id"])
        if comment is not None:
            comment.status = effects["comment"]["before"]
    for rid in effects.get("restrictions", []):
        r = s.get(AccountRestriction, rid)
        if r is not None and r.lifted_at is None:
            r.lifted_at = now
    for sid in effects.get("strikes", []):
        st = s.get(Strike, sid)
        if st is not None and st.revoked_at is None:
            st.revoked_at = now
    decision.reversed_at, decision.reversed_by = now, by
    if case.author_id is not None and decision.outcome != Outcome.NO_ACTION.value:
        account = s.get_one(Account, case.author_id)
        notify(
            s,
            case.id,
            f"account:{account.external_id}",
            "decision_reversed",
            {"decision": decision.id, "subject": case.subject_type},
            now,
        )


def reverse_decision(rt: Runtime, principal: Principal, case_id: int, explanation: str) -> None:
    """A senior moderator undoes a decision; the case goes back to the queue."""
    require(principal, *APPEAL_REVIEWERS)
    if not explanation.strip():
        raise InvalidInput("say why the decision is reversed")
    now = rt.now()
    with rt.transaction() as s:
        case = case_or_404(s, case_id, lock=True)
        nxt = transition(CaseStatus(case.status), CaseEvent.REVERSE)
        decision = latest_decision(s, case.id)
        assert decision is not None
        key = f"{case.subject_type}:{case.subject_ref}"
        if s.scalar(select(Case.id).where(Case.open_key == key)) is not None:
            raise InvalidTransition(f"another open case exists for {key}; decide that one instead")
        undo_effects(s, case, decision, principal.actor, now)
        case.status, case.open_key, case.decided_at, case.updated_at = nxt.value, key, None, now
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="case.reversed",
            subject_type="case",
            subject_id=case.id,
            data={"decision": decision.id, "explanation": explanation.strip()},
        )
