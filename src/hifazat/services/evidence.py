"""Evidence packs: comments the creator picks (or a whole pile-on) sealed with SHA-256, and a
chain-of-custody log of everyone who created, exported, shared or opened the pack."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat import __version__
from hifazat.db.support_tables import Escalation, EvidenceCustody, EvidencePack
from hifazat.db.tables import Creator
from hifazat.domain.access import Principal, Role
from hifazat.domain.support.escalation import partner_can_see
from hifazat.domain.support.evidence import Custody, assemble, next_custody, verify_custody
from hifazat.domain.support.pileon import PileOn
from hifazat.errors import Forbidden, InvalidInput, NotFound
from hifazat.services import audit
from hifazat.services.authz import require, require_creator_access
from hifazat.services.creators import creator_by_handle
from hifazat.services.digest import Flagged, flagged_comments, pileons_of
from hifazat.services.runtime import Runtime

MAX_ITEMS = 500


@dataclass(frozen=True)
class PackView:
    id: int
    creator: str
    title: str
    bundle: dict[str, Any]
    bundle_sha256: str
    item_count: int
    created_at: datetime
    custody: list[dict[str, Any]]
    custody_intact: bool


def _iso(at: datetime | None) -> str | None:
    if at is None:
        return None
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _item(f: Flagged) -> dict[str, Any]:
    signal = f.decision.signal or {}
    categories = signal.get("categories") or {}
    return {
        "comment_id": f.comment.id,
        "platform_comment_id": f.comment.external_id,
        "event_id": f.comment.event_id,
        "text": f.comment.text,
        "language": f.comment.language,
        "region": f.comment.region,
        "author": (
            {"id": f.author.external_id, "handle": f.author.handle}
            if f.author
            else {"id": None, "handle": None}
        ),
        "created_at": _iso(f.comment.created_at),
        "received_at": _iso(f.comment.received_at),
        "content": (
            {"id": f.content.external_id, "url": f.content.url, "title": f.content.title}
            if f.content
            else None
        ),
        "decision": {
            "action": f.decision.action,
            "category": f.decision.category,
            "score": round(float(f.decision.score or 0.0), 4),
            "automated": f.decision.automated,
            "decided_by": f.decision.decided_by,
            "at": _iso(f.decision.created_at),
        },
        "detector": {
            "language": signal.get("language"),
            "labels": list(signal.get("labels") or []),
            "categories": {k: v for k, v in sorted(categories.items()) if v},
            "evidence": list(signal.get("evidence") or []),
        },
    }


def _custody_rows(session: Session, pack_id: int) -> list[EvidenceCustody]:
    return list(
        session.scalars(
            select(EvidenceCustody)
            .where(EvidenceCustody.pack_id == pack_id)
            .order_by(EvidenceCustody.seq)
        )
    )


def _as_custody(row: EvidenceCustody) -> Custody:
    return Custody(row.seq, row.at, row.actor, row.action, row.detail, row.prev_hash, row.hash)


def add_custody(
    session: Session, pack_id: int, at: datetime, actor: str, action: str, detail: str
) -> None:
    """Append to a pack's custody chain inside the caller's transaction."""
    rows = _custody_rows(session, pack_id)
    prev = _as_custody(rows[-1]) if rows else None
    entry = next_custody(prev, _iso(at) or "", actor, action, detail)
    session.add(
        EvidenceCustody(
            pack_id=pack_id,
            seq=entry.seq,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            detail=entry.detail,
            prev_hash=entry.prev_hash,
            hash=entry.hash,
        )
    )


def create_pack(
    rt: Runtime,
    principal: Principal,
    handle: str,
    comment_ids: list[int],
    title: str = "",
    pileon: int | None = None,
) -> PackView:
    """Seal the chosen comments (or pile-on number ``pileon``, 1-based) into a new pack."""
    require(principal, Role.CREATOR, Role.ADMIN)
    require_creator_access(principal, handle)
    now = rt.now()
    with rt.transaction() as s:
        creator = creator_by_handle(s, handle)
        flagged = flagged_comments(s, creator)
        by_id = {f.comment.id: f for f in flagged}
        wanted = list(dict.fromkeys(comment_ids))
        pile = None
        if pileon is not None:
            piles = pileons_of(rt, flagged)
            if not 1 <= pileon <= len(piles):
                raise InvalidInput(f"there is no pile-on {pileon}; found {len(piles)}")
            pile = piles[pileon - 1]
            wanted = list(dict.fromkeys([*wanted, *pile.comment_ids]))
        if not wanted:
            raise InvalidInput("pick at least one comment (or a pile-on) for the evidence pack")
        if len(wanted) > MAX_ITEMS:
            raise InvalidInput(f"an evidence pack holds at most {MAX_ITEMS} comments")
        unknown = [c for c in wanted if c not in by_id]
        if unknown:
            raise InvalidInput(
                "these comments are not flagged comments aimed at this creator: "
                + ", ".join(map(str, unknown))
            )
        chosen = sorted(
            (by_id[c] for c in wanted), key=lambda f: (f.comment.received_at, f.comment.id)
        )
        pack = EvidencePack(
            creator_id=creator.id,
            title=(title.strip() or f"Evidence pack for @{handle}")[:200],
            bundle={},
            bundle_sha256="",
            item_count=len(chosen),
            created_by=principal.actor,
            created_at=now,
        )
        s.add(pack)
        s.flush()
        meta = {
            "pack_id": pack.id,
            "title": pack.title,
            "creator": {
                "handle": creator.handle,
                "name": creator.display_name,
                "region": creator.region,
            },
            "created_at": _iso(now),
            "created_by": principal.actor,
            "item_count": len(chosen),
            "pileon": (
                {"start": _iso(pile.start), "end": _iso(pile.end), "authors": pile.authors}
                if pile
                else None
            ),
            "generator": f"Hifazat {__version__}",
            "hashing": "sha256 over canonical JSON (sorted keys, UTF-8, no spaces)",
        }
        bundle = assemble(meta, [_item(f) for f in chosen])
        pack.bundle = bundle.as_dict()
        pack.bundle_sha256 = bundle.sha256
        add_custody(
            s,
            pack.id,
            now,
            principal.actor,
            "created",
            f"{len(chosen)} items, bundle {bundle.sha256}",
        )
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="evidence.created",
            subject_type="evidence_pack",
            subject_id=pack.id,
            data={"creator": handle, "items": len(chosen), "bundle_sha256": bundle.sha256},
        )
        return _view(s, pack, creator)


def _view(session: Session, pack: EvidencePack, creator: Creator) -> PackView:
    rows = _custody_rows(session, pack.id)
    custody = [_as_custody(r) for r in rows]
    return PackView(
        id=pack.id,
        creator=creator.handle,
        title=pack.title,
        bundle=pack.bundle,
        bundle_sha256=pack.bundle_sha256,
        item_count=pack.item_count,
        created_at=pack.created_at,
        custody=[c.as_dict() for c in custody],
        custody_intact=verify_custody(custody) is None,
    )


def _authorise(session: Session, principal: Principal, pack: EvidencePack) -> Creator:
    creator = session.get(Creator, pack.creator_id)
    assert creator is not None
    if principal.role is Role.PARTNER:
        shared = session.scalars(
            select(Escalation).where(
                Escalation.pack_id == pack.id, Escalation.partner_id.in_(principal.subjects)
            )
        ).all()
        if not any(partner_can_see(e.status) for e in shared):
            raise NotFound(f"no evidence pack {pack.id}")
    elif principal.role in {Role.CREATOR, Role.ADMIN}:
        require_creator_access(principal, creator.handle)
    else:
        raise Forbidden("only the creator, an admin or a partner it was shared with may open it")
    return creator


def open_pack(rt: Runtime, principal: Principal, pack_id: int, purpose: str = "viewed") -> PackView:
    """Open (or export) a pack; every opening is written to its chain of custody."""
    if purpose not in {"viewed", "exported_json", "exported_document"}:
        raise InvalidInput("purpose must be viewed, exported_json or exported_document")
    now = rt.now()
    with rt.transaction() as s:
        pack = s.get(EvidencePack, pack_id)
        if pack is None:
            raise NotFound(f"no evidence pack {pack_id}")
        creator = _authorise(s, principal, pack)
        add_custody(s, pack.id, now, principal.actor, purpose, f"bundle {pack.bundle_sha256}")
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action=f"evidence.{purpose}",
            subject_type="evidence_pack",
            subject_id=pack.id,
            data={"creator": creator.handle},
        )
        s.flush()
        return _view(s, pack, creator)


def list_packs(rt: Runtime, principal: Principal, handle: str) -> list[PackView]:
    require(principal, Role.CREATOR, Role.ADMIN)
    require_creator_access(principal, handle)
    with rt.read() as s:
        creator = creator_by_handle(s, handle)
        packs = s.scalars(
            select(EvidencePack)
            .where(EvidencePack.creator_id == creator.id)
            .order_by(EvidencePack.id.desc())
        ).all()
        return [_view(s, p, creator) for p in packs]


def flagged_for(
    rt: Runtime, principal: Principal, handle: str, days: int = 90
) -> tuple[list[Flagged], list[PileOn]]:
    """Flagged comments the creator can pick from (newest first), and the pile-ons among them."""
    require(principal, Role.CREATOR, Role.ADMIN)
    require_creator_access(principal, handle)
    with rt.read() as s:
        creator = creator_by_handle(s, handle)
        flagged = flagged_comments(s, creator, rt.now() - timedelta(days=days))
    return list(reversed(flagged)), pileons_of(rt, flagged)
