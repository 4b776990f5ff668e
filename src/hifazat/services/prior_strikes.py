"""An author's strikes that have not expired: from automated decisions and from moderators.

An automated decision's strike stops counting once a person has decided a case about the same
comment (and that decision stands): clearing the comment voids it, confirming it replaces it
with the moderator's own strike, so nothing counts twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from hifazat.db.bulk import any_of
from hifazat.db.cases_tables import Case, ModeratorDecision, Strike
from hifazat.db.tables import Comment, Decision

AUTOMATED = "hifazat:auto"
MAX_ROWS = 500  # of an account's automated decisions, the latest


def superseded_by_a_person() -> ColumnElement[bool]:
    """For a query over ``decisions``: a person's standing decision covers the same comment."""
    return exists().where(
        Case.comment_id == Decision.comment_id,
        ModeratorDecision.case_id == Case.id,
        ModeratorDecision.reversed_at.is_(None),
    )


def active_points(s: Session, account_id: int, now: datetime) -> int:
    """Strike points still in force for an account."""
    return active_points_many(s, [account_id], now)[account_id]


def active_points_many(s: Session, account_ids: Iterable[int], now: datetime) -> dict[int, int]:
    """Strike points still in force for each account, in two queries: automated decisions
    record their strikes and expiry in the statement of reasons (the latest ``MAX_ROWS`` of an
    account's automated decisions that no person superseded are read), moderators' strikes
    live in ``strikes``."""
    ids = sorted(set(account_ids))
    points = dict.fromkeys(ids, 0)
    if not ids:
        return points
    recent = (
        select(
            Comment.author_id.label("author_id"),
            Decision.created_at.label("at"),
            Decision.reasons["strikes"].as_integer().label("points"),
            Decision.reasons["strike_expiry_days"].as_integer().label("days"),
            func.row_number()
            .over(partition_by=Comment.author_id, order_by=Decision.id.desc())
            .label("rank"),
        )
        .select_from(Decision)
        .join(Comment, Comment.id == Decision.comment_id)
        .where(
            any_of(s, Comment.author_id, ids),
            Decision.decided_by == AUTOMATED,
            ~superseded_by_a_person(),
        )
        .subquery()
    )
    for author, at, p, days in s.execute(
        select(recent.c.author_id, recent.c.at, recent.c.points, recent.c.days).where(
            recent.c.rank <= MAX_ROWS, recent.c.points > 0
        )
    ):
        if at + timedelta(days=int(days or 0)) > now:
            points[author] += int(p)
    for account, p in s.execute(
        select(Strike.account_id, func.sum(Strike.points))
        .where(
            any_of(s, Strike.account_id, ids),
            Strike.revoked_at.is_(None),
            Strike.expires_at > now,
        )
        .group_by(Strike.account_id)
    ):
        points[account] += int(p or 0)
    return points
