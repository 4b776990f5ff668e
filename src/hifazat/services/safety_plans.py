"""Personal safety plans: a risk profile from the creator's data and own answers, ranked
recommendations with reasons, one-click apply for the controls Hifazat has, adoption tracked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.cases_tables import Case, Report
from hifazat.db.support_tables import SafetyPlan, SafetyRecommendation
from hifazat.db.tables import Creator, CreatorControls
from hifazat.domain.access import Principal, Role
from hifazat.domain.policy.categories import ABUSIVE_CATEGORIES
from hifazat.domain.support.packs import KEYWORD_PACKS
from hifazat.domain.support.plan import (
    CONCERNS,
    RiskProfile,
    checkup_days,
    recommend,
    risk_level,
    risk_score,
)
from hifazat.errors import InvalidInput, NotFound
from hifazat.services import audit, creators
from hifazat.services import controls as control_service
from hifazat.services.authz import require, require_creator_access
from hifazat.services.creators import creator_by_handle
from hifazat.services.digest import flagged_comments, pileons_of
from hifazat.services.runtime import Runtime

ADOPTION = ("pending", "applied", "done", "dismissed")


@dataclass(frozen=True)
class Declared:
    """What the creator tells us about themselves (everything optional)."""

    niche: str | None = None
    audience_size: int | None = None
    languages: tuple[str, ...] = ()
    reports_made: int = 0
    reports_actioned: int = 0
    concerns: frozenset[str] = frozenset()
    has_2fa: bool = False


@dataclass(frozen=True)
class PlanView:
    id: int
    creator: str
    risk_level: str
    risk_score: int
    profile: dict[str, Any]
    created_at: datetime
    checkup_at: datetime
    checkup_due: bool
    recommendations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def adoption(self) -> dict[str, int]:
        return dict(Counter(r["status"] for r in self.recommendations))


def _controls_state(session: Session, creator: Creator) -> dict[str, Any]:
    controls = session.get(CreatorControls, creator.id)
    stored: Mapping[str, Any] = controls.settings if controls else {}
    levels = dict(stored.get("filter_levels") or {})
    applied = session.scalars(
        select(SafetyRecommendation.rec_id)
        .join(SafetyPlan, SafetyPlan.id == SafetyRecommendation.plan_id)
        .where(SafetyPlan.creator_id == creator.id, SafetyRecommendation.status == "applied")
    ).all()
    return {
        "filter_level": levels.get("harassment", "standard"),
        "safety_mode": bool(stored.get("safety_mode_auto", False)),
        "who_may_comment": stored.get("who_may_comment", "everyone"),
        "keyword_packs": sorted({r[5:] for r in applied if r.startswith("pack_")}),
        "keywords": len(controls.keywords) if controls else 0,
    }


def _validate(declared: Declared) -> None:
    unknown = sorted(set(declared.concerns) - set(CONCERNS))
    if unknown:
        raise InvalidInput(
            f"unknown concern(s): {', '.join(unknown)}; one of {', '.join(CONCERNS)}",
            concerns=list(CONCERNS),
        )
    if declared.reports_made < 0 or declared.reports_actioned < 0:
        raise InvalidInput("report counts cannot be negative")
    if declared.reports_actioned > declared.reports_made:
        raise InvalidInput("more reports actioned than made")


def _report_outcomes(session: Session, creator: Creator, since: datetime) -> tuple[int, int]:
    """Reports in the period about comments aimed at the creator, and how many were decided."""
    rows = session.execute(
        select(Case.status)
        .join(Report, Report.case_id == Case.id)
        .where(Case.creator_id == creator.id, Report.created_at >= since)
    ).all()
    return len(rows), sum(1 for (status,) in rows if status in {"decided", "closed"})


def _profile(rt: Runtime, session: Session, creator: Creator, declared: Declared) -> RiskProfile:
    since = rt.now() - timedelta(days=30)
    flagged = flagged_comments(session, creator, since)
    made, actioned = declared.reports_made, declared.reports_actioned
    if not made:  # nothing declared: what the platform knows
        made, actioned = _report_outcomes(session, creator, since)
    abuse = Counter(
        f.decision.category or "keyword"
        for f in flagged
        if f.decision.category is None or f.decision.category in ABUSIVE_CATEGORIES
    )
    return RiskProfile(
        niche=declared.niche or creator.niche,
        audience_size=declared.audience_size
        if declared.audience_size is not None
        else creator.audience_size,
        languages=declared.languages or tuple(creator.languages),
        abuse_30d=dict(abuse),
        pileons_30d=len(pileons_of(rt, flagged)),
        reports_made=made,
        reports_actioned=actioned,
        concerns=frozenset(declared.concerns),
        has_2fa=declared.has_2fa,
        controls=_controls_state(session, creator),
    )


def _view(rt: Runtime, handle: str, plan: SafetyPlan, recs: list[SafetyRecommendation]) -> PlanView:
    return PlanView(
        id=plan.id,
        creator=handle,
        risk_level=plan.risk_level,
        risk_score=plan.risk_score,
        profile=plan.profile,
        created_at=plan.created_at,
        checkup_at=plan.checkup_at,
        checkup_due=rt.now() >= plan.checkup_at,
        recommendations=[
            {
                "id": r.rec_id,
                "rank": r.rank,
                "priority": r.priority,
                "kind": r.kind,
                "title": r.title,
                "reason": r.reason,
                "params": r.params,
                "action": r.action,
                "guide": r.guide,
                "helpline_issue": r.helpline_issue,
                "status": r.status,
                "updated_at": r.updated_at,
            }
            for r in sorted(recs, key=lambda r: r.rank)
        ],
    )


def create_plan(rt: Runtime, principal: Principal, handle: str, declared: Declared) -> PlanView:
    """Build the risk profile and a new ranked plan (earlier plans stay as history)."""
    require(principal, Role.CREATOR, Role.ADMIN)
    require_creator_access(principal, handle)
    _validate(declared)
    now = rt.now()
    with rt.transaction() as s:
        creator = creator_by_handle(s, handle)
        profile = _profile(rt, s, creator, declared)
        level = risk_level(profile)
        plan = SafetyPlan(
            creator_id=creator.id,
            profile=profile.as_dict(),
            risk_level=level,
            risk_score=risk_score(profile),
            created_by=principal.actor,
            created_at=now,
            checkup_at=now + timedelta(days=checkup_days(level)),
        )
        s.add(plan)
        s.flush()
        recs = [
            SafetyRecommendation(
                plan_id=plan.id,
                rec_id=r.id,
                rank=rank,
                priority=r.priority,
                kind=r.kind,
                title=r.title,
                reason=r.reason,
                params=dict(r.params),
                action=dict(r.action) if r.action else None,
                guide=r.guide,
                helpline_issue=r.helpline_issue,
                status="pending",
                updated_at=now,
            )
            for rank, r in enumerate(recommend(profile), start=1)
        ]
        s.add_all(recs)
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="safety_plan.created",
            subject_type="creator",
            subject_id=creator.id,
            data={
                "plan": plan.id,
                "risk_level": level,
                "recommendations": [r.rec_id for r in recs],
            },
        )
        return _view(rt, handle, plan, recs)


def latest_plan(rt: Runtime, principal: Principal, handle: str) -> PlanView | None:
    require_creator_access(principal, handle)
    with rt.read() as s:
        creator = creator_by_handle(s, handle)
        plan = s.scalar(
            select(SafetyPlan)
            .where(SafetyPlan.creator_id == creator.id)
            .order_by(SafetyPlan.id.desc())
            .limit(1)
        )
        if plan is None:
            return None
        recs = list(
            s.scalars(select(SafetyRecommendation).where(SafetyRecommendation.plan_id == plan.id))
        )
        return _view(rt, handle, plan, recs)


def _recommendation(
    session: Session, creator: Creator, plan_id: int, rec_id: str
) -> tuple[SafetyPlan, SafetyRecommendation]:
    plan = session.get(SafetyPlan, plan_id)
    if plan is None or plan.creator_id != creator.id:
        raise NotFound(f"no safety plan {plan_id} for this creator")
    rec = session.scalar(
        select(SafetyRecommendation).where(
            SafetyRecommendation.plan_id == plan.id, SafetyRecommendation.rec_id == rec_id
        )
    )
    if rec is None:
        raise NotFound(f"plan {plan_id} has no recommendation {rec_id!r}")
    return plan, rec


def apply_control(rt: Runtime, principal: Principal, handle: str, action: Mapping[str, Any]) -> str:
    """Apply one control action for the creator; returns what was done.

    The single place a plan touches controls: keyword packs go through
    ``creators.set_keywords``; filter level, safety-mode opt-in and who may comment through
    ``controls.set_controls`` (validated and audited there)."""
    kind, value = action.get("type"), action.get("value")
    if kind == "keyword_pack":
        pack = KEYWORD_PACKS.get(str(value))
        if pack is None:
            raise InvalidInput(f"unknown keyword pack {value!r}")
        current = creators.get_keywords(rt, principal, handle)
        creators.set_keywords(rt, principal, handle, [*current, *pack])
        return f"added the {value} keyword pack ({len(pack)} phrases)"
    if kind not in {"filter_level", "safety_mode", "who_may_comment"}:
        raise InvalidInput(f"unknown control action {kind!r}")
    data = control_service.as_dict(control_service.get_controls(rt, principal, handle))
    if kind == "filter_level":
        levels = dict(data.get("filter_levels") or {})
        levels.update({c.value: str(value) for c in sorted(ABUSIVE_CATEGORIES)})
        data["filter_levels"] = levels
    elif kind == "safety_mode":
        data["safety_mode_auto"] = bool(value)
    else:
        data["who_may_comment"] = str(value)
    control_service.set_controls(rt, principal, handle, data)
    return f"{kind} set to {value}"


def apply_recommendation(
    rt: Runtime, principal: Principal, handle: str, plan_id: int, rec_id: str
) -> PlanView:
    """One click: apply a control recommendation, then record it as adopted."""
    require(principal, Role.CREATOR, Role.ADMIN)
    require_creator_access(principal, handle)
    with rt.read() as s:
        creator = creator_by_handle(s, handle)
        _, rec = _recommendation(s, creator, plan_id, rec_id)
        action = dict(rec.action) if rec.action else None
    if action is None:
        raise InvalidInput(
            f"{rec_id!r} is a step you take outside Hifazat; mark it done when you have"
        )
    done = apply_control(rt, principal, handle, action)
    return set_status(rt, principal, handle, plan_id, rec_id, "applied", done)


def set_status(
    rt: Runtime,
    principal: Principal,
    handle: str,
    plan_id: int,
    rec_id: str,
    status: str,
    note: str = "",
) -> PlanView:
    """Track adoption: pending, applied (Hifazat did it), done (the creator did it), dismissed."""
    require(principal, Role.CREATOR, Role.ADMIN)
    require_creator_access(principal, handle)
    if status not in ADOPTION:
        raise InvalidInput(f"status must be one of {', '.join(ADOPTION)}")
    now = rt.now()
    with rt.transaction() as s:
        creator = creator_by_handle(s, handle)
        plan, rec = _recommendation(s, creator, plan_id, rec_id)
        if status == "applied" and rec.action is None:
            raise InvalidInput("only a control recommendation can be applied; mark it done")
        before = rec.status
        rec.status, rec.updated_at = status, now
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="safety_plan.adoption",
            subject_type="safety_plan",
            subject_id=plan.id,
            data={"recommendation": rec_id, "from": before, "to": status, "note": note},
        )
        recs = list(
            s.scalars(select(SafetyRecommendation).where(SafetyRecommendation.plan_id == plan.id))
        )
        return _view(rt, handle, plan, recs)
