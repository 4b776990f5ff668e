"""GET /v1/helplines: current lines by country, issue and language; directory problems."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from hifazat.api.deps import ALL_ROLES, Allow, runtime
from hifazat.domain.access import Principal, Role
from hifazat.domain.support.helplines import Helpline, Problem
from hifazat.services.helplines import find_helplines, load_directory
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1/helplines", tags=["support"])


class ChannelOut(BaseModel):
    type: str
    value: str
    note: str | None
    link: str | None


class SourceOut(BaseModel):
    url: str
    title: str
    date: str
    kind: str


class HelplineOut(BaseModel):
    id: str
    name: str
    country: str
    region: str | None
    operator: str
    emergency: bool
    verified: bool
    status: str
    confidence: str
    channels: list[ChannelOut]
    hours: str
    languages: list[str]
    cost: str
    issues: list[str]
    audience: str
    verified_from: str
    sources: list[SourceOut]
    caveats: list[str]
    last_human_check: str | None


class ProblemOut(BaseModel):
    entry: str
    field: str
    reason: str
    severity: str


class HelplinesOut(BaseModel):
    country: str
    issue: str | None
    language: str | None
    helplines: list[HelplineOut]
    old_numbers: list[HelplineOut]
    broken_entries: list[str]


class DirectoryReport(BaseModel):
    entries: int
    broken_entries: list[str]
    problems: list[ProblemOut]
    unverified_leads_hidden: int


def helpline_out(h: Helpline) -> HelplineOut:
    return HelplineOut(
        id=h.id,
        name=h.name,
        country=h.country,
        region=h.region,
        operator=h.operator,
        emergency=h.emergency,
        verified=h.verified,
        status=h.status,
        confidence=h.confidence,
        channels=[
            ChannelOut(type=c.type, value=c.value, note=c.note, link=link) for c, link in h.links()
        ],
        hours=h.hours,
        languages=list(h.languages),
        cost=h.cost,
        issues=list(h.issues),
        audience=h.audience,
        verified_from=h.verified_from,
        sources=[SourceOut(url=s.url, title=s.title, date=s.date, kind=s.kind) for s in h.sources],
        caveats=list(h.caveats),
        last_human_check=h.last_human_check,
    )


def _problem(p: Problem) -> ProblemOut:
    return ProblemOut(entry=p.entry, field=p.field, reason=p.reason, severity=p.severity)


@router.get("", response_model=HelplinesOut)
def helplines(
    country: str,
    issue: str | None = None,
    language: str | None = None,
    international: bool = True,
    principal: Principal = Depends(Allow(*ALL_ROLES)),
    rt: Runtime = Depends(runtime),
) -> HelplinesOut:
    """Current lines for ``country`` (ISO 3166-1 alpha-2) and international ones, emergency
    lines first. Superseded numbers come separately in ``old_numbers``; unverified leads never."""
    selection, directory = find_helplines(rt.settings, country, issue, language, international)
    return HelplinesOut(
        country=selection.country,
        issue=selection.issue,
        language=selection.language,
        helplines=[helpline_out(h) for h in selection.current],
        old_numbers=[helpline_out(h) for h in selection.old_numbers],
        broken_entries=sorted(directory.broken),
    )


@router.get("/problems", response_model=DirectoryReport)
def problems(
    principal: Principal = Depends(Allow(Role.ADMIN, Role.POLICY_MANAGER)),
    rt: Runtime = Depends(runtime),
) -> DirectoryReport:
    """Every problem found when validating the directory, by entry, field and reason."""
    directory = load_directory(rt.settings)
    return DirectoryReport(
        entries=len(directory.entries),
        broken_entries=sorted(directory.broken),
        problems=[_problem(p) for p in directory.problems],
        unverified_leads_hidden=directory.leads,
    )
