"""What is known about a comment besides its text: author, place, time, the creator's state.

:func:`facts` flattens a signal and a context into the mapping rules read. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hifazat.domain.detection.signal import Signal
from hifazat.domain.policy.categories import Category

LINK = re.compile(
    r"(?i)\b(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|net|org|pk|io|ly|me|xyz|info|link|click)\b"
)


def has_link(text: str) -> bool:
    return LINK.search(text) is not None


@dataclass(frozen=True, slots=True)
class Context:
    at: datetime
    author_id: str | None = None
    author_handle: str | None = None
    account_age_days: float | None = None
    prior_strikes: int = 0
    follows_creator: bool | None = None
    region: str | None = None
    safety_mode: bool = False
    audience_size: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "author_known": self.author_id is not None,
            "account_age_days": self.account_age_days,
            "prior_strikes": self.prior_strikes,
            "follows_creator": self.follows_creator,
            "region": self.region,
            "safety_mode": self.safety_mode,
        }


def facts(
    signal: Signal, text: str, ctx: Context, thresholds: dict[Category, float]
) -> dict[str, Any]:
    """The flat mapping a rule's ``when`` reads (names in rules/fields.FIELDS)."""
    out: dict[str, Any] = {f"score.{c.value}": signal.score_of(c) for c in Category}
    out.update(
        {
            "score.max": signal.score,
            "language": signal.language,
            "labels": frozenset(c.value for c in signal.labels(thresholds)),
            "evidence.sources": frozenset(e.source for e in signal.evidence),
            "evidence.count": len(signal.evidence),
            "text.length": len(text),
            "text.has_link": has_link(text),
            "author.known": ctx.author_id is not None,
            "author.account_age_days": ctx.account_age_days,
            "author.prior_strikes": ctx.prior_strikes,
            "author.follows_creator": ctx.follows_creator,
            "region": ctx.region,
            "hour": ctx.at.hour,
            "weekday": ctx.at.weekday(),
            "creator.safety_mode": ctx.safety_mode,
            "creator.audience_size": ctx.audience_size,
        }
    )
    return out
