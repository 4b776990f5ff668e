"""The event envelope on the wire (HTTP body and stream message), and its conversion to
:class:`hifazat.services.events.Event`. No network code here."""

from __future__ import annotations

import re
import zlib
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hifazat.api.schemas import MAX_INT, ExternalId, Handle, Region, ReportIn, SafeText
from hifazat.services.comments import NewComment
from hifazat.services.events_model import (
    COMMENT_CREATED,
    CONTENT_VIEWED,
    REPORT_FILED,
    Event,
    EventCommand,
    NewAppeal,
    NewView,
)

_HANDLE = re.compile(r"[A-Za-z0-9_.\-]{1,64}")
EventType = Literal["comment_created", "report_filed", "content_viewed", "appeal_filed"]


class EventIn(BaseModel):
    """``{"id", "type", "data", "published_at"?}``; ``id`` is the idempotency key."""

    model_config = ConfigDict(extra="forbid")
    id: ExternalId
    type: EventType
    data: dict[str, Any]
    published_at: datetime | None = Field(
        default=None, description="when the platform published it (latency is measured from it)"
    )

    @field_validator("data")
    @classmethod
    def _numbers_fit(cls, data: dict[str, Any]) -> dict[str, Any]:
        """Integers anywhere in ``data`` fit 64 bits: the event is stored as it came (rejected
        events too), and neither the database nor the JSON encoders hold larger ones."""
        where = _too_large(data, "data")
        if where is not None:
            raise ValueError(f"{where}: integers must lie within ±(2**63 - 1)")
        return data


def _too_large(value: Any, where: str) -> str | None:
    """The path of the first integer in ``value`` outside the 64-bit range, or None."""
    if isinstance(value, int):
        return where if not -MAX_INT <= value <= MAX_INT else None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _too_large(item, f"{where}.{key}")
        if found is not None:
            return found
    return None


class AuthorData(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: ExternalId
    handle: SafeText | None = Field(default=None, max_length=128)
    created_at: datetime | None = None


class CommentData(BaseModel):
    """``data`` of a ``comment_created`` event: the body of ``POST /v1/comments``."""

    model_config = ConfigDict(extra="forbid")
    creator: Handle
    text: SafeText
    author: AuthorData | None = None
    content_id: ExternalId | None = None
    comment_id: ExternalId | None = None
    region: Region | None = None
    created_at: datetime | None = None
    follows_creator: bool | None = None


class ReportData(ReportIn):
    """``data`` of a ``report_filed`` event: the body of ``POST /v1/reports`` and an optional
    ``creator`` that routes the event (the subject's creator otherwise)."""

    creator: Handle | None = None


class ViewData(BaseModel):
    """``data`` of a ``content_viewed`` event: the body of ``POST /v1/views``."""

    model_config = ConfigDict(extra="forbid")
    creator: Handle | None = None
    comment_id: int = Field(ge=1, le=MAX_INT)
    viewed_at: datetime


class AppealData(BaseModel):
    """``data`` of an ``appeal_filed`` event: ``POST /v1/cases/{case_id}/appeals``."""

    model_config = ConfigDict(extra="forbid")
    creator: Handle | None = None
    case_id: int = Field(ge=1, le=MAX_INT)
    text: SafeText = Field(min_length=1, max_length=5000)
    appellant: ExternalId | None = None


def _other(event_type: str, data: dict[str, Any]) -> tuple[str | None, EventCommand]:
    if event_type == REPORT_FILED:
        r = ReportData.model_validate(data)
        return r.creator or r.subject.creator, r.to_new_report()
    if event_type == CONTENT_VIEWED:
        v = ViewData.model_validate(data)
        at = v.viewed_at if v.viewed_at.tzinfo else v.viewed_at.replace(tzinfo=UTC)
        return v.creator, NewView(v.comment_id, at)
    a = AppealData.model_validate(data)
    return a.creator, NewAppeal(a.case_id, a.text, a.appellant)


def to_event(env: EventIn) -> Event:
    """An event for the service. Bad ``data`` gives an event the service rejects and stores."""
    try:
        if env.type == COMMENT_CREATED:
            c = CommentData.model_validate(env.data)
            cmd = NewComment(
                event_id=env.id,
                creator=c.creator,
                text=c.text,
                author_id=c.author.id if c.author else None,
                author_handle=c.author.handle if c.author else None,
                author_created_at=c.author.created_at if c.author else None,
                content_id=c.content_id,
                comment_id=c.comment_id,
                region=c.region.upper() if c.region else None,
                created_at=c.created_at,
                follows_creator=c.follows_creator,
            )
            return Event(env.id, env.type, env.data, c.creator, cmd, env.published_at)
        creator, command = _other(env.type, env.data)
        return Event(env.id, env.type, env.data, creator, None, env.published_at, command=command)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        creator = env.data.get("creator")
        return Event(
            env.id,
            env.type,
            env.data,
            creator if isinstance(creator, str) and _HANDLE.fullmatch(creator) else None,
            None,
            env.published_at,
            invalid=f"data.{where}: {first['msg']}",
        )


def subject_for(prefix: str, event_type: str, creator: str | None, partitions: int) -> str:
    """``<prefix>.events.<type>``, or ``<prefix>.events.<type>.<partition>`` when partitioned by
    creator (one creator's events always land in the same partition, in order)."""
    base = f"{prefix}.events.{event_type}"
    if partitions <= 1:
        return base
    return f"{base}.{partition_of(creator or '', partitions)}"


def partition_of(creator: str, partitions: int) -> int:
    return zlib.crc32(creator.encode("utf-8")) % partitions
