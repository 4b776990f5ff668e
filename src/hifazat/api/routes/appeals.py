"""Appeals and the moderators' inbox (appeals and reports in one list)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.api.schemas import ExternalId, SafeText
from hifazat.domain.access import Principal
from hifazat.services import appeals
from hifazat.services.case_views import APPEAL_REVIEWERS, DECIDERS
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1", tags=["appeals"])


class AppealIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: SafeText = Field(min_length=1, max_length=5000)
    appellant: ExternalId | None = Field(
        default=None, description="integrators: the affected account's id"
    )


class AppealOut(BaseModel):
    id: int
    case_id: int
    status: str
    due_at: datetime


class AppealDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    overturn: bool
    explanation: SafeText = Field(min_length=1, max_length=5000)


class AppealDecidedOut(BaseModel):
    id: int
    case_id: int
    status: str


class InboxItemOut(BaseModel):
    kind: str
    id: int
    case_id: int
    lane: str
    category: str
    due_at: datetime
    summary: str


@router.post("/cases/{case_id}/appeals", response_model=AppealOut, status_code=201)
def file_appeal(
    case_id: int,
    body: AppealIn,
    principal: Principal = Depends(Allow(*appeals.APPELLANTS)),
    rt: Runtime = Depends(runtime),
) -> AppealOut:
    """Appeal a decision within the window (default 20 days)."""
    filed = appeals.file_appeal(rt, principal, case_id, body.text, body.appellant)
    return AppealOut(**asdict(filed))


@router.post("/appeals/{appeal_id}/decide", response_model=AppealDecidedOut)
def decide_appeal(
    appeal_id: int,
    body: AppealDecisionIn,
    principal: Principal = Depends(Allow(*APPEAL_REVIEWERS)),
    rt: Runtime = Depends(runtime),
) -> AppealDecidedOut:
    """Uphold or overturn; the original decider may not. Overturning reverses actions."""
    done = appeals.decide_appeal(rt, principal, appeal_id, body.overturn, body.explanation)
    return AppealDecidedOut(**asdict(done))


@router.get("/inbox", response_model=list[InboxItemOut])
def inbox(
    principal: Principal = Depends(Allow(*DECIDERS)),
    rt: Runtime = Depends(runtime),
) -> list[InboxItemOut]:
    return [InboxItemOut(**asdict(i)) for i in appeals.inbox(rt, principal)]
