"""Creators, their content and their keyword list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hifazat.db.tables import Content, Creator, CreatorControls
from hifazat.domain.access import Principal, Role
from hifazat.errors import Conflict, UnknownCreator
from hifazat.services import audit
from hifazat.services.authz import require, require_creator_access
from hifazat.services.runtime import Runtime


@dataclass(frozen=True)
class NewCreator:
    handle: str
    display_name: str
    region: str
    niche: str | None = None
    languages: tuple[str, ...] = ()
    audience_size: int = 0
    bio: dict[str, str] | None = None


def creator_by_handle(session: Session, handle: str) -> Creator:
    creator = session.scalar(select(Creator).where(Creator.handle == handle))
    if creator is None:
        raise UnknownCreator(f"no creator with handle {handle!r}", handle=handle)
    return creator


def register_creator(rt: Runtime, principal: Principal, new: NewCreator) -> Creator:
    require(principal, Role.ADMIN, Role.INTEGRATOR)
    now = rt.now()
    with rt.transaction() as s:
        if s.scalar(select(Creator.id).where(Creator.handle == new.handle)) is not None:
            raise Conflict(f"creator {new.handle!r} already exists")
        creator = Creator(
            handle=new.handle,
            display_name=new.display_name,
            niche=new.niche,
            region=new.region.upper(),
            languages=list(new.languages),
            audience_size=new.audience_size,
            bio=dict(new.bio or {}),
            created_at=now,
        )
        s.add(creator)
        s.flush()
        s.add(CreatorControls(creator_id=creator.id, keywords=[], settings={}, updated_at=now))
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="creator.registered",
            subject_type="creator",
            subject_id=creator.id,
            data={"handle": new.handle, "region": creator.region, "niche": new.niche},
        )
    return creator


def get_creator(rt: Runtime, principal: Principal, handle: str) -> Creator:
    require_creator_access(principal, handle)
    with rt.read() as s:
        return creator_by_handle(s, handle)


def ensure_content(session: Session, creator: Creator, external_id: str, now: Any) -> Content:
    content = session.scalar(
        select(Content).where(Content.creator_id == creator.id, Content.external_id == external_id)
    )
    if content is None:
        content = Content(creator_id=creator.id, external_id=external_id, created_at=now)
        session.add(content)
        session.flush()
    return content


def get_keywords(rt: Runtime, principal: Principal, handle: str) -> list[str]:
    require_creator_access(principal, handle)
    with rt.read() as s:
        creator = creator_by_handle(s, handle)
        controls = s.get(CreatorControls, creator.id)
        return list(controls.keywords) if controls else []


def set_keywords(rt: Runtime, principal: Principal, handle: str, keywords: list[str]) -> list[str]:
    """Replace the creator's keyword list (comments matching any are held for review)."""
    require(principal, Role.CREATOR, Role.ADMIN)
    require_creator_access(principal, handle)
    cleaned = sorted({k.strip() for k in keywords if k.strip()})
    now = rt.now()
    with rt.transaction() as s:
        creator = creator_by_handle(s, handle)
        controls = s.get(CreatorControls, creator.id)
        if controls is None:
            controls = CreatorControls(
                creator_id=creator.id, keywords=[], settings={}, updated_at=now
            )
            s.add(controls)
        before = list(controls.keywords)
        controls.keywords = cleaned
        controls.updated_at = now
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="controls.keywords_set",
            subject_type="creator",
            subject_id=creator.id,
            data={
                "added": len(set(cleaned) - set(before)),
                "removed": len(set(before) - set(cleaned)),
            },
        )
    return cleaned


def list_creators(rt: Runtime, principal: Principal) -> list[Creator]:
    """All creators for staff; a creator or partner sees only their own subjects."""
    with rt.read() as s:
        rows = list(s.scalars(select(Creator).order_by(Creator.handle)))
    return [c for c in rows if principal.may_act_for(c.handle)]
