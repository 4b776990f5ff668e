"""The values the event batches pass around: an event as received, its outcome, and the
decision as it goes out on ``hifazat.decisions`` and to webhooks."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hifazat.db.tables import Decision
from hifazat.services.comments import NewComment
from hifazat.services.reports import NewReport

COMMENT_CREATED = "comment_created"
REPORT_FILED = "report_filed"
CONTENT_VIEWED = "content_viewed"
APPEAL_FILED = "appeal_filed"
EVENT_TYPES = (COMMENT_CREATED, REPORT_FILED, CONTENT_VIEWED, APPEAL_FILED)

DECIDED, RECORDED, REJECTED = "decided", "recorded", "rejected"
#: ``json.dumps(..., sort_keys=True, ensure_ascii=False, default=str)``, built once.
_FINGERPRINT_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)


@dataclass(frozen=True)
class NewView:
    """``content_viewed``: a comment was first seen by someone other than its author."""

    comment_id: int
    viewed_at: datetime


@dataclass(frozen=True)
class NewAppeal:
    """``appeal_filed``: the affected account appeals the decision on a case."""

    case_id: int
    text: str
    appellant: str | None = None


EventCommand = NewReport | NewView | NewAppeal


@dataclass(frozen=True)
class Event:
    """One event as received. ``data`` is its JSON body (stored and fingerprinted as is)."""

    id: str
    type: str
    data: Mapping[str, Any]
    creator: str | None = None
    comment: NewComment | None = None
    published_at: datetime | None = None
    #: Why ``data`` does not fit its type (the event is rejected and stored as such).
    invalid: str | None = None
    #: For report, view and appeal events: what their service is asked to do.
    command: EventCommand | None = None

    def fingerprint(self) -> str:
        raw = _FINGERPRINT_JSON.encode({"type": self.type, "data": self.data})
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class EventOutcome:
    event_id: str
    type: str
    status: str  # decided | recorded | rejected
    replayed: bool
    processed_at: datetime
    creator: str | None = None
    published_at: datetime | None = None
    #: For decided comments: what goes out on ``hifazat.decisions`` and to webhooks.
    decision: dict[str, Any] | None = None
    error_code: str | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "type": self.type,
            "status": self.status,
            "replayed": self.replayed,
            "creator": self.creator,
            "decision": self.decision,
            "error": {"code": self.error_code, "detail": self.error} if self.error_code else None,
        }


def decision_view(
    event_id: str,
    creator: str | None,
    comment_id: int,
    status: str,
    d: Decision | Mapping[str, Any],
) -> dict[str, Any]:
    """What goes out for a decided comment (``d``: the stored decision or its row)."""
    if isinstance(d, Decision):
        d = {
            "id": d.id,
            "action": d.action,
            "category": d.category,
            "automated": d.automated,
            "guideline_version": d.guideline_version,
            "created_at": d.created_at,
        }
    return {
        "event_id": event_id,
        "comment_id": comment_id,
        "decision_id": d["id"],
        "creator": creator,
        "action": d["action"],
        "category": d["category"],
        "status": status,
        "automated": d["automated"],
        "guideline_version": d["guideline_version"],
        "decided_at": d["created_at"].isoformat(),
    }
