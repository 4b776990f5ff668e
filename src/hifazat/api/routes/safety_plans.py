"""Safety plans: create from the creator's data and answers, read, apply, track adoption."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.domain.access import Principal, Role
from hifazat.domain.support.plan import CONCERNS
from hifazat.errors import NotFound
from hifazat.services import safety_plans
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1/creators", tags=["support"])
OWNER = (Role.CREATOR, Role.ADMIN)


class PlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    niche: str | None = Field(default=None, max_length=32)
    audience_size: int | None = Field(default=None, ge=0)
    languages: list[str] = Field(default_factory=list, max_length=5)
    reports_made: int = Field(default=0, ge=0)
    reports_actioned: int = Field(default=0, ge=0)
    concerns: list[str] = Field(
        default_factory=list, max_length=len(CONCERNS), description=f"any of {', '.join(CONCERNS)}"
    )
    has_2fa: bool = False


class RecommendationOut(BaseModel):
    id: str
    rank: int
    priority: int
    kind: str
    title: str
    reason: str
    text: str
    params: dict[str, Any]
    action: dict[str, Any] | None
    guide: str | None
    helpline_issue: str | None
    status: str
    updated_at: datetime


class PlanOut(BaseModel):
    id: int
    creator: str
    risk_level: str
    risk_score: int
    profile: dict[str, Any]
    created_at: datetime
    checkup_at: datetime
    checkup_due: bool
    adoption: dict[str, int]
    recommendations: list[RecommendationOut]


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["pending", "done", "dismissed"]
    note: str = Field(default="", max_length=500)


def plan_out(p: safety_plans.PlanView) -> PlanOut:
    return PlanOut(
        id=p.id,
        creator=p.creator,
        risk_level=p.risk_level,
        risk_score=p.risk_score,
        profile=p.profile,
        created_at=p.created_at,
        checkup_at=p.checkup_at,
        checkup_due=p.checkup_due,
        adoption=p.adoption,
        recommendations=[
            RecommendationOut(**r, text=r["reason"].format(**r["params"]))
            for r in p.recommendations
        ],
    )


@router.post("/{handle}/safety-plans", response_model=PlanOut, status_code=201)
def create(
    handle: str,
    body: PlanIn,
    principal: Principal = Depends(Allow(*OWNER)),
    rt: Runtime = Depends(runtime),
) -> PlanOut:
    """A new plan: risk profile from the last 30 days and the answers, ranked recommendations."""
    declared = safety_plans.Declared(
        niche=body.niche,
        audience_size=body.audience_size,
        languages=tuple(body.languages),
        reports_made=body.reports_made,
        reports_actioned=body.reports_actioned,
        concerns=frozenset(body.concerns),
        has_2fa=body.has_2fa,
    )
    return plan_out(safety_plans.create_plan(rt, principal, handle, declared))


@router.get("/{handle}/safety-plans/latest", response_model=PlanOut)
def latest(
    handle: str,
    principal: Principal = Depends(Allow(*OWNER)),
    rt: Runtime = Depends(runtime),
) -> PlanOut:
    plan = safety_plans.latest_plan(rt, principal, handle)
    if plan is None:
        raise NotFound(f"@{handle} has no safety plan yet")
    return plan_out(plan)


@router.post(
    "/{handle}/safety-plans/{plan_id}/recommendations/{rec_id}/apply", response_model=PlanOut
)
def apply(
    handle: str,
    plan_id: int,
    rec_id: str,
    principal: Principal = Depends(Allow(*OWNER)),
    rt: Runtime = Depends(runtime),
) -> PlanOut:
    """One click: apply a control recommendation (filter, keyword pack, safety mode, who may
    comment) and record it as adopted."""
    return plan_out(safety_plans.apply_recommendation(rt, principal, handle, plan_id, rec_id))


@router.put(
    "/{handle}/safety-plans/{plan_id}/recommendations/{rec_id}/status", response_model=PlanOut
)
def set_status(
    handle: str,
    plan_id: int,
    rec_id: str,
    body: StatusIn,
    principal: Principal = Depends(Allow(*OWNER)),
    rt: Runtime = Depends(runtime),
) -> PlanOut:
    """Track adoption of a step taken outside Hifazat (done) or one the creator declines."""
    return plan_out(
        safety_plans.set_status(rt, principal, handle, plan_id, rec_id, body.status, body.note)
    )
