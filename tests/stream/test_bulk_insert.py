"""``db.bulk.insert_rows`` (COPY on PostgreSQL, one INSERT on SQLite) stores what the ORM would."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from hifazat.db.bulk import insert_rows, table_of
from hifazat.db.tables import Comment, Creator, Decision
from hifazat.services.runtime import Runtime


def _comment_row(creator_id: int | None, event_id: str, text: str, **fields: Any) -> dict[str, Any]:
    """A ``comments`` row as the batch path writes it (no content, no author)."""
    at = datetime(2026, 1, 1, tzinfo=UTC)
    return {
        "event_id": event_id,
        "request_hash": "h" * 64,
        "external_id": None,
        "creator_id": creator_id,
        "content_id": None,
        "author_id": None,
        "text": text,
        "language": "en",
        "region": "PK",
        "status": "visible",
        "created_at": at,
        "received_at": at,
        **fields,
    }


def test_bulk_rows_read_back_like_orm_rows(rt: Runtime, creator: str) -> None:
    at = datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)
    naive = datetime(2026, 3, 4, 5, 6, 7)  # stored as UTC, as the ORM column type does
    reasons = {"grounds": [{"category": "hate", "text": "اردو ✓", "quote": 'a "b"\n\tc\\d'}]}
    with rt.transaction() as s:
        creator_id = s.scalar(select(Creator.id).where(Creator.handle == creator))
        rows = [
            _comment_row(
                creator_id,
                f"bulk-{i}",
                f"line one\nline two\t\\ {i} ✓",
                language="ur",
                created_at=naive if i else at,
                received_at=at,
            )
            for i in range(3)
        ]
        ids = insert_rows(s, table_of(Comment), rows, returning_ids=True)
        decisions = [
            {
                "comment_id": cid,
                "action": "allow",
                "automated": True,
                "decided_by": "hifazat:auto",
                "category": None,
                "reasons": reasons,
                "signal": {"abusive": False, "score": 0.25},
                "guideline_version": "1",
                "created_at": at,
            }
            for cid in ids
        ]  # no "score": the column's Python-side default applies, as in an INSERT
        insert_rows(s, table_of(Decision), decisions)
    assert len(ids) == 3
    assert len(set(ids)) == 3
    with rt.read() as s:
        stored = {c.event_id: c for c in s.scalars(select(Comment))}
        found = list(s.scalars(select(Decision).order_by(Decision.comment_id)))
    for i, cid in enumerate(ids):
        c = stored[f"bulk-{i}"]
        assert c.id == cid
        assert c.text == f"line one\nline two\t\\ {i} ✓"
        assert c.created_at == at.replace(microsecond=0 if i else at.microsecond)
        assert c.received_at == at
    assert [d.comment_id for d in found] == ids
    assert all(d.reasons == reasons for d in found)
    assert all(d.score == 0.0 for d in found)
    assert all(d.signal == {"abusive": False, "score": 0.25} for d in found)


def test_any_of_finds_what_in_finds(rt: Runtime, creator: str) -> None:
    """``any_of`` (``= ANY(array)`` on PostgreSQL, ``IN`` elsewhere) selects the same rows."""
    from hifazat.db.bulk import any_of

    with rt.transaction() as s:
        creator_id = s.scalar(select(Creator.id).where(Creator.handle == creator))
        rows = [_comment_row(creator_id, f"any-{i}", "t") for i in range(5)]
        ids = insert_rows(s, table_of(Comment), rows, returning_ids=True)
    wanted = ["any-1", "any-3", "any-9", 'it\'s "quoted", {braced}']
    with rt.read() as s:
        for column, values in ((Comment.event_id, wanted), (Comment.id, [ids[0], ids[4], -1])):
            found = set(s.scalars(select(Comment.id).where(any_of(s, column, values))))
            assert found == set(s.scalars(select(Comment.id).where(column.in_(values))))
            assert len(found) == 2
        assert list(s.scalars(select(Comment.id).where(any_of(s, Comment.event_id, [])))) == []
