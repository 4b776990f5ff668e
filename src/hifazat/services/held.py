"""The creator's held comments, and bulk actions on comments or commenters (audited, undoable)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.controls_tables import BulkAction
from hifazat.db.tables import Account, Comment, Creator, CreatorControls, Decision
from hifazat.domain.access import Principal, Role
from hifazat.errors import AlreadyUndone, BulkTooLarge, InvalidInput, NotFound
from hifazat.services import audit
from hifazat.services.authz import require, require_creator_access
from hifazat.services.creators import creator_by_handle
from hifazat.services.runtime import Runtime

MAX_BULK = 1000
ACTIONS = ("approve", "delete", "block_author", "report")
#: Comment status and decision action after each bulk action.
EFFECT = {
    "approve": ("visible", "allow"),
    "delete": ("removed", "remove"),
    "block_author": ("hidden", "hide"),
    "report": (None, "escalate"),
}
ACTORS = (Role.CREATOR, Role.ADMIN)


@dataclass(frozen=True)
class HeldComment:
    id: int
    text: str
    author: str | None
    language: str
    received_at: Any
    explanation: str
    action: str
    grounds: list[str]


def held_comments(
    rt: Runtime, principal: Principal, handle: str, limit: int = 200
) -> list[HeldComment]:
    require(principal, *ACTORS, Role.MODERATOR, Role.SENIOR_MODERATOR)
    require_creator_access(principal, handle)
    with rt.read() as s:
        creator = creator_by_handle(s, handle)
        rows = s.execute(
            select(Comment, Account.external_id, Account.handle)
            .outerjoin(Account, Account.id == Comment.author_id)
            .where(Comment.creator_id == creator.id, Comment.status == "held")
            .order_by(Comment.received_at.desc(), Comment.id.desc())
            .limit(limit)
        ).all()
        out = []
        for c, ext, h in rows:
            d = s.scalars(
                select(Decision).where(Decision.comment_id == c.id).order_by(Decision.id.desc())
            ).first()
            sor = d.reasons if d else {}
            out.append(
                HeldComment(
                    c.id,
                    c.text,
                    h or ext,
                    c.language,
                    c.received_at,
                    str(sor.get("explanation", "")),
                    d.action if d else "hold",
                    [g.get("rule", "") for g in sor.get("grounds", [])],
                )
            )
        return out


def _targets(
    s: Session, creator: Creator, comment_ids: list[int], authors: list[str]
) -> tuple[list[Comment], dict[int, str]]:
    """The creator's comments named directly or written by the named authors."""
    found: dict[int, Comment] = {}
    if comment_ids:
        for c in s.scalars(
            select(Comment).where(Comment.creator_id == creator.id, Comment.id.in_(comment_ids))
        ):
            found[c.id] = c
        missing = set(comment_ids) - set(found)
        if missing:
            raise InvalidInput(f"not comments of {creator.handle}: {sorted(missing)[:10]}")
    names: dict[int, str] = {}
    if authors:
        accounts = s.execute(
            select(Account.id, Account.external_id).where(Account.external_id.in_(authors))
        ).all()
        names = {int(r[0]): str(r[1]) for r in accounts}
        if names:
            for c in s.scalars(
                select(Comment).where(
                    Comment.creator_id == creator.id,
                    Comment.author_id.in_(list(names)),
                    Comment.status.in_(["held", "visible"]),
                )
            ):
                found[c.id] = c
    for c in found.values():
        if c.author_id is not None and c.author_id not in names:
            ext = s.scalar(select(Account.external_id).where(Account.id == c.author_id))
            if ext:
                names[c.author_id] = ext
    return sorted(found.values(), key=lambda c: c.id), names


def bulk_act(
    rt: Runtime,
    principal: Principal,
    handle: str,
    action: str,
    comment_ids: list[int] | None = None,
    authors: list[str] | None = None,
) -> dict[str, Any]:
    """Approve, delete, block the authors of, or report up to 1,000 comments or commenters at
    once: one transaction, one audit event, undoable."""
    require(principal, *ACTORS)
    require_creator_access(principal, handle)
    if action not in ACTIONS:
        raise InvalidInput(f"action must be one of {', '.join(ACTIONS)}")
    comment_ids, authors = list(comment_ids or []), list(authors or [])
    if len(comment_ids) + len(authors) > MAX_BULK:
        raise BulkTooLarge(f"at most {MAX_BULK} comments or commenters at once")
    if not comment_ids and not authors:
        raise InvalidInput("name at least one comment or commenter")
    now = rt.now()
    status, decision_action = EFFECT[action]
    with rt.transaction() as s:
        creator = creator_by_handle(s, handle)
        comments, names = _targets(s, creator, comment_ids, authors)
        before = {str(c.id): c.status for c in comments}
        blocked: list[str] = []
        if action == "block_author":
            blocked = _block(s, creator, set(names.values()) | set(authors), now)
        row = BulkAction(
            creator_id=creator.id,
            action=action,
            actor=principal.actor,
            count=len(comments),
            before={"statuses": before, "blocked": blocked},
            created_at=now,
        )
        s.add(row)
        s.flush()
        for c in comments:
            if status is not None:
                c.status = status
            s.add(
                Decision(
                    comment_id=c.id,
                    action=decision_action,
                    automated=False,
                    decided_by=principal.actor,
                    category=None,
                    score=0.0,
                    reasons=_statement(decision_action, f"creator bulk action {row.id}: {action}"),
                    signal={},
                    guideline_version="",
                    created_at=now,
                )
            )
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="comments.bulk",
            subject_type="creator",
            subject_id=creator.id,
            data={"bulk": row.id, "action": action, "comments": len(comments), "blocked": blocked},
        )
        return {"id": row.id, "action": action, "comments": len(comments), "blocked": blocked}


