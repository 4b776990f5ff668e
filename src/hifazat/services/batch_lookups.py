"""The accounts and content a batch of comments refers to, by external id: looked up in one
query each and created in one bulk insert each when new (used by :mod:`event_batch`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from hifazat.db.bulk import any_of, insert_rows, table_of
from hifazat.db.tables import Account, Content, Creator
from hifazat.services.comments import NewComment


@dataclass(frozen=True, slots=True)
class Author:
    id: int
    created_at: datetime | None


def accounts_for(
    s: Session, comments: Sequence[NewComment], now: datetime
) -> tuple[dict[str, Author], set[int]]:
    """The authors of a batch by external id, created when new (and the ids of the new ones)."""
    wanted: dict[str, NewComment] = {}
    for cmd in comments:
        if cmd.author_id:
            wanted.setdefault(cmd.author_id, cmd)
    if not wanted:
        return {}, set()
    found = {
        ext: Author(i, created)
        for ext, i, created in s.execute(
            select(Account.external_id, Account.id, Account.created_at).where(
                any_of(s, Account.external_id, wanted)
            )
        ).all()
    }
    rows: list[dict[str, Any]] = [
        {
            "external_id": ext,
            "handle": cmd.author_handle,
            "region": cmd.region,
            "created_at": cmd.author_created_at,
            "first_seen_at": now,
        }
        for ext, cmd in wanted.items()
        if ext not in found
    ]
    ids = insert_rows(s, table_of(Account), rows, returning_ids=True)
    for row, account_id in zip(rows, ids, strict=True):
        created = row["created_at"]
        if created is not None and created.tzinfo is None:
            created = created.replace(tzinfo=UTC)  # as the database hands it back
        found[row["external_id"]] = Author(account_id, created)
    return found, set(ids)


def contents_for(
    s: Session, creators: Mapping[str, Creator], comments: Sequence[NewComment], now: datetime
) -> dict[tuple[int, str | None], int]:
    """Content ids by (creator id, external id) for the batch, created when new."""
    wanted = {
        (creators[c.creator].id, c.content_id)
        for c in comments
        if c.content_id and c.creator in creators
    }
    if not wanted:
        return {}
    found: dict[tuple[int, str | None], int] = {
        (creator_id, ext): cid
        for cid, creator_id, ext in s.execute(
            select(Content.id, Content.creator_id, Content.external_id).where(
                tuple_(Content.creator_id, Content.external_id).in_(list(wanted))
            )
        ).all()
    }
    rows: list[dict[str, Any]] = [
        {"creator_id": creator_id, "external_id": ext, "created_at": now}
        for creator_id, ext in sorted(wanted, key=str)
        if (creator_id, ext) not in found
    ]
    for row, cid in zip(
        rows, insert_rows(s, table_of(Content), rows, returning_ids=True), strict=True
    ):
        found[(row["creator_id"], row["external_id"])] = cid
    return found
