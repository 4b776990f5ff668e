"""An author's strikes that have not expired: from automated decisions and from moderators.

An automated decision's strike stops counting once a person has decided a case about the same
comment (and that decision stands): clearing the comment voids it, confirming it replaces it
with the moderator's own strike, so nothing counts twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from hifazat.db.cases_tables import Case, ModeratorDecision, Strike
from hifazat.db.tables import Comment, Decision

LOOKBACK = timedelta(days=3650)
MAX_ROWS = 500


def superseded_by_a_person() -> ColumnElement[bool]:
    """For a query over ``decisions``: a person's standing decision covers the same comment."""
    return exists().where(
        Case.comment_id == Decision.comment_id,
        ModeratorDecision.case_id == Case.id,
        ModeratorDecision.reversed_at.is_(None),
    )


def active_points(s: Session, account_id: int, now: datetime) -> int:
    """Strike points still in force for an account (automated decisions record their strikes
    and expiry in the statement of reasons; moderators' strikes live in ``strikes``)."""
    rows = s.execute(
        select(
            Decision.created_at,
            Decision.reasons["strikes"],
            Decision.reasons["strike_expiry_days"],
        )
        .join(Comment, Comment.id == Decision.comment_id)
        .where(
            Comment.author_id == account_id,
            Decision.decided_by == "hifazat:auto",
            ~superseded_by_a_person(),
        )
        .order_by(Decision.id.desc())
        .limit(MAX_ROWS)
    ).all()
    automated = sum(
        int(points or 0)
        for at, points, days in rows
        if points and at + timedelta(days=int(days or 0)) > now
    )
    manual = s.scalar(
        select(func.coalesce(func.sum(Strike.points), 0)).where(
            Strike.account_id == account_id,
            Strike.revoked_at.is_(None),
            Strike.expires_at > now,
        )
    )
    return automated + int(manual or 0)
