"""A creator's controls: read, replace (validated, audited), and preview keyword lists."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.tables import Comment, CreatorControls
from hifazat.domain.access import Principal, Role
from hifazat.domain.controls import Controls, keyword_hits
from hifazat.domain.controls_input import FieldProblem, parse_controls
from hifazat.errors import InvalidControls
from hifazat.services import audit
from hifazat.services.authz import require, require_creator_access
from hifazat.services.creators import creator_by_handle
from hifazat.services.runtime import Runtime

READERS = (Role.CREATOR, Role.ADMIN, Role.MODERATOR, Role.SENIOR_MODERATOR)
WRITERS = (Role.CREATOR, Role.ADMIN)
PREVIEW_SCAN = 5000


def load(s: Session, creator_id: int) -> Controls:
    row = s.get(CreatorControls, creator_id)
    if row is None:
        return Controls()
    return Controls.from_settings(row.settings or {}, row.keywords or ())


def load_many(s: Session, creator_ids: Iterable[int]) -> dict[int, Controls]:
    """:func:`load` for many creators in one query."""
    ids = list(creator_ids)
    out = dict.fromkeys(ids, Controls())
    for row in s.scalars(select(CreatorControls).where(CreatorControls.creator_id.in_(ids))):
        out[row.creator_id] = Controls.from_settings(row.settings or {}, row.keywords or ())
    return out


def as_dict(c: Controls) -> dict[str, Any]:
    return {"keywords": list(c.keywords), **c.as_settings()}


def get_controls(rt: Runtime, principal: Principal, handle: str) -> Controls:
    require(principal, *READERS)
    require_creator_access(principal, handle)
    with rt.read() as s:
        return load(s, creator_by_handle(s, handle).id)


def invalid(problems: list[FieldProblem]) -> InvalidControls:
    return InvalidControls(
        "; ".join(str(p) for p in problems), problems=[p.as_dict() for p in problems]
    )


def set_controls(rt: Runtime, principal: Principal, handle: str, data: dict[str, Any]) -> Controls:
    """Replace every control at once (a missing field takes its default)."""
    require(principal, *WRITERS)
    require_creator_access(principal, handle)
    controls, problems = parse_controls(data)
    if controls is None:
        raise invalid(problems)
    now = rt.now()
    with rt.transaction() as s:
        creator = creator_by_handle(s, handle)
        row = s.get(CreatorControls, creator.id)
        if row is None:
            row = CreatorControls(creator_id=creator.id, keywords=[], settings={}, updated_at=now)
            s.add(row)
        before = load(s, creator.id)
        row.keywords = list(controls.keywords)
        row.settings = controls.as_settings()
        row.updated_at = now
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="controls.set",
            subject_type="creator",
            subject_id=creator.id,
            data={
                "filter_levels": controls.as_settings()["filter_levels"],
                "who_may_comment": controls.who_may_comment,
                "hold_links": controls.hold_links,
                "hold_new_accounts_days": controls.hold_new_accounts_days,
                "safety_mode_auto": controls.safety_mode_auto,
                "keywords": len(controls.keywords),
                "keywords_before": len(before.keywords),
                "allow_list": len(controls.allow_list),
                "block_list": len(controls.block_list),
            },
        )
    return controls


def preview_keywords(
    rt: Runtime, principal: Principal, handle: str, keywords: list[str], days: float = 30
) -> dict[str, Any]:
    """Which of the creator's recent comments these keywords would have caught (nothing stored)."""
    require(principal, *READERS)
    require_creator_access(principal, handle)
    since = rt.now() - timedelta(days=days)
    with rt.read() as s:
        creator = creator_by_handle(s, handle)
        rows = s.execute(
            select(Comment.id, Comment.text, Comment.status)
            .where(Comment.creator_id == creator.id, Comment.received_at >= since)
            .order_by(Comment.received_at.desc())
            .limit(PREVIEW_SCAN)
        ).all()
    caught = []
    for cid, text, status in rows:
        hits = keyword_hits(text, keywords)
        if hits:
            caught.append(
                {
                    "comment_id": cid,
                    "text": text,
                    "status": status,
                    "matches": sorted({h.match for h in hits}),
                }
            )
    return {
        "scanned": len(rows),
        "caught": len(caught),
        "newly_caught": sum(1 for c in caught if c["status"] == "visible"),
        "samples": caught[:50],
    }
