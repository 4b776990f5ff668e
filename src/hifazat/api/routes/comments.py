"""POST /v1/comments and GET /v1/comments/{id}."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from hifazat.api.deps import Allow, runtime
from hifazat.api.schemas import ExternalId, Handle, Region, SafeText
from hifazat.domain.access import Principal, Role
from hifazat.services.comments import CommentOutcome, NewComment, get_comment, ingest_comment
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1/comments", tags=["comments"])


class AuthorIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: ExternalId
    handle: SafeText | None = Field(default=None, max_length=128)
    created_at: datetime | None = Field(default=None, description="when the account was created")
    follows_creator: bool | None = Field(
        default=None, description="whether the author follows the creator (controls, rules)"
    )


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event_id: ExternalId | None = Field(
        default=None, description="idempotency key: the same id twice gives the same decision"
    )
    creator: Handle = Field(description="handle of the creator the comment is aimed at")
    text: SafeText
    author: AuthorIn | None = None
    content_id: ExternalId | None = None
    comment_id: ExternalId | None = Field(default=None, description="the platform's own comment id")
    region: Region | None = Field(default=None, description="ISO 3166-1 alpha-2")
    created_at: datetime | None = None


class CommentOut(BaseModel):
    id: int
    event_id: str
    creator: str
    text: str
    language: str
    region: str | None
    received_at: datetime
    status: str
    decision: dict[str, Any]
    signal: dict[str, Any]
    replayed: bool


def _out(outcome: CommentOutcome) -> CommentOut:
    return CommentOut(**outcome.__dict__)


@router.post("", response_model=CommentOut, status_code=201)
def post_comment(
    body: CommentIn,
    response: Response,
    principal: Principal = Depends(Allow(Role.INTEGRATOR, Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> CommentOut:
    """Decide on a comment aimed at a creator (201), or replay a known ``event_id`` (200)."""
    cmd = NewComment(
        event_id=body.event_id or f"auto-{uuid.uuid4()}",
        creator=body.creator,
        text=body.text,
        author_id=body.author.id if body.author else None,
        author_handle=body.author.handle if body.author else None,
        author_created_at=body.author.created_at if body.author else None,
        content_id=body.content_id,
        comment_id=body.comment_id,
        region=body.region.upper() if body.region else None,
        created_at=body.created_at,
        follows_creator=body.author.follows_creator if body.author else None,
    )
    outcome = ingest_comment(rt, principal, cmd)
    if outcome.replayed:
        response.status_code = 200
    return _out(outcome)


@router.get("/{comment_id}", response_model=CommentOut)
def read_comment(
    comment_id: int,
    principal: Principal = Depends(
        Allow(Role.ADMIN, Role.MODERATOR, Role.SENIOR_MODERATOR, Role.INTEGRATOR, Role.CREATOR)
    ),
    rt: Runtime = Depends(runtime),
) -> CommentOut:
    return _out(get_comment(rt, principal, comment_id))
