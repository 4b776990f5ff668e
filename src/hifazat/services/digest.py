"""What the filters held for a creator, and the flagged comments other support services use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.tables import Account, Comment, Content, Creator, Decision
from hifazat.domain.access import Principal
from hifazat.domain.support.digest import Digest, HeldComment, build_digest
from hifazat.domain.support.pileon import Abusive, PileOn, find_pileons
from hifazat.services.authz import require_creator_access
from hifazat.services.creators import creator_by_handle
from hifazat.services.runtime import Runtime

#: Most days a digest or a profile looks back.
MAX_DAYS = 365


@dataclass(frozen=True)
class Flagged:
    """A comment the filters did not simply allow, with its first (automated) decision."""

    comment: Comment
    decision: Decision
    author: Account | None
    content: Content | None


def flagged_comments(
    session: Session, creator: Creator, since: datetime | None = None, limit: int = 5000
) -> list[Flagged]:
    """Comments aimed at the creator whose first decision was not ``allow``, oldest first."""
    query = (
        select(Comment, Decision, Account, Content)
        .join(Decision, Decision.comment_id == Comment.id)
        .outerjoin(Account, Account.id == Comment.author_id)
        .outerjoin(Content, Content.id == Comment.content_id)
        .where(Comment.creator_id == creator.id, Decision.action != "allow")
        .order_by(Comment.received_at, Comment.id, Decision.id)
        .limit(limit)
    )
    if since is not None:
        query = query.where(Comment.received_at >= since)
    seen: set[int] = set()
    out = []
    for comment, decision, author, content in session.execute(query).all():
        if comment.id in seen:
            continue
        seen.add(comment.id)
        out.append(Flagged(comment, decision, author, content))
    return out


def pileons_of(rt: Runtime, flagged: list[Flagged]) -> list[PileOn]:
    items = [
        Abusive(
            f.comment.id,
            f.comment.received_at,
            f.author.external_id if f.author else None,
        )
        for f in flagged
    ]
    return find_pileons(
        items,
        window=timedelta(minutes=rt.settings.pileon_window_minutes),
        min_comments=rt.settings.pileon_min_comments,
    )


def _score(signal: dict[str, Any], category: str | None) -> float:
    scores = signal.get("categories") or signal.get("scores") or {}
    if category and isinstance(scores, dict) and category in scores:
        return float(scores[category])
    return float(signal.get("score") or 0.0)


def abuse_digest(
    rt: Runtime, principal: Principal, handle: str, days: int = 7
) -> tuple[Digest, list[PileOn]]:
    """Counts by category, language, action and severity, and the most repeated phrases
    masked, so the creator can know what was held without reading it."""
    require_creator_access(principal, handle)
    days = max(1, min(days, MAX_DAYS))
    since = rt.now() - timedelta(days=days)
    with rt.read() as s:
        creator = creator_by_handle(s, handle)
        flagged = flagged_comments(s, creator, since)
    held = [
        HeldComment(
            category=f.decision.category,
            language=f.comment.language,
            action=f.decision.action,
            score=_score(f.decision.signal, f.decision.category),
            text=f.comment.text,
        )
        for f in flagged
    ]
    return build_digest(held), pileons_of(rt, flagged)
