"""Community Guidelines: read (everyone), check and publish new versions (policy managers)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import ALL_ROLES, Allow, runtime
from hifazat.domain.access import Principal, Role
from hifazat.domain.policy.guidelines import Guidelines, summary
from hifazat.services import guidelines
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1/guidelines", tags=["guidelines"])
EDITORS = (Role.POLICY_MANAGER, Role.ADMIN)
MAX_SOURCE = 200_000


class SourceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str = Field(min_length=1, max_length=MAX_SOURCE, description="the YAML text")
    note: str | None = Field(default=None, max_length=500)


class CheckOut(BaseModel):
    ok: bool
    problems: list[dict[str, Any]]


class GuidelinesOut(BaseModel):
    version: str
    title: dict[str, str]
    policies: list[dict[str, Any]]


class VersionOut(BaseModel):
    version: str
    created_by: str
    created_at: datetime | None
    note: str | None
    in_force: bool


def _out(g: Guidelines, lang: str) -> GuidelinesOut:
    return GuidelinesOut(version=g.version, title=dict(g.title), policies=summary(g, lang))


@router.get("", response_model=GuidelinesOut)
def read(
    lang: str = "en",
    principal: Principal = Depends(Allow(*ALL_ROLES)),
    rt: Runtime = Depends(runtime),
) -> GuidelinesOut:
    """The guidelines in force (``lang``: en or ur)."""
    return _out(guidelines.get_current(rt), "ur" if lang == "ur" else "en")


@router.get("/source", response_model=SourceIn)
def source(
    principal: Principal = Depends(Allow(*EDITORS)),
    rt: Runtime = Depends(runtime),
) -> SourceIn:
    return SourceIn(source=guidelines.current_source(rt))


@router.get("/versions", response_model=list[VersionOut])
def versions(
    principal: Principal = Depends(Allow(*EDITORS, Role.ANALYST)),
    rt: Runtime = Depends(runtime),
) -> list[VersionOut]:
    return [VersionOut(**v.__dict__) for v in guidelines.versions(rt)]


@router.post("/check", response_model=CheckOut)
def check(body: SourceIn, principal: Principal = Depends(Allow(*EDITORS))) -> CheckOut:
    """Every problem in a guidelines text, each with line, column, message and hint."""
    problems = guidelines.check(body.source, "guidelines")
    return CheckOut(ok=not problems, problems=[p.as_dict() for p in problems])


@router.put("", response_model=GuidelinesOut)
def publish(
    body: SourceIn,
    principal: Principal = Depends(Allow(*EDITORS)),
    rt: Runtime = Depends(runtime),
) -> GuidelinesOut:
    """Validate and put a new version in force (its ``version`` must be new)."""
    return _out(guidelines.save(rt, principal, body.source, body.note), "en")
