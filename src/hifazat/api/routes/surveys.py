"""Survey instruments, campaigns (open or personal links), responses and per-item analysis."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.api.problems import problem
from hifazat.api.schemas import Handle, Region
from hifazat.db.feedback_tables import SurveyCampaign
from hifazat.domain import feedback_analysis as fa
from hifazat.domain.access import Principal, Role
from hifazat.errors import InvalidAnswers
from hifazat.services import surveys
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1/surveys", tags=["surveys"])
RUN = surveys.FEEDBACK_ROLES
READ = surveys.RESULT_READERS


class InstrumentOut(BaseModel):
    id: int
    key: str
    version: int
    title: dict[str, str]


class InstrumentIn(BaseModel):
    definition: dict[str, Any]


class CampaignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    instrument: str = Field(default="csm", max_length=64)
    version: int | None = None
    region: Region
    period: str = Field(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM, joins with metrics")
    mode: str = Field(default="open", pattern="^(open|personal)$")
    anonymous: bool = True
    wave: str | None = Field(default=None, pattern="^(pre|post)$")
    session_id: int | None = None


class CampaignOut(BaseModel):
    id: int
    name: str
    mode: str
    anonymous: bool
    region: str
    period: str
    wave: str | None
    closed: bool
    link: str | None


def _campaign(c: SurveyCampaign) -> CampaignOut:
    return CampaignOut(
        id=c.id,
        name=c.name,
        mode=c.mode,
        anonymous=c.anonymous,
        region=c.region,
        period=c.period,
        wave=c.wave,
        closed=c.closed,
        link=f"/s/{c.open_token}" if c.open_token else None,
    )


class InviteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    creator: Handle | None = None
    consent_to_link: bool = False
    participant_id: int | None = None
    segment: str | None = Field(default=None, max_length=32)


class InviteOut(BaseModel):
    link: str
    linked: bool


class AnswersIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: str = Field(min_length=4, max_length=64)
    answers: dict[str, Any] = Field(max_length=200)
    language: str = Field(default="en", pattern="^(en|ur)$")
    submit: bool = False
    resume: str | None = Field(default=None, max_length=64)
    respondent: str | None = Field(default=None, max_length=64)


class SavedOut(BaseModel):
    response_id: int
    resume: str
    status: str
    missing: list[str]


@router.get("/instruments", response_model=list[InstrumentOut])
def instruments(
    principal: Principal = Depends(Allow(*READ)), rt: Runtime = Depends(runtime)
) -> list[InstrumentOut]:
    return [
        InstrumentOut(id=i.id, key=i.key, version=i.version, title=i.title)
        for i in surveys.list_instruments(rt, principal)
    ]


@router.post("/instruments", response_model=InstrumentOut, status_code=201)
def install(
    body: InstrumentIn, principal: Principal = Depends(Allow(*RUN)), rt: Runtime = Depends(runtime)
) -> InstrumentOut:
    """Install an instrument version (same content again: no change; other content: 409)."""
    i = surveys.install_instrument(rt, principal, body.definition)
    return InstrumentOut(id=i.id, key=i.key, version=i.version, title=i.title)


@router.post("/campaigns", response_model=CampaignOut, status_code=201)
def create_campaign(
    body: CampaignIn, principal: Principal = Depends(Allow(*RUN)), rt: Runtime = Depends(runtime)
) -> CampaignOut:
    new = surveys.NewCampaign(
        name=body.name,
        instrument_key=body.instrument,
        instrument_version=body.version,
        region=body.region,
        period=body.period,
        mode=body.mode,
        anonymous=body.anonymous,
        wave=body.wave,
        session_id=body.session_id,
    )
    return _campaign(surveys.create_campaign(rt, principal, new))


@router.get("/campaigns", response_model=list[CampaignOut])
def list_campaigns(
    principal: Principal = Depends(Allow(*READ)), rt: Runtime = Depends(runtime)
) -> list[CampaignOut]:
    return [_campaign(c) for c in surveys.list_campaigns(rt, principal)]


@router.post("/campaigns/{campaign_id}/invitations", response_model=InviteOut, status_code=201)
def invite(
    campaign_id: int,
    body: InviteIn,
    principal: Principal = Depends(Allow(*RUN)),
    rt: Runtime = Depends(runtime),
) -> InviteOut:
    inv = surveys.invite(
        rt,
        principal,
        campaign_id,
        creator_handle=body.creator,
        participant_id=body.participant_id,
        segment=body.segment,
        consent_to_link=body.consent_to_link,
    )
    return InviteOut(link=f"/s/{inv.token}", linked=inv.creator_id is not None)


@router.post("/campaigns/{campaign_id}/close", response_model=CampaignOut)
def close(
    campaign_id: int, principal: Principal = Depends(Allow(*RUN)), rt: Runtime = Depends(runtime)
) -> CampaignOut:
    return _campaign(surveys.close_campaign(rt, principal, campaign_id))


@router.get("/campaigns/{campaign_id}/responses")
def list_responses(
    campaign_id: int, principal: Principal = Depends(Allow(*READ)), rt: Runtime = Depends(runtime)
) -> list[dict[str, Any]]:
    """Answers without identity: a pseudonym for pre/post pairing, segment, status, scores."""
    return [
        {
            "id": r.id,
            "respondent": r.respondent,
            "segment": r.segment,
            "language": r.language,
            "status": r.status,
            "answers": r.answers,
            "scores": r.scores,
        }
        for r in surveys.responses(rt, principal, campaign_id)
    ]


@router.get("/campaigns/{campaign_id}/analysis")
def analysis(
    campaign_id: int, principal: Principal = Depends(Allow(*READ)), rt: Runtime = Depends(runtime)
) -> dict[str, Any]:
    """Per-item distributions (Wilson 95% intervals; likert means with t intervals), overall
    and by segment, over complete responses."""
    rows = [r for r in surveys.responses(rt, principal, campaign_id) if r.status == "complete"]
    _, inst = surveys.campaign_instrument(rt, campaign_id)
    items = [i for i in inst.items() if i.type in {"likert", "single", "multi"}]
    by_segment = fa.group_by(
        [{"segment": r.segment, "answers": r.answers} for r in rows], "segment"
    )
    return {
        "n": len(rows),
        "items": [asdict(fa.distribution(i, [r.answers.get(i.id) for r in rows])) for i in items],
        "by_segment": {
            seg: [
                asdict(fa.distribution(i, [g["answers"].get(i.id) for g in group]))
                for i in items
                if "safety" in i.tags
            ]
            for seg, group in by_segment.items()
        },
    }


@router.get("/analysis")
def analysis_across(
    by: str = "region",
    instrument: str = "csm",
    principal: Principal = Depends(Allow(*READ)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """Every complete response to the instrument, grouped by region or segment: per-item
    distributions of the perceived-safety items and the perceived-safety score with intervals."""
    if by not in {"region", "segment"}:
        by = "region"
    rows: list[dict[str, Any]] = []
    inst = None
    for c in surveys.list_campaigns(rt, principal):
        campaign, this = surveys.campaign_instrument(rt, c.id)
        if this.key != instrument:
            continue
        inst = inst or this
        for r in surveys.responses(rt, principal, c.id):
            if r.status == "complete":
                rows.append({"region": campaign.region, "segment": r.segment, "r": r})
    if inst is None:
        return {"by": by, "groups": {}}
    items = [i for i in inst.items() if "safety" in i.tags]
    groups = fa.group_by(rows, by)
    return {
        "by": by,
        "groups": {
            key: {
                "n": len(group),
                "perceived_safety": asdict(
                    fa.mean_ci(
                        [
                            float(g["r"].scores["perceived_safety"])
                            for g in group
                            if g["r"].scores.get("perceived_safety") is not None
                        ]
                    )
                ),
                "note": fa.small_sample_note(len(group)),
                "items": [
                    asdict(fa.distribution(i, [g["r"].answers.get(i.id) for g in group]))
                    for i in items
                ],
            }
            for key, group in groups.items()
        },
    }


@router.post("/responses", response_model=SavedOut)
def submit(
    body: AnswersIn,
    request: Request,
    principal: Principal = Depends(Allow(Role.ADMIN, Role.INTEGRATOR)),
    rt: Runtime = Depends(runtime),
) -> SavedOut | JSONResponse:
    """Save answers given through a link token (e.g. from the integrator's app). Valid answers
    are always kept; bad ones come back as a 422 listing each item, with the resume token."""
    result = surveys.save_response(
        rt,
        body.token,
        body.answers,
        language=body.language,
        submit=body.submit,
        resume=body.resume,
        respondent=body.respondent,
    )
    if result.problems or (body.submit and result.missing):
        errors = [{"field": p.where, "message": p.message} for p in result.problems]
        if body.submit:
            errors += [{"field": m, "message": "required"} for m in result.missing]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:8])
        return problem(
            InvalidAnswers.status,
            InvalidAnswers.code,
            InvalidAnswers.title,
            detail,
            request.url.path,
            errors=errors,
            response_id=result.response_id,
            resume=result.resume_token,
            saved_status=result.status,
        )
    return SavedOut(
        response_id=result.response_id,
        resume=result.resume_token,
        status=result.status,
        missing=result.missing,
    )