def _statement(action: str, why: str) -> dict[str, Any]:
    return {
        "action": action,
        "policy": None,
        "dsa_category": None,
        "guideline_version": "",
        "automated_detection": False,
        "automated_decision": False,
        "decided_by": "creator",
        "rule": None,
        "lane": "creator_report" if action == "escalate" else None,
        "explanation": why,
        "grounds": [],
    }


def _block(s: Session, creator: Creator, authors: set[str], now: Any) -> list[str]:
    row = s.get(CreatorControls, creator.id)
    if row is None:
        row = CreatorControls(creator_id=creator.id, keywords=[], settings={}, updated_at=now)
        s.add(row)
    settings = dict(row.settings or {})
    current = {a.casefold() for a in settings.get("block_list", [])}
    added = sorted({a.casefold() for a in authors} - current)
    allow = [a for a in settings.get("allow_list", []) if a.casefold() not in set(added)]
    settings["block_list"] = sorted(current | set(added))
    settings["allow_list"] = allow
    row.settings = settings
    row.updated_at = now
    return added


def undo(rt: Runtime, principal: Principal, handle: str, bulk_id: int) -> dict[str, Any]:
    """Put every comment back as it was and take added authors off the block list."""
    require(principal, *ACTORS)
    require_creator_access(principal, handle)
    now = rt.now()
    with rt.transaction() as s:
        creator = creator_by_handle(s, handle)
        row = s.get(BulkAction, bulk_id)
        if row is None or row.creator_id != creator.id:
            raise NotFound(f"no bulk action {bulk_id} for {handle}")
        if row.undone_at is not None:
            raise AlreadyUndone(f"bulk action {bulk_id} was undone at {row.undone_at.isoformat()}")
        statuses: dict[str, str] = dict(row.before.get("statuses", {}))
        for c in s.scalars(select(Comment).where(Comment.id.in_([int(i) for i in statuses]))):
            c.status = statuses[str(c.id)]
            back = {"visible": "allow", "held": "hold", "hidden": "hide"}.get(c.status, "remove")
            s.add(
                Decision(
                    comment_id=c.id,
                    action=back,
                    automated=False,
                    decided_by=principal.actor,
                    category=None,
                    score=0.0,
                    reasons=_statement(back, f"undo of creator bulk action {bulk_id}"),
                    signal={},
                    guideline_version="",
                    created_at=now,
                )
            )
        blocked = list(row.before.get("blocked", []))
        if blocked:
            controls = s.get_one(CreatorControls, creator.id)
            settings = dict(controls.settings or {})
            settings["block_list"] = [b for b in settings.get("block_list", []) if b not in blocked]
            controls.settings = settings
            controls.updated_at = now
        row.undone_at = now
        row.undone_by = principal.actor
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="comments.bulk_undone",
            subject_type="creator",
            subject_id=creator.id,
            data={"bulk": bulk_id, "comments": len(statuses), "unblocked": blocked},
        )
        return {"id": bulk_id, "restored": len(statuses), "unblocked": blocked}


def recent_bulk(rt: Runtime, principal: Principal, handle: str) -> list[dict[str, Any]]:
    require(principal, *ACTORS)
    require_creator_access(principal, handle)
    with rt.read() as s:
        creator = creator_by_handle(s, handle)
        rows = s.scalars(
            select(BulkAction)
            .where(BulkAction.creator_id == creator.id)
            .order_by(BulkAction.id.desc())
            .limit(20)
        ).all()
        return [
            {
                "id": r.id,
                "action": r.action,
                "comments": r.count,
                "actor": r.actor,
                "created_at": r.created_at.isoformat(),
                "undone": r.undone_at is not None,
            }
            for r in rows
        ]
