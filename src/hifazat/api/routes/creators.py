"""Creators and their keyword lists."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.api.routes.comments import CommentOut, _out
from hifazat.api.schemas import Handle, Region, SafeText
from hifazat.db.tables import Creator
from hifazat.domain.access import Principal, Role
from hifazat.services import comments, creators
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1/creators", tags=["creators"])
STAFF_READ = (Role.ADMIN, Role.MODERATOR, Role.SENIOR_MODERATOR, Role.POLICY_MANAGER, Role.ANALYST)


class CreatorIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    handle: Handle
    display_name: SafeText = Field(min_length=1, max_length=200)
    region: Region
    niche: str | None = Field(default=None, max_length=32)
    languages: list[str] = Field(default_factory=list, max_length=5)
    audience_size: int = Field(default=0, ge=0)


class CreatorOut(BaseModel):
    handle: str
    display_name: str
    region: str
    niche: str | None
    languages: list[str]
    audience_size: int


def _creator(c: Creator) -> CreatorOut:
    return CreatorOut(
        handle=c.handle,
        display_name=c.display_name,
        region=c.region,
        niche=c.niche,
        languages=list(c.languages),
        audience_size=c.audience_size,
    )


class KeywordsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    keywords: list[SafeText] = Field(max_length=1000)


class KeywordsOut(BaseModel):
    keywords: list[str]


@router.post("", response_model=CreatorOut, status_code=201)
def register(
    body: CreatorIn,
    principal: Principal = Depends(Allow(Role.ADMIN, Role.INTEGRATOR)),
    rt: Runtime = Depends(runtime),
) -> CreatorOut:
    new = creators.NewCreator(
        handle=body.handle,
        display_name=body.display_name,
        region=body.region,
        niche=body.niche,
        languages=tuple(body.languages),
        audience_size=body.audience_size,
    )
    return _creator(creators.register_creator(rt, principal, new))


@router.get("/{handle}", response_model=CreatorOut)
def read(
    handle: str,
    principal: Principal = Depends(Allow(*STAFF_READ, Role.INTEGRATOR, Role.CREATOR)),
    rt: Runtime = Depends(runtime),
) -> CreatorOut:
    return _creator(creators.get_creator(rt, principal, handle))


@router.get("/{handle}/keywords", response_model=KeywordsOut)
def read_keywords(
    handle: str,
    principal: Principal = Depends(Allow(Role.ADMIN, Role.MODERATOR, Role.CREATOR)),
    rt: Runtime = Depends(runtime),
) -> KeywordsOut:
    return KeywordsOut(keywords=creators.get_keywords(rt, principal, handle))


@router.put("/{handle}/keywords", response_model=KeywordsOut)
def write_keywords(
    handle: str,
    body: KeywordsIn,
    principal: Principal = Depends(Allow(Role.ADMIN, Role.CREATOR)),
    rt: Runtime = Depends(runtime),
) -> KeywordsOut:
    """Replace the list; comments matching any keyword (in any spelling) are held for review."""
    return KeywordsOut(keywords=creators.set_keywords(rt, principal, handle, list(body.keywords)))


@router.get("/{handle}/decisions", response_model=list[CommentOut])
def recent(
    handle: str,
    limit: int = 50,
    principal: Principal = Depends(Allow(*STAFF_READ, Role.CREATOR)),
    rt: Runtime = Depends(runtime),
) -> list[CommentOut]:
    limit = max(1, min(limit, 500))
    return [_out(o) for o in comments.recent_decisions(rt, principal, handle, limit)]
