"""The creator's held comments and bulk actions (approve, delete, block author, report; undo)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.api.schemas import ExternalId
from hifazat.domain.access import Principal, Role
from hifazat.services import held
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1/creators/{handle}", tags=["held comments"])
ACTORS = (Role.CREATOR, Role.ADMIN)


class HeldOut(BaseModel):
    id: int
    text: str
    author: str | None
    language: str
    received_at: datetime
    explanation: str
    action: str
    grounds: list[str]


class BulkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["approve", "delete", "block_author", "report"]
    comment_ids: list[int] = Field(default_factory=list, max_length=held.MAX_BULK)
    authors: list[ExternalId] = Field(
        default_factory=list, max_length=held.MAX_BULK, description="commenters' account ids"
    )


@router.get("/held", response_model=list[HeldOut])
def held_list(
    handle: str,
    limit: int = 200,
    principal: Principal = Depends(Allow(*ACTORS, Role.MODERATOR, Role.SENIOR_MODERATOR)),
    rt: Runtime = Depends(runtime),
) -> list[HeldOut]:
    limit = max(1, min(limit, 1000))
    return [HeldOut(**h.__dict__) for h in held.held_comments(rt, principal, handle, limit)]


@router.post("/bulk", status_code=201)
def bulk(
    handle: str,
    body: BulkIn,
    principal: Principal = Depends(Allow(*ACTORS)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """Act on up to 1,000 comments or commenters at once: one transaction, audited, undoable."""
    return held.bulk_act(
        rt, principal, handle, body.action, list(body.comment_ids), list(body.authors)
    )


@router.get("/bulk")
def bulk_list(
    handle: str,
    principal: Principal = Depends(Allow(*ACTORS)),
    rt: Runtime = Depends(runtime),
) -> list[dict[str, Any]]:
    return held.recent_bulk(rt, principal, handle)


@router.post("/bulk/{bulk_id}/undo")
def bulk_undo(
    handle: str,
    bulk_id: int,
    principal: Principal = Depends(Allow(*ACTORS)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """Put the comments back as they were; take added authors off the block list."""
    return held.undo(rt, principal, handle, bulk_id)
