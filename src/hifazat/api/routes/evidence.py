"""Evidence packs: create from chosen comments or a pile-on, list, open/export as JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.api.schemas import SafeText
from hifazat.domain.access import Principal, Role
from hifazat.services import evidence
from hifazat.services.runtime import Runtime

router = APIRouter(tags=["support"])


class PackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comment_ids: list[int] = Field(default_factory=list, max_length=evidence.MAX_ITEMS)
    pileon: int | None = Field(default=None, ge=1, description="number of a pile-on in the digest")
    title: SafeText = Field(default="", max_length=200)


class PackSummary(BaseModel):
    id: int
    creator: str
    title: str
    bundle_sha256: str
    item_count: int
    created_at: datetime
    custody_intact: bool


class PackOut(PackSummary):
    bundle: dict[str, Any]
    custody: list[dict[str, Any]]


def _summary(p: evidence.PackView) -> PackSummary:
    return PackSummary(
        id=p.id,
        creator=p.creator,
        title=p.title,
        bundle_sha256=p.bundle_sha256,
        item_count=p.item_count,
        created_at=p.created_at,
        custody_intact=p.custody_intact,
    )


def _full(p: evidence.PackView) -> PackOut:
    return PackOut(**_summary(p).model_dump(), bundle=p.bundle, custody=p.custody)


@router.post("/v1/creators/{handle}/evidence-packs", response_model=PackOut, status_code=201)
def create(
    handle: str,
    body: PackIn,
    principal: Principal = Depends(Allow(Role.CREATOR, Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> PackOut:
    """Seal the chosen flagged comments (and/or a whole pile-on) with SHA-256 per item and for
    the bundle; starts the chain of custody."""
    return _full(
        evidence.create_pack(rt, principal, handle, list(body.comment_ids), body.title, body.pileon)
    )


@router.get("/v1/creators/{handle}/evidence-packs", response_model=list[PackSummary])
def list_packs(
    handle: str,
    principal: Principal = Depends(Allow(Role.CREATOR, Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> list[PackSummary]:
    return [_summary(p) for p in evidence.list_packs(rt, principal, handle)]


@router.get("/v1/evidence-packs/{pack_id}", response_model=PackOut)
def export(
    pack_id: int,
    principal: Principal = Depends(Allow(Role.CREATOR, Role.ADMIN, Role.PARTNER)),
    rt: Runtime = Depends(runtime),
) -> PackOut:
    """The pack as JSON (recorded in its chain of custody). A partner sees it only while an
    escalation shares it with them."""
    return _full(evidence.open_pack(rt, principal, pack_id, "exported_json"))
