"""A creator's controls and safety mode."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.api.schemas import SafeText
from hifazat.domain.access import Principal, Role
from hifazat.services import controls, safety_mode
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1/creators/{handle}", tags=["controls"])
READERS = (Role.CREATOR, Role.ADMIN, Role.MODERATOR, Role.SENIOR_MODERATOR)
WRITERS = (Role.CREATOR, Role.ADMIN)
Level = Literal["off", "low", "standard", "high", "strict"]
Term = SafeText


class ControlsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    filter_levels: dict[str, Level] = Field(
        default_factory=dict, description="per category: off, low, standard, high, strict"
    )
    keywords: list[Term] = Field(default_factory=list, max_length=1000)
    allow_list: list[Term] = Field(default_factory=list, max_length=1000)
    block_list: list[Term] = Field(default_factory=list, max_length=1000)
    who_may_comment: Literal["everyone", "followers", "nobody"] = "everyone"
    hold_links: bool = False
    hold_new_accounts_days: int = Field(default=0, ge=0, le=3650)
    safety_mode_auto: bool = Field(
        default=False, description="switch safety mode on by itself when a pile-on is detected"
    )


class ControlsOut(ControlsIn):
    model_config = ConfigDict(extra="ignore")


class PreviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    keywords: list[Term] = Field(min_length=1, max_length=1000)
    days: float = Field(default=30, gt=0, le=366)


class SafetyModeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    on: bool
    hours: float | None = Field(default=None, gt=0, le=168)
    muted_phrases: list[Term] | None = Field(default=None, max_length=100)


class ShieldOut(BaseModel):
    id: int
    status: str
    automatic: bool
    trigger: dict[str, Any]
    muted_phrases: list[str]
    offered_at: datetime | None
    started_at: datetime | None
    ends_at: datetime | None
    ended_at: datetime | None
    held: int


@router.get("/controls", response_model=ControlsOut)
def read(
    handle: str,
    principal: Principal = Depends(Allow(*READERS)),
    rt: Runtime = Depends(runtime),
) -> ControlsOut:
    return ControlsOut(**controls.as_dict(controls.get_controls(rt, principal, handle)))


@router.put("/controls", response_model=ControlsOut)
def write(
    handle: str,
    body: ControlsIn,
    principal: Principal = Depends(Allow(*WRITERS)),
    rt: Runtime = Depends(runtime),
) -> ControlsOut:
    """Replace every control. Controls only tighten what the platform decides."""
    saved = controls.set_controls(rt, principal, handle, body.model_dump())
    return ControlsOut(**controls.as_dict(saved))


@router.post("/controls/preview")
def preview(
    handle: str,
    body: PreviewIn,
    principal: Principal = Depends(Allow(*READERS)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """What these keywords (in any spelling) would have caught among recent comments."""
    return controls.preview_keywords(rt, principal, handle, list(body.keywords), body.days)


@router.get("/safety-mode", response_model=list[ShieldOut])
def shields(
    handle: str,
    principal: Principal = Depends(Allow(*READERS)),
    rt: Runtime = Depends(runtime),
) -> list[ShieldOut]:
    """Safety-mode periods, newest first: offered, active, ended (by itself or by hand)."""
    return [ShieldOut(**st.__dict__) for st in safety_mode.status(rt, principal, handle)]


@router.put("/safety-mode", response_model=ShieldOut)
def switch(
    handle: str,
    body: SafetyModeIn,
    principal: Principal = Depends(Allow(*WRITERS)),
    rt: Runtime = Depends(runtime),
) -> ShieldOut:
    """Switch safety mode on (accepting an offer, or by hand) or off."""
    st = safety_mode.switch(
        rt,
        principal,
        handle,
        body.on,
        body.hours,
        list(body.muted_phrases) if body.muted_phrases is not None else None,
    )
    assert st is not None
    return ShieldOut(**st.__dict__)


@router.get("/safety-mode/{shield_id}/held", response_model=list[int])
def shield_holds(
    handle: str,
    shield_id: int,
    principal: Principal = Depends(Allow(*READERS)),
    rt: Runtime = Depends(runtime),
) -> list[int]:
    """Ids of the comments a safety-mode period held."""
    return safety_mode.held_by(rt, principal, handle, shield_id)
