"""GET /v1/creators/{handle}/digest: what the filters held, without the texts."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from hifazat.api.deps import Allow, runtime
from hifazat.domain.access import Principal, Role
from hifazat.services.digest import abuse_digest
from hifazat.services.runtime import Runtime

router = APIRouter(prefix="/v1/creators", tags=["support"])


class PhraseOut(BaseModel):
    phrase: str
    comments: int


class PileOnOut(BaseModel):
    number: int
    start: datetime
    end: datetime
    comments: int
    authors: int
    comment_ids: list[int]


class DigestOut(BaseModel):
    creator: str
    days: int
    total: int
    by_category: dict[str, int]
    by_language: dict[str, int]
    by_action: dict[str, int]
    by_severity: dict[str, int]
    top_phrases: list[PhraseOut]
    pileons: list[PileOnOut]


@router.get("/{handle}/digest", response_model=DigestOut)
def digest(
    handle: str,
    days: int = 7,
    principal: Principal = Depends(Allow(Role.CREATOR, Role.ADMIN)),
    rt: Runtime = Depends(runtime),
) -> DigestOut:
    """Counts by category, language, action and severity; repeated phrases masked; pile-ons."""
    d, piles = abuse_digest(rt, principal, handle, days)
    return DigestOut(
        creator=handle,
        days=max(1, min(days, 365)),
        total=d.total,
        by_category=d.by_category,
        by_language=d.by_language,
        by_action=d.by_action,
        by_severity=d.by_severity,
        top_phrases=[PhraseOut(phrase=p, comments=n) for p, n in d.top_phrases],
        pileons=[
            PileOnOut(
                number=i,
                start=p.start,
                end=p.end,
                comments=len(p.comment_ids),
                authors=p.authors,
                comment_ids=list(p.comment_ids),
            )
            for i, p in enumerate(piles, start=1)
        ],
    )
