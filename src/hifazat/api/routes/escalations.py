"""Escalations to partner organisations, with consent; partners and their status updates."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.api.schemas import SafeText
from hifazat.domain.access import Principal, Role
from hifazat.services import escalations
from hifazat.services.runtime import Runtime

router = APIRouter(tags=["support"])


class ShareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    partner: str = Field(max_length=64)
    evidence_pack: int
    consent: bool = Field(description="must be true: the creator's explicit consent")
    summary: SafeText = Field(default="", max_length=4000)
    case_id: int | None = None


class WithdrawIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: SafeText = Field(default="", max_length=2000)


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["received", "in_progress", "referred_to_law_enforcement", "resolved"]
    note: SafeText = Field(default="", max_length=2000)


class EscalationOut(BaseModel):
    id: int
    creator: str
    partner: str
    partner_name: str
    evidence_pack: int
    case_id: int | None
    summary: str
    status: str
    consent_text: str
    consent_at: datetime
    withdrawn_at: datetime | None
    first_response_due: datetime
    first_response_at: datetime | None
    sla: str
    created_at: datetime
    updated_at: datetime
    updates: list[dict[str, Any]]


class PartnerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1, max_length=64)
    name: SafeText = Field(min_length=1, max_length=200)
    country: str = Field(min_length=2, max_length=3)
    helpline_id: str | None = Field(default=None, max_length=64)
    sla_hours: int | None = Field(default=None, ge=1, le=720)


class PartnerOut(BaseModel):
    id: str
    name: str
    country: str
    helpline_id: str | None
    sla_hours: int


def _out(e: escalations.EscalationView) -> EscalationOut:
    data = dict(e.__dict__)
    data["evidence_pack"] = data.pop("pack_id")
    return EscalationOut(**data)


@router.post("/v1/creators/{handle}/escalations", response_model=EscalationOut, status_code=201)
def share(
    handle: str,
    body: ShareIn,
    principal: Principal = Depends(Allow(Role.CREATOR)),
    rt: Runtime = Depends(runtime),
) -> EscalationOut:
    """Share an evidence pack (and case) with a partner. Refused without ``consent: true``."""
    return _out(
        escalations.share(
            rt,
            principal,
            handle,
            body.partner,
            body.evidence_pack,
            body.consent,
            body.summary,
            body.case_id,
        )
    )


@router.get("/v1/creators/{handle}/escalations", response_model=list[EscalationOut])
def for_creator(
    handle: str,
    principal: Principal = Depends(Allow(Role.CREATOR, Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> list[EscalationOut]:
    return [_out(e) for e in escalations.list_escalations(rt, principal, handle)]


@router.get("/v1/escalations", response_model=list[EscalationOut])
def for_partner(
    principal: Principal = Depends(Allow(Role.PARTNER, Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> list[EscalationOut]:
    """A partner's shared cases (never withdrawn ones); every escalation for admins."""
    return [_out(e) for e in escalations.list_escalations(rt, principal)]


@router.get("/v1/escalations/{esc_id}", response_model=EscalationOut)
def read(
    esc_id: int,
    principal: Principal = Depends(Allow(Role.CREATOR, Role.PARTNER, Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> EscalationOut:
    return _out(escalations.get_escalation(rt, principal, esc_id))


@router.post("/v1/escalations/{esc_id}/withdraw", response_model=EscalationOut)
def withdraw(
    esc_id: int,
    body: WithdrawIn | None = None,
    principal: Principal = Depends(Allow(Role.CREATOR)),
    rt: Runtime = Depends(runtime),
) -> EscalationOut:
    """Withdraw consent: the partner loses access to the case and its evidence pack."""
    reason = body.reason if body else ""
    return _out(escalations.withdraw_consent(rt, principal, esc_id, reason))


@router.post("/v1/escalations/{esc_id}/status", response_model=EscalationOut)
def status(
    esc_id: int,
    body: StatusIn,
    principal: Principal = Depends(Allow(Role.PARTNER)),
    rt: Runtime = Depends(runtime),
) -> EscalationOut:
    """The partner's update (received, in progress, referred to law enforcement, resolved);
    the creator sees it on their escalation."""
    return _out(escalations.update_status(rt, principal, esc_id, body.status, body.note))


def _partner(p: Any) -> PartnerOut:
    return PartnerOut(
        id=p.id, name=p.name, country=p.country, helpline_id=p.helpline_id, sla_hours=p.sla_hours
    )


@router.get("/v1/partners", response_model=list[PartnerOut])
def partners(
    principal: Principal = Depends(Allow(Role.CREATOR, Role.PARTNER, Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> list[PartnerOut]:
    """Partner organisations a creator can share a case with."""
    return [_partner(p) for p in escalations.list_partners(rt)]


@router.post("/v1/partners", response_model=PartnerOut, status_code=201)
def add_partner(
    body: PartnerIn,
    principal: Principal = Depends(Allow(Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> PartnerOut:
    return _partner(
        escalations.add_partner(
            rt, principal, body.id, body.name, body.country, body.helpline_id, body.sla_hours
        )
    )
