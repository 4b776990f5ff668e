"""POST /v1/nudge: ask before publishing whether to show "reconsider?"; record what followed."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.api.schemas import ExternalId, Handle, SafeText
from hifazat.domain.access import Principal, Role
from hifazat.services import nudges
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1/nudge", tags=["nudge"])
CALLERS = (Role.INTEGRATOR, Role.ADMIN)


class NudgeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: SafeText
    creator: Handle | None = None
    author_id: ExternalId | None = None


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal["edited", "posted", "abandoned"]
    edited_text: SafeText | None = Field(default=None, description="the text after editing")


@router.post("")
def ask(
    body: NudgeIn,
    principal: Principal = Depends(Allow(*CALLERS)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """``show``: whether to ask the commenter to reconsider, citing ``title``/``guideline`` and
    a ready ``message`` in English and Urdu. Keep ``token`` to report the outcome."""
    req = nudges.NudgeRequest(body.text, body.creator, body.author_id)
    return nudges.nudge(rt, principal, req)


@router.post("/{token}/outcome")
def outcome(
    token: str,
    body: OutcomeIn,
    principal: Principal = Depends(Allow(*CALLERS)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """What the commenter did: ``edited``, ``posted`` (anyway) or ``abandoned``."""
    return nudges.record_outcome(rt, principal, token, body.outcome, body.edited_text)


@router.get("/stats")
def stats(
    days: float = 30,
    principal: Principal = Depends(Allow(Role.ADMIN, Role.POLICY_MANAGER, Role.ANALYST)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """How often the nudge was shown and what commenters did next."""
    return nudges.stats(rt, principal, max(0.01, min(days, 366)))
